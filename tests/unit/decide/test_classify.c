/*
 * Classification: verdicts, flags, dates, evidence offsets.
 * Expectations are worked out by hand from tests/data/valid/minimal (and,
 * for the shipped bundle, from the dates in shared/reference/cn-controls.md).
 */
#include <pthread.h>
#include "../../common.h"

typedef struct spec {
	const char *desc, *desc2, *code, *from, *to, *date, *channel, *end_use, *id;
	const char *route[4];
} spec;

static mctl_policy *minimal;

static void setup(void)
{
	minimal = must_load(SRCPATH("tests/data/valid/minimal"));
}

static void teardown(void)
{
	mctl_policy_unref(minimal);
	minimal = NULL;
}

static void set_or_die(mctl_record *r, mctl_field f, const char *v)
{
	if (!v)
		return;
	mctl_error *err = NULL;
	int rc = mctl_record_set(r, f, v, (size_t)-1, &err);
	cr_assert_eq(rc, MCTL_OK, "set %s=%s: %s", mctl_field_name(f), v, mctl_error_message(err));
}

static mctl_result *run(const mctl_policy *p, spec s)
{
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	set_or_die(r, MCTL_FIELD_ID, s.id);
	set_or_die(r, MCTL_FIELD_DESCRIPTION, s.desc);
	set_or_die(r, MCTL_FIELD_DESCRIPTION2, s.desc2);
	set_or_die(r, MCTL_FIELD_CODE, s.code);
	set_or_die(r, MCTL_FIELD_FROM, s.from);
	set_or_die(r, MCTL_FIELD_TO, s.to);
	set_or_die(r, MCTL_FIELD_DATE, s.date ? s.date : "2026-01-15");
	set_or_die(r, MCTL_FIELD_CHANNEL, s.channel);
	set_or_die(r, MCTL_FIELD_END_USE, s.end_use);
	for (int i = 0; i < 4 && s.route[i]; i++)
		cr_assert_eq(mctl_record_add_route(r, s.route[i], NULL), MCTL_OK);
	mctl_result *res = NULL;
	mctl_error *err = NULL;
	int rc = mctl_classify(p, r, &res, &err);
	cr_assert_eq(rc, MCTL_OK, "classify: %s", mctl_error_message(err));
	mctl_record_free(r);
	return res;
}

static mctl_verdict verdict_of(const mctl_policy *p, spec s)
{
	mctl_result *res = run(p, s);
	mctl_verdict v = mctl_result_verdict(res);
	mctl_result_free(res);
	return v;
}

static int has_item(const mctl_result *res, const char *id)
{
	for (size_t i = 0; i < mctl_result_item_count(res); i++)
		if (strcmp(mctl_result_item_id(res, i), id) == 0)
			return 1;
	return 0;
}

#define assert_verdict(res, v) \
	cr_assert_eq(mctl_result_verdict(res), v, "verdict %s, expected %s", \
	             mctl_verdict_name(mctl_result_verdict(res)), mctl_verdict_name(v))

TestSuite(classify, .init = setup, .fini = teardown);

Test(classify, text_match_with_evidence)
{
	mctl_result *res = run(minimal, (spec){ .desc = "gallium ingot 4N", .to = "DE" });
	assert_verdict(res, MCTL_VERDICT_LICENSE_REQUIRED);
	cr_assert_eq(mctl_result_item_count(res), 1);
	cr_assert_str_eq(mctl_result_item_id(res, 0), "t.ga-metal");
	cr_assert_eq(mctl_result_item_match(res, 0), MCTL_MATCH_TEXT);
	cr_assert_eq(mctl_result_item_action(res, 0), MCTL_ACTION_LICENSE);
	cr_assert_eq(mctl_result_item_mineral_count(res, 0), 1);
	cr_assert_str_eq(mctl_result_item_mineral(res, 0, 0), "gallium");
	cr_assert_eq(mctl_result_flag_count(res), 0);
	/* only the concept that made the item fire is evidence; "ingot" is a form word */
	cr_assert_eq(mctl_result_evidence_count(res), 1);
	cr_assert_eq(mctl_result_evidence_field(res, 0), MCTL_FIELD_DESCRIPTION);
	cr_assert_eq(mctl_result_evidence_start(res, 0), 0);
	cr_assert_eq(mctl_result_evidence_end(res, 0), 7);
	cr_assert_str_eq(mctl_result_evidence_text(res, 0), "gallium");
	cr_assert_str_eq(mctl_result_evidence_concept(res, 0), "gallium");
	cr_assert(mctl_result_in_jurisdiction(res));
	cr_assert_str_eq(mctl_result_date(res), "2026-01-15");
	mctl_result_free(res);
}

Test(classify, word_boundaries_for_latin_names)
{
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "Oak furniture made in Germany" }), MCTL_VERDICT_CLEAR);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "germaniumdioxide" }), MCTL_VERDICT_CLEAR);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "Germanium, 5N" }), MCTL_VERDICT_LICENSE_REQUIRED);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "(germanium)" }), MCTL_VERDICT_LICENSE_REQUIRED);
	/* a name followed by digits still counts: "gallium99.99" */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "gallium99.99" }), MCTL_VERDICT_LICENSE_REQUIRED);
	/* CJK names need no boundaries */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "高纯金属镓锭" }), MCTL_VERDICT_LICENSE_REQUIRED);
}

Test(classify, exclusion_by_none)
{
	mctl_result *res = run(minimal, (spec){ .desc = "氧化镓粉末" });
	cr_assert(has_item(res, "t.ga-oxide"));
	cr_assert(!has_item(res, "t.ga-metal"), "镓 inside 氧化镓 must not fire gallium metal");
	mctl_result_free(res);
}

Test(classify, formulas_are_case_sensitive_tokens)
{
	mctl_result *res = run(minimal, (spec){ .desc = "β-Ga2O3 wafer" });
	cr_assert(has_item(res, "t.ga-oxide"));
	mctl_result_free(res);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "ga2o3" }), MCTL_VERDICT_CLEAR);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "XGa2O3" }), MCTL_VERDICT_CLEAR);
}

Test(classify, cas_numbers)
{
	mctl_result *res = run(minimal, (spec){ .desc = "CAS 7440-55-3, 1 kg" });
	cr_assert(has_item(res, "t.ga-metal"));
	cr_assert_eq(mctl_result_evidence_start(res, 0), 4);
	cr_assert_eq(mctl_result_evidence_end(res, 0), 13);
	mctl_result_free(res);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "ref 17440-55-3" }), MCTL_VERDICT_CLEAR);
}

/* Control dates of the US rule: effective 2024-12-03, suspended 2025-11-09 .. 2026-11-27. */
Test(classify, dates_effective_and_suspension)
{
	struct { const char *date; mctl_verdict v; } cases[] = {
		{ "2023-07-31", MCTL_VERDICT_CLEAR },            /* day before the announcement */
		{ "2023-08-01", MCTL_VERDICT_LICENSE_REQUIRED }, /* first day */
		{ "2024-12-02", MCTL_VERDICT_LICENSE_REQUIRED }, /* day before the US rule */
		{ "2024-12-03", MCTL_VERDICT_PROHIBITED },       /* first day of the US rule */
		{ "2025-11-08", MCTL_VERDICT_PROHIBITED },       /* day before the suspension */
		{ "2025-11-09", MCTL_VERDICT_LICENSE_REQUIRED }, /* suspension, first day */
		{ "2026-11-27", MCTL_VERDICT_LICENSE_REQUIRED }, /* suspension, last day */
		{ "2026-11-28", MCTL_VERDICT_PROHIBITED },       /* day after */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		mctl_verdict v = verdict_of(minimal, (spec){ .desc = "gallium", .to = "US", .date = cases[i].date });
		cr_expect_eq(v, cases[i].v, "%s: got %s, expected %s", cases[i].date, mctl_verdict_name(v),
		             mctl_verdict_name(cases[i].v));
	}
	/* other destinations never see the US rule */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "gallium", .to = "JP", .date = "2026-11-28" }),
	             MCTL_VERDICT_LICENSE_REQUIRED);
}

Test(classify, item_listed_before_it_is_in_force)
{
	mctl_result *res = run(minimal, (spec){ .desc = "gallium", .date = "2023-07-31" });
	assert_verdict(res, MCTL_VERDICT_CLEAR);
	cr_assert_eq(mctl_result_item_count(res), 1);
	cr_assert_eq(mctl_result_item_action(res, 0), MCTL_ACTION_NONE);
	cr_assert_not_null(mctl_result_note(res));
	mctl_result_free(res);
}

Test(classify, end_use_rule)
{
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "germanium", .to = "US", .end_use = "military" }),
	             MCTL_VERDICT_PROHIBITED);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "germanium", .to = "US", .end_use = "Military end user" }),
	             MCTL_VERDICT_PROHIBITED);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "germanium", .to = "US", .end_use = "paramilitary" }),
	             MCTL_VERDICT_LICENSE_REQUIRED);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "germanium", .to = "DE", .end_use = "military" }),
	             MCTL_VERDICT_LICENSE_REQUIRED);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "germanium", .to = "US", .end_use = "civil" }),
	             MCTL_VERDICT_LICENSE_REQUIRED);
}

Test(classify, code_and_text_agree)
{
	mctl_result *res = run(minimal, (spec){ .desc = "Gallium ingots", .code = "8112.92.90.90" });
	assert_verdict(res, MCTL_VERDICT_LICENSE_REQUIRED);
	cr_assert_eq(mctl_result_item_count(res), 1);
	cr_assert_eq(mctl_result_item_match(res, 0), MCTL_MATCH_TEXT_CODE);
	cr_assert_eq(mctl_result_flag_count(res), 0);
	int found = 0;
	for (size_t i = 0; i < mctl_result_evidence_count(res); i++)
		if (mctl_result_evidence_field(res, i) == MCTL_FIELD_CODE) {
			cr_assert_eq(mctl_result_evidence_start(res, i), 0);
			cr_assert_eq(mctl_result_evidence_end(res, i), 13);
			cr_assert_str_eq(mctl_result_evidence_concept(res, i), "8112929090");
			found = 1;
		}
	cr_assert(found);
	mctl_result_free(res);
}

Test(classify, controlled_code_vague_description)
{
	const char *vague[] = { "metal sample", "Alloy block 2 kg", "样品", "ingots" };
	for (size_t i = 0; i < 4; i++) {
		mctl_result *res = run(minimal, (spec){ .desc = vague[i], .code = "8112929090" });
		assert_verdict(res, MCTL_VERDICT_LICENSE_REQUIRED);
		cr_assert(has_item(res, "t.ga-metal"));
		cr_assert_eq(mctl_result_item_match(res, 0), MCTL_MATCH_CODE);
		cr_assert(mctl_result_has_flag(res, MCTL_FLAG_CONTROLLED_CODE_VAGUE_DESCRIPTION), "%s", vague[i]);
		cr_assert(!mctl_result_has_flag(res, MCTL_FLAG_CODE_DESCRIPTION_MISMATCH), "%s", vague[i]);
		mctl_result_free(res);
	}
	/* a code alone: nothing describes the goods */
	mctl_result *res = run(minimal, (spec){ .code = "8112929090" });
	cr_assert(mctl_result_has_flag(res, MCTL_FLAG_CONTROLLED_CODE_VAGUE_DESCRIPTION));
	mctl_result_free(res);
}

Test(classify, code_description_mismatch_both_ways)
{
	/* the code is gallium's, the text describes something specific that is not */
	mctl_result *res = run(minimal, (spec){ .desc = "printed circuit boards", .code = "8112929090" });
	assert_verdict(res, MCTL_VERDICT_LICENSE_REQUIRED);
	cr_assert(mctl_result_has_flag(res, MCTL_FLAG_CODE_DESCRIPTION_MISMATCH));
	mctl_result_free(res);
	/* the text names gallium, the code is germanium's: both items, flagged */
	res = run(minimal, (spec){ .desc = "gallium", .code = "8112921090" });
	assert_verdict(res, MCTL_VERDICT_LICENSE_REQUIRED);
	cr_assert(has_item(res, "t.ga-metal"));
	cr_assert(has_item(res, "t.ge-metal"));
	cr_assert(mctl_result_has_flag(res, MCTL_FLAG_CODE_DESCRIPTION_MISMATCH));
	mctl_result_free(res);
	/* the text names gallium, the code is an uncontrolled one (tin) */
	res = run(minimal, (spec){ .desc = "gallium ingots", .code = "8001100000" });
	assert_verdict(res, MCTL_VERDICT_LICENSE_REQUIRED);
	cr_assert(mctl_result_has_flag(res, MCTL_FLAG_CODE_DESCRIPTION_MISMATCH));
	mctl_result_free(res);
	/* an item without codes cannot disagree with a code */
	res = run(minimal, (spec){ .desc = "germanium tetrachloride", .code = "2827399000" });
	cr_assert(!mctl_result_has_flag(res, MCTL_FLAG_CODE_DESCRIPTION_MISMATCH));
	mctl_result_free(res);
}

Test(classify, ambiguous_short_code)
{
	mctl_result *res = run(minimal, (spec){ .desc = "unwrought metal powder", .code = "811292" });
	assert_verdict(res, MCTL_VERDICT_REVIEW);
	cr_assert_eq(mctl_result_item_count(res), 0);
	cr_assert(mctl_result_has_flag(res, MCTL_FLAG_AMBIGUOUS_CODE));
	mctl_result_free(res);
	res = run(minimal, (spec){ .desc = "gallium", .code = "8112 92" });
	assert_verdict(res, MCTL_VERDICT_LICENSE_REQUIRED);
	cr_assert(mctl_result_has_flag(res, MCTL_FLAG_AMBIGUOUS_CODE));
	cr_assert(!mctl_result_has_flag(res, MCTL_FLAG_CODE_DESCRIPTION_MISMATCH));
	mctl_result_free(res);
	/* a longer declared code under a listed 8-digit one is a plain code match */
	res = run(minimal, (spec){ .code = "7106919001" });
	cr_assert(has_item(res, "t.code-only"));
	cr_assert(!mctl_result_has_flag(res, MCTL_FLAG_AMBIGUOUS_CODE));
	mctl_result_free(res);
}

Test(classify, invalid_code_is_flagged_not_fatal)
{
	const char *bad[] = { "81129", "8112929", "ABCDEF", "8112..92", "12345678901", "８１１２９２" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		mctl_result *res = run(minimal, (spec){ .desc = "cotton shirts", .code = bad[i] });
		assert_verdict(res, MCTL_VERDICT_REVIEW);
		cr_assert(mctl_result_has_flag(res, MCTL_FLAG_INVALID_CODE), "%s", bad[i]);
		mctl_result_free(res);
	}
}

Test(classify, outside_jurisdiction_lists_items_without_action)
{
	mctl_result *res = run(minimal, (spec){ .desc = "gallium", .from = "DE", .to = "US", .date = "2026-12-01" });
	assert_verdict(res, MCTL_VERDICT_CLEAR);
	cr_assert_eq(mctl_result_in_jurisdiction(res), 0);
	cr_assert_eq(mctl_result_item_count(res), 1);
	cr_assert_eq(mctl_result_item_action(res, 0), MCTL_ACTION_NONE);
	cr_assert_not_null(mctl_result_note(res));
	cr_assert_not_null(strstr(mctl_result_note(res), "DE"));
	mctl_result_free(res);
	/* from = the jurisdiction is the same as not saying */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "gallium", .from = "cn", .to = "US", .date = "2026-12-01" }),
	             MCTL_VERDICT_PROHIBITED);
}

Test(classify, unconfirmed_data_gives_at_most_review)
{
	mctl_result *res = run(minimal, (spec){ .desc = "germanium tetrachloride", .to = "US", .end_use = "military" });
	assert_verdict(res, MCTL_VERDICT_REVIEW);
	cr_assert(has_item(res, "t.unconfirmed"));
	cr_assert(!has_item(res, "t.ge-metal"));
	mctl_result_free(res);
	/* a code valid only from the 2026 edition and unconfirmed */
	res = run(minimal, (spec){ .desc = "electronic material", .code = "3818009020", .date = "2026-02-01" });
	assert_verdict(res, MCTL_VERDICT_REVIEW);
	cr_assert(has_item(res, "t.ga-oxide"));
	cr_assert_eq(mctl_result_item_action(res, 0), MCTL_ACTION_REVIEW);
	mctl_result_free(res);
	/* before that edition the code lists nothing */
	res = run(minimal, (spec){ .desc = "electronic material", .code = "3818009020", .date = "2025-06-01" });
	assert_verdict(res, MCTL_VERDICT_CLEAR);
	cr_assert_eq(mctl_result_item_count(res), 0);
	mctl_result_free(res);
}

Test(classify, channels_and_routes)
{
	/* t.code-only needs a licence on customs and postal channels only */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "silver contacts", .code = "71069190" }),
	             MCTL_VERDICT_LICENSE_REQUIRED); /* no channel = customs */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "silver contacts", .code = "71069190", .channel = "postal" }),
	             MCTL_VERDICT_LICENSE_REQUIRED);
	mctl_result *res = run(minimal, (spec){ .desc = "silver contacts", .code = "71069190", .channel = "platform" });
	cr_assert_eq(mctl_result_item_action(res, 0), MCTL_ACTION_NONE);
	mctl_result_free(res);
	/* ... and is prohibited when routed through the transit group (TH, MX) */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "contacts", .code = "71069190", .to = "US", .route = { "TH", "US" } }),
	             MCTL_VERDICT_PROHIBITED);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "contacts", .code = "71069190", .to = "US", .route = { "SG" } }),
	             MCTL_VERDICT_LICENSE_REQUIRED);
}

Test(classify, evidence_offsets_on_multibyte_text)
{
	/* 高 纯 金 属 are 3 bytes each: 镓 starts at byte 12 */
	mctl_result *res = run(minimal, (spec){ .desc = "高纯金属镓锭 99.99%" });
	cr_assert_eq(mctl_result_evidence_start(res, 0), 12);
	cr_assert_eq(mctl_result_evidence_end(res, 0), 15);
	cr_assert_str_eq(mctl_result_evidence_text(res, 0), "镓");
	mctl_result_free(res);
	/* traditional 鎵 after 高純 */
	res = run(minimal, (spec){ .desc = "高純鎵" });
	cr_assert_eq(mctl_result_evidence_start(res, 0), 6);
	cr_assert_eq(mctl_result_evidence_end(res, 0), 9);
	mctl_result_free(res);
	/* fullwidth Latin (3 bytes each) folds to "gallium"; the span covers the original 21 bytes */
	res = run(minimal, (spec){ .desc = "ＧＡＬＬＩＵＭ ingot" });
	cr_assert(has_item(res, "t.ga-metal"));
	cr_assert_eq(mctl_result_evidence_start(res, 0), 0);
	cr_assert_eq(mctl_result_evidence_end(res, 0), 21);
	cr_assert_str_eq(mctl_result_evidence_text(res, 0), "ＧＡＬＬＩＵＭ");
	mctl_result_free(res);
	/* Cyrillic: "Галлий" is 12 bytes after "Металл " (13 bytes) */
	res = run(minimal, (spec){ .desc = "Металл Галлий" });
	cr_assert(has_item(res, "t.ga-metal"));
	cr_assert_eq(mctl_result_evidence_start(res, 0), 13);
	cr_assert_eq(mctl_result_evidence_end(res, 0), 25);
	mctl_result_free(res);
	/* the second description is searched and reported as such */
	res = run(minimal, (spec){ .desc = "metal", .desc2 = "金属镓" });
	cr_assert(has_item(res, "t.ga-metal"));
	cr_assert_eq(mctl_result_evidence_field(res, 0), MCTL_FIELD_DESCRIPTION2);
	cr_assert_eq(mctl_result_evidence_start(res, 0), 6);
	mctl_result_free(res);
}

Test(classify, invalid_utf8_is_flagged_and_screened)
{
	mctl_result *res = run(minimal, (spec){ .desc = "gallium \xff\xfe ingot \xe9\x95" });
	assert_verdict(res, MCTL_VERDICT_LICENSE_REQUIRED);
	cr_assert(mctl_result_has_flag(res, MCTL_FLAG_INVALID_UTF8));
	cr_assert_eq(mctl_result_evidence_start(res, 0), 0);
	cr_assert_eq(mctl_result_evidence_end(res, 0), 7);
	mctl_result_free(res);
	/* invalid bytes alone: the text cannot be read, so a person must look */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "\xc0\xaf\xed\xa0\x80" }), MCTL_VERDICT_REVIEW);
}

Test(classify, empty_record_is_clear)
{
	cr_assert_eq(verdict_of(minimal, (spec){ 0 }), MCTL_VERDICT_CLEAR);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "" }), MCTL_VERDICT_CLEAR);
}

Test(classify, record_setters_validate)
{
	mctl_record *r = NULL;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_TO, "USA", (size_t)-1, &err), MCTL_EINVAL);
	cr_assert_not_null(strstr(mctl_error_message(err), "USA"));
	mctl_error_free(err);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_TO, "UK", (size_t)-1, NULL), MCTL_EINVAL);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_DATE, "2025-02-30", (size_t)-1, NULL), MCTL_EINVAL);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_CHANNEL, "mail", (size_t)-1, NULL), MCTL_EINVAL);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_TO, "us", (size_t)-1, NULL), MCTL_OK);
	size_t n;
	cr_assert_str_eq(mctl_record_get(r, MCTL_FIELD_TO, &n), "US");
	cr_assert_eq(mctl_record_add_route(r, "ZZ", NULL), MCTL_EINVAL);
	cr_assert_eq(mctl_record_set_quantity(r, -1), MCTL_EINVAL);
	cr_assert_eq(mctl_record_set_value(r, 12.5), MCTL_OK);
	double v;
	cr_assert_eq(mctl_record_get_value(r, &v), 1);
	cr_assert_float_eq(v, 12.5, 1e-9);
	mctl_record_clear(r);
	cr_assert_null(mctl_record_get(r, MCTL_FIELD_TO, &n));
	cr_assert_eq(mctl_record_get_value(r, &v), 0);
	mctl_record_free(r);
	mctl_record_free(NULL);
	mctl_result_free(NULL);
	mctl_policy_unref(NULL);
}

Test(classify, bad_arguments)
{
	mctl_result *res = (mctl_result *)1;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_classify(minimal, NULL, &res, &err), MCTL_EINVAL);
	cr_assert_null(res);
	cr_assert_not_null(err);
	mctl_error_free(err);
	cr_assert_eq(mctl_classify(minimal, NULL, NULL, NULL), MCTL_EINVAL);
}

/* One policy, many threads: every thread must see the same answers. */
static void *worker(void *arg)
{
	const mctl_policy *p = arg;
	mctl_record *r = NULL;
	long bad = 0;
	if (mctl_record_new(&r, NULL))
		return (void *)1;
	for (int i = 0; i < 300; i++) {
		mctl_record_clear(r);
		mctl_record_set(r, MCTL_FIELD_DESCRIPTION, i % 2 ? "高纯镓锭" : "cotton shirts", (size_t)-1, NULL);
		mctl_record_set(r, MCTL_FIELD_TO, "US", 2, NULL);
		mctl_record_set(r, MCTL_FIELD_DATE, "2026-12-01", (size_t)-1, NULL);
		mctl_result *res = NULL;
		if (mctl_classify(p, r, &res, NULL) != MCTL_OK)
			bad++;
		else if (mctl_result_verdict(res) != (i % 2 ? MCTL_VERDICT_PROHIBITED : MCTL_VERDICT_CLEAR))
			bad++;
		mctl_result_free(res);
	}
	mctl_record_free(r);
	return (void *)bad;
}

Test(classify, shared_between_threads)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, worker, minimal), 0);
	for (int i = 0; i < 4; i++) {
		void *bad;
		pthread_join(t[i], &bad);
		cr_assert_eq((long)bad, 0);
	}
}

/* The shipped bundle: MOFCOM 2024 No. 46 clause 2 for gallium to the US. */
Test(shipped, cn_bundle_no46_dates)
{
	mctl_policy *p = must_load(SRCPATH("policies/cn"));
	struct { const char *date; mctl_verdict v; } cases[] = {
		{ "2023-07-31", MCTL_VERDICT_CLEAR },            /* No. 23 not yet effective */
		{ "2023-08-01", MCTL_VERDICT_LICENSE_REQUIRED }, /* No. 23 effective */
		{ "2024-12-02", MCTL_VERDICT_LICENSE_REQUIRED },
		{ "2024-12-03", MCTL_VERDICT_PROHIBITED },       /* No. 46 published */
		{ "2025-11-08", MCTL_VERDICT_PROHIBITED },
		{ "2025-11-09", MCTL_VERDICT_LICENSE_REQUIRED }, /* No. 72 suspends clause 2 */
		{ "2026-11-27", MCTL_VERDICT_LICENSE_REQUIRED }, /* last day of the suspension */
		{ "2026-11-28", MCTL_VERDICT_PROHIBITED },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		mctl_verdict v = verdict_of(p, (spec){ .desc = "gallium metal 4N", .code = "8112929090", .to = "US", .date = cases[i].date });
		cr_expect_eq(v, cases[i].v, "%s: got %s", cases[i].date, mctl_verdict_name(v));
	}
	/* clause 1 (military end use) is never suspended */
	cr_assert_eq(verdict_of(p, (spec){ .desc = "germanium wafers", .to = "US", .end_use = "military", .date = "2026-03-01" }),
	             MCTL_VERDICT_PROHIBITED);
	mctl_policy_unref(p);
}

/* Folding tables: Traditional -> Simplified, diacritics, look-alike letters. */
Test(classify, traditional_chinese_folds_to_simplified)
{
	/* the minimal lexicon lists 氧化镓 in Simplified only: 氧化鎵 must reach it */
	mctl_result *res = run(minimal, (spec){ .desc = "氧化鎵粉末 5N" });
	cr_assert(has_item(res, "t.ga-oxide"));
	cr_assert(!has_item(res, "t.ga-metal"));
	cr_assert_eq(mctl_result_evidence_start(res, 0), 0);
	cr_assert_eq(mctl_result_evidence_end(res, 0), 9);
	mctl_result_free(res);
}

Test(classify, diacritics_and_homoglyphs_fold)
{
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "GALLÏUM ingots" }), MCTL_VERDICT_LICENSE_REQUIRED);
	/* Cyrillic а (U+0430) inside a Latin word: "Gаllium" */
	mctl_result *res = run(minimal, (spec){ .desc = "G\xD0\xB0llium ingot" });
	cr_assert(has_item(res, "t.ga-metal"));
	cr_assert_eq(mctl_result_evidence_end(res, 0), 8); /* 7 letters, one of them 2 bytes */
	mctl_result_free(res);
	/* Greek ο (U+03BF) inside a formula: "Ga2Ο3" keeps working case-sensitively */
	res = run(minimal, (spec){ .desc = "Ga2\xCE\x9F" "3 powder" });
	cr_assert(has_item(res, "t.ga-oxide"));
	mctl_result_free(res);
	/* plain Russian still matches its own name */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "ГАЛЛИЙ металлический" }), MCTL_VERDICT_LICENSE_REQUIRED);
}

/* Tricks undone: letter-spacing, punctuation inside a word, digits for letters. */
Test(classify, obfuscation_is_undone_and_flagged)
{
	const char *tricks[] = { "G a l l i u m ingots", "G-a-l-l-i-u-m ingots", "G.a.l.l.i.u.m", "Gall1um ingots",
	                         "G\xD0\xB0llium ingot" /* Cyrillic а */ };
	for (size_t i = 0; i < sizeof tricks / sizeof tricks[0]; i++) {
		mctl_result *res = run(minimal, (spec){ .desc = tricks[i] });
		cr_expect(has_item(res, "t.ga-metal"), "%s", tricks[i]);
		cr_expect(mctl_result_has_flag(res, MCTL_FLAG_OBFUSCATED_TEXT), "%s", tricks[i]);
		mctl_result_free(res);
	}
	/* the span covers the spaced word in the original text */
	mctl_result *res = run(minimal, (spec){ .desc = "G a l l i u m ingots" });
	cr_assert_eq(mctl_result_evidence_start(res, 0), 0);
	cr_assert_eq(mctl_result_evidence_end(res, 0), 13);
	mctl_result_free(res);
	/* plain text in any script is not obfuscated */
	const char *plain[] = { "gallium ingots", "галлий", "ＧＡＬＬＩＵＭ", "金属镓", "GALLÏUM" };
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		res = run(minimal, (spec){ .desc = plain[i] });
		cr_expect(has_item(res, "t.ga-metal"), "%s", plain[i]);
		cr_expect(!mctl_result_has_flag(res, MCTL_FLAG_OBFUSCATED_TEXT), "%s", plain[i]);
		mctl_result_free(res);
	}
	/* ordinary spacing between words is left alone: "in got" is not "ingot" */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "a b c d" }), MCTL_VERDICT_CLEAR);
}

Test(classify, negation)
{
	const char *neg[] = { "gallium-free nail polish", "Gallium free alloy", "不含镓", "无镓焊料", "without gallium",
	                      "free of gallium", "no gallium", "ohne Gallium" };
	for (size_t i = 0; i < sizeof neg / sizeof neg[0]; i++) {
		mctl_result *res = run(minimal, (spec){ .desc = neg[i] });
		cr_expect_eq(mctl_result_verdict(res), MCTL_VERDICT_CLEAR, "%s", neg[i]);
		cr_expect_eq(mctl_result_item_count(res), 0, "%s", neg[i]);
		cr_expect_eq(mctl_result_evidence_count(res), 1, "%s", neg[i]);
		cr_expect(mctl_result_evidence_negated(res, 0), "%s", neg[i]);
		mctl_result_free(res);
	}
	/* not negations */
	const char *pos[] = { "gallium free shipping", "piano gallium", "gallium, lead-free packaging" };
	for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++)
		cr_expect_eq(verdict_of(minimal, (spec){ .desc = pos[i] }), MCTL_VERDICT_LICENSE_REQUIRED, "%s", pos[i]);
}

Test(classify, element_symbols_need_chemical_context)
{
	const char *yes[] = { "Ga 99.99%", "Ga 99,999 %", "Ga:5N", "6N Ga", "Ga ingot", "Ga-ingots 2 kg" };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		cr_expect_eq(verdict_of(minimal, (spec){ .desc = yes[i] }), MCTL_VERDICT_LICENSE_REQUIRED, "%s", yes[i]);
	const char *no[] = { "Ga", "Ga meeting notes", "GA 99.99%", "Gallery 5N", "Ga-shaped hooks", "MEGa 4N" };
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		cr_expect_eq(verdict_of(minimal, (spec){ .desc = no[i] }), MCTL_VERDICT_CLEAR, "%s", no[i]);
}

Test(classify, evidence_lists_other_materials_named)
{
	mctl_result *res = run(minimal, (spec){ .desc = "germanium tetrachloride" });
	cr_assert_eq(mctl_result_evidence_count(res), 2);
	cr_assert_str_eq(mctl_result_evidence_concept(res, 0), "tetrachloride"); /* fired the item */
	cr_assert_str_eq(mctl_result_evidence_concept(res, 1), "germanium");     /* named, excluded */
	cr_assert_eq(mctl_result_evidence_end(res, 1), 9);
	mctl_result_free(res);
}

Test(classify, near_miss_spellings)
{
	const char *typos[] = { "galium ingots", "Galliun metal", "gallimu 4N" };
	for (size_t i = 0; i < sizeof typos / sizeof typos[0]; i++) {
		mctl_result *res = run(minimal, (spec){ .desc = typos[i] });
		cr_expect(has_item(res, "t.ga-metal"), "%s", typos[i]);
		cr_expect(mctl_result_evidence_approximate(res, 0), "%s", typos[i]);
		cr_expect(!mctl_result_has_flag(res, MCTL_FLAG_OBFUSCATED_TEXT), "a typo is not a trick: %s", typos[i]);
		mctl_result_free(res);
	}
	const char *no[] = { "gallery", "Galliano dress", "germane remarks", "Gallia est omnis divisa" };
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		cr_expect_eq(verdict_of(minimal, (spec){ .desc = no[i] }), MCTL_VERDICT_CLEAR, "%s", no[i]);
}

/* Thresholds read from text (tests/data/valid/minimal/controls/thresholds.yaml). */
Test(classify, thresholds_from_text)
{
	struct { const char *desc; mctl_verdict v; } cases[] = {
		{ "antimony trioxide 99.99%", MCTL_VERDICT_LICENSE_REQUIRED },
		{ "antimony trioxide 99,995 %", MCTL_VERDICT_LICENSE_REQUIRED }, /* decimal comma */
		{ "antimony trioxide 99.8%", MCTL_VERDICT_CLEAR },               /* below: not the item */
		{ "antimony trioxide", MCTL_VERDICT_REVIEW },                    /* purity decides, unstated */
		{ "Sb2O3 4N", MCTL_VERDICT_LICENSE_REQUIRED },                   /* 4N = 99.99 % */
		{ "Sb2O3 5N5", MCTL_VERDICT_LICENSE_REQUIRED },                  /* 99.9995 % */
		{ "Sb2O3 3N", MCTL_VERDICT_CLEAR },                              /* 99.9 % */
		{ "三氧化二锑 纯度≥99.999%", MCTL_VERDICT_LICENSE_REQUIRED },
		{ "tungsten alloy containing 95% by weight of tungsten", MCTL_VERDICT_CLEAR },
		{ "tungsten alloy containing 98% tungsten", MCTL_VERDICT_LICENSE_REQUIRED },
		{ "tungsten heavy alloy W 97%", MCTL_VERDICT_LICENSE_REQUIRED },  /* the purity of W is its content */
		{ "W90Ni7Fe3 tungsten alloy", MCTL_VERDICT_CLEAR },               /* alloy notation: 90 % W */
		{ "W97Ni2Fe1 tungsten heavy alloy", MCTL_VERDICT_LICENSE_REQUIRED },
		{ "molybdenum powder 3 micron", MCTL_VERDICT_LICENSE_REQUIRED },
		{ "molybdenum powder 45um", MCTL_VERDICT_LICENSE_REQUIRED },
		{ "molybdenum powder ≤ 100 µm", MCTL_VERDICT_CLEAR },
		{ "molybdenum powder", MCTL_VERDICT_REVIEW },
		{ "battery cells 320 Wh/kg", MCTL_VERDICT_LICENSE_REQUIRED },
		{ "battery cells 150 Wh/kg", MCTL_VERDICT_CLEAR },
		{ "battery cells", MCTL_VERDICT_REVIEW },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		mctl_verdict v = verdict_of(minimal, (spec){ .desc = cases[i].desc });
		cr_expect_eq(v, cases[i].v, "%s: got %s, expected %s", cases[i].desc, mctl_verdict_name(v),
		             mctl_verdict_name(cases[i].v));
	}
	/* the value is evidence */
	mctl_result *res = run(minimal, (spec){ .desc = "Sb2O3 99.99%" });
	int found = 0;
	for (size_t i = 0; i < mctl_result_evidence_count(res); i++)
		if (strcmp(mctl_result_evidence_concept(res, i), "purity") == 0) {
			cr_assert_str_eq(mctl_result_evidence_text(res, i), "99.99%");
			cr_assert_eq(mctl_result_evidence_start(res, i), 6);
			found = 1;
		}
	cr_assert(found);
	mctl_result_free(res);
	/* a listed code names the grade: no threshold to read */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "antimony trioxide", .code = "2825800010" }),
	             MCTL_VERDICT_LICENSE_REQUIRED);
}

Test(classify, false_friends_are_not_misspellings)
{
	/* "allium" (onions) is one letter from "gallium": the lexicon lists it as a false friend */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "Allium tuberosum seeds" }), MCTL_VERDICT_CLEAR);
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "gallium seeds" }), MCTL_VERDICT_LICENSE_REQUIRED);
}

Test(classify, negation_carries_over_a_list)
{
	const char *neg[] = { "contains no gallium or germanium", "without gallium, germanium", "不含镓锗", "不含镓、锗" };
	for (size_t i = 0; i < sizeof neg / sizeof neg[0]; i++) {
		mctl_result *res = run(minimal, (spec){ .desc = neg[i] });
		cr_expect_eq(mctl_result_verdict(res), MCTL_VERDICT_CLEAR, "%s", neg[i]);
		for (size_t k = 0; k < mctl_result_evidence_count(res); k++)
			cr_expect(mctl_result_evidence_negated(res, k), "%s: evidence %zu", neg[i], k);
		mctl_result_free(res);
	}
	/* a list after a positive mention stays positive */
	cr_assert_eq(verdict_of(minimal, (spec){ .desc = "gallium-free solder, germanium wafers" }),
	             MCTL_VERDICT_LICENSE_REQUIRED);
}

Test(classify, transshipment_risk)
{
	mctl_result *res = run(minimal, (spec){ .desc = "germanium ingots", .to = "US", .route = { "TH", "US" } });
	cr_assert(mctl_result_has_flag(res, MCTL_FLAG_TRANSSHIPMENT_RISK));
	assert_verdict(res, MCTL_VERDICT_LICENSE_REQUIRED);
	mctl_result_free(res);
	res = run(minimal, (spec){ .desc = "germanium ingots", .to = "MX" });
	cr_assert(mctl_result_has_flag(res, MCTL_FLAG_TRANSSHIPMENT_RISK));
	mctl_result_free(res);
	res = run(minimal, (spec){ .desc = "germanium ingots", .to = "DE", .route = { "SG" } });
	cr_assert(!mctl_result_has_flag(res, MCTL_FLAG_TRANSSHIPMENT_RISK));
	mctl_result_free(res);
	/* only for the minerals the rule names */
	res = run(minimal, (spec){ .desc = "gallium ingots", .to = "MX" });
	cr_assert(!mctl_result_has_flag(res, MCTL_FLAG_TRANSSHIPMENT_RISK));
	mctl_result_free(res);
	/* and only within the jurisdiction */
	res = run(minimal, (spec){ .desc = "germanium ingots", .from = "DE", .to = "MX" });
	cr_assert(!mctl_result_has_flag(res, MCTL_FLAG_TRANSSHIPMENT_RISK));
	mctl_result_free(res);
}

/* tests/data/valid/edge-cases.yaml */
Test(edge, rules_reach_an_item_only_while_it_is_controlled)
{
	mctl_policy *p = must_load(SRCPATH("tests/data/valid/edge-cases.yaml"));
	/* the military rule runs from 2024-01-01, the cobalt item only from 2025-06-01 */
	mctl_result *res = run(p, (spec){ .desc = "cobalt", .to = "US", .end_use = "military", .date = "2025-01-01" });
	assert_verdict(res, MCTL_VERDICT_CLEAR);
	cr_assert_eq(mctl_result_item_count(res), 1);
	cr_assert_eq(mctl_result_item_action(res, 0), MCTL_ACTION_NONE);
	mctl_result_free(res);
	cr_assert_eq(verdict_of(p, (spec){ .desc = "cobalt", .to = "US", .end_use = "military", .date = "2025-06-01" }),
	             MCTL_VERDICT_PROHIBITED);
	cr_assert_eq(mctl_policy_item_in_force(p, 0, "2025-01-01"), 0);
	cr_assert_eq(mctl_policy_item_in_force(p, 0, "2025-06-01"), 1);
	mctl_policy_unref(p);
}

Test(edge, unreadable_threshold_gives_review_but_a_code_decides)
{
	mctl_policy *p = must_load(SRCPATH("tests/data/valid/edge-cases.yaml"));
	mctl_result *res = run(p, (spec){ .desc = "cubic press, bore 600 mm" });
	assert_verdict(res, MCTL_VERDICT_REVIEW);
	cr_assert_not_null(mctl_result_note(res));
	mctl_result_free(res);
	cr_assert_eq(verdict_of(p, (spec){ .desc = "cubic press", .code = "8479899900" }), MCTL_VERDICT_LICENSE_REQUIRED);
	mctl_policy_unref(p);
}

/* Builds `times` copies of unit followed by tail, in a new string. */
static char *repeat(const char *unit, size_t times, const char *tail)
{
	size_t ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(ul * times + tl + 1);
	cr_assert_not_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * ul, unit, ul);
	memcpy(s + ul * times, tail, tl + 1);
	return s;
}

Test(classify, a_field_with_too_many_mentions_is_flagged_not_trusted)
{
	/* Under the cap of 4,096 hits per field: every mention is examined, no flag. */
	char *few = repeat("gallium-free solder, ", 1000, "gallium metal ingots");
	mctl_result *res = run(minimal, (spec){ .desc = few, .to = "DE" });
	cr_assert(has_item(res, "t.ga-metal"), "the one real mention after 1,000 negated ones fires");
	cr_assert_not(mctl_result_has_flag(res, MCTL_FLAG_TRUNCATED_SCAN));
	mctl_result_free(res);
	free(few);
	/*
	 * Padding with 5,000 negated mentions pushes the real one past the cap: it
	 * is not examined, so the screen must not answer clear.
	 */
	char *padded = repeat("gallium-free solder, ", 5000, "gallium metal ingots");
	res = run(minimal, (spec){ .desc = padded, .to = "DE" });
	cr_assert(mctl_result_has_flag(res, MCTL_FLAG_TRUNCATED_SCAN));
	cr_assert_str_eq(mctl_flag_name(MCTL_FLAG_TRUNCATED_SCAN), "truncated_scan");
	cr_assert_geq(mctl_result_verdict(res), MCTL_VERDICT_REVIEW, "verdict %s",
	              mctl_verdict_name(mctl_result_verdict(res)));
	mctl_result_free(res);
	free(padded);
}
