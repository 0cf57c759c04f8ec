/*
 * Internal: text normalization with an offset map back to the caller's bytes.
 * UTF-8 is validated (invalid bytes become U+FFFD and are flagged), then
 * normalized per ICU normalization segment, so every output byte knows the
 * original byte range it came from.
 */
#ifndef MCTL_TEXT_NORMALIZE_H
#define MCTL_TEXT_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/alloc.h"

enum {
	/* NFKC + case folding, then Traditional->Simplified Chinese, Latin diacritics
	 * dropped, Cyrillic/Greek look-alikes of Latin letters folded: for names */
	MCTL_NORM_FOLD = 0,
	/* NFKC, then look-alikes folded with their case kept: for case-sensitive formulas */
	MCTL_NORM_NFKC = 1
};

typedef struct mctl_ntext {
	const mctl_alloc *al;
	char *s;            /* normalized UTF-8, NUL-terminated */
	size_t len, cap;
	size_t *ostart;     /* per output byte: original start of its segment */
	size_t *oend;       /* per output byte: original end (exclusive) */
	bool invalid_utf8;  /* input held invalid UTF-8 */
	bool non_ascii;     /* input held non-ASCII text */
} mctl_ntext;

void mctl__ntext_init(mctl_ntext *nt, const mctl_alloc *al);
void mctl__ntext_free(mctl_ntext *nt);
/* Normalizes in[0..len) into nt (replacing its contents). MCTL_OK, MCTL_ENOMEM or MCTL_EUNICODE. */
int mctl__normalize(mctl_ntext *nt, const char *in, size_t len, int mode);

/* The folding applied after ICU normalization to one code point (tables from tools/gen-tables). */
int32_t mctl__fold_cp(int32_t c, int mode);

/* Decodes one UTF-8 code point at s[0..len): returns bytes used (>= 1); *cp = U+FFFD when invalid. */
size_t mctl__utf8_decode(const unsigned char *s, size_t len, int32_t *cp, bool *valid);
/* 1 when s[0..len) is valid UTF-8. */
bool mctl__utf8_valid(const char *s, size_t len);

#endif
