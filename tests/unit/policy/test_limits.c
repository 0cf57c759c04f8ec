/*
 * Limits as data: every loader limit and the record field limit, each with
 * its default and set through the API, each exceeded with a clear
 * MCTL_ELIMIT diagnostic that has a position. Also the YAML alias budget:
 * aliases are refused by default, allowed within a budget, and a billion
 * laughs or a cycle never gets through.
 */
#include <unistd.h>
#include "../../common.h"

static char dir[4096];

static void setup(void)
{
	make_tmpdir(dir, sizeof dir, "limits");
}

static void teardown(void)
{
	remove_tmpdir(dir);
}

TestSuite(limits, .init = setup, .fini = teardown);

static const char *write_policy(const char *name, const char *text)
{
	static char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

#define HEAD                                                   \
	"bundle: limits\nversion: \"1\"\njurisdiction: CN\n"   \
	"announcements:\n  a.one: {title: One, effective: 2023-08-01}\n"

/* Loads path with o; returns the status, the first diagnostic in msg and its line in *line. */
static int load(const char *path, const mctl_load_options *o, char *msg, size_t n, unsigned *line)
{
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, path, o, &err);
	snprintf(msg, n, "%s", err ? mctl_error_message(err) : "");
	if (line)
		*line = err ? mctl_error_line(err) : 0;
	mctl_error_free(err);
	mctl_policy_unref(p);
	return rc;
}

static const char *aliased =
	HEAD
	"groups:\n  watch: &watch [TH, MX]\n"
	"concepts:\n  gallium: {names: {en: &ga [gallium, gallium metal]}}\n"
	"items:\n"
	"  - id: a.ga\n    title: Gallium\n    announcement: a.one\n    when: {any: [gallium]}\n"
	"    controls:\n      - action: license_required\n        destinations: *watch\n";

Test(limits, aliases_are_refused_by_default_and_allowed_within_a_budget)
{
	const char *path = write_policy("aliased.yaml", aliased);
	char msg[512];
	unsigned line;
	cr_assert_eq(load(path, NULL, msg, sizeof msg, &line), MCTL_ESYNTAX);
	cr_assert(strstr(msg, "aliases (*watch) are not allowed") != NULL, "%s", msg);
	cr_assert_eq(line, 17);

	mctl_load_options o;
	mctl_load_options_init(&o);
	o.alias_budget = 10;
	cr_assert_eq(load(path, &o, msg, sizeof msg, NULL), MCTL_OK, "%s", msg);
	/* The alias stands for its anchor's value: TH is a controlled destination. */
	mctl_policy *p = NULL;
	cr_assert_eq(mctl_policy_load(&p, path, &o, NULL), MCTL_OK);
	mctl_record *r = NULL;
	mctl_result *res = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "gallium metal", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_TO, "TH", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_DATE, "2026-01-05", (size_t)-1, NULL);
	cr_assert_eq(mctl_classify(p, r, &res, NULL), MCTL_OK);
	cr_assert_eq(mctl_result_verdict(res), MCTL_VERDICT_LICENSE_REQUIRED);
	mctl_result_free(res);
	mctl_record_set(r, MCTL_FIELD_TO, "DE", (size_t)-1, NULL);
	cr_assert_eq(mctl_classify(p, r, &res, NULL), MCTL_OK);
	cr_assert_eq(mctl_result_verdict(res), MCTL_VERDICT_CLEAR, "DE is not in the aliased list");
	mctl_result_free(res);
	mctl_record_free(r);
	mctl_policy_unref(p);

	/* *watch adds 3 nodes (the list and its two countries): a budget of 2 is too small. */
	o.alias_budget = 2;
	cr_assert_eq(load(path, &o, msg, sizeof msg, &line), MCTL_ELIMIT);
	cr_assert(strstr(msg, "more than 2 nodes (the alias budget)") != NULL, "%s", msg);
	cr_assert_eq(line, 17);
}

Test(limits, a_billion_laughs_stops_at_the_budget, .timeout = 10)
{
	/* Nine levels of ten aliases each: 10^9 nodes if expanded. */
	char text[4096] = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
	for (int i = 1; i < 10; i++) {
		char line[256];
		snprintf(line, sizeof line, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i,
		         i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
		strcat(text, line);
	}
	const char *path = write_policy("laughs.yaml", text);
	mctl_load_options o;
	mctl_load_options_init(&o);
	o.alias_budget = 100000;
	char msg[512];
	unsigned line;
	cr_assert_eq(load(path, &o, msg, sizeof msg, &line), MCTL_ELIMIT);
	cr_assert(strstr(msg, "alias budget") != NULL, "%s", msg);
	/* a0 is 11 nodes, a1 111, a2 1111, a3 11111: the budget runs out inside line 5 (a4). */
	cr_assert_eq(line, 5);
}

Test(limits, an_alias_cannot_make_a_cycle)
{
	const char *path = write_policy("cycle.yaml", HEAD "groups:\n  loop: &l [TH, *l]\n");
	mctl_load_options o;
	mctl_load_options_init(&o);
	o.alias_budget = 1000;
	char msg[512];
	unsigned line;
	cr_assert_eq(load(path, &o, msg, sizeof msg, &line), MCTL_ESYNTAX);
	cr_assert(strstr(msg, "refers to a node that contains it") != NULL, "%s", msg);
	cr_assert_eq(line, 7);
	path = write_policy("undefined.yaml", HEAD "groups:\n  loop: [TH, *nowhere]\n");
	cr_assert_eq(load(path, &o, msg, sizeof msg, &line), MCTL_ESYNTAX);
	cr_assert(strstr(msg, "refers to no anchor") != NULL, "%s", msg);
}

static const char *one_item =
	HEAD "concepts:\n  gallium: {names: {en: [gallium, gallium metal, metallic gallium]}}\n"
	"items:\n  - id: a.ga\n    title: Gallium\n    announcement: a.one\n    when: {any: [gallium]}\n"
	"    controls:\n      - action: license_required\n";

Test(limits, file_size_depth_and_pattern_length)
{
	const char *path = write_policy("one.yaml", one_item);
	char msg[512];
	unsigned line;
	mctl_load_options o;
	mctl_load_options_init(&o);
	cr_assert_eq(load(path, &o, msg, sizeof msg, NULL), MCTL_OK, "%s", msg);

	o.max_file_size = 100;
	cr_assert_eq(load(path, &o, msg, sizeof msg, NULL), MCTL_ELIMIT);
	cr_assert(strstr(msg, "limit of 100 bytes") != NULL, "%s", msg);

	mctl_load_options_init(&o);
	o.max_depth = 3; /* root map > concepts > gallium > names is four levels */
	cr_assert_eq(load(path, &o, msg, sizeof msg, &line), MCTL_ELIMIT);
	cr_assert(strstr(msg, "nesting deeper than 3 levels") != NULL, "%s", msg);
	cr_assert_eq(line, 7);

	mctl_load_options_init(&o);
	o.max_pattern = 15; /* "metallic gallium" is 16 bytes, "gallium metal" 13 */
	cr_assert_eq(load(path, &o, msg, sizeof msg, &line), MCTL_ELIMIT);
	cr_assert(strstr(msg, "longer than 15 bytes (the pattern limit)") != NULL, "%s", msg);
	cr_assert_eq(line, 7);
	o.max_pattern = 16;
	cr_assert_eq(load(path, &o, msg, sizeof msg, NULL), MCTL_OK, "%s", msg);
}

Test(limits, record_fields_have_a_size_limit)
{
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	size_t big = ((size_t)1 << 20) + 1;
	char *s = malloc(big);
	memset(s, 'a', big);
	mctl_error *err = NULL;
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_DESCRIPTION, s, big, &err), MCTL_ELIMIT, "the default is 1 MiB");
	cr_assert_str_eq(mctl_error_message(err), "description: 1048577 bytes, over the field limit of 1048576 bytes");
	mctl_error_free(err);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_DESCRIPTION, s, big - 1, NULL), MCTL_OK);
	cr_assert_eq(mctl_record_set_max_field(r, 10), MCTL_OK);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_CODE, "8112.92.90.90", (size_t)-1, NULL), MCTL_ELIMIT);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_CODE, "8112929090", (size_t)-1, NULL), MCTL_OK);
	cr_assert_eq(mctl_record_set_max_field(r, 0), MCTL_OK, "0 restores the default");
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_DESCRIPTION, s, big - 1, NULL), MCTL_OK);
	free(s);
	mctl_record_free(r);
}
