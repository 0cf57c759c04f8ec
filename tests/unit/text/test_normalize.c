/* Unit tests: lib/text (normalization with offset maps, UTF-8, character classes). */
#include <stdbool.h>
#include <stdint.h>
#include "../../common.h"
#include "text/chars.h"
#include "text/normalize.h"

/* ---- helpers ---- */

static mctl_alloc std_al;

static void setup(void)
{
	mctl__alloc_init(&std_al, NULL);
}

TestSuite(normalize, .init = setup);
TestSuite(utf8, .init = setup);
TestSuite(chars, .init = setup);

/* Every output byte maps to a non-empty span inside the input; spans never
 * go backwards and bytes of one segment share theirs. */
static void check_map(const mctl_ntext *nt, size_t inlen)
{
	cr_assert_eq(nt->s[nt->len], '\0', "output not NUL-terminated");
	for (size_t k = 0; k < nt->len; k++) {
		if (!(nt->ostart[k] < nt->oend[k] && nt->oend[k] <= inlen))
			cr_assert_fail("byte %zu maps to [%zu, %zu) of %zu", k, nt->ostart[k], nt->oend[k], inlen);
		if (k == 0)
			continue;
		bool same = nt->ostart[k] == nt->ostart[k - 1] && nt->oend[k] == nt->oend[k - 1];
		if (!same && nt->ostart[k] < nt->oend[k - 1])
			cr_assert_fail("byte %zu maps to [%zu, %zu), overlapping [%zu, %zu)", k, nt->ostart[k],
			               nt->oend[k], nt->ostart[k - 1], nt->oend[k - 1]);
	}
	cr_assert(mctl__utf8_valid(nt->s, nt->len), "output is not valid UTF-8");
}

static void norm(mctl_ntext *nt, const char *in, size_t len, int mode)
{
	cr_assert_eq(mctl__normalize(nt, in, len, mode), MCTL_OK, "normalize failed");
	check_map(nt, len);
}

static void expect_span(const mctl_ntext *nt, size_t k, size_t start, size_t end)
{
	cr_expect_eq(nt->ostart[k], start, "byte %zu: start %zu, expected %zu", k, nt->ostart[k], start);
	cr_expect_eq(nt->oend[k], end, "byte %zu: end %zu, expected %zu", k, nt->oend[k], end);
}

static size_t count_fffd(const mctl_ntext *nt)
{
	size_t n = 0;
	for (const char *p = nt->s; (p = strstr(p, "\xEF\xBF\xBD")); p += 3)
		n++;
	return n;
}

/* ---- ASCII fast path ---- */

Test(normalize, ascii_fold)
{
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	const char *in = "Gallium METAL 99.99% [Ga] ~{}";
	norm(&nt, in, strlen(in), MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "gallium metal 99.99% [ga] ~{}");
	cr_assert_eq(nt.len, strlen(in));
	for (size_t k = 0; k < nt.len; k++)
		expect_span(&nt, k, k, k + 1);
	cr_assert(!nt.non_ascii);
	cr_assert(!nt.invalid_utf8);
	mctl__ntext_free(&nt);
}

Test(normalize, ascii_nfkc_keeps_case)
{
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	const char *in = "Ga2O3 GeCl4";
	norm(&nt, in, strlen(in), MCTL_NORM_NFKC);
	cr_assert_str_eq(nt.s, "Ga2O3 GeCl4");
	for (size_t k = 0; k < nt.len; k++)
		expect_span(&nt, k, k, k + 1);
	mctl__ntext_free(&nt);
}

Test(normalize, ascii_edge_cases)
{
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	norm(&nt, "", 0, MCTL_NORM_FOLD);
	cr_assert_eq(nt.len, 0);
	cr_assert_str_eq(nt.s, "");

	/* the length wins; an embedded NUL is kept */
	norm(&nt, "AbC\0DeF", 7, MCTL_NORM_FOLD);
	cr_assert_eq(nt.len, 7);
	cr_assert_eq(memcmp(nt.s, "abc\0def", 8), 0);
	norm(&nt, "ABCDEF", 3, MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "abc");

	/* every ASCII byte: only A-Z change */
	char all[128], want[128];
	for (int c = 0; c < 128; c++) {
		all[c] = (char)c;
		want[c] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	norm(&nt, all, 128, MCTL_NORM_FOLD);
	cr_assert_eq(nt.len, 128);
	cr_assert_eq(memcmp(nt.s, want, 128), 0);
	norm(&nt, all, 128, MCTL_NORM_NFKC);
	cr_assert_eq(memcmp(nt.s, all, 128), 0);
	mctl__ntext_free(&nt);
}

/* ---- NFKC + case folding ---- */

Test(normalize, fullwidth_fold)
{
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	const char *in = "\xEF\xBC\xA7\xEF\xBC\xA1\xEF\xBC\xAC\xEF\xBC\xAC\xEF\xBC\xA9\xEF\xBC\xB5\xEF\xBC\xAD"; /* ＧＡＬＬＩＵＭ */
	cr_assert_eq(strlen(in), 21);
	norm(&nt, in, strlen(in), MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "gallium");
	for (size_t k = 0; k < 7; k++)
		expect_span(&nt, k, 3 * k, 3 * k + 3);
	cr_assert(nt.non_ascii);
	cr_assert(!nt.invalid_utf8);

	/* NFKC alone: width folded, case kept */
	norm(&nt, in, strlen(in), MCTL_NORM_NFKC);
	cr_assert_str_eq(nt.s, "GALLIUM");
	for (size_t k = 0; k < 7; k++)
		expect_span(&nt, k, 3 * k, 3 * k + 3);
	mctl__ntext_free(&nt);
}

Test(normalize, sharp_s)
{
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	norm(&nt, "\xC3\x9F", 2, MCTL_NORM_FOLD); /* ß */
	cr_assert_str_eq(nt.s, "ss");
	expect_span(&nt, 0, 0, 2);
	expect_span(&nt, 1, 0, 2);

	const char *in = "Stra\xC3\x9F" "e"; /* Straße */
	norm(&nt, in, strlen(in), MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "strasse");
	for (size_t k = 0; k < 4; k++)
		expect_span(&nt, k, k, k + 1);
	expect_span(&nt, 4, 4, 6);
	expect_span(&nt, 5, 4, 6);
	expect_span(&nt, 6, 6, 7);

	/* without folding ß stays */
	norm(&nt, in, strlen(in), MCTL_NORM_NFKC);
	cr_assert_str_eq(nt.s, in);
	mctl__ntext_free(&nt);
}

Test(normalize, combining_accent)
{
	mctl_ntext a, b;
	mctl__ntext_init(&a, &std_al);
	mctl__ntext_init(&b, &std_al);
	norm(&a, "e\xCC\x81", 3, MCTL_NORM_FOLD);    /* e + U+0301 */
	norm(&b, "\xC3\xA9", 2, MCTL_NORM_FOLD);     /* é */
	/* Latin diacritics are dropped after composition: both become "e" */
	cr_assert_eq(a.len, 1);
	cr_assert_str_eq(a.s, "e");
	cr_assert_str_eq(a.s, b.s);
	expect_span(&a, 0, 0, 3);
	expect_span(&b, 0, 0, 2);

	/* inside a word, upper case: "CAFE\u0301" */
	const char *in = "CAFE\xCC\x81 x";
	norm(&a, in, strlen(in), MCTL_NORM_FOLD);
	cr_assert_str_eq(a.s, "cafe x"); /* the accent goes with the diacritic folding */
	for (size_t k = 0; k < 3; k++)
		expect_span(&a, k, k, k + 1);
	expect_span(&a, 3, 3, 6);
	expect_span(&a, 4, 6, 7);
	expect_span(&a, 5, 7, 8);

	norm(&a, in, strlen(in), MCTL_NORM_NFKC);
	cr_assert_str_eq(a.s, "CAF\xC3\x89 x");
	mctl__ntext_free(&a);
	mctl__ntext_free(&b);
}

Test(normalize, chinese_unchanged)
{
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	const char *in = "\xE9\x87\x91\xE5\xB1\x9E\xE9\x95\x93"; /* 金属镓 */
	for (int mode = 0; mode < 2; mode++) {
		norm(&nt, in, 9, mode);
		cr_assert_eq(nt.len, 9);
		cr_assert_str_eq(nt.s, in);
		for (size_t k = 0; k < 9; k++)
			expect_span(&nt, k, k / 3 * 3, k / 3 * 3 + 3);
		cr_assert(nt.non_ascii);
	}
	/* mixed with ASCII: "99%金属镓 Ga" */
	const char *mixed = "99%\xE9\x87\x91\xE5\xB1\x9E\xE9\x95\x93 Ga";
	norm(&nt, mixed, strlen(mixed), MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "99%\xE9\x87\x91\xE5\xB1\x9E\xE9\x95\x93 ga");
	expect_span(&nt, 2, 2, 3);
	expect_span(&nt, 3, 3, 6);
	expect_span(&nt, 11, 9, 12);
	expect_span(&nt, 12, 12, 13);
	expect_span(&nt, 13, 13, 14);
	expect_span(&nt, 14, 14, 15);
	mctl__ntext_free(&nt);
}

Test(normalize, compatibility_forms)
{
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	/* U+2082 subscript two: Ga₂O₃ -> ga2o3 */
	const char *in = "Ga\xE2\x82\x82O\xE2\x82\x83";
	norm(&nt, in, strlen(in), MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "ga2o3");
	expect_span(&nt, 2, 2, 5);
	expect_span(&nt, 4, 6, 9);
	norm(&nt, in, strlen(in), MCTL_NORM_NFKC);
	cr_assert_str_eq(nt.s, "Ga2O3");
	/* ideographic space -> space, fullwidth digits -> digits */
	in = "\xE3\x80\x80\xEF\xBC\x99\xEF\xBC\x99";
	norm(&nt, in, strlen(in), MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, " 99");
	expect_span(&nt, 0, 0, 3);
	expect_span(&nt, 1, 3, 6);
	expect_span(&nt, 2, 6, 9);
	/* Cyrillic and Greek are case-folded too, then letters that look Latin (UTS #39
	 * skeletons: г -> r, а -> a, σ -> o) become that Latin letter; л, и, й have none */
	in = "\xD0\x93\xD0\x90\xD0\x9B\xD0\x9B\xD0\x98\xD0\x99 \xCE\xA3"; /* ГАЛЛИЙ Σ */
	norm(&nt, in, strlen(in), MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "ra\xD0\xBB\xD0\xBB\xD0\xB8\xD0\xB9 o");
	/* with case kept, for formulas: Cyrillic А -> Latin A */
	norm(&nt, "G\xD0\x90" "As", 5, MCTL_NORM_NFKC);
	cr_assert_str_eq(nt.s, "GAAs");
	mctl__ntext_free(&nt);
}

Test(normalize, ignorable_dropped)
{
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	/* soft hyphen (U+00AD) is removed by NFKC_Casefold */
	const char *in = "gal\xC2\xADlium";
	norm(&nt, in, strlen(in), MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "gallium");
	expect_span(&nt, 0, 0, 1);
	expect_span(&nt, 6, 8, 9);
	mctl__ntext_free(&nt);
}

/* ---- invalid UTF-8 ---- */

Test(normalize, invalid_utf8)
{
	static const struct { const char *in; size_t len; } cases[] = {
		{ "\xFF", 1 },
		{ "a\xFF" "b", 3 },
		{ "\xE9\x95", 2 },            /* truncated 3-byte sequence */
		{ "x\xE9\x95", 3 },
		{ "\xC0\xAF", 2 },            /* overlong '/' */
		{ "\xED\xA0\x80", 3 },        /* surrogate U+D800 */
		{ "\xF4\x90\x80\x80", 4 },    /* above U+10FFFF */
		{ "\xE0\x80\x80", 3 },        /* overlong 3-byte */
		{ "\x80\x80\x80", 3 },        /* lone continuation bytes */
		{ "\xC3", 1 },                /* truncated at the end */
		{ "\xE9\x87\x91\xFF\xE5\xB1\x9E", 7 },
		{ "\xFF\xCC\x81", 3 },        /* combining mark after a bad byte */
		{ "GA\xF5\xBF", 4 },
	};
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		for (int mode = 0; mode < 2; mode++) {
			int rc = mctl__normalize(&nt, cases[i].in, cases[i].len, mode);
			cr_assert_eq(rc, MCTL_OK, "case %zu", i);
			check_map(&nt, cases[i].len);
			cr_expect(nt.invalid_utf8, "case %zu: not flagged", i);
			cr_expect(nt.non_ascii, "case %zu", i);
			cr_expect_geq(count_fffd(&nt), 1, "case %zu: no U+FFFD in \"%s\"", i, nt.s);
			cr_expect(!mctl__utf8_valid(cases[i].in, cases[i].len), "case %zu", i);
		}
	}

	/* the valid neighbours survive with their own spans */
	mctl__normalize(&nt, "a\xFF" "B", 3, MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "a\xEF\xBF\xBD" "b");
	expect_span(&nt, 0, 0, 1);
	expect_span(&nt, 1, 1, 2);
	expect_span(&nt, 2, 1, 2);
	expect_span(&nt, 3, 1, 2);
	expect_span(&nt, 4, 2, 3);

	/* the flag is reset by the next call */
	norm(&nt, "\xC3\xA9", 2, MCTL_NORM_FOLD);
	cr_assert(!nt.invalid_utf8);
	norm(&nt, "abc", 3, MCTL_NORM_FOLD);
	cr_assert(!nt.invalid_utf8);
	cr_assert(!nt.non_ascii);
	mctl__ntext_free(&nt);
}

Test(normalize, every_byte_pair)
{
	/* no crash and a sane map for every two-byte input, valid or not */
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	char in[3];
	for (int a = 0x80; a < 256; a++) {
		for (int b = 0; b < 256; b += 3) {
			in[0] = (char)a;
			in[1] = (char)b;
			in[2] = (char)0xA9;
			if (mctl__normalize(&nt, in, 3, MCTL_NORM_FOLD) != MCTL_OK)
				cr_assert_fail("%02x %02x", a, b);
			check_map(&nt, 3);
			if (nt.invalid_utf8 == mctl__utf8_valid(in, 3))
				cr_assert_fail("%02x %02x a9: flag disagrees with mctl__utf8_valid", a, b);
		}
	}
	mctl__ntext_free(&nt);
}

/* ---- large input ---- */

Test(normalize, one_megabyte)
{
	/* a chunk ending in a space, so chunks normalize independently */
	const char *chunk = "Gallium \xE9\x87\x91\xE5\xB1\x9E\xE9\x95\x93 \xEF\xBC\xA7\xEF\xBC\xA1 Stra\xC3\x9F" "e "
	                    "CAFE\xCC\x81 Ga\xE2\x82\x82O\xE2\x82\x83 \xD0\x93\xD0\x90\xD0\x9B\xD0\x9B\xD0\x98\xD0\x99 ";
	size_t clen = strlen(chunk);
	size_t reps = (1u << 20) / clen + 1;
	size_t len = clen * reps;
	char *in = malloc(len);
	cr_assert_not_null(in);
	for (size_t r = 0; r < reps; r++)
		memcpy(in + r * clen, chunk, clen);

	mctl_ntext one, all;
	mctl__ntext_init(&one, &std_al);
	mctl__ntext_init(&all, &std_al);
	norm(&one, chunk, clen, MCTL_NORM_FOLD);
	cr_assert_eq(mctl__normalize(&all, in, len, MCTL_NORM_FOLD), MCTL_OK);
	cr_assert_eq(all.len, one.len * reps);
	cr_assert(!all.invalid_utf8);
	for (size_t r = 0; r < reps; r++) {
		size_t o = r * one.len;
		if (memcmp(all.s + o, one.s, one.len) != 0)
			cr_assert_fail("chunk %zu differs", r);
		for (size_t k = 0; k < one.len; k++)
			if (all.ostart[o + k] != one.ostart[k] + r * clen || all.oend[o + k] != one.oend[k] + r * clen)
				cr_assert_fail("chunk %zu byte %zu: bad map", r, k);
	}
	cr_assert_eq(all.s[all.len], '\0');
	mctl__ntext_free(&one);
	mctl__ntext_free(&all);
	free(in);
}

Test(normalize, reuse_and_free)
{
	mctl_ntext nt;
	mctl__ntext_init(&nt, &std_al);
	norm(&nt, "\xC3\x9F\xC3\x9F\xC3\x9F", 6, MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "ssssss");
	norm(&nt, "A", 1, MCTL_NORM_FOLD);
	cr_assert_str_eq(nt.s, "a");
	cr_assert_eq(nt.len, 1);
	mctl__ntext_free(&nt);
	cr_assert_null(nt.s);
	cr_assert_eq(nt.len, 0);
	mctl__ntext_free(&nt); /* twice is fine */
	norm(&nt, "\xC3\x89", 2, MCTL_NORM_FOLD); /* É */
	cr_assert_str_eq(nt.s, "e");
	mctl__ntext_free(&nt);
}

/* ---- UTF-8 ---- */

Test(utf8, valid)
{
	static const struct { const char *s; size_t len; bool ok; } cases[] = {
		{ "", 0, true },
		{ "abc", 3, true },
		{ "a\0b", 3, true },
		{ "\xC2\x80", 2, true },                  /* U+0080 */
		{ "\xDF\xBF", 2, true },                  /* U+07FF */
		{ "\xE0\xA0\x80", 3, true },              /* U+0800 */
		{ "\xE9\x87\x91\xE5\xB1\x9E", 6, true },  /* 金属 */
		{ "\xED\x9F\xBF", 3, true },              /* U+D7FF */
		{ "\xEE\x80\x80", 3, true },              /* U+E000 */
		{ "\xEF\xBF\xBD", 3, true },              /* U+FFFD */
		{ "\xEF\xBF\xBF", 3, true },              /* U+FFFF */
		{ "\xF0\x90\x80\x80", 4, true },          /* U+10000 */
		{ "\xF0\x9F\x98\x80", 4, true },          /* U+1F600 */
		{ "\xF4\x8F\xBF\xBF", 4, true },          /* U+10FFFF */
		{ "\xFF", 1, false },
		{ "\xFE", 1, false },
		{ "\x80", 1, false },
		{ "\xBF", 1, false },
		{ "\xC0\xAF", 2, false },
		{ "\xC1\xBF", 2, false },
		{ "\xC2", 1, false },
		{ "\xC2\x41", 2, false },
		{ "\xE9\x95", 2, false },
		{ "\xE0\x80\x80", 3, false },
		{ "\xE0\x9F\xBF", 3, false },
		{ "\xED\xA0\x80", 3, false },
		{ "\xED\xBF\xBF", 3, false },
		{ "\xF0\x80\x80\x80", 4, false },
		{ "\xF0\x8F\xBF\xBF", 4, false },
		{ "\xF4\x90\x80\x80", 4, false },
		{ "\xF5\x80\x80\x80", 4, false },
		{ "\xF0\x9F\x98", 3, false },
		{ "\xE9\x87\x91", 2, false },             /* the length is what counts */
		{ "abc\xE9", 4, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		cr_expect_eq(mctl__utf8_valid(cases[i].s, cases[i].len), cases[i].ok, "case %zu", i);
}

Test(utf8, decode)
{
	int32_t cp;
	bool ok;
	cr_assert_eq(mctl__utf8_decode((const unsigned char *)"A", 1, &cp, &ok), 1);
	cr_assert(ok);
	cr_assert_eq(cp, 'A');
	cr_assert_eq(mctl__utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp, &ok), 2);
	cr_assert(ok);
	cr_assert_eq(cp, 0xE9);
	cr_assert_eq(mctl__utf8_decode((const unsigned char *)"\xE9\x95\x93", 3, &cp, &ok), 3);
	cr_assert(ok);
	cr_assert_eq(cp, 0x9553);
	cr_assert_eq(mctl__utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp, &ok), 4);
	cr_assert(ok);
	cr_assert_eq(cp, 0x1F600);
	/* invalid: one byte consumed, U+FFFD */
	cr_assert_eq(mctl__utf8_decode((const unsigned char *)"\xE9\x95", 2, &cp, &ok), 1);
	cr_assert(!ok);
	cr_assert_eq(cp, 0xFFFD);
	cr_assert_eq(mctl__utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp, &ok), 1);
	cr_assert(!ok);
	cr_assert_eq(cp, 0xFFFD);
	cr_assert_eq(mctl__utf8_decode((const unsigned char *)"\x80", 1, &cp, &ok), 1);
	cr_assert(!ok);
}

/* ---- character classes ---- */

Test(chars, spaced_letters)
{
	static const int32_t yes[] = {
		'a', 'z', 'A', 'Z',
		0x00E9,  /* é */
		0x00DF,  /* ß */
		0x0436,  /* ж */
		0x0413,  /* Г */
		0x03B1,  /* α */
		0x03A3,  /* Σ */
		0x0301,  /* combining acute */
		0xFF21,  /* fullwidth A (Latin script) */
		0x05D0,  /* Hebrew alef */
		0x0627,  /* Arabic alef */
	};
	static const int32_t no[] = {
		-1, 0, ' ', '-', '.', ',', '0', '9', '_', '@',
		0x91D1,  /* 金 */
		0x9553,  /* 镓 */
		0x3042,  /* あ */
		0x30A2,  /* ア */
		0xAC00,  /* 가 */
		0x0E01,  /* Thai ko kai */
		0x0663,  /* Arabic-Indic three */
		0xFF11,  /* fullwidth 1 */
		0x3000,  /* ideographic space */
		0x3002,  /* 。 */
		0xFF0C,  /* fullwidth comma */
		0x00A0,  /* no-break space */
		0xFFFD,
		0x1F600, /* emoji */
		0x110000,
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		cr_expect(mctl__is_spaced_letter(yes[i]), "U+%04X should be a spaced letter", (unsigned)yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		cr_expect(!mctl__is_spaced_letter(no[i]), "U+%04X should not be a spaced letter", (unsigned)no[i]);
}

Test(chars, token_chars)
{
	cr_expect(mctl__is_token_char('0'));
	cr_expect(mctl__is_token_char('9'));
	cr_expect(mctl__is_token_char('g'));
	cr_expect(mctl__is_token_char('G'));
	cr_expect(mctl__is_token_char(0x0663)); /* Arabic-Indic digit */
	cr_expect(mctl__is_token_char(0xFF11)); /* fullwidth digit */
	cr_expect(mctl__is_token_char(0x0436));
	cr_expect(!mctl__is_token_char(-1));
	cr_expect(!mctl__is_token_char(' '));
	cr_expect(!mctl__is_token_char('-'));
	cr_expect(!mctl__is_token_char('('));
	cr_expect(!mctl__is_token_char(0x91D1));
	cr_expect(!mctl__is_token_char(0x3000));
}

Test(chars, cp_at_before)
{
	/* "a金😀é" = a | E9 87 91 | F0 9F 98 80 | C3 A9 */
	const char *s = "a\xE9\x87\x91\xF0\x9F\x98\x80\xC3\xA9";
	size_t len = strlen(s);
	cr_assert_eq(len, 10);
	cr_assert_eq(mctl__cp_at(s, len, 0), 'a');
	cr_assert_eq(mctl__cp_at(s, len, 1), 0x91D1);
	cr_assert_eq(mctl__cp_at(s, len, 4), 0x1F600);
	cr_assert_eq(mctl__cp_at(s, len, 8), 0xE9);
	cr_assert_eq(mctl__cp_at(s, len, 10), -1);
	cr_assert_eq(mctl__cp_at(s, len, 11), -1);
	cr_assert_eq(mctl__cp_at(s, len, 2), 0xFFFD); /* inside a character */
	cr_assert_eq(mctl__cp_at(s, 3, 1), 0xFFFD);   /* cut by the length */

	cr_assert_eq(mctl__cp_before(s, 0), -1);
	cr_assert_eq(mctl__cp_before(s, 1), 'a');
	cr_assert_eq(mctl__cp_before(s, 4), 0x91D1);
	cr_assert_eq(mctl__cp_before(s, 8), 0x1F600);
	cr_assert_eq(mctl__cp_before(s, 10), 0xE9);

	cr_assert_eq(mctl__first_cp(s, len), 'a');
	cr_assert_eq(mctl__last_cp(s, len), 0xE9);
	cr_assert_eq(mctl__first_cp("", 0), -1);
	cr_assert_eq(mctl__last_cp("", 0), -1);
	cr_assert_eq(mctl__first_cp(s + 1, 3), 0x91D1);
	cr_assert_eq(mctl__last_cp(s, 4), 0x91D1);
}

Test(chars, cp_before_invalid)
{
	/* never reads before the start, never crashes */
	cr_assert_eq(mctl__cp_before("\xFF", 1), 0xFFFD);
	cr_assert_eq(mctl__cp_before("\x80", 1), 0xFFFD);
	cr_assert_eq(mctl__cp_before("\x80\x80\x80\x80\x80\x80", 6), 0xFFFD);
	cr_assert_eq(mctl__cp_before("\xE9\x87", 2), 0xFFFD);
	cr_assert_eq(mctl__cp_before("a\x87\x91", 3), 0xFFFD);
	/* heap copies so ASan sees any read outside */
	for (size_t n = 1; n <= 6; n++) {
		char *b = malloc(n);
		memset(b, 0x80, n);
		for (size_t pos = 0; pos <= n; pos++) {
			int32_t cp = mctl__cp_before(b, pos);
			cr_assert_eq(cp, pos ? 0xFFFD : -1);
			cr_assert_eq(mctl__cp_at(b, n, pos), pos < n ? 0xFFFD : -1);
		}
		free(b);
	}
}
