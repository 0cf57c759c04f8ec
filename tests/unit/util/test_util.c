/* Unit tests: lib/util (dates, countries, country sets, edit distance,
 * allocator hooks, arenas, buffers, vectors, errors, contexts). */
#include <stdint.h>
#include "../../common.h"
#include "util/alloc.h"
#include "util/data.h"
#include "util/internal.h"

/* ---- helpers ---- */

static int parse(const char *s, int32_t *out)
{
	return mctl__date_parse(s, strlen(s), out);
}

static int32_t must_parse(const char *s)
{
	int32_t d = 0x7eadbeef;
	cr_assert_eq(parse(s, &d), 0, "date %s should parse", s);
	return d;
}

/* A counting allocator that can be told to fail after some calls. */
typedef struct counting {
	size_t mallocs, reallocs, frees;
	long live;        /* blocks currently allocated */
	long fail_after;  /* fail the call after this many successful ones; < 0 = never */
} counting;

static int counting_should_fail(counting *c)
{
	if (c->fail_after < 0)
		return 0;
	if (c->fail_after == 0)
		return 1;
	c->fail_after--;
	return 0;
}

static void *counting_malloc(size_t n, void *user)
{
	counting *c = user;
	if (counting_should_fail(c))
		return NULL;
	void *p = malloc(n);
	if (p) {
		c->mallocs++;
		c->live++;
	}
	return p;
}

static void *counting_realloc(void *p, size_t n, void *user)
{
	counting *c = user;
	if (counting_should_fail(c))
		return NULL;
	void *q = realloc(p, n);
	if (q) {
		c->reallocs++;
		if (!p)
			c->live++;
	}
	return q;
}

static void counting_free(void *p, void *user)
{
	counting *c = user;
	if (p) {
		c->frees++;
		c->live--;
	}
	free(p);
}

static mctl_allocator counting_hooks(counting *c)
{
	memset(c, 0, sizeof *c);
	c->fail_after = -1;
	mctl_allocator a = { counting_malloc, counting_realloc, counting_free, c };
	return a;
}

/* ---- dates ---- */

Test(date, parse_known_days)
{
	/* Day numbers checked by hand (and with `date -u -d DAY +%s` / 86400). */
	cr_assert_eq(must_parse("1970-01-01"), 0);
	cr_assert_eq(must_parse("1970-01-02"), 1);
	cr_assert_eq(must_parse("1969-12-31"), -1);
	cr_assert_eq(must_parse("2000-01-01"), 10957); /* 30 * 365 + 7 leap days */
	cr_assert_eq(must_parse("2000-02-29"), 11016);
	cr_assert_eq(must_parse("2000-03-01"), 11017);
	cr_assert_eq(must_parse("2024-02-29"), 19782);
	cr_assert_eq(must_parse("2026-01-01"), 20454);
	cr_assert_eq(must_parse("2026-11-28"), 20785); /* 20454 + 304 + 27 */
	cr_assert_eq(must_parse("0001-01-01"), -719162);
	cr_assert_eq(must_parse("9999-12-31"), 2932896);
}

Test(date, parse_valid_edge_days)
{
	static const char *ok[] = {
		"2024-02-29", "2000-02-29", "1600-02-29", "2400-02-29", "2025-01-31",
		"2025-03-31", "2025-04-30", "2025-06-30", "2025-12-31", "2023-02-28",
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		int32_t d;
		cr_expect_eq(parse(ok[i], &d), 0, "%s should parse", ok[i]);
	}
}

Test(date, parse_invalid)
{
	static const char *bad[] = {
		"2023-02-29", "1900-02-29", "2100-02-29", "2025-04-31", "2025-06-31",
		"2025-09-31", "2025-11-31", "2025-01-32", "2025-13-01", "2025-00-10",
		"2025-01-00", "0000-01-01", "2025-1-01",  "2025-01-1",  "2025/01/01",
		"2025.01.01", "2025-01-01x", "2025-01-01 ", " 2025-01-01", "",
		"20250101",   "2025-0a-01", "+025-01-01", "-025-01-01", "2025--1-01",
		"2025-01-01T00:00", "25-01-01", "99999-01-01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int32_t d = 12345;
		cr_expect_eq(parse(bad[i], &d), -1, "\"%s\" should be refused", bad[i]);
		cr_expect_eq(d, 12345, "\"%s\": output written on failure", bad[i]);
	}
}

Test(date, parse_respects_len)
{
	int32_t d;
	/* the length given wins over the NUL terminator */
	cr_assert_eq(mctl__date_parse("2025-01-01", 9, &d), -1);
	cr_assert_eq(mctl__date_parse("2025-01-01junk", 10, &d), 0);
	cr_assert_eq(d, must_parse("2025-01-01"));
	cr_assert_eq(mctl__date_parse(NULL, 10, &d), -1);
}

Test(date, format_known_days)
{
	char buf[16];
	struct { int32_t day; const char *s; } cases[] = {
		{ 0, "1970-01-01" },      { -1, "1969-12-31" },     { 11016, "2000-02-29" },
		{ 11017, "2000-03-01" },  { 19782, "2024-02-29" },  { 20785, "2026-11-28" },
		{ -719162, "0001-01-01" }, { 2932896, "9999-12-31" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		memset(buf, 'x', sizeof buf);
		mctl__date_format(cases[i].day, buf);
		cr_expect_str_eq(buf, cases[i].s, "day %d", (int)cases[i].day);
	}
}

/* Walks every calendar day of years 1..9999 with an independent counter and
 * checks both directions against it. */
Test(date, round_trip_every_day)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int32_t day = -719162; /* 0001-01-01, checked above */
	char want[48], got[48];
	for (int y = 1; y <= 9999; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (int m = 1; m <= 12; m++) {
			int n = mdays[m - 1] + (m == 2 && leap);
			for (int d = 1; d <= n; d++, day++) {
				snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
				int32_t parsed;
				if (mctl__date_parse(want, 10, &parsed) != 0 || parsed != day)
					cr_assert_fail("parse %s: expected %d", want, (int)day);
				mctl__date_format(day, got);
				if (strcmp(got, want) != 0)
					cr_assert_fail("format %d: got %s, expected %s", (int)day, got, want);
			}
			/* the day after the last one of the month is refused */
			snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, n + 1);
			int32_t dummy;
			if (n + 1 <= 99 && mctl__date_parse(want, 10, &dummy) == 0)
				cr_assert_fail("%s should be refused", want);
		}
	}
	cr_assert_eq(day, 2932897);
}

Test(date, today_is_plausible)
{
	int32_t t = mctl__date_today();
	cr_assert_geq(t, must_parse("2024-01-01"));
	cr_assert_lt(t, must_parse("2200-01-01"));
}

/* ---- countries ---- */

Test(country, index)
{
	cr_assert_eq(mctl__country_index("AA", 2), 0);
	cr_assert_eq(mctl__country_index("AB", 2), 1);
	cr_assert_eq(mctl__country_index("BA", 2), 26);
	cr_assert_eq(mctl__country_index("US", 2), ('U' - 'A') * 26 + ('S' - 'A'));
	cr_assert_eq(mctl__country_index("ZZ", 2), 675);
	cr_assert_eq(mctl__country_index("XX", 2), ('X' - 'A') * 26 + ('X' - 'A')); /* not ISO, still indexed */
	cr_assert_eq(mctl__country_index("us", 2), -1);
	cr_assert_eq(mctl__country_index("U1", 2), -1);
	cr_assert_eq(mctl__country_index("@A", 2), -1);
	cr_assert_eq(mctl__country_index("A[", 2), -1);
	cr_assert_eq(mctl__country_index("U", 1), -1);
	cr_assert_eq(mctl__country_index("USA", 3), -1);
	cr_assert_eq(mctl__country_index("", 0), -1);
}

Test(country, valid)
{
	static const char *ok[] = { "US", "CN", "GB", "XK", "DE", "JP", "TH", "MX", "AD", "ZW", "SS", "BQ" };
	static const char *bad[] = { "UK", "XX", "ZZ", "AA", "EU", "us", "Us", "U", "USA", "", "1A" };
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		cr_expect(mctl__country_valid(ok[i], strlen(ok[i])), "%s should be valid", ok[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_expect(!mctl__country_valid(bad[i], strlen(bad[i])), "\"%s\" should be invalid", bad[i]);
}

Test(country, count_of_valid_codes)
{
	/* the 249 ISO 3166-1 alpha-2 codes, plus XK */
	int n = 0;
	char cc[3] = { 0 };
	for (cc[0] = 'A'; cc[0] <= 'Z'; cc[0]++)
		for (cc[1] = 'A'; cc[1] <= 'Z'; cc[1]++)
			n += mctl__country_valid(cc, 2);
	cr_assert_eq(n, 250);
}

Test(country, canon)
{
	char out[3];
	cr_assert_eq(mctl__country_canon("US", 2, out), 0);
	cr_assert_str_eq(out, "US");
	cr_assert_eq(mctl__country_canon("us", 2, out), 0);
	cr_assert_str_eq(out, "US");
	cr_assert_eq(mctl__country_canon("gB", 2, out), 0);
	cr_assert_str_eq(out, "GB");
	cr_assert_eq(mctl__country_canon("xk", 2, out), 0);
	cr_assert_str_eq(out, "XK");
	cr_assert_eq(mctl__country_canon("cn", 2, out), 0);
	cr_assert_eq(mctl__country_index(out, 2), ('C' - 'A') * 26 + ('N' - 'A'));

	cr_assert_eq(mctl__country_canon("uk", 2, out), -1);
	cr_assert_eq(mctl__country_canon("UK", 2, out), -1);
	cr_assert_eq(mctl__country_canon("xx", 2, out), -1);
	cr_assert_eq(mctl__country_canon("u1", 2, out), -1);
	cr_assert_eq(mctl__country_canon("usa", 3, out), -1);
	cr_assert_eq(mctl__country_canon("u", 1, out), -1);
	cr_assert_eq(mctl__country_canon("", 0, out), -1);
	/* only the given length counts */
	cr_assert_eq(mctl__country_canon("usa", 2, out), 0);
	cr_assert_str_eq(out, "US");
}

/* ---- country sets ---- */

Test(cset, add_has_union)
{
	mctl_cset a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	for (int i = 0; i < 676; i++)
		cr_assert(!mctl__cset_has(&a, i));

	int us = mctl__country_index("US", 2), cn = mctl__country_index("CN", 2);
	mctl__cset_add(&a, us);
	mctl__cset_add(&a, 0);
	mctl__cset_add(&a, 63);
	mctl__cset_add(&a, 64);
	mctl__cset_add(&a, 675);
	mctl__cset_add(&a, us); /* twice is fine */
	for (int i = 0; i < 676; i++) {
		int want = i == us || i == 0 || i == 63 || i == 64 || i == 675;
		cr_assert_eq(!!mctl__cset_has(&a, i), want, "index %d", i);
	}

	/* out of range: ignored, never reported */
	mctl__cset_add(&a, -1);
	mctl__cset_add(&a, 676);
	mctl__cset_add(&a, 100000);
	cr_assert(!mctl__cset_has(&a, -1));
	cr_assert(!mctl__cset_has(&a, 676));
	cr_assert(!mctl__cset_has(&a, 704)); /* 11 * 64: past the last word */

	mctl__cset_add(&b, cn);
	mctl__cset_add(&b, us);
	mctl__cset_union(&b, &a);
	for (int i = 0; i < 676; i++) {
		int want = i == us || i == cn || i == 0 || i == 63 || i == 64 || i == 675;
		cr_assert_eq(!!mctl__cset_has(&b, i), want, "union index %d", i);
	}
	/* a is unchanged */
	cr_assert(!mctl__cset_has(&a, cn));
}

Test(cset, every_index)
{
	for (int i = 0; i < 676; i++) {
		mctl_cset s;
		memset(&s, 0, sizeof s);
		mctl__cset_add(&s, i);
		for (int j = 0; j < 676; j++)
			if (!!mctl__cset_has(&s, j) != (i == j))
				cr_assert_fail("add %d, has %d", i, j);
	}
}

/* ---- edit distance ---- */

Test(edit_distance, basic)
{
	cr_assert_eq(mctl__edit_distance("kitten", "sitting", 10), 3);
	cr_assert_eq(mctl__edit_distance("sitting", "kitten", 10), 3);
	cr_assert_eq(mctl__edit_distance("kitten", "sitting", 3), 3);
	cr_assert_eq(mctl__edit_distance("", "", 5), 0);
	cr_assert_eq(mctl__edit_distance("abc", "abc", 0), 0);
	cr_assert_eq(mctl__edit_distance("", "abc", 5), 3);
	cr_assert_eq(mctl__edit_distance("abc", "", 5), 3);
	cr_assert_eq(mctl__edit_distance("flaw", "lawn", 5), 2);
	cr_assert_eq(mctl__edit_distance("gallium", "galium", 5), 1);
	cr_assert_eq(mctl__edit_distance("license_required", "licence_required", 5), 1);
	cr_assert_eq(mctl__edit_distance("ab", "ba", 5), 2); /* no transpositions */
}

Test(edit_distance, cap)
{
	/* anything above cap is reported as cap + 1 */
	cr_assert_eq(mctl__edit_distance("kitten", "sitting", 2), 3);
	cr_assert_eq(mctl__edit_distance("kitten", "sitting", 1), 2);
	cr_assert_eq(mctl__edit_distance("kitten", "sitting", 0), 1);
	cr_assert_eq(mctl__edit_distance("abcdef", "uvwxyz", 2), 3);
	/* rows never exceed the cap, but the final distance does */
	cr_assert_eq(mctl__edit_distance("a", "bcdef", 1), 2);
	cr_assert_eq(mctl__edit_distance("", "abcdef", 2), 3);
	cr_assert_eq(mctl__edit_distance("abcdef", "", 2), 3);
	cr_assert_eq(mctl__edit_distance("abc", "abcxyz", 2), 3);
	cr_assert_eq(mctl__edit_distance("abc", "abcxyz", 3), 3);
}

Test(edit_distance, long_strings)
{
	char a[80], b[80];
	memset(a, 'a', 64);
	a[64] = '\0';
	memcpy(b, a, 65);
	cr_assert_eq(mctl__edit_distance(a, b, 3), 0); /* 64 bytes still computed */
	b[10] = 'b';
	cr_assert_eq(mctl__edit_distance(a, b, 3), 1);
	memset(a, 'a', 70);
	a[70] = '\0';
	memcpy(b, a, 71);
	cr_assert_eq(mctl__edit_distance(a, b, 3), 4); /* too long: treated as far */
	cr_assert_eq(mctl__edit_distance("a", a, 3), 4);
}

/* ---- allocator hooks ---- */

Test(alloc, default_hooks)
{
	mctl_alloc al;
	mctl__alloc_init(&al, NULL);
	char *p = mctl__malloc(&al, 0);
	cr_assert_not_null(p);
	p = mctl__realloc(&al, p, 100);
	cr_assert_not_null(p);
	mctl__free(&al, p);
	mctl__free(&al, NULL);

	unsigned char *z = mctl__calloc(&al, 10, 7);
	cr_assert_not_null(z);
	for (int i = 0; i < 70; i++)
		cr_assert_eq(z[i], 0);
	mctl__free(&al, z);
	cr_assert_null(mctl__calloc(&al, SIZE_MAX / 2, 3));

	char *s = mctl__strndup(&al, "gallium metal", 7);
	cr_assert_str_eq(s, "gallium");
	mctl__free(&al, s);
}

Test(alloc, context_hooks_are_used)
{
	counting c;
	mctl_allocator hooks = counting_hooks(&c);
	mctl_context *ctx = NULL;
	cr_assert_eq(mctl_context_new(&ctx, &hooks), MCTL_OK);
	cr_assert_not_null(ctx);
	cr_assert_eq(c.mallocs, 1);

	mctl_alloc al;
	mctl__alloc_init(&al, ctx);
	mctl_context_free(ctx); /* objects copy the hooks */
	cr_assert_eq(c.frees, 1);
	cr_assert_eq(c.live, 0);

	void *p = mctl__malloc(&al, 10);
	p = mctl__realloc(&al, p, 1000);
	char *s = mctl__strndup(&al, "abc", 3);
	cr_assert_eq(c.live, 2);
	mctl__free(&al, p);
	mctl__free(&al, s);
	cr_assert_eq(c.live, 0);
	cr_assert_eq(c.mallocs, 3);
	cr_assert_eq(c.reallocs, 1);
}

/* ---- arena ---- */

Test(arena, alloc_aligned_zeroed)
{
	counting c;
	mctl_allocator hooks = counting_hooks(&c);
	mctl_alloc al = { hooks };
	mctl_arena ar;
	mctl__arena_init(&ar, &al);
	cr_assert_eq(ar.total, 0);

	unsigned char *prev = NULL;
	for (size_t n = 0; n < 300; n++) {
		unsigned char *p = mctl__arena_alloc(&ar, n);
		cr_assert_not_null(p);
		cr_assert_eq((uintptr_t)p % 16, 0, "size %zu not aligned", n);
		for (size_t i = 0; i < n; i++)
			cr_assert_eq(p[i], 0);
		memset(p, 0xAB, n); /* must not overlap anything handed out before */
		cr_assert_neq(p, prev);
		prev = p;
	}
	cr_assert_geq(ar.total, (size_t)300 * 299 / 2);
	size_t chunks = c.mallocs;
	cr_assert_gt(chunks, 1);

	/* a large block gets a chunk of its own */
	size_t before = ar.total;
	unsigned char *big = mctl__arena_alloc(&ar, 100000);
	cr_assert_not_null(big);
	cr_assert_eq(c.mallocs, chunks + 1);
	cr_assert_geq(ar.total - before, 100000);
	memset(big, 1, 100000);

	mctl__arena_free(&ar);
	cr_assert_eq(c.live, 0);
	cr_assert_eq(ar.total, 0);
	cr_assert_null(ar.head);
	/* usable again after free */
	cr_assert_not_null(mctl__arena_alloc(&ar, 8));
	mctl__arena_free(&ar);
	cr_assert_eq(c.live, 0);
}

Test(arena, strdup)
{
	mctl_alloc al;
	mctl__alloc_init(&al, NULL);
	mctl_arena ar;
	mctl__arena_init(&ar, &al);
	char *a = mctl__arena_strdup(&ar, "germanium");
	char *b = mctl__arena_strndup(&ar, "gallium oxide", 7);
	char *e = mctl__arena_strndup(&ar, "", 0);
	cr_assert_str_eq(a, "germanium");
	cr_assert_str_eq(b, "gallium");
	cr_assert_str_eq(e, "");
	cr_assert_null(mctl__arena_strdup(&ar, NULL));
	mctl__arena_free(&ar);
}

Test(arena, out_of_memory)
{
	counting c;
	mctl_allocator hooks = counting_hooks(&c);
	mctl_alloc al = { hooks };
	mctl_arena ar;
	mctl__arena_init(&ar, &al);
	c.fail_after = 1;
	cr_assert_not_null(mctl__arena_alloc(&ar, 10));
	cr_assert_not_null(mctl__arena_alloc(&ar, 10)); /* same chunk */
	cr_assert_null(mctl__arena_alloc(&ar, 10000)); /* needs a new chunk */
	cr_assert_not_null(mctl__arena_strdup(&ar, "x")); /* the old chunk is still there */
	mctl__arena_free(&ar);
	cr_assert_eq(c.live, 0);
}

/* ---- buffer ---- */

Test(buf, append_and_grow)
{
	counting c;
	mctl_allocator hooks = counting_hooks(&c);
	mctl_alloc al = { hooks };
	mctl_buf b;
	mctl__buf_init(&b, &al);
	cr_assert_eq(b.len, 0);
	cr_assert_null(b.data);

	cr_assert_eq(mctl__buf_append(&b, "", 0), MCTL_OK);
	cr_assert_not_null(b.data);
	cr_assert_str_eq(b.data, "");

	char want[10001];
	for (size_t i = 0; i < 10000; i++) {
		char ch = (char)('a' + i % 26);
		want[i] = ch;
		if (i % 3 == 0)
			cr_assert_eq(mctl__buf_putc(&b, ch), MCTL_OK);
		else
			cr_assert_eq(mctl__buf_append(&b, &ch, 1), MCTL_OK);
		cr_assert_lt(b.len, b.cap);
		cr_assert_eq(b.data[b.len], '\0');
	}
	want[10000] = '\0';
	cr_assert_eq(b.len, 10000);
	cr_assert_str_eq(b.data, want);
	/* doubling: few reallocations */
	cr_assert_leq(c.reallocs, 10);

	cr_assert_eq(mctl__buf_reserve(&b, 5), MCTL_OK); /* already has room: no change */
	size_t cap = b.cap;
	cr_assert_eq(mctl__buf_reserve(&b, cap), MCTL_OK);
	cr_assert_geq(b.cap, b.len + cap + 1);
	cr_assert_str_eq(b.data, want);

	mctl__buf_free(&b);
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
	cr_assert_eq(c.live, 0);
}

Test(buf, overflow_and_failure)
{
	counting c;
	mctl_allocator hooks = counting_hooks(&c);
	mctl_alloc al = { hooks };
	mctl_buf b;
	mctl__buf_init(&b, &al);
	cr_assert_eq(mctl__buf_append(&b, "abc", 3), MCTL_OK);
	cr_assert_eq(mctl__buf_reserve(&b, SIZE_MAX), MCTL_ENOMEM);
	cr_assert_eq(mctl__buf_reserve(&b, SIZE_MAX - 3), MCTL_ENOMEM);

	/* a failing realloc leaves the buffer as it was */
	c.fail_after = 0;
	char big[200];
	memset(big, 'x', sizeof big);
	cr_assert_eq(mctl__buf_append(&b, big, sizeof big), MCTL_ENOMEM);
	cr_assert_eq(b.len, 3);
	cr_assert_str_eq(b.data, "abc");
	c.fail_after = -1;
	cr_assert_eq(mctl__buf_append(&b, big, sizeof big), MCTL_OK);
	cr_assert_eq(b.len, 203);
	mctl__buf_free(&b);
	cr_assert_eq(c.live, 0);
}

/* ---- vector ---- */

Test(vec, push_and_grow)
{
	counting c;
	mctl_allocator hooks = counting_hooks(&c);
	mctl_alloc al = { hooks };
	mctl_vec v;
	mctl__vec_init(&v, &al, sizeof(uint64_t[3]));
	for (uint64_t i = 0; i < 5000; i++) {
		uint64_t *e = mctl__vec_push(&v);
		cr_assert_not_null(e);
		cr_assert_eq(e[0] | e[1] | e[2], 0, "new element not zeroed");
		e[0] = i;
		e[1] = i * 7;
		e[2] = ~i;
		cr_assert_leq(v.len, v.cap);
	}
	cr_assert_eq(v.len, 5000);
	for (size_t i = 0; i < 5000; i++) {
		uint64_t *e = &MCTL_VEC_AT(&v, uint64_t, i * 3);
		cr_assert_eq(e[0], i);
		cr_assert_eq(e[1], i * 7);
		cr_assert_eq(e[2], ~(uint64_t)i);
	}
	cr_assert_leq(c.reallocs, 12);
	mctl__vec_free(&v);
	cr_assert_null(v.data);
	cr_assert_eq(v.len, 0);
	cr_assert_eq(c.live, 0);
}

Test(vec, overflow_and_failure)
{
	counting c;
	mctl_allocator hooks = counting_hooks(&c);
	mctl_alloc al = { hooks };
	mctl_vec v;
	mctl__vec_init(&v, &al, SIZE_MAX / 4);
	cr_assert_null(mctl__vec_push(&v)); /* 8 elements would overflow */
	cr_assert_eq(c.reallocs, 0);

	mctl__vec_init(&v, &al, sizeof(int));
	for (int i = 0; i < 8; i++)
		*(int *)mctl__vec_push(&v) = i;
	c.fail_after = 0;
	cr_assert_null(mctl__vec_push(&v));
	cr_assert_eq(v.len, 8);
	for (int i = 0; i < 8; i++)
		cr_assert_eq(MCTL_VEC_AT(&v, int, i), i);
	c.fail_after = -1;
	cr_assert_not_null(mctl__vec_push(&v));
	cr_assert_eq(v.len, 9);
	mctl__vec_free(&v);
	cr_assert_eq(c.live, 0);
}

/* ---- errors ---- */

static const char *fmt1(const mctl_error *e)
{
	static char buf[1024];
	size_t n = mctl_error_format(e, buf, sizeof buf);
	cr_assert_eq(n, strlen(buf));
	return buf;
}

Test(error, format_variants)
{
	mctl_alloc al;
	mctl__alloc_init(&al, NULL);
	mctl_errlist l;
	mctl__errlist_init(&l, &al);

	mctl_pos full = { "policies/cn/items.yaml", 12, 7, 345 };
	mctl_pos line_only = { "bundle.yaml", 3, 0, 10 };
	mctl_pos file_only = { "bundle.yaml", 0, 0, 0 };
	mctl_pos no_file = { NULL, 4, 2, 99 };

	mctl__errlist_add(&l, MCTL_EPOLICY, &full, "items[3].codes[1]", "bad code \"%s\"", "81129");
	mctl__errlist_add(&l, MCTL_ESYNTAX, &full, NULL, "mapping expected");
	mctl__errlist_add(&l, MCTL_ESYNTAX, &line_only, NULL, "tab in indentation");
	mctl__errlist_add(&l, MCTL_EIO, &file_only, NULL, "cannot read: %s", "No such file or directory");
	mctl__errlist_add(&l, MCTL_EPOLICY, NULL, "rules[0]", "unknown rule");
	mctl__errlist_add(&l, MCTL_EINVAL, NULL, NULL, "plain %d", 42);
	mctl__errlist_add(&l, MCTL_EINVAL, &no_file, "", "no file, empty path");
	mctl_error *err = NULL;
	mctl__errlist_finish(&l, &err);
	cr_assert_not_null(err);
	cr_assert_eq(mctl_error_count(err), 7);

	const mctl_error *e = err;
	cr_assert_str_eq(fmt1(e), "policies/cn/items.yaml:12:7: error: bad code \"81129\" (in items[3].codes[1])");
	cr_assert_eq(mctl_error_code(e), MCTL_EPOLICY);
	cr_assert_str_eq(mctl_error_message(e), "bad code \"81129\"");
	cr_assert_str_eq(mctl_error_file(e), "policies/cn/items.yaml");
	cr_assert_str_eq(mctl_error_path(e), "items[3].codes[1]");
	cr_assert_eq(mctl_error_line(e), 12);
	cr_assert_eq(mctl_error_column(e), 7);
	cr_assert_eq(mctl_error_offset(e), 345);

	e = mctl_error_next(e);
	cr_assert_str_eq(fmt1(e), "policies/cn/items.yaml:12:7: error: mapping expected");
	cr_assert_null(mctl_error_path(e));

	e = mctl_error_next(e);
	cr_assert_str_eq(fmt1(e), "bundle.yaml:3: error: tab in indentation");

	e = mctl_error_next(e);
	cr_assert_str_eq(fmt1(e), "bundle.yaml: error: cannot read: No such file or directory");
	cr_assert_eq(mctl_error_code(e), MCTL_EIO);

	e = mctl_error_next(e);
	cr_assert_str_eq(fmt1(e), "error: unknown rule (in rules[0])");
	cr_assert_null(mctl_error_file(e));
	cr_assert_eq(mctl_error_line(e), 0);
	cr_assert_eq(mctl_error_offset(e), (size_t)-1);

	e = mctl_error_next(e);
	cr_assert_str_eq(fmt1(e), "error: plain 42");
	cr_assert_null(mctl_error_path(e));

	e = mctl_error_next(e);
	cr_assert_str_eq(fmt1(e), "error: no file, empty path");
	cr_assert_null(mctl_error_file(e));
	cr_assert_null(mctl_error_path(e));
	cr_assert_eq(mctl_error_offset(e), (size_t)-1);

	cr_assert_null(mctl_error_next(e));
	mctl_error_free(err);
}

Test(error, format_truncation)
{
	mctl_alloc al;
	mctl__alloc_init(&al, NULL);
	mctl_errlist l;
	mctl__errlist_init(&l, &al);
	mctl_pos pos = { "a.yaml", 1, 2, 0 };
	mctl__errlist_add(&l, MCTL_EPOLICY, &pos, "x", "message");
	mctl_error *err = NULL;
	mctl__errlist_finish(&l, &err);

	const char *full = "a.yaml:1:2: error: message (in x)";
	char buf[64];
	cr_assert_eq(mctl_error_format(err, buf, sizeof buf), strlen(full));
	cr_assert_str_eq(buf, full);

	memset(buf, 'Z', sizeof buf);
	cr_assert_eq(mctl_error_format(err, buf, 8), strlen(full));
	cr_assert_str_eq(buf, "a.yaml:");
	cr_assert_eq(buf[8], 'Z');

	memset(buf, 'Z', sizeof buf);
	cr_assert_eq(mctl_error_format(err, buf, 1), strlen(full));
	cr_assert_eq(buf[0], '\0');
	cr_assert_eq(mctl_error_format(err, buf, 0), strlen(full));
	cr_assert_eq(buf[0], '\0');

	memset(buf, 'Z', sizeof buf);
	cr_assert_eq(mctl_error_format(NULL, buf, sizeof buf), 0);
	cr_assert_eq(buf[0], '\0');
	cr_assert_eq(mctl_error_format(NULL, NULL, 0), 0);
	mctl_error_free(err);
}

Test(error, null_accessors)
{
	cr_assert_eq(mctl_error_code(NULL), MCTL_OK);
	cr_assert_str_eq(mctl_error_message(NULL), "");
	cr_assert_null(mctl_error_file(NULL));
	cr_assert_null(mctl_error_path(NULL));
	cr_assert_eq(mctl_error_line(NULL), 0);
	cr_assert_eq(mctl_error_column(NULL), 0);
	cr_assert_eq(mctl_error_offset(NULL), (size_t)-1);
	cr_assert_null(mctl_error_next(NULL));
	cr_assert_eq(mctl_error_count(NULL), 0);
	mctl_error_free(NULL);
}

Test(error, list_limit)
{
	mctl_alloc al;
	mctl__alloc_init(&al, NULL);
	mctl_errlist l;
	mctl__errlist_init(&l, &al);
	l.max = 3;
	for (int i = 0; i < 10; i++)
		mctl__errlist_add(&l, MCTL_EPOLICY, NULL, NULL, "problem %d", i);
	cr_assert_eq(l.count, 10);
	mctl_error *err = NULL;
	mctl__errlist_finish(&l, &err);
	cr_assert_eq(mctl_error_count(err), 3);
	cr_assert_str_eq(mctl_error_message(err), "problem 0");
	cr_assert_str_eq(mctl_error_message(mctl_error_next(err)), "problem 1");
	cr_assert_str_eq(mctl_error_message(mctl_error_next(mctl_error_next(err))),
	                 "too many errors; stopping here");
	mctl_error_free(err);
}

Test(error, list_finish_without_out)
{
	counting c;
	mctl_allocator hooks = counting_hooks(&c);
	mctl_alloc al = { hooks };
	mctl_errlist l;
	mctl__errlist_init(&l, &al);
	mctl__errlist_add(&l, MCTL_EPOLICY, NULL, "p", "one");
	mctl__errlist_add(&l, MCTL_EPOLICY, NULL, "p", "two");
	cr_assert_eq(c.live, 2);
	mctl__errlist_finish(&l, NULL); /* frees */
	cr_assert_eq(c.live, 0);
	cr_assert_null(l.head);

	/* a failed allocation drops the diagnostic but keeps counting */
	c.fail_after = 0;
	mctl__errlist_add(&l, MCTL_EPOLICY, NULL, NULL, "lost");
	cr_assert_eq(l.count, 3);
	cr_assert_null(l.head);
	c.fail_after = -1;
}

Test(error, error_set)
{
	cr_assert_eq(mctl__error_set(NULL, MCTL_EINVAL, "ignored %d", 1), MCTL_EINVAL);
	mctl_error *err = NULL;
	cr_assert_eq(mctl__error_set(&err, MCTL_EIO, "cannot open %s", "x.yaml"), MCTL_EIO);
	cr_assert_not_null(err);
	cr_assert_eq(mctl_error_count(err), 1);
	cr_assert_eq(mctl_error_code(err), MCTL_EIO);
	cr_assert_str_eq(fmt1(err), "error: cannot open x.yaml");
	mctl_error_free(err);
}

Test(error, strerror_every_code)
{
	cr_assert_str_eq(mctl_strerror(MCTL_OK), "success");
	cr_assert_str_eq(mctl_strerror(MCTL_ENOMEM), "out of memory");
	cr_assert_str_eq(mctl_strerror(MCTL_EINVAL), "invalid argument");
	cr_assert_str_eq(mctl_strerror(MCTL_EIO), "input/output error");
	cr_assert_str_eq(mctl_strerror(MCTL_ESYNTAX), "syntax error");
	cr_assert_str_eq(mctl_strerror(MCTL_EPOLICY), "invalid policy");
	cr_assert_str_eq(mctl_strerror(MCTL_ELIMIT), "limit exceeded");
	cr_assert_str_eq(mctl_strerror(MCTL_EUNICODE), "text processing error");
	cr_assert_str_eq(mctl_strerror(MCTL_EINTERNAL), "internal error");
	cr_assert_str_eq(mctl_strerror(MCTL_DONE), "no more records");
	cr_assert_str_eq(mctl_strerror(2), "unknown error");
	cr_assert_str_eq(mctl_strerror(MCTL_ETRUST), "untrusted policy");
	cr_assert_str_eq(mctl_strerror(-10), "unknown error");
	cr_assert_str_eq(mctl_strerror(-1000), "unknown error");
	/* every known code has its own text */
	for (int a = MCTL_ETRUST; a <= MCTL_DONE; a++)
		for (int b = a + 1; b <= MCTL_DONE; b++)
			cr_assert_str_neq(mctl_strerror(a), mctl_strerror(b));
}

Test(version, string)
{
	cr_assert_not_null(mctl_version());
	cr_assert_str_eq(mctl_version(), MCTL_VERSION_STRING);
}

/* ---- contexts ---- */

Test(context, default_allocator)
{
	mctl_context *ctx = (mctl_context *)&ctx; /* must be overwritten */
	cr_assert_eq(mctl_context_new(&ctx, NULL), MCTL_OK);
	cr_assert_not_null(ctx);
	cr_assert_not_null(ctx->alloc.malloc_fn);
	cr_assert_not_null(ctx->alloc.realloc_fn);
	cr_assert_not_null(ctx->alloc.free_fn);
	mctl_context_free(ctx);
	mctl_context_free(NULL);
	cr_assert_eq(mctl_context_new(NULL, NULL), MCTL_EINVAL);
}

Test(context, custom_hooks)
{
	counting c;
	mctl_allocator hooks = counting_hooks(&c);
	mctl_context *ctx = NULL;
	cr_assert_eq(mctl_context_new(&ctx, &hooks), MCTL_OK);
	cr_assert_eq(c.mallocs, 1);
	cr_assert_eq(c.live, 1);
	/* the struct is copied */
	memset(&hooks, 0, sizeof hooks);
	cr_assert_eq(ctx->alloc.malloc_fn, counting_malloc);
	cr_assert_eq(ctx->alloc.user, &c);
	mctl_context_free(ctx);
	cr_assert_eq(c.frees, 1);
	cr_assert_eq(c.live, 0);

	/* a failing allocator */
	hooks = counting_hooks(&c);
	c.fail_after = 0;
	ctx = (mctl_context *)&ctx;
	cr_assert_eq(mctl_context_new(&ctx, &hooks), MCTL_ENOMEM);
	cr_assert_null(ctx);
}

Test(context, incomplete_hooks)
{
	counting c;
	mctl_allocator full = counting_hooks(&c);
	for (int missing = 0; missing < 3; missing++) {
		mctl_allocator h = full;
		if (missing == 0)
			h.malloc_fn = NULL;
		else if (missing == 1)
			h.realloc_fn = NULL;
		else
			h.free_fn = NULL;
		mctl_context *ctx = (mctl_context *)&ctx;
		cr_assert_eq(mctl_context_new(&ctx, &h), MCTL_EINVAL, "hook %d missing", missing);
		cr_assert_null(ctx);
	}
	mctl_allocator none = { NULL, NULL, NULL, NULL };
	mctl_context *ctx = NULL;
	cr_assert_eq(mctl_context_new(&ctx, &none), MCTL_EINVAL);
	cr_assert_eq(c.mallocs + c.reallocs + c.frees, 0);
}

Test(context, policy_allocations_go_through_hooks)
{
	counting c;
	mctl_allocator hooks = counting_hooks(&c);
	mctl_context *ctx = NULL;
	cr_assert_eq(mctl_context_new(&ctx, &hooks), MCTL_OK);
	mctl_load_options opts = MCTL_LOAD_OPTIONS_INIT;
	opts.ctx = ctx;
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, SRCPATH("tests/data/valid/minimal"), &opts, &err);
	cr_assert_eq(rc, MCTL_OK, "%s", mctl_error_message(err));
	mctl_context_free(ctx);
	cr_assert_gt(c.mallocs + c.reallocs, 1);
	cr_assert_gt(c.live, 0);
	mctl_policy_unref(p);
	cr_assert_eq(c.live, 0, "%ld blocks leaked", c.live);
}
