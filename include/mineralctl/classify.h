/*
 * mineralctl/classify.h - classifying a record against a policy.
 *
 * mctl_classify() only reads the policy and the record, so any number of
 * threads may classify against one policy at once, each with its own
 * records and results. A result holds a reference to its policy.
 */
#ifndef MINERALCTL_CLASSIFY_H
#define MINERALCTL_CLASSIFY_H

#include <stdio.h>
#include <mineralctl/common.h>
#include <mineralctl/policy.h>
#include <mineralctl/record.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mctl_result mctl_result;

/** The overall decision, ordered by severity. */
typedef enum mctl_verdict {
	MCTL_VERDICT_CLEAR = 0,            /**< nothing controlled, no red flag */
	MCTL_VERDICT_REVIEW = 1,           /**< red flags, or an item that cannot be settled */
	MCTL_VERDICT_LICENSE_REQUIRED = 2, /**< a controlled item: export licence needed */
	MCTL_VERDICT_PROHIBITED = 3        /**< a control in force denies this movement */
} mctl_verdict;

/** Red flags. Names are stable; values may grow. */
typedef enum mctl_flag {
	MCTL_FLAG_CODE_DESCRIPTION_MISMATCH = 0, /**< text and code point to different goods */
	MCTL_FLAG_CONTROLLED_CODE_VAGUE_DESCRIPTION, /**< controlled code, vague text */
	MCTL_FLAG_AMBIGUOUS_CODE,     /**< short code covering controlled and free goods */
	MCTL_FLAG_OBFUSCATED_TEXT,    /**< homoglyphs, spaced letters ... */
	MCTL_FLAG_TRANSSHIPMENT_RISK, /**< controlled goods via a listed third country */
	MCTL_FLAG_INVALID_CODE,       /**< commodity code present but not a 6/8/10-digit code */
	MCTL_FLAG_INVALID_UTF8,       /**< text held invalid UTF-8, replaced by U+FFFD */
	MCTL_FLAG_TRUNCATED_SCAN,     /**< a field named controlled goods more than 4,096 times:
	                                   the mentions after that were not examined */
	MCTL_FLAG_COUNT_              /**< number of flags; not a flag */
} mctl_flag;

/** How an item was matched. */
typedef enum mctl_match {
	MCTL_MATCH_TEXT = 1,          /**< the description satisfies the item's conditions */
	MCTL_MATCH_CODE = 2,          /**< the declared code lies under one of its codes */
	MCTL_MATCH_TEXT_CODE = 3      /**< both */
} mctl_match;

/** Stable names: "license_required", "code_description_mismatch", "text+code". */
MCTL_EXTERN const char *mctl_verdict_name(mctl_verdict v);
MCTL_EXTERN const char *mctl_flag_name(mctl_flag f);
MCTL_EXTERN const char *mctl_match_name(mctl_match m);

/**
 * Classifies r against p. On success *out holds a new result (free it with
 * mctl_result_free()) and MCTL_OK is returned. Fails only on bad arguments
 * (MCTL_EINVAL), memory (MCTL_ENOMEM) or text processing (MCTL_EUNICODE);
 * bad data inside the record (invalid UTF-8, malformed code) is reported as
 * flags, never as an error. The result's memory comes from the policy's
 * allocator context. err may be NULL.
 */
MCTL_EXTERN int mctl_classify(const mctl_policy *p, const mctl_record *r, mctl_result **out,
                              mctl_error **err);

/** Frees a result (and drops its policy reference). NULL is a no-op. */
MCTL_EXTERN void mctl_result_free(mctl_result *res);

MCTL_EXTERN mctl_verdict mctl_result_verdict(const mctl_result *res);
/** The policy that decided (borrowed). */
MCTL_EXTERN const mctl_policy *mctl_result_policy(const mctl_result *res);
/** The record id, or NULL. */
MCTL_EXTERN const char *mctl_result_id(const mctl_result *res);
/** The date the controls were evaluated for (YYYY-MM-DD). */
MCTL_EXTERN const char *mctl_result_date(const mctl_result *res);
/**
 * 1 when the policy's jurisdiction governs this movement (the export
 * country is the jurisdiction), 0 when it does not: items are then listed
 * for information with MCTL_ACTION_NONE and the verdict is clear.
 */
MCTL_EXTERN int mctl_result_in_jurisdiction(const mctl_result *res);
/** A one-sentence explanation for people, e.g. why nothing is required. May be NULL. */
MCTL_EXTERN const char *mctl_result_note(const mctl_result *res);

/* Fired items, strongest action first. i < mctl_result_item_count(). */
MCTL_EXTERN size_t mctl_result_item_count(const mctl_result *res);
/** Index of the item in the policy (for the mctl_policy_item_* getters). */
MCTL_EXTERN size_t mctl_result_item_index(const mctl_result *res, size_t i);
MCTL_EXTERN const char *mctl_result_item_id(const mctl_result *res, size_t i);
MCTL_EXTERN mctl_action mctl_result_item_action(const mctl_result *res, size_t i);
MCTL_EXTERN mctl_match mctl_result_item_match(const mctl_result *res, size_t i);
/** Number of minerals the item concerns, and mineral j ("gallium"). */
MCTL_EXTERN size_t mctl_result_item_mineral_count(const mctl_result *res, size_t i);
MCTL_EXTERN const char *mctl_result_item_mineral(const mctl_result *res, size_t i, size_t j);

/* Flags raised. */
MCTL_EXTERN size_t mctl_result_flag_count(const mctl_result *res);
MCTL_EXTERN mctl_flag mctl_result_flag_at(const mctl_result *res, size_t i);
/** 1 when flag f was raised. */
MCTL_EXTERN int mctl_result_has_flag(const mctl_result *res, mctl_flag f);

/*
 * Evidence: where in the caller's ORIGINAL bytes each concept or code was
 * found: first the concepts that made items fire, then the other materials the
 * text names (negated ones marked), vague wording when it raised a flag, then
 * the code. start/end are byte offsets into the field as it was set
 * (end exclusive), so a multi-byte character is never split.
 */
MCTL_EXTERN size_t mctl_result_evidence_count(const mctl_result *res);
/** Field the evidence lies in (description, description2 or code). */
MCTL_EXTERN mctl_field mctl_result_evidence_field(const mctl_result *res, size_t i);
MCTL_EXTERN size_t mctl_result_evidence_start(const mctl_result *res, size_t i);
MCTL_EXTERN size_t mctl_result_evidence_end(const mctl_result *res, size_t i);
/** The matched original text (NUL-terminated copy owned by the result). */
MCTL_EXTERN const char *mctl_result_evidence_text(const mctl_result *res, size_t i);
/** Concept id for text evidence; for code evidence the listed code it fell under. */
MCTL_EXTERN const char *mctl_result_evidence_concept(const mctl_result *res, size_t i);
/**
 * 1 when the text names the concept only to exclude it ("gallium-free",
 * "不含镓", "without antimony"): such mentions never make an item fire.
 */
MCTL_EXTERN int mctl_result_evidence_negated(const mctl_result *res, size_t i);
/** 1 when the text was a near-miss spelling, one edit away from a long name ("galium"). */
MCTL_EXTERN int mctl_result_evidence_approximate(const mctl_result *res, size_t i);

/**
 * Writes the result as one line of JSON (no trailing newline) to out:
 * {"id","verdict","items":[{"id","title","announcement","control_code",
 * "minerals","action","match"}],"flags":[...],"evidence":[{"field","start",
 * "end","text","concept"}],"policy":{"bundle","version"},"date",
 * "in_jurisdiction","note"}. Returns MCTL_OK, MCTL_ENOMEM or MCTL_EIO.
 */
MCTL_EXTERN int mctl_result_write_json(const mctl_result *res, FILE *out);
/** Same, into a new NUL-terminated string that the caller frees with free(). */
MCTL_EXTERN int mctl_result_to_json(const mctl_result *res, char **out);

#ifdef __cplusplus
}
#endif
#endif
