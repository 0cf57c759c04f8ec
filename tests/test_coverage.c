/*
 * Coverage of the reference: every confirmed customs code that
 * shared/reference/cn-codes.csv lists for an announcement's item must lead,
 * in the shipped bundle, to an item of the same mineral. Skipped when the
 * reference is absent (set MINERALCTL_SHARED, or keep ../shared beside the tree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"

/* Splits one CSV line (quotes allowed) into at most n fields, in place. */
static int csv_split(char *line, char **f, int n)
{
	int k = 0;
	char *p = line, *w = line;
	while (k < n) {
		f[k++] = w;
		bool q = *p == '"';
		if (q)
			p++;
		while (*p && (q || (*p != ',' && *p != '\n' && *p != '\r'))) {
			if (q && *p == '"') {
				if (p[1] == '"') {
					*w++ = '"';
					p += 2;
					continue;
				}
				q = false;
				p++;
				continue;
			}
			*w++ = *p++;
		}
		bool more = *p == ',';
		*w = '\0';
		if (!more)
			break;
		p++;
		w = p;
	}
	return k;
}

/* The csv's mineral names that the bundle spells as another concept id. */
static const char *mineral_alias(const char *m)
{
	if (strcmp(m, "diamond") == 0)
		return "superhard";
	if (strcmp(m, "rare earth") == 0)
		return "rare-earth";
	return m;
}

/*
 * Reference lines left out of the bundle on purpose, each with the reason the
 * policy file gives: catch-all tariff lines that would name far more than the
 * controlled grade.
 */
static const struct { const char *announcement, *code, *why; } not_encoded[] = {
	{ "MOFCOM/GAC 2025 No. 55", "84798999", "catch-all 'other machines' line: DCPCVD fires by text" },
	{ "MOFCOM/GAC 2025 No. 58", "84798999", "catch-all 'other machines' line" },
	{ "MOFCOM/GAC 2025 No. 58", "85076000", "every Li-ion battery: the 300 Wh/kg threshold decides, read from text" },
	{ "MOFCOM/GAC 2025 No. 58", "28429040", "all LFP: the grade criteria decide" },
	{ "MOFCOM/GAC 2025 No. 56", "29319000", "all organo-phosphorus compounds: the extractant fires by name" },
	{ "MOFCOM/GAC 2025 No. 56", "29199000", "all phosphoric esters: the extractant fires by name" },
	{ "MOFCOM/GAC 2025 No. 56", "38249999", "catch-all chemical preparations: the extractant fires by name" },
};

Test(coverage, confirmed_reference_codes_are_in_the_bundle)
{
	const char *shared = getenv("MINERALCTL_SHARED");
	char path[4096];
	snprintf(path, sizeof path, "%s/reference/cn-codes.csv", shared && *shared ? shared : TEST_SRCDIR "/../shared");
	FILE *f = fopen(path, "r");
	if (!f)
		cr_skip_test("no %s: the coverage check needs shared/reference (set MINERALCTL_SHARED)", path);
	mctl_policy *p = must_load(SRCPATH("policies/cn"));
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	char line[4096];
	int checked = 0, missing = 0;
	while (fgets(line, sizeof line, f)) {
		char *fld[8];
		if (csv_split(line, fld, 8) != 8 || strcmp(fld[0], "announcement") != 0 || strcmp(fld[7], "yes") != 0)
			continue;
		bool skip = false;
		for (size_t k = 0; k < sizeof not_encoded / sizeof not_encoded[0] && !skip; k++)
			skip = strcmp(not_encoded[k].announcement, fld[1]) == 0 && strcmp(not_encoded[k].code, fld[5]) == 0;
		if (skip) {
			cr_log_info("not encoded on purpose: %s %s", fld[1], fld[5]);
			continue;
		}
		mctl_record_clear(r);
		mctl_record_set(r, MCTL_FIELD_CODE, fld[5], (size_t)-1, NULL);
		mctl_record_set(r, MCTL_FIELD_DATE, "2026-12-01", (size_t)-1, NULL);
		mctl_result *res = NULL;
		cr_assert_eq(mctl_classify(p, r, &res, NULL), MCTL_OK);
		bool ok = false;
		for (size_t i = 0; i < mctl_result_item_count(res) && !ok; i++)
			for (size_t j = 0; j < mctl_result_item_mineral_count(res, i) && !ok; j++) {
				const char *m = mctl_result_item_mineral(res, i, j);
				/* the csv lists minerals as "gallium;indium" */
				char *copy = strdup(fld[4]), *save = NULL;
				for (char *t = strtok_r(copy, ";", &save); t && !ok; t = strtok_r(NULL, ";", &save))
					ok = strcmp(mineral_alias(t), m) == 0;
				free(copy);
			}
		if (!ok) {
			missing++;
			cr_log_error("missing: %s %s (%s, %s) -> %zu item(s) of other minerals", fld[1], fld[5], fld[3], fld[4],
			             mctl_result_item_count(res));
		}
		checked++;
		mctl_result_free(res);
	}
	fclose(f);
	cr_log_info("%d confirmed codes checked, %d missing", checked, missing);
	cr_expect_gt(checked, 50);
	cr_expect_eq(missing, 0, "%d of %d confirmed reference codes do not lead to an item of their mineral", missing, checked);
	mctl_record_free(r);
	mctl_policy_unref(p);
}
