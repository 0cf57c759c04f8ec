/* Unit tests: lib/match/code (commodity code normalization and lookup). */
#include "../../common.h"
#include "match/code.h"
#include "policy/model.h"

/* ---- mctl__code_normalize ---- */

static void expect_code(const char *in, const char *digits, size_t start, size_t end)
{
	char out[12];
	memset(out, 'Z', sizeof out);
	size_t olen = 99, s = 99, e = 99;
	int rc = mctl__code_normalize(in, strlen(in), out, &olen, &s, &e);
	cr_assert_eq(rc, 0, "\"%s\" should be a code", in);
	cr_expect_str_eq(out, digits, "\"%s\"", in);
	cr_expect_eq(olen, strlen(digits), "\"%s\": length %zu", in, olen);
	cr_expect_eq(s, start, "\"%s\": start %zu, expected %zu", in, s, start);
	cr_expect_eq(e, end, "\"%s\": end %zu, expected %zu", in, e, end);
	cr_expect_eq(out[11], 'Z', "\"%s\": wrote past out[11]", in);
}

static void expect_not_code(const char *in, size_t len)
{
	char out[12];
	memset(out, 'Z', sizeof out);
	size_t olen = 99, s = 99, e = 99;
	cr_expect_eq(mctl__code_normalize(in, len, out, &olen, &s, &e), -1, "\"%.*s\" should be refused", (int)len, in);
	cr_expect_eq(out[11], 'Z', "\"%.*s\": wrote past out[11]", (int)len, in);
	cr_expect(olen == 99 && s == 99 && e == 99, "\"%.*s\": outputs written on failure", (int)len, in);
}

Test(code_normalize, accepts)
{
	expect_code("8112929090", "8112929090", 0, 10);
	expect_code("8112.92.90.90", "8112929090", 0, 13);
	expect_code("8112 92 9090", "8112929090", 0, 12);
	expect_code("811292", "811292", 0, 6);
	expect_code("28539030", "28539030", 0, 8);
	expect_code(" 8112929090 ", "8112929090", 1, 11);
	expect_code("8112-92-90-90", "8112929090", 0, 13);
	expect_code("\t 8112.92.90.90\r\n", "8112929090", 2, 15);
	expect_code("8112.92-90 90", "8112929090", 0, 13);
	expect_code("81.12.92", "811292", 0, 8);
	expect_code("2825.90.9001", "2825909001", 0, 12);
	expect_code("  7106.91.90  ", "71069190", 2, 12);
	expect_code("0000000000", "0000000000", 0, 10);
}

Test(code_normalize, rejects)
{
	static const char *bad[] = {
		"", " ", "   \t\n", "81129", "8112929", "81129290901", "123456789012",
		"81129290901234567890", "8112..92", ".811292", "811292.", "-811292", "811292-",
		"8112a92", "8112929090 x", "x 8112929090", "8112  92", "8112 - 92", "8112_92",
		"8112/92", "81 12 92 9", "8112929090.", "811292 90x", "0x811292",
		"\xEF\xBC\x98\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x99\xEF\xBC\x92", /* fullwidth */
		"811292\xC2\xA0", "1234567", "12345", "1", "123456789",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_not_code(bad[i], strlen(bad[i]));
	/* the length given counts, not the NUL */
	expect_not_code("8112929090", 9);
	expect_not_code("811292\0" "90", 9);
	expect_not_code("81129290\0", 9);
}

Test(code_normalize, respects_len)
{
	char out[11];
	size_t olen, s, e;
	cr_assert_eq(mctl__code_normalize("811292909012", 10, out, &olen, &s, &e), 0);
	cr_assert_str_eq(out, "8112929090");
	cr_assert_eq(e, 10);
	cr_assert_eq(mctl__code_normalize("811292.", 6, out, &olen, &s, &e), 0);
	cr_assert_str_eq(out, "811292");
}

Test(code_normalize, every_digit_count)
{
	/* only 6, 8 and 10 digits are codes, with or without separators */
	char in[32], sep[32], out[11];
	for (size_t n = 1; n <= 14; n++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			in[i] = (char)('0' + (i * 3 + 1) % 10);
			if (i && i % 2 == 0)
				sep[k++] = '.';
			sep[k++] = in[i];
		}
		in[n] = '\0';
		sep[k] = '\0';
		int want = n == 6 || n == 8 || n == 10 ? 0 : -1;
		size_t olen, s, e;
		cr_expect_eq(mctl__code_normalize(in, n, out, &olen, &s, &e), want, "%zu digits", n);
		if (want == 0)
			cr_expect_str_eq(out, in);
		cr_expect_eq(mctl__code_normalize(sep, k, out, &olen, &s, &e), want, "\"%s\"", sep);
		if (want == 0) {
			cr_expect_str_eq(out, in);
			cr_expect_eq(e, k);
		}
	}
}

/* ---- mctl__code_lookup ---- */

typedef struct hit {
	const char *item;
	const char *digits;
	int relation;
} hit;

typedef struct hits {
	const mctl_policy *p;
	hit v[32];
	size_t n;
} hits;

static void on_code(void *ctx, const mctl_code_ref *ref, int relation)
{
	hits *h = ctx;
	cr_assert_lt(h->n, 32);
	cr_assert_lt(ref->item, h->p->nitems);
	const mctl_item *it = &h->p->items[ref->item];
	cr_assert_lt(ref->code, it->ncodes);
	cr_assert_str_eq(it->codes[ref->code].digits, ref->digits);
	cr_assert_eq(strlen(ref->digits), ref->len);
	h->v[h->n++] = (hit){ it->id, ref->digits, relation };
}

static void lookup(const mctl_policy *p, const char *digits, hits *h)
{
	memset(h, 0, sizeof *h);
	h->p = p;
	mctl__code_lookup(p, digits, strlen(digits), on_code, h);
}

static int has(const hits *h, const char *item, const char *digits, int relation)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->v[i].item, item) == 0 && strcmp(h->v[i].digits, digits) == 0 && h->v[i].relation == relation)
			return 1;
	return 0;
}

static mctl_policy *pol;

static void load_minimal(void)
{
	pol = must_load(SRCPATH("tests/data/valid/minimal"));
}

static void unload(void)
{
	mctl_policy_unref(pol);
	pol = NULL;
}

TestSuite(code_lookup, .init = load_minimal, .fini = unload);

Test(code_lookup, index_is_sorted)
{
	cr_assert_eq(pol->ncoderefs, 7); /* 6 in items.yaml, 2825800010 in thresholds.yaml */
	for (size_t i = 1; i < pol->ncoderefs; i++)
		cr_assert_lt(strcmp(pol->coderefs[i - 1].digits, pol->coderefs[i].digits), 0);
}

Test(code_lookup, exact_ten_digits)
{
	hits h;
	lookup(pol, "8112929090", &h);
	cr_assert_eq(h.n, 1);
	cr_assert(has(&h, "t.ga-metal", "8112929090", MCTL_CODE_UNDER));

	lookup(pol, "2825909001", &h);
	cr_assert_eq(h.n, 1);
	cr_assert(has(&h, "t.ga-oxide", "2825909001", MCTL_CODE_UNDER));

	lookup(pol, "3818009020", &h);
	cr_assert_eq(h.n, 1);
	cr_assert(has(&h, "t.ga-oxide", "3818009020", MCTL_CODE_UNDER));

	lookup(pol, "8112921090", &h);
	cr_assert_eq(h.n, 1);
	cr_assert(has(&h, "t.ge-metal", "8112921090", MCTL_CODE_UNDER));
}

Test(code_lookup, under_a_shorter_listed_code)
{
	hits h;
	lookup(pol, "7106919001", &h);
	cr_assert_eq(h.n, 1);
	cr_assert(has(&h, "t.code-only", "71069190", MCTL_CODE_UNDER));

	lookup(pol, "71069190", &h);
	cr_assert_eq(h.n, 1);
	cr_assert(has(&h, "t.code-only", "71069190", MCTL_CODE_UNDER));
}

Test(code_lookup, above_longer_listed_codes)
{
	hits h;
	lookup(pol, "811292", &h);
	cr_assert_eq(h.n, 3);
	cr_assert(has(&h, "t.ga-metal", "8112929010", MCTL_CODE_ABOVE));
	cr_assert(has(&h, "t.ga-metal", "8112929090", MCTL_CODE_ABOVE));
	cr_assert(has(&h, "t.ge-metal", "8112921090", MCTL_CODE_ABOVE));

	lookup(pol, "81129290", &h);
	cr_assert_eq(h.n, 2);
	cr_assert(has(&h, "t.ga-metal", "8112929010", MCTL_CODE_ABOVE));
	cr_assert(has(&h, "t.ga-metal", "8112929090", MCTL_CODE_ABOVE));

	lookup(pol, "710691", &h);
	cr_assert_eq(h.n, 1);
	cr_assert(has(&h, "t.code-only", "71069190", MCTL_CODE_ABOVE));

	lookup(pol, "282590", &h);
	cr_assert_eq(h.n, 1);
	cr_assert(has(&h, "t.ga-oxide", "2825909001", MCTL_CODE_ABOVE));
}

Test(code_lookup, unrelated)
{
	static const char *none[] = {
		"1234567890", "8112929091", "8112929000", "811293", "81129291", "710692",
		"71069191", "7106929001", "2825909002", "000000", "999999", "8112922090",
	};
	for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
		hits h;
		lookup(pol, none[i], &h);
		cr_expect_eq(h.n, 0, "%s: %zu hits", none[i], h.n);
	}
}

Test(code_lookup, normalized_input)
{
	/* as a caller does it: normalize, then look up */
	char digits[11];
	size_t olen, s, e;
	const char *in = " 7106.91.90.01 ";
	cr_assert_eq(mctl__code_normalize(in, strlen(in), digits, &olen, &s, &e), 0);
	hits h;
	memset(&h, 0, sizeof h);
	h.p = pol;
	mctl__code_lookup(pol, digits, olen, on_code, &h);
	cr_assert_eq(h.n, 1);
	cr_assert(has(&h, "t.code-only", "71069190", MCTL_CODE_UNDER));
}
