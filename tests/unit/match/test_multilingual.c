/*
 * Recognition with the shipped lexicon, per language and per trick, and the
 * false friends a screen must never fire on. Checks which minerals the text
 * names (evidence of material concepts, not negated), independent of items.
 */
#include "../../common.h"
#include "policy/model.h"

static mctl_policy *cn;

static void setup(void)
{
	cn = must_load(SRCPATH("policies/cn"));
}

static void teardown(void)
{
	mctl_policy_unref(cn);
}

/* Space-separated sorted list of the minerals recognised in desc. */
static void minerals_of(const char *desc, char *out, size_t n)
{
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, desc, (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_DATE, "2026-06-01", (size_t)-1, NULL);
	mctl_result *res = NULL;
	cr_assert_eq(mctl_classify(cn, r, &res, NULL), MCTL_OK);
	const char *found[32];
	size_t nf = 0;
	for (size_t i = 0; i < mctl_result_evidence_count(res); i++) {
		if (mctl_result_evidence_field(res, i) != MCTL_FIELD_DESCRIPTION || mctl_result_evidence_negated(res, i))
			continue;
		const char *id = mctl_result_evidence_concept(res, i);
		for (size_t c = 0; c < cn->nconcepts; c++) {
			const mctl_concept *k = &cn->concepts[c];
			if (strcmp(k->id, id) != 0 || k->kind != MCTL_CONCEPT_MATERIAL)
				continue;
			for (size_t m = 0; m < (k->minerals.n ? k->minerals.n : 1); m++) {
				const char *name = k->minerals.n ? k->minerals.v[m] : k->id;
				bool dup = false;
				for (size_t q = 0; q < nf && !dup; q++)
					dup = strcmp(found[q], name) == 0;
				if (!dup && nf < 32)
					found[nf++] = name;
			}
		}
	}
	for (size_t a = 0; a < nf; a++)
		for (size_t b = a + 1; b < nf; b++)
			if (strcmp(found[b], found[a]) < 0) {
				const char *t = found[a];
				found[a] = found[b];
				found[b] = t;
			}
	out[0] = '\0';
	for (size_t a = 0; a < nf; a++) {
		strncat(out, a ? " " : "", n - strlen(out) - 1);
		strncat(out, found[a], n - strlen(out) - 1);
	}
	mctl_result_free(res);
	mctl_record_free(r);
}

typedef struct { const char *text, *want; } case_t;

static void check(const case_t *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char got[512];
		minerals_of(c[i].text, got, sizeof got);
		cr_expect_str_eq(got, c[i].want, "\"%s\": got [%s], want [%s]", c[i].text, got, c[i].want);
	}
}

TestSuite(multilingual, .init = setup, .fini = teardown);

Test(multilingual, languages)
{
	static const case_t c[] = {
		{ "Gallium metal ingots 99.99%", "gallium" },
		{ "金属镓 4N 1kg", "gallium" },
		{ "金屬鎵錠", "gallium" },
		{ "галлий металлический", "gallium" },
		{ "ガリウム インゴット", "gallium" },
		{ "갈륨 잉곳", "gallium" },
		{ "Galliummetall 6N", "gallium" },
		{ "lingotes de galio", "gallium" },
		{ "Germanium wafers", "germanium" },
		{ "слитки германия", "germanium" },
		{ "二氧化锗粉末", "germanium" },
		{ "antimony ingots", "antimony" },
		{ "锑锭 99.65%", "antimony" },
		{ "Antimonpulver", "antimony" },
		{ "сурьма металлическая", "antimony" },
		{ "tungsten powder", "tungsten" },
		{ "Wolframpulver", "tungsten" },
		{ "钨粉", "tungsten" },
		{ "bismuth needles", "bismuth" },
		{ "висмут гранулы", "bismuth" },
		{ "molybdenum powder", "molybdenum" },
		{ "碲锭", "tellurium" },
		{ "indium phosphide wafers", "indium" },
		{ "dysprosium oxide", "dysprosium" },
		{ "氧化镝", "dysprosium" },
		{ "terbium metal", "terbium" },
		{ "natural flake graphite", "graphite" },
		{ "球形石墨", "graphite" },
	};
	check(c, sizeof c / sizeof c[0]);
}

Test(multilingual, tricks)
{
	static const case_t c[] = {
		{ "ＧＡＬＬＩＵＭ", "gallium" },
		{ "G\xD0\xB0llium ingot", "gallium" },             /* Cyrillic а */
		{ "G a l l i u m 4N", "gallium" },
		{ "G-e-r-m-a-n-i-u-m", "germanium" },
		{ "Dys.pro.sium oxide", "dysprosium" },
		{ "金 属 镓", "gallium" },
		{ "Antim0ny ingots", "antimony" },
		{ "galium metal", "gallium" },
		{ "germanuim wafers", "germanium" },
		{ "tungstène", "tungsten" },
		{ "GaAs wafers", "gallium" },
		{ "Ga 99.99%", "gallium" },
		{ "W powder 3 micron", "tungsten" },
		{ "CAS 7440-55-3", "gallium" },
	};
	check(c, sizeof c / sizeof c[0]);
}

Test(multilingual, false_friends_never_fire)
{
	static const case_t c[] = {
		{ "Oak furniture from Germany", "" },
		{ "art gallery prints", "" },
		{ "antimonopoly law handbook", "" },
		{ "Indiana souvenir mug", "" },
		{ "tin ingot 99.9%", "" },
		{ "5 gallon water bottle", "" },
		{ "German shepherd dog collar", "" },
		{ "Wolfsburg car parts", "" },
		{ "gallium-free nail polish", "" },
		{ "W-shaped hooks", "" },
		{ "In stock, ships today", "" },
		{ "Y-splitter cable", "" },
		{ "SC connector", "" },
		{ "delivery Mo-Fri", "" },
		{ "Allium seeds", "" },
		{ "石墨烯发热膜", "" },
		{ "graphite grey floor mats", "" },
		{ "Wolfram Mathematica licence", "" },
		{ "不含镓 硅片", "" },
		{ "без сурьмы антипирен", "" },
	};
	check(c, sizeof c / sizeof c[0]);
}

Test(multilingual, lists_are_not_tricks)
{
	/* a composition list names each element; it is not a word spelled with punctuation */
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	const char *lists[] = { "磁铁 成分：镨、钕、铁、硼、铈", "magnet composition Pr,Nd,Fe,B,Ce" };
	for (size_t i = 0; i < 2; i++) {
		mctl_record_clear(r);
		mctl_record_set(r, MCTL_FIELD_DESCRIPTION, lists[i], (size_t)-1, NULL);
		mctl_record_set(r, MCTL_FIELD_DATE, "2026-06-01", (size_t)-1, NULL);
		mctl_result *res = NULL;
		cr_assert_eq(mctl_classify(cn, r, &res, NULL), MCTL_OK);
		cr_expect(!mctl_result_has_flag(res, MCTL_FLAG_OBFUSCATED_TEXT), "%s", lists[i]);
		mctl_result_free(res);
	}
	mctl_record_free(r);
	/* the tricks themselves still are */
	char got[256];
	minerals_of("G.a.l.l.i.u.m", got, sizeof got);
	cr_expect_str_eq(got, "gallium");
}
