/*
 * Classification of fuzzed records against the shipped policy. The input is
 * split at NUL bytes into fields: description, description2, code, origin,
 * from, to, date, channel, end use, route (comma-separated), quantity and
 * value (decimal text). Field setters may refuse values; classification must
 * not fail on any record, and its result must keep the API's promises
 * (evidence inside the field it names, items and flags in range, JSON that
 * jansson reads back).
 */
#include <string.h>
#include <jansson.h>
#include "fuzz.h"
#include <mineralctl.h>

static mctl_policy *policy;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *path = getenv("MINERALCTL_POLICY");
	if (!path || !*path)
		path = MCTL_SRC_POLICY_DIR "/cn";
	mctl_error *err = NULL;
	if (mctl_policy_load(&policy, path, NULL, &err) != MCTL_OK) {
		fprintf(stderr, "fuzz_classify: cannot load %s: %s\n", path, err ? mctl_error_message(err) : "?");
		exit(2);
	}
	return 0;
}

static const mctl_field order[] = {
	MCTL_FIELD_DESCRIPTION, MCTL_FIELD_DESCRIPTION2, MCTL_FIELD_CODE, MCTL_FIELD_ORIGIN,
	MCTL_FIELD_FROM,        MCTL_FIELD_TO,           MCTL_FIELD_DATE, MCTL_FIELD_CHANNEL,
	MCTL_FIELD_END_USE,
};
#define NORDER (sizeof order / sizeof order[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mctl_record *r = NULL;
	FUZZ_CHECK(mctl_record_new(&r, NULL) == MCTL_OK);
	const char *s = (const char *)data, *end = s + size;
	for (size_t k = 0; s <= end && k < NORDER + 3; k++) {
		const char *z = memchr(s, '\0', (size_t)(end - s));
		size_t len = z ? (size_t)(z - s) : (size_t)(end - s);
		if (k < NORDER) {
			mctl_error *err = NULL;
			int rc = mctl_record_set(r, order[k], s, len, &err);
			FUZZ_CHECK(rc == MCTL_OK || rc == MCTL_EINVAL || rc == MCTL_ELIMIT);
			FUZZ_CHECK((rc == MCTL_OK) == (err == NULL));
			mctl_error_free(err);
		} else {
			char tmp[64];
			size_t n = len < sizeof tmp - 1 ? len : sizeof tmp - 1;
			memcpy(tmp, s, n);
			tmp[n] = '\0';
			if (k == NORDER) {
				for (char *c = strtok(tmp, ","); c; c = strtok(NULL, ","))
					mctl_record_add_route(r, c, NULL);
			} else {
				double v = strtod(tmp, NULL);
				if (k == NORDER + 1)
					mctl_record_set_quantity(r, v);
				else
					mctl_record_set_value(r, v);
			}
		}
		if (!z)
			break;
		s = z + 1;
	}

	mctl_result *res = NULL;
	mctl_error *err = NULL;
	int rc = mctl_classify(policy, r, &res, &err);
	FUZZ_CHECK(rc == MCTL_OK || rc == MCTL_ENOMEM);
	if (rc == MCTL_OK) {
		FUZZ_CHECK(mctl_result_verdict(res) <= MCTL_VERDICT_PROHIBITED);
		for (size_t i = 0; i < mctl_result_item_count(res); i++) {
			FUZZ_CHECK(mctl_result_item_index(res, i) < mctl_policy_item_count(policy));
			FUZZ_CHECK(mctl_result_item_id(res, i) != NULL);
		}
		for (size_t i = 0; i < mctl_result_flag_count(res); i++)
			FUZZ_CHECK(mctl_result_flag_at(res, i) < MCTL_FLAG_COUNT_);
		for (size_t i = 0; i < mctl_result_evidence_count(res); i++) {
			size_t flen = 0;
			const char *f = mctl_record_get(r, mctl_result_evidence_field(res, i), &flen);
			size_t b = mctl_result_evidence_start(res, i), e = mctl_result_evidence_end(res, i);
			FUZZ_CHECK(f != NULL && b <= e && e <= flen);
		}
		char *json = NULL;
		FUZZ_CHECK(mctl_result_to_json(res, &json) == MCTL_OK);
		json_error_t jerr;
		json_t *o = json_loads(json, 0, &jerr);
		FUZZ_CHECK(o != NULL && json_is_object(o));
		json_decref(o);
		free(json);
	}
	mctl_error_free(err);
	mctl_result_free(res);
	mctl_record_free(r);
	return 0;
}
