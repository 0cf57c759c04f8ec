/* The JSON writer: shape and values, parsed back with jansson. */
#include <jansson.h>
#include "../../common.h"

static json_t *classify_json(const char *id, const char *desc, const char *code, const char *to, const char *date)
{
	mctl_policy *p = must_load(SRCPATH("tests/data/valid/minimal"));
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	if (id)
		mctl_record_set(r, MCTL_FIELD_ID, id, (size_t)-1, NULL);
	if (desc)
		mctl_record_set(r, MCTL_FIELD_DESCRIPTION, desc, (size_t)-1, NULL);
	if (code)
		mctl_record_set(r, MCTL_FIELD_CODE, code, (size_t)-1, NULL);
	if (to)
		mctl_record_set(r, MCTL_FIELD_TO, to, (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_DATE, date, (size_t)-1, NULL);
	mctl_result *res = NULL;
	cr_assert_eq(mctl_classify(p, r, &res, NULL), MCTL_OK);
	char *text = NULL;
	cr_assert_eq(mctl_result_to_json(res, &text), MCTL_OK);
	json_error_t jerr;
	json_t *o = json_loads(text, 0, &jerr);
	cr_assert_not_null(o, "invalid JSON: %s in %s", jerr.text, text);
	cr_assert_null(strchr(text, '\n'), "one line of JSON");
	free(text);
	mctl_result_free(res);
	mctl_record_free(r);
	mctl_policy_unref(p);
	return o;
}

Test(json, full_shape)
{
	json_t *o = classify_json("R-1", "金属镓 ingot", "8112929090", "US", "2026-12-01");
	cr_assert_str_eq(json_string_value(json_object_get(o, "id")), "R-1");
	cr_assert_str_eq(json_string_value(json_object_get(o, "verdict")), "prohibited");
	json_t *items = json_object_get(o, "items");
	cr_assert_eq(json_array_size(items), 1);
	json_t *it = json_array_get(items, 0);
	cr_assert_str_eq(json_string_value(json_object_get(it, "id")), "t.ga-metal");
	cr_assert_str_eq(json_string_value(json_object_get(it, "title")), "Gallium metal");
	cr_assert_str_eq(json_string_value(json_object_get(it, "announcement")), "Test base announcement");
	cr_assert_str_eq(json_string_value(json_object_get(it, "control_code")), "9X001.a");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(it, "minerals"), 0)), "gallium");
	cr_assert_str_eq(json_string_value(json_object_get(it, "action")), "prohibited");
	cr_assert_str_eq(json_string_value(json_object_get(it, "match")), "text+code");
	cr_assert_eq(json_array_size(json_object_get(o, "flags")), 0);
	json_t *ev = json_object_get(o, "evidence");
	cr_assert_eq(json_array_size(ev), 2);
	json_t *e0 = json_array_get(ev, 0);
	cr_assert_str_eq(json_string_value(json_object_get(e0, "field")), "description");
	cr_assert_eq(json_integer_value(json_object_get(e0, "start")), 6); /* 金属 = 6 bytes */
	cr_assert_eq(json_integer_value(json_object_get(e0, "end")), 9);
	cr_assert_str_eq(json_string_value(json_object_get(e0, "text")), "镓");
	cr_assert_str_eq(json_string_value(json_object_get(e0, "concept")), "gallium");
	json_t *e1 = json_array_get(ev, 1);
	cr_assert_str_eq(json_string_value(json_object_get(e1, "field")), "code");
	cr_assert_str_eq(json_string_value(json_object_get(e1, "concept")), "8112929090");
	json_t *pol = json_object_get(o, "policy");
	cr_assert_str_eq(json_string_value(json_object_get(pol, "bundle")), "test-minimal");
	cr_assert_str_eq(json_string_value(json_object_get(pol, "version")), "1.0");
	cr_assert_str_eq(json_string_value(json_object_get(o, "date")), "2026-12-01");
	cr_assert(json_is_true(json_object_get(o, "in_jurisdiction")));
	json_decref(o);
}

Test(json, clear_record_and_flags)
{
	json_t *o = classify_json(NULL, "cotton shirts", "61091", NULL, "2026-01-01");
	cr_assert(json_is_null(json_object_get(o, "id")));
	cr_assert_str_eq(json_string_value(json_object_get(o, "verdict")), "review");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(o, "flags"), 0)), "invalid_code");
	cr_assert_eq(json_array_size(json_object_get(o, "items")), 0);
	json_decref(o);
}

Test(json, invalid_utf8_never_breaks_the_output)
{
	json_t *o = classify_json("id\xff", "gallium \xfe", NULL, NULL, "2026-01-01");
	cr_assert_str_eq(json_string_value(json_object_get(o, "id")), "id\xef\xbf\xbd");
	json_decref(o);
}

Test(json, write_to_stream)
{
	mctl_policy *p = must_load(SRCPATH("tests/data/valid/minimal"));
	mctl_record *r = NULL;
	mctl_record_new(&r, NULL);
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "germanium", (size_t)-1, NULL);
	mctl_result *res = NULL;
	cr_assert_eq(mctl_classify(p, r, &res, NULL), MCTL_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(mctl_result_write_json(res, f), MCTL_OK);
	fclose(f);
	json_t *o = json_loads(buf, 0, NULL);
	cr_assert_not_null(o);
	cr_assert_str_eq(json_string_value(json_object_get(o, "verdict")), "license_required");
	json_decref(o);
	free(buf);
	cr_assert_eq(mctl_result_write_json(NULL, stdout), MCTL_EINVAL);
	mctl_result_free(res);
	mctl_record_free(r);
	mctl_policy_unref(p);
}
