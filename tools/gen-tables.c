/*
 * gen-tables: precomputes the per-code-point folding tables of lib/text from
 * ICU, once, at build time (ICU's transliterator and spoof checker are far
 * too slow to run per record):
 *   - Traditional -> Simplified Chinese (ICU "Hant-Hans"), single code points only;
 *   - Latin letters with diacritics -> their base letter (NFD, marks dropped);
 *   - Cyrillic and Greek look-alikes of Latin letters -> that letter (UTS #39
 *     confusable skeletons, ICU uspoof), in a case-folded and a case-kept table.
 * Usage: gen-tables > tables.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/uscript.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

typedef struct { UChar32 from, to; } pair;
static pair fold[200000], conf[4000];
static size_t nfold, nconf;

static int cmp(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	return (x->from > y->from) - (x->from < y->from);
}

static int single(const UChar *s, int32_t n, UChar32 *out)
{
	int32_t i = 0;
	UChar32 c;
	if (n <= 0)
		return 0;
	U16_NEXT(s, i, n, c);
	if (i != n)
		return 0;
	*out = c;
	return 1;
}

static void die(const char *what, UErrorCode st)
{
	fprintf(stderr, "gen-tables: %s: %s\n", what, u_errorName(st));
	exit(1);
}

int main(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar id[] = { 'H', 'a', 'n', 't', '-', 'H', 'a', 'n', 's', 0 };
	UTransliterator *t2s = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st))
		die("Hant-Hans", st);
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
	const UNormalizer2 *fold_nf = unorm2_getNFKCCasefoldInstance(&st);
	USpoofChecker *sc = uspoof_open(&st);
	if (U_FAILURE(st))
		die("normalizers/spoof", st);

	for (UChar32 c = 0x80; c <= 0x2FFFF; c++) {
		if (!u_isdefined(c) || (c >= 0xD800 && c <= 0xDFFF))
			continue;
		UChar buf[64], out[64];
		int32_t n = 0;
		U16_APPEND_UNSAFE(buf, n, c);
		/* Only code points that survive case folding unchanged can reach the table. */
		int32_t fl = unorm2_normalize(fold_nf, buf, n, out, 64, &st);
		UChar32 fc;
		if (U_FAILURE(st)) { st = U_ZERO_ERROR; continue; }
		int stable = single(out, fl, &fc) && fc == c;
		UScriptCode script = uscript_getScript(c, &st);
		if (U_FAILURE(st)) { st = U_ZERO_ERROR; continue; }

		if (script == USCRIPT_HAN) {
			int32_t len = n, limit = n;
			UChar tb[64];
			u_memcpy(tb, buf, n);
			utrans_transUChars(t2s, tb, &len, 64, 0, &limit, &st);
			UChar32 s;
			if (U_SUCCESS(st) && single(tb, len, &s) && s != c && stable)
				fold[nfold++] = (pair){ c, s };
			st = U_ZERO_ERROR;
		} else if (script == USCRIPT_LATIN && stable) {
			int32_t dl = unorm2_normalize(nfd, buf, n, out, 64, &st);
			if (U_SUCCESS(st) && dl >= 2 && out[0] < 0x80 && u_isalpha(out[0])) {
				int marks = 1;
				for (int32_t i = 1; i < dl; i++)
					marks = marks && u_charType(out[i]) == U_NON_SPACING_MARK;
				if (marks)
					fold[nfold++] = (pair){ c, (UChar32)u_tolower(out[0]) };
			}
			st = U_ZERO_ERROR;
		} else if (script == USCRIPT_CYRILLIC || script == USCRIPT_GREEK) {
			if (!u_isalpha(c))
				continue;
			UChar sk[64];
			int32_t sl = uspoof_getSkeleton(sc, 0, buf, n, sk, 64, &st);
			UChar32 s;
			if (U_SUCCESS(st) && single(sk, sl, &s) && s < 0x80 &&
			    ((s >= 'a' && s <= 'z') || (s >= 'A' && s <= 'Z'))) {
				conf[nconf++] = (pair){ c, s };
				if (stable)
					fold[nfold++] = (pair){ c, (UChar32)u_tolower(s) };
			}
			st = U_ZERO_ERROR;
		}
	}
	qsort(fold, nfold, sizeof *fold, cmp);
	qsort(conf, nconf, sizeof *conf, cmp);

	/*
	 * Fast path of the normalizer: a code point with a boundary before it,
	 * followed by one with a boundary before it, is a segment on its own; its
	 * result depends on nothing else, so it is precomputed here: NFKC case
	 * fold, then the fold table, as UTF-8. Code points without a boundary
	 * before them (combining marks, Hangul vowels ...) go through ICU.
	 */
	static unsigned char nbb[0x110000 / 8], mapped[2][0x110000 / 8];
	static struct { UChar32 cp; unsigned off, len; } dmap[2][40000];
	static unsigned char pool[600000];
	size_t ndmap[2] = { 0, 0 }, npool = 0;
	const UNormalizer2 *nfkc_nf = unorm2_getNFKCInstance(&st);
	for (UChar32 c = 0x80; c < 0x110000; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		if (!unorm2_hasBoundaryBefore(fold_nf, c) || !unorm2_hasBoundaryBefore(nfkc_nf, c)) {
			nbb[c >> 3] |= (unsigned char)(1u << (c & 7));
			continue;
		}
		/* mode 0: NFKC case fold + fold table; mode 1: NFKC + confusables with case kept */
		for (int mode = 0; mode < 2; mode++) {
			UChar buf[8], out[64];
			int32_t n = 0;
			U16_APPEND_UNSAFE(buf, n, c);
			st = U_ZERO_ERROR;
			int32_t m = unorm2_normalize(mode == 0 ? fold_nf : nfkc_nf, buf, n, out, 64, &st);
			if (U_FAILURE(st))
				die("fast table", st);
			unsigned char u8[256];
			size_t k = 0;
			for (int32_t i = 0; i < m;) {
				UChar32 x;
				U16_NEXT(out, i, m, x);
				const pair *t = mode == 0 ? fold : conf;
				size_t tn = mode == 0 ? nfold : nconf;
				for (size_t f = 0; f < tn; f++) /* linear: build time only */
					if (t[f].from == x) {
						x = t[f].to;
						break;
					}
				UBool err = 0;
				U8_APPEND((uint8_t *)u8, k, 256, x, err);
				(void)err;
			}
			unsigned char self[4];
			size_t sl = 0;
			UBool err2 = 0;
			U8_APPEND((uint8_t *)self, sl, 4, c, err2);
			(void)err2;
			if (k == sl && memcmp(u8, self, sl) == 0)
				continue; /* unchanged */
			mapped[mode][c >> 3] |= (unsigned char)(1u << (c & 7));
			dmap[mode][ndmap[mode]].cp = c;
			dmap[mode][ndmap[mode]].off = (unsigned)npool;
			dmap[mode][ndmap[mode]].len = (unsigned)k;
			memcpy(pool + npool, u8, k);
			npool += k;
			ndmap[mode]++;
		}
	}

	UVersionInfo v;
	char vs[U_MAX_VERSION_STRING_LENGTH];
	u_getVersion(v);
	u_versionToString(v, vs);
	printf("/* Generated by tools/gen-tables from ICU %s: do not edit. */\n", vs);
	printf("#include \"text/tables.h\"\n\n");
	printf("const mctl_cpmap mctl__fold_table[] = {\n");
	for (size_t i = 0; i < nfold; i++)
		printf("\t{ 0x%04X, 0x%04X },\n", (unsigned)fold[i].from, (unsigned)fold[i].to);
	printf("};\nconst size_t mctl__fold_table_len = %zu;\n\n", nfold);
	printf("const mctl_cpmap mctl__confusable_table[] = {\n");
	for (size_t i = 0; i < nconf; i++)
		printf("\t{ 0x%04X, 0x%04X },\n", (unsigned)conf[i].from, (unsigned)conf[i].to);
	printf("};\nconst size_t mctl__confusable_table_len = %zu;\n\n", nconf);
	printf("const unsigned char mctl__nbb_bits[0x110000 / 8] = {");
	for (size_t i = 0; i < sizeof nbb; i++)
		printf("%s%u,", i % 32 ? "" : "\n\t", nbb[i]);
	printf("\n};\n");
	for (int mode = 0; mode < 2; mode++) {
		printf("const unsigned char mctl__mapped_bits_%d[0x110000 / 8] = {", mode);
		for (size_t i = 0; i < sizeof mapped[mode]; i++)
			printf("%s%u,", i % 32 ? "" : "\n\t", mapped[mode][i]);
		printf("\n};\nconst mctl_fastmap mctl__fast_map_%d[] = {\n", mode);
		for (size_t i = 0; i < ndmap[mode]; i++)
			printf("\t{ 0x%04X, %u, %u },\n", (unsigned)dmap[mode][i].cp, dmap[mode][i].off, dmap[mode][i].len);
		printf("};\nconst size_t mctl__fast_map_len_%d = %zu;\n", mode, ndmap[mode]);
	}
	printf("const unsigned char mctl__fast_pool[] = {");
	for (size_t i = 0; i < npool; i++)
		printf("%s%u,", i % 32 ? "" : "\n\t", pool[i]);
	printf("0\n};\n");
	utrans_close(t2s);
	uspoof_close(sc);
	fprintf(stderr, "gen-tables: %zu fold pairs, %zu confusable pairs, %zu + %zu fast mappings\n", nfold, nconf, ndmap[0], ndmap[1]);
	return 0;
}
