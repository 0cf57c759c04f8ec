#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include "mineralctl/common.h"
#include "text/normalize.h"
#include "text/tables.h"

/*
 * Index of code point c in a table sorted by code point, whose entries
 * (mctl_cpmap, mctl_fastmap) start with it; n when absent.
 */
static size_t find_cp(const void *table, size_t n, size_t stride, int32_t c)
{
	const char *base = table;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (*(const int32_t *)(base + mid * stride) < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && *(const int32_t *)(base + lo * stride) == c ? lo : n;
}

static int32_t lookup(const mctl_cpmap *t, size_t n, int32_t c)
{
	size_t i = find_cp(t, n, sizeof *t, c);
	return i < n ? t[i].to : c;
}

static inline bool bit(const unsigned char *bits, int32_t c)
{
	return c >= 0 && c < 0x110000 && (bits[c >> 3] >> (c & 7)) & 1;
}

static const mctl_fastmap *fast_lookup(int32_t c, int mode)
{
	const mctl_fastmap *map = mode == MCTL_NORM_FOLD ? mctl__fast_map_0 : mctl__fast_map_1;
	size_t n = mode == MCTL_NORM_FOLD ? mctl__fast_map_len_0 : mctl__fast_map_len_1;
	size_t i = find_cp(map, n, sizeof *map, c);
	return i < n ? &map[i] : NULL;
}

int32_t mctl__fold_cp(int32_t c, int mode)
{
	if (c < 0x80)
		return c;
	return mode == MCTL_NORM_FOLD ? lookup(mctl__fold_table, mctl__fold_table_len, c)
	                              : lookup(mctl__confusable_table, mctl__confusable_table_len, c);
}

void mctl__ntext_init(mctl_ntext *nt, const mctl_alloc *al)
{
	memset(nt, 0, sizeof *nt);
	nt->al = al;
}

void mctl__ntext_free(mctl_ntext *nt)
{
	mctl__free(nt->al, nt->s);
	mctl__free(nt->al, nt->ostart);
	mctl__free(nt->al, nt->oend);
	nt->s = NULL;
	nt->ostart = nt->oend = NULL;
	nt->len = nt->cap = 0;
}

static int reserve(mctl_ntext *nt, size_t extra)
{
	if (nt->len + extra + 1 <= nt->cap)
		return MCTL_OK;
	size_t cap = nt->cap ? nt->cap : 64;
	while (cap < nt->len + extra + 1)
		cap *= 2;
	char *s = mctl__realloc(nt->al, nt->s, cap);
	if (!s)
		return MCTL_ENOMEM;
	nt->s = s;
	size_t *a = mctl__realloc(nt->al, nt->ostart, cap * sizeof *a);
	if (!a)
		return MCTL_ENOMEM;
	nt->ostart = a;
	size_t *b = mctl__realloc(nt->al, nt->oend, cap * sizeof *b);
	if (!b)
		return MCTL_ENOMEM;
	nt->oend = b;
	nt->cap = cap;
	return MCTL_OK;
}

size_t mctl__utf8_decode(const unsigned char *s, size_t len, int32_t *cp, bool *valid)
{
	unsigned char c = s[0];
	*valid = true;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	int32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		goto bad;
	}
	if (len < n)
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*cp = v;
	return n;
bad:
	*valid = false;
	*cp = 0xFFFD;
	return 1;
}

bool mctl__utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		int32_t cp;
		bool ok;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		i += mctl__utf8_decode((const unsigned char *)s + i, len - i, &cp, &ok);
		if (!ok)
			return false;
	}
	return true;
}

static void put_utf8(char *d, int32_t c, size_t *n)
{
	if (c < 0x80) {
		d[0] = (char)c;
		*n = 1;
	} else if (c < 0x800) {
		d[0] = (char)(0xC0 | (c >> 6));
		d[1] = (char)(0x80 | (c & 0x3F));
		*n = 2;
	} else if (c < 0x10000) {
		d[0] = (char)(0xE0 | (c >> 12));
		d[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		d[2] = (char)(0x80 | (c & 0x3F));
		*n = 3;
	} else {
		d[0] = (char)(0xF0 | (c >> 18));
		d[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		d[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		d[3] = (char)(0x80 | (c & 0x3F));
		*n = 4;
	}
}

typedef struct seg {
	UChar *u;        /* segment in UTF-16 */
	int32_t n, cap;
	UChar *out;      /* normalized */
	int32_t ocap;
} seg;

static int seg_push(const mctl_alloc *al, seg *g, int32_t cp)
{
	if (g->n + 2 > g->cap) {
		int32_t cap = g->cap ? g->cap * 2 : 64;
		UChar *u = mctl__realloc(al, g->u, (size_t)cap * sizeof *u);
		if (!u)
			return MCTL_ENOMEM;
		g->u = u;
		g->cap = cap;
	}
	U16_APPEND_UNSAFE(g->u, g->n, cp);
	return MCTL_OK;
}

/* Appends the normalized segment, every byte mapped to [os, oe). */
static int seg_flush(mctl_ntext *nt, seg *g, const UNormalizer2 *norm, int mode, size_t os, size_t oe)
{
	if (g->n == 0)
		return MCTL_OK;
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = g->n * 4 + 16;
	if (need > g->ocap) {
		UChar *o = mctl__realloc(nt->al, g->out, (size_t)need * sizeof *o);
		if (!o)
			return MCTL_ENOMEM;
		g->out = o;
		g->ocap = need;
	}
	int32_t m = unorm2_normalize(norm, g->u, g->n, g->out, g->ocap, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		UChar *o = mctl__realloc(nt->al, g->out, (size_t)(m + 1) * sizeof *o);
		if (!o)
			return MCTL_ENOMEM;
		g->out = o;
		g->ocap = m + 1;
		st = U_ZERO_ERROR;
		m = unorm2_normalize(norm, g->u, g->n, g->out, g->ocap, &st);
	}
	if (U_FAILURE(st))
		return MCTL_EUNICODE;
	if (reserve(nt, (size_t)m * 3 + 4))
		return MCTL_ENOMEM;
	for (int32_t i = 0; i < m;) {
		UChar32 c;
		U16_NEXT(g->out, i, m, c);
		size_t k;
		put_utf8(nt->s + nt->len, mctl__fold_cp(c, mode), &k);
		for (size_t j = 0; j < k; j++) {
			nt->ostart[nt->len + j] = os;
			nt->oend[nt->len + j] = oe;
		}
		nt->len += k;
	}
	g->n = 0;
	return MCTL_OK;
}

int mctl__normalize(mctl_ntext *nt, const char *in, size_t len, int mode)
{
	nt->len = 0;
	nt->invalid_utf8 = false;
	nt->non_ascii = false;
	if (reserve(nt, len))
		return MCTL_ENOMEM;
	const unsigned char *s = (const unsigned char *)in;

	/* Fast path: plain ASCII maps byte for byte. */
	size_t i = 0;
	while (i < len && s[i] < 0x80)
		i++;
	if (i == len) {
		for (size_t k = 0; k < len; k++) {
			unsigned char c = s[k];
			if (mode == MCTL_NORM_FOLD && c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			nt->s[k] = (char)c;
			nt->ostart[k] = k;
			nt->oend[k] = k + 1;
		}
		nt->len = len;
		nt->s[len] = '\0';
		return MCTL_OK;
	}
	nt->non_ascii = true;

	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *norm = mode == MCTL_NORM_FOLD ? unorm2_getNFKCCasefoldInstance(&st)
	                                                  : unorm2_getNFKCInstance(&st);
	if (U_FAILURE(st) || !norm)
		return MCTL_EUNICODE;

	/*
	 * A code point with a normalization boundary before it, followed by
	 * another such, is a segment of its own: its folded form comes from the
	 * tables built at build time. Anything else (a base with combining marks,
	 * Hangul jamo ...) is gathered into a segment and given to ICU.
	 */
	seg g = { 0 };
	size_t seg_start = 0;
	int rc = MCTL_OK;
	int32_t cp;
	bool ok;
	size_t n = len ? mctl__utf8_decode(s, len, &cp, &ok) : 0;
	for (i = 0; i < len && rc == MCTL_OK;) {
		if (!ok)
			nt->invalid_utf8 = true;
		size_t j = i + n;
		int32_t next = -1;
		bool next_ok = true;
		size_t nn = 0;
		if (j < len)
			nn = mctl__utf8_decode(s + j, len - j, &next, &next_ok);
		bool next_starts = next < 0 || !bit(mctl__nbb_bits, next);
		if (g.n == 0 && !bit(mctl__nbb_bits, cp) && next_starts) {
			/* fast path */
			if (reserve(nt, 16)) {
				rc = MCTL_ENOMEM;
				break;
			}
			size_t k = nt->len;
			if (cp < 0x80) {
				nt->s[k++] = (char)(mode == MCTL_NORM_FOLD && cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
			} else if (bit(mode == MCTL_NORM_FOLD ? mctl__mapped_bits_0 : mctl__mapped_bits_1, cp)) {
				const mctl_fastmap *m = fast_lookup(cp, mode);
				if (!m || reserve(nt, m->len + 4)) {
					rc = m ? MCTL_ENOMEM : MCTL_EINTERNAL;
					break;
				}
				memcpy(nt->s + k, mctl__fast_pool + m->off, m->len);
				k += m->len;
			} else {
				size_t w;
				put_utf8(nt->s + k, cp, &w); /* U+FFFD for invalid bytes */
				k += w;
			}
			for (size_t b = nt->len; b < k; b++) {
				nt->ostart[b] = i;
				nt->oend[b] = j;
			}
			nt->len = k;
			i = j;
			cp = next;
			ok = next_ok;
			n = nn;
			continue;
		}
		if (g.n == 0)
			seg_start = i;
		if ((rc = seg_push(nt->al, &g, cp)))
			break;
		if (next_starts && (rc = seg_flush(nt, &g, norm, mode, seg_start, j)))
			break;
		i = j;
		cp = next;
		ok = next_ok;
		n = nn;
	}
	if (rc == MCTL_OK)
		rc = seg_flush(nt, &g, norm, mode, seg_start, len);
	mctl__free(nt->al, g.u);
	mctl__free(nt->al, g.out);
	if (rc == MCTL_OK) {
		if (reserve(nt, 0))
			return MCTL_ENOMEM;
		nt->s[nt->len] = '\0';
	}
	return rc;
}
