/* Internal: finding lexicon concepts in one text field. */
#ifndef MCTL_MATCH_TEXT_H
#define MCTL_MATCH_TEXT_H

#include "policy/model.h"
#include "text/normalize.h"

typedef struct mctl_hit {
	uint32_t concept;
	uint8_t field;   /* mctl_field */
	uint8_t type;    /* MCTL_PAT_* */
	bool negated;    /* "gallium-free", "不含镓": does not count */
	bool obfuscated; /* found only with a trick undone, or letters of mixed scripts */
	bool approximate; /* one edit away from a long name ("galium") */
	bool pending;     /* a compound head, kept only if a known word or suffix follows */
	size_t start, end; /* byte span in the ORIGINAL field */
	size_t vs, ve;     /* span in the view it was found in (internal) */
} mctl_hit;

typedef struct mctl_match_scratch {
	mctl_ntext fold, nfkc;
	mctl_buf sq;                    /* squeezed copy of the folded text */
	size_t *sq_os, *sq_oe, *sq_src; /* per byte: original span, folded-text position */
	uint8_t *sq_alt;                /* per byte: a trick was undone here */
	size_t sq_cap;
	bool sq_pending;
	mctl_vec starts; /* size_t: where names of compounding languages begin, boundaries or not */
	mctl_buf spans;  /* near-miss search: the exact hits' spans, sorted */
	mctl_vec hits, qtys; /* mctl_hit, mctl_qty of the record being classified */
	mctl_buf work;       /* the decision stage's scratch */
	size_t work_ready;   /* bytes of work initialised; 0 after it moved */
	const void *work_policy; /* the policy the work was laid out for */
	uint32_t epoch;
} mctl_match_scratch;

void mctl__match_scratch_init(mctl_match_scratch *s, const mctl_alloc *al);
void mctl__match_scratch_free(mctl_match_scratch *s);

/*
 * Appends to hits (a vector of mctl_hit) every concept occurrence in
 * text[0..len), and to qtys (mctl_qty, see match/params.h) the quantities it
 * states. *invalid_utf8 is set when the text held invalid UTF-8. A field
 * keeps at most MCTL_MAX_HITS hits, so that the work per byte stays bounded
 * whatever the text (checks between hits are quadratic in their number);
 * *truncated is set when more were found.
 */
#define MCTL_MAX_HITS 4096
int mctl__match_text(const mctl_policy *p, const char *text, size_t len, int field,
                     mctl_match_scratch *s, mctl_vec *hits, mctl_vec *qtys, bool *invalid_utf8, bool *truncated);

#endif
