/* Internal: finding lexicon concepts in one text field. */
#ifndef MCTL_MATCH_TEXT_H
#define MCTL_MATCH_TEXT_H

#include "policy/model.h"
#include "text/normalize.h"

typedef struct mctl_hit {
	uint32_t concept;
	uint8_t field;   /* mctl_field */
	uint8_t type;    /* MCTL_PAT_* */
	size_t start, end; /* byte span in the ORIGINAL field */
} mctl_hit;

typedef struct mctl_match_scratch {
	mctl_ntext fold, nfkc;
} mctl_match_scratch;

void mctl__match_scratch_init(mctl_match_scratch *s, const mctl_alloc *al);
void mctl__match_scratch_free(mctl_match_scratch *s);

/*
 * Appends to hits (a vector of mctl_hit) every concept occurrence in
 * text[0..len). *invalid_utf8 is set when the text held invalid UTF-8.
 */
int mctl__match_text(const mctl_policy *p, const char *text, size_t len, int field,
                     mctl_match_scratch *s, mctl_vec *hits, bool *invalid_utf8);

#endif
