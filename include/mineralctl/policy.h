/*
 * mineralctl/policy.h - loading an export-control policy bundle.
 *
 * A policy is loaded and compiled once, then never changes: share one
 * mctl_policy between any number of threads. Lifetime is reference counted.
 */
#ifndef MINERALCTL_POLICY_H
#define MINERALCTL_POLICY_H

#include <mineralctl/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mctl_policy mctl_policy;

/**
 * Load options. Initialise with MCTL_LOAD_OPTIONS_INIT (or
 * mctl_load_options_init()) so fields added later get their defaults.
 * A limit of 0 means "the default".
 */
typedef struct mctl_trust mctl_trust;

typedef struct mctl_load_options {
	unsigned version;        /**< MCTL_LOAD_OPTIONS_VERSION (1 or 2) */
	const mctl_context *ctx; /**< allocator context, NULL for malloc */
	size_t max_file_size;    /**< bytes per YAML file (default 4 MiB) */
	unsigned max_depth;      /**< YAML nesting depth (default 64) */
	size_t max_items;        /**< items in the whole bundle (default 100000) */
	size_t max_files;        /**< files in one bundle (default 1000) */
	unsigned flags;          /**< MCTL_LOAD_* bits */
	/* version 2: */
	const mctl_trust *trust; /**< when set, the bundle must carry enough valid signatures */
	size_t alias_budget;     /**< YAML nodes that aliases may add per file (default 0: aliases refused) */
	size_t max_pattern;      /**< bytes per lexicon name or pattern (default 256) */
} mctl_load_options;

/**
 * Do not check the files against the manifest's `digests` (for resealing a
 * bundle after an edit). Without it, a bundle whose manifest lists digests
 * loads only if every file matches its digest and none is missing or extra.
 */
#define MCTL_LOAD_NO_DIGESTS 1u

#define MCTL_LOAD_OPTIONS_VERSION 2
#define MCTL_LOAD_OPTIONS_INIT { MCTL_LOAD_OPTIONS_VERSION, NULL, 0, 0, 0, 0, 0, NULL, 0, 0 }

/** Initialises opts to the defaults. Returns MCTL_OK or MCTL_EINVAL (NULL). */
MCTL_EXTERN int mctl_load_options_init(mctl_load_options *opts);

/**
 * Loads and compiles a policy.
 *
 * `path` is a bundle directory (holding bundle.yaml), a bundle.yaml file, or
 * one stand-alone policy file (which then needs `bundle`, `version` and
 * `jurisdiction` keys itself). `opts` may be NULL for the defaults.
 *
 * On success *out holds a policy with one reference and MCTL_OK is returned.
 * On failure *out is set to NULL, a negative status is returned and, when
 * err is not NULL, *err receives every problem found (one diagnostic each,
 * in file order); free it with mctl_error_free(). YAML aliases are refused;
 * file size and nesting depth are bounded by opts.
 */
MCTL_EXTERN int mctl_policy_load(mctl_policy **out, const char *path,
                                 const mctl_load_options *opts, mctl_error **err);

/** Adds a reference (thread-safe). Returns p. */
MCTL_EXTERN mctl_policy *mctl_policy_ref(mctl_policy *p);
/** Drops a reference (thread-safe); frees the policy at zero. NULL is a no-op. */
MCTL_EXTERN void mctl_policy_unref(mctl_policy *p);

/** Bundle id ("cn-strategic-minerals"). */
MCTL_EXTERN const char *mctl_policy_bundle(const mctl_policy *p);
/** Bundle version as written in the manifest ("2026.11.1"). */
MCTL_EXTERN const char *mctl_policy_version(const mctl_policy *p);
/** ISO 3166-1 alpha-2 code of the jurisdiction whose exports it controls. */
MCTL_EXTERN const char *mctl_policy_jurisdiction(const mctl_policy *p);

/**
 * "sha256:<hex>" over every file of the bundle (manifest included): what
 * decided, for audit trails. Results carry it too.
 */
MCTL_EXTERN const char *mctl_policy_digest(const mctl_policy *p);
/** 1 when the manifest lists a digest for every file and all matched. */
MCTL_EXTERN int mctl_policy_sealed(const mctl_policy *p);
/** Files the bundle was loaded from (manifest first), their paths relative to the bundle, their sha256. */
MCTL_EXTERN size_t mctl_policy_file_count(const mctl_policy *p);
MCTL_EXTERN const char *mctl_policy_file_path(const mctl_policy *p, size_t i);
MCTL_EXTERN const char *mctl_policy_file_sha256(const mctl_policy *p, size_t i);

/** Number of controlled items in the policy. */
MCTL_EXTERN size_t mctl_policy_item_count(const mctl_policy *p);

/** Control actions, ordered by severity. */
typedef enum mctl_action {
	MCTL_ACTION_NONE = 0,         /**< listed, but nothing required for this movement */
	MCTL_ACTION_REVIEW = 1,       /**< hold for review by an officer */
	MCTL_ACTION_LICENSE = 2,      /**< export licence required */
	MCTL_ACTION_PROHIBITED = 3    /**< export denied */
} mctl_action;

/** Stable lower-case name of an action ("license_required"). */
MCTL_EXTERN const char *mctl_action_name(mctl_action a);

/**
 * Describes item i (0 <= i < mctl_policy_item_count()). Every string is
 * borrowed from the policy; missing ones are NULL. `lang` selects the title
 * language ("en", "zh-Hans"); NULL or a missing language gives the English
 * title, else the first one written.
 */
MCTL_EXTERN const char *mctl_policy_item_id(const mctl_policy *p, size_t i);
MCTL_EXTERN const char *mctl_policy_item_title(const mctl_policy *p, size_t i, const char *lang);
MCTL_EXTERN const char *mctl_policy_item_announcement(const mctl_policy *p, size_t i);
MCTL_EXTERN const char *mctl_policy_item_control_code(const mctl_policy *p, size_t i);

/** Index of the item with this id, or (size_t)-1. */
MCTL_EXTERN size_t mctl_policy_item_find(const mctl_policy *p, const char *id);

/**
 * Everything the policy says about item i, as one JSON object (for people
 * and tools: `mineralctl explain`): id, titles, announcement (id, title,
 * dates, source), clause, control_code, minerals, confirmed, note, codes
 * (with alias, confirmed, from, until, note), when (all/any/none concept ids),
 * parameters, and controls (action, destinations and route as country codes,
 * channels, end_use, from, until, suspended periods with their announcement,
 * the rule they come from). The caller frees *out with free().
 * Returns MCTL_OK, MCTL_EINVAL or MCTL_ENOMEM.
 */
MCTL_EXTERN int mctl_policy_item_to_json(const mctl_policy *p, size_t i, char **out);

/**
 * The strongest action item i carries on `date` ("YYYY-MM-DD") for an
 * export to any destination from the jurisdiction, taking effective dates,
 * end dates and suspensions into account but ignoring destination, channel
 * and end-use restrictions of stricter controls. MCTL_ACTION_NONE when
 * nothing is in force that day. Used to list what is in force on a date.
 * Returns MCTL_EINVAL (as a negative int) for a bad index or date.
 */
MCTL_EXTERN int mctl_policy_item_base_action(const mctl_policy *p, size_t i, const char *date);

/**
 * Whether item i is controlled on `date`: one of its own controls is in
 * force (for any destination, channel or end use). Rules that cover many
 * items (No. 46 ...) reach an item only on such days. 1 yes, 0 no,
 * negative status on error.
 */
MCTL_EXTERN int mctl_policy_item_in_force(const mctl_policy *p, size_t i, const char *date);

/*
 * Signed bundles (Ed25519). A trust configuration lists the public keys a
 * screen accepts and how many of them must have signed (the quorum, e.g. 2
 * for compliance + legal). With opts.trust set, mctl_policy_load() refuses
 * with MCTL_ETRUST a bundle that is not sealed, has no signature file
 * (the manifest's path + ".sig", e.g. bundle.yaml.sig), carries a trusted
 * key's signature that does not verify, or has fewer valid signatures from
 * distinct trusted keys than the quorum. Signatures by other keys are
 * ignored. A signature covers the bundle id, version and the manifest's
 * sha256; the manifest holds every file's digest, which the loader checks.
 */
/** Creates an empty trust configuration (quorum 1). ctx may be NULL. */
MCTL_EXTERN int mctl_trust_new(mctl_trust **out, const mctl_context *ctx);
/** Frees it. NULL is a no-op. Policies loaded with it do not need it. */
MCTL_EXTERN void mctl_trust_free(mctl_trust *t);
/** Adds one public key line: "mineralctl-ed25519 <base64> <name>". MCTL_EINVAL on a bad key. */
MCTL_EXTERN int mctl_trust_add_key(mctl_trust *t, const char *line, mctl_error **err);
/** Adds every key line of a file (blank lines and '#' comments skipped). */
MCTL_EXTERN int mctl_trust_add_key_file(mctl_trust *t, const char *path, mctl_error **err);
/** Number of distinct trusted keys that must have signed (>= 1). */
MCTL_EXTERN int mctl_trust_set_quorum(mctl_trust *t, unsigned quorum);
/** Number of keys added. */
MCTL_EXTERN size_t mctl_trust_key_count(const mctl_trust *t);

/**
 * Makes a new key pair named `name` (letters, digits, - _ . @). *public_line
 * and *secret_line receive one-line texts ending in a newline, to be freed
 * with free(); keep the secret one private (mode 0600).
 */
MCTL_EXTERN int mctl_keygen(const char *name, char **public_line, char **secret_line, mctl_error **err);
/**
 * Signs a loaded, sealed bundle with a secret key line. *signature_line
 * receives one line (free() it) to append to the bundle's signature file.
 */
MCTL_EXTERN int mctl_policy_sign(const mctl_policy *p, const char *secret_line, char **signature_line,
                                 mctl_error **err);

#ifdef __cplusplus
}
#endif
#endif
