/* Unit tests: lib/match/ac (Aho-Corasick), checked against a naive search. */
#include <stdint.h>
#include "../../common.h"
#include "match/ac.h"

/* ---- helpers ---- */

typedef struct match {
	uint32_t id;
	size_t start, end;
} match;

typedef struct matches {
	match *v;
	size_t n, cap;
	size_t calls;
	size_t stop_at; /* return non-zero on this call (1-based); 0 = never */
	size_t last_end;
	int out_of_order;
} matches;

static void push(matches *m, uint32_t id, size_t start, size_t end)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = realloc(m->v, m->cap * sizeof *m->v);
		cr_assert_not_null(m->v);
	}
	m->v[m->n++] = (match){ id, start, end };
}

static int collect(void *ctx, uint32_t id, size_t start, size_t end)
{
	matches *m = ctx;
	m->calls++;
	if (end < m->last_end)
		m->out_of_order = 1;
	m->last_end = end;
	push(m, id, start, end);
	return m->stop_at && m->calls == m->stop_at ? 7 : 0;
}

static int cmp_match(const void *a, const void *b)
{
	const match *x = a, *y = b;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct pat {
	const unsigned char *s;
	size_t len;
	uint32_t id;
} pat;

static void naive(const pat *pats, size_t np, const unsigned char *text, size_t len, matches *out)
{
	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; i + pats[p].len <= len; i++)
			if (memcmp(text + i, pats[p].s, pats[p].len) == 0)
				push(out, pats[p].id, i, i + pats[p].len);
}

static mctl_ac *build(const mctl_alloc *al, const pat *pats, size_t np)
{
	mctl_ac *ac = NULL;
	cr_assert_eq(mctl__ac_new(&ac, al), MCTL_OK);
	for (size_t i = 0; i < np; i++)
		cr_assert_eq(mctl__ac_add(ac, pats[i].s, pats[i].len, pats[i].id), MCTL_OK);
	cr_assert_eq(mctl__ac_build(ac), MCTL_OK);
	return ac;
}

/* Scans text and compares the sorted matches with the naive search. */
static size_t check_against_naive(const mctl_ac *ac, const pat *pats, size_t np, const unsigned char *text,
                                  size_t len, const char *what)
{
	matches got = { 0 }, want = { 0 };
	cr_assert_eq(mctl__ac_scan(ac, text, len, collect, &got), 0);
	cr_assert(!got.out_of_order, "%s: matches not reported in end order", what);
	naive(pats, np, text, len, &want);
	if (got.n != want.n)
		cr_assert_fail("%s: %zu matches, naive search finds %zu", what, got.n, want.n);
	if (got.n) {
		qsort(got.v, got.n, sizeof *got.v, cmp_match);
		qsort(want.v, want.n, sizeof *want.v, cmp_match);
	}
	for (size_t i = 0; i < got.n; i++)
		if (cmp_match(&got.v[i], &want.v[i]) != 0)
			cr_assert_fail("%s: match %zu is (%u,%zu,%zu), expected (%u,%zu,%zu)", what, i,
			               (unsigned)got.v[i].id, got.v[i].start, got.v[i].end, (unsigned)want.v[i].id,
			               want.v[i].start, want.v[i].end);
	free(got.v);
	free(want.v);
	return got.n;
}

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static size_t rnd_below(size_t n)
{
	return (size_t)(rnd() % n);
}

static mctl_alloc std_al;

static void setup(void)
{
	mctl__alloc_init(&std_al, NULL);
	rng_state = 0x9E3779B97F4A7C15ULL;
}

TestSuite(ac, .init = setup);

#define P(str, id) { (const unsigned char *)(str), sizeof(str) - 1, (id) }

/* ---- fixed patterns ---- */

Test(ac, classic_overlapping)
{
	static const pat pats[] = { P("he", 0), P("she", 1), P("his", 2), P("hers", 3) };
	mctl_ac *ac = build(&std_al, pats, 4);
	cr_assert_eq(mctl__ac_states(ac), 10); /* root h he her hers hi his s sh she */

	matches got = { 0 };
	cr_assert_eq(mctl__ac_scan(ac, (const unsigned char *)"ushers", 6, collect, &got), 0);
	qsort(got.v, got.n, sizeof *got.v, cmp_match);
	cr_assert_eq(got.n, 3);
	cr_assert_eq(got.v[0].id, 1); /* she  [1,4) */
	cr_assert_eq(got.v[0].start, 1);
	cr_assert_eq(got.v[0].end, 4);
	cr_assert_eq(got.v[1].id, 0); /* he   [2,4) */
	cr_assert_eq(got.v[1].start, 2);
	cr_assert_eq(got.v[1].end, 4);
	cr_assert_eq(got.v[2].id, 3); /* hers [2,6) */
	cr_assert_eq(got.v[2].start, 2);
	cr_assert_eq(got.v[2].end, 6);
	free(got.v);

	static const char *texts[] = {
		"ushers", "ahishers", "hehehe", "shshe", "hishershe", "", "h", "xyz", "hershis",
		"sheshehishers", "HERS he", "hhhhhhhhhe", "ssssshe", "h\0she",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		check_against_naive(ac, pats, 4, (const unsigned char *)texts[i], strlen(texts[i]), texts[i]);
	check_against_naive(ac, pats, 4, (const unsigned char *)"h\0she", 5, "with NUL");
	mctl__ac_free(ac);
}

Test(ac, nested_and_suffix_patterns)
{
	/* every pattern a suffix or prefix of another: stresses dictionary links */
	static const pat pats[] = {
		P("a", 1), P("aa", 2), P("aaa", 3), P("ba", 4), P("aba", 5), P("abab", 6),
		P("b", 7), P("bab", 8), P("gallium", 9), P("lium", 10), P("um", 11), P("m", 12),
	};
	size_t np = sizeof pats / sizeof *pats;
	mctl_ac *ac = build(&std_al, pats, np);
	static const char *texts[] = {
		"aaaaaa", "abababab", "babab", "gallium gallium", "galliumm", "xgalliumx", "ab", "b", "",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		check_against_naive(ac, pats, np, (const unsigned char *)texts[i], strlen(texts[i]), texts[i]);
	mctl__ac_free(ac);
}

Test(ac, duplicate_patterns)
{
	static const pat pats[] = { P("ga", 1), P("ga", 2), P("gallium", 3), P("ga", 1) };
	mctl_ac *ac = build(&std_al, pats, 4);
	matches got = { 0 };
	cr_assert_eq(mctl__ac_scan(ac, (const unsigned char *)"gallium ga", 10, collect, &got), 0);
	qsort(got.v, got.n, sizeof *got.v, cmp_match);
	/* ga at 0 (ids 1, 1, 2), gallium at 0, ga at 8 (ids 1, 1, 2) */
	cr_assert_eq(got.n, 7);
	size_t ids1 = 0, ids2 = 0;
	for (size_t i = 0; i < got.n; i++) {
		if (got.v[i].id == 1)
			ids1++;
		if (got.v[i].id == 2)
			ids2++;
	}
	cr_assert_eq(ids1, 4);
	cr_assert_eq(ids2, 2);
	free(got.v);
	check_against_naive(ac, pats, 4, (const unsigned char *)"gagagallium", 11, "gagagallium");
	mctl__ac_free(ac);
}

Test(ac, utf8_patterns)
{
	static const pat pats[] = {
		P("\xE9\x95\x93", 1),                         /* 镓 */
		P("\xE9\x87\x91\xE5\xB1\x9E\xE9\x95\x93", 2), /* 金属镓 */
		P("\xE6\xB0\xA7\xE5\x8C\x96\xE9\x95\x93", 3), /* 氧化镓 */
		P("\xD0\xB3\xD0\xB0\xD0\xBB\xD0\xBB\xD0\xB8\xD0\xB9", 4), /* галлий */
		P("caf\xC3\xA9", 5),
		P("\xC3\xA9", 6),
	};
	size_t np = sizeof pats / sizeof *pats;
	mctl_ac *ac = build(&std_al, pats, np);
	const char *text = "\xE9\x87\x91\xE5\xB1\x9E\xE9\x95\x93 \xE6\xB0\xA7\xE5\x8C\x96\xE9\x95\x93 "
	                   "\xD0\xB3\xD0\xB0\xD0\xBB\xD0\xBB\xD0\xB8\xD0\xB9 caf\xC3\xA9 \xE9\x95\x93";
	matches got = { 0 };
	cr_assert_eq(mctl__ac_scan(ac, (const unsigned char *)text, strlen(text), collect, &got), 0);
	qsort(got.v, got.n, sizeof *got.v, cmp_match);
	/* 镓 x3, 金属镓, 氧化镓, галлий, café, é */
	cr_assert_eq(got.n, 8);
	cr_assert_eq(got.v[0].id, 2);
	cr_assert_eq(got.v[0].start, 0);
	cr_assert_eq(got.v[0].end, 9);
	cr_assert_eq(got.v[1].id, 1);
	cr_assert_eq(got.v[1].start, 6);
	cr_assert_eq(got.v[1].end, 9);
	free(got.v);
	check_against_naive(ac, pats, np, (const unsigned char *)text, strlen(text), "utf8");
	mctl__ac_free(ac);
}

/* ---- edge cases ---- */

Test(ac, no_patterns)
{
	mctl_ac *ac = NULL;
	cr_assert_eq(mctl__ac_new(&ac, &std_al), MCTL_OK);
	matches got = { 0 };
	/* not built yet: nothing */
	cr_assert_eq(mctl__ac_scan(ac, (const unsigned char *)"abc", 3, collect, &got), 0);
	cr_assert_eq(mctl__ac_build(ac), MCTL_OK);
	cr_assert_eq(mctl__ac_states(ac), 1);
	cr_assert_eq(mctl__ac_scan(ac, (const unsigned char *)"abc", 3, collect, &got), 0);
	cr_assert_eq(mctl__ac_scan(ac, (const unsigned char *)"", 0, collect, &got), 0);
	cr_assert_eq(got.calls, 0);
	mctl__ac_free(ac);
}

Test(ac, empty_text)
{
	static const pat pats[] = { P("a", 1) };
	mctl_ac *ac = build(&std_al, pats, 1);
	matches got = { 0 };
	cr_assert_eq(mctl__ac_scan(ac, (const unsigned char *)"", 0, collect, &got), 0);
	cr_assert_eq(mctl__ac_scan(ac, NULL, 0, collect, &got), 0);
	cr_assert_eq(got.calls, 0);
	mctl__ac_free(ac);
}

Test(ac, add_rules)
{
	mctl_ac *ac = NULL;
	cr_assert_eq(mctl__ac_new(&ac, &std_al), MCTL_OK);
	cr_assert_eq(mctl__ac_add(ac, (const unsigned char *)"", 0, 1), MCTL_EINVAL);
	cr_assert_eq(mctl__ac_add(ac, (const unsigned char *)"ab", 2, 1), MCTL_OK);
	cr_assert_eq(mctl__ac_build(ac), MCTL_OK);
	cr_assert_eq(mctl__ac_build(ac), MCTL_OK); /* twice is fine */
	cr_assert_eq(mctl__ac_add(ac, (const unsigned char *)"cd", 2, 2), MCTL_EINVAL);
	matches got = { 0 };
	cr_assert_eq(mctl__ac_scan(ac, (const unsigned char *)"abcd", 4, collect, &got), 0);
	cr_assert_eq(got.n, 1);
	cr_assert_eq(got.v[0].id, 1);
	free(got.v);
	mctl__ac_free(ac);
	mctl__ac_free(NULL);
	cr_assert_eq(mctl__ac_states(NULL), 0);
}

Test(ac, callback_stops_scan)
{
	static const pat pats[] = { P("a", 1), P("aa", 2) };
	mctl_ac *ac = build(&std_al, pats, 2);
	const unsigned char *text = (const unsigned char *)"aaaaaaaaaa";

	matches all = { 0 };
	cr_assert_eq(mctl__ac_scan(ac, text, 10, collect, &all), 0);
	cr_assert_eq(all.calls, 19);

	for (size_t stop = 1; stop <= 19; stop++) {
		matches got = { 0 };
		got.stop_at = stop;
		cr_assert_eq(mctl__ac_scan(ac, text, 10, collect, &got), 7, "stop at %zu", stop);
		cr_assert_eq(got.calls, stop);
		/* the calls made are the first ones of a full scan */
		for (size_t i = 0; i < got.n; i++)
			cr_assert_eq(cmp_match(&got.v[i], &all.v[i]), 0);
		free(got.v);
	}
	free(all.v);
	mctl__ac_free(ac);
}

Test(ac, many_bytes)
{
	/* 255 distinct bytes, NUL and 0xFF included */
	unsigned char bytes[255];
	for (int i = 0; i < 255; i++)
		bytes[i] = (unsigned char)i;
	pat pats[255];
	for (size_t i = 0; i < 255; i++)
		pats[i] = (pat){ &bytes[i], 1 + (i % 3 == 0 && i + 1 < 255), (uint32_t)i };
	mctl_ac *ac = build(&std_al, pats, 255);
	unsigned char text[2000];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (unsigned char)rnd();
	check_against_naive(ac, pats, 255, text, sizeof text, "255 bytes");
	mctl__ac_free(ac);

	/* all 256: refused, never a crash */
	static unsigned char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	mctl_ac *ac2 = NULL;
	cr_assert_eq(mctl__ac_new(&ac2, &std_al), MCTL_OK);
	cr_assert_eq(mctl__ac_add(ac2, all, 256, 1), MCTL_OK);
	cr_assert_neq(mctl__ac_build(ac2), MCTL_OK);
	mctl__ac_free(ac2);
}

/* ---- randomized comparison with the naive search ---- */

static size_t random_round(const char *const *alphabet, size_t nalpha, size_t maxpat, size_t maxtok,
                         size_t maxtext, int iter)
{
	unsigned char store[64][64];
	pat pats[64];
	size_t np = 1 + rnd_below(maxpat);
	for (size_t p = 0; p < np; p++) {
		if (p > 0 && rnd_below(8) == 0) { /* duplicate an earlier pattern */
			pats[p] = pats[rnd_below(p)];
			pats[p].id = (uint32_t)(rnd_below(4) == 0 ? pats[p].id : p);
			continue;
		}
		size_t ntok = 1 + rnd_below(maxtok), len = 0;
		for (size_t t = 0; t < ntok; t++) {
			const char *tok = alphabet[rnd_below(nalpha)];
			size_t tl = strlen(tok);
			memcpy(store[p] + len, tok, tl);
			len += tl;
		}
		pats[p] = (pat){ store[p], len, (uint32_t)p };
	}
	mctl_ac *ac = build(&std_al, pats, np);

	unsigned char text[2048];
	size_t len = 0, ntok = rnd_below(maxtext + 1);
	for (size_t t = 0; t < ntok; t++) {
		/* sometimes paste a whole pattern, so long ones match too */
		if (rnd_below(6) == 0) {
			const pat *q = &pats[rnd_below(np)];
			if (len + q->len > sizeof text)
				break;
			memcpy(text + len, q->s, q->len);
			len += q->len;
			continue;
		}
		const char *tok = alphabet[rnd_below(nalpha)];
		size_t tl = strlen(tok);
		if (len + tl > sizeof text)
			break;
		memcpy(text + len, tok, tl);
		len += tl;
	}
	char what[64];
	snprintf(what, sizeof what, "iteration %d", iter);
	size_t n = check_against_naive(ac, pats, np, text, len, what);
	/* a suffix too: the automaton restarts cleanly */
	if (len > 3)
		check_against_naive(ac, pats, np, text + len / 3, len - len / 3, what);
	mctl__ac_free(ac);
	return n;
}

Test(ac, random_abc)
{
	static const char *const abc[] = { "a", "b", "c" };
	size_t n = 0;
	for (int i = 0; i < 500; i++)
		n += random_round(abc, 3, 12, 6, 300, i);
	cr_assert_gt(n, 10000, "only %zu matches: the test is too weak", n);
}

Test(ac, random_utf8)
{
	/* multi-byte tokens sharing lead and continuation bytes */
	static const char *const toks[] = {
		"a", "\xC3\xA9", "\xC3\xA8", "\xE9\x95\x93", "\xE9\x87\x91", "\xE9\x95\x97", "\xF0\x9F\x98\x80", " ",
	};
	size_t n = 0;
	for (int i = 0; i < 500; i++)
		n += random_round(toks, sizeof toks / sizeof *toks, 16, 4, 200, i);
	cr_assert_gt(n, 5000, "only %zu matches: the test is too weak", n);
}

Test(ac, random_bytes)
{
	/* includes NUL and 0xFF */
	static const char *const toks[] = { "\x01", "\xFF", "\x80", "x" };
	size_t n = 0;
	for (int i = 0; i < 200; i++)
		n += random_round(toks, 4, 10, 5, 400, i);
	cr_assert_gt(n, 2000, "only %zu matches: the test is too weak", n);
	/* an empty token stands for NUL (strlen == 0 would be skipped), so NUL separately: */
	static const unsigned char nul_pat[] = { 0, 0, 'a' };
	pat pats[] = { { nul_pat, 3, 1 }, { nul_pat, 1, 2 }, { nul_pat + 1, 2, 3 } };
	mctl_ac *ac = build(&std_al, pats, 3);
	static const unsigned char text[] = { 0, 0, 0, 'a', 0, 'a', 0, 0, 'a' };
	check_against_naive(ac, pats, 3, text, sizeof text, "NUL bytes");
	mctl__ac_free(ac);
}

Test(ac, many_patterns)
{
	/* grows the trie and the pattern table well past their first sizes */
	static unsigned char store[2000][10];
	static pat pats[2000];
	for (size_t p = 0; p < 2000; p++) {
		size_t len = 1 + rnd_below(9);
		for (size_t i = 0; i < len; i++)
			store[p][i] = (unsigned char)('a' + rnd_below(4));
		pats[p] = (pat){ store[p], len, (uint32_t)p };
	}
	mctl_ac *ac = build(&std_al, pats, 2000);
	cr_assert_gt(mctl__ac_states(ac), 64);
	static unsigned char text[5000];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (unsigned char)('a' + rnd_below(5));
	check_against_naive(ac, pats, 2000, text, sizeof text, "2000 patterns");
	mctl__ac_free(ac);
}

/* ---- allocation failures ---- */

typedef struct failing {
	long fail_after; /* < 0: never */
	long live;
} failing;

static void *f_malloc(size_t n, void *u)
{
	failing *f = u;
	if (f->fail_after == 0)
		return NULL;
	if (f->fail_after > 0)
		f->fail_after--;
	void *p = malloc(n);
	f->live += p != NULL;
	return p;
}

static void *f_realloc(void *p, size_t n, void *u)
{
	failing *f = u;
	if (f->fail_after == 0)
		return NULL;
	if (f->fail_after > 0)
		f->fail_after--;
	void *q = realloc(p, n);
	f->live += q && !p;
	return q;
}

static void f_free(void *p, void *u)
{
	failing *f = u;
	f->live -= p != NULL;
	free(p);
}

Test(ac, out_of_memory)
{
	static unsigned char store[100][8];
	pat pats[100];
	for (size_t p = 0; p < 100; p++) {
		snprintf((char *)store[p], sizeof store[p], "p%zu", p * 7919 % 1000);
		pats[p] = (pat){ store[p], strlen((char *)store[p]), (uint32_t)p };
	}
	int succeeded = 0;
	for (long n = 0; n < 200 && !succeeded; n++) {
		failing f = { n, 0 };
		mctl_alloc al = { { f_malloc, f_realloc, f_free, &f } };
		mctl_ac *ac = NULL;
		int rc = mctl__ac_new(&ac, &al);
		for (size_t p = 0; rc == MCTL_OK && p < 100; p++)
			rc = mctl__ac_add(ac, pats[p].s, pats[p].len, pats[p].id);
		if (rc == MCTL_OK)
			rc = mctl__ac_build(ac);
		if (rc == MCTL_OK) {
			succeeded = 1;
			check_against_naive(ac, pats, 100, (const unsigned char *)"p0 p7 p919 p838p757", 19, "oom");
		} else {
			cr_assert_eq(rc, MCTL_ENOMEM, "failure after %ld allocations", n);
		}
		if (!ac)
			cr_assert_neq(rc, MCTL_OK);
		mctl__ac_free(ac);
		cr_assert_eq(f.live, 0, "%ld blocks leaked after %ld allocations", f.live, n);
	}
	cr_assert(succeeded);
}
