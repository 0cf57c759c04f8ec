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

/*
 * The JSON is written directly, not through jansson; its bytes must stay
 * those of jansson's compact dump that callers have been parsing. The
 * reference is built here with jansson from the public accessors, over text
 * with every kind of character that needs care.
 */
static json_t *jtext(const char *s)
{
	return s ? json_string(s) : json_null();
}

Test(json, bytes_are_those_of_a_jansson_dump)
{
	mctl_policy *p = must_load(SRCPATH("tests/data/valid/minimal"));
	mctl_record *r = NULL;
	mctl_record_new(&r, NULL);
	/* quote, backslash, slash, controls (short and \u00XX escapes), DEL, é, U+2028, an emoji */
	static const char id[] = "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80";
	mctl_record_set(r, MCTL_FIELD_ID, id, (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "\"gallium\"\tingots, not gallium-free, galium; germanium", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_CODE, "8112929090", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_FROM, "DE", (size_t)-1, NULL); /* a note */
	mctl_record_set(r, MCTL_FIELD_DATE, "2026-12-01", (size_t)-1, NULL);
	mctl_result *res = NULL;
	cr_assert_eq(mctl_classify(p, r, &res, NULL), MCTL_OK);
	cr_assert_not_null(mctl_result_note(res));
	cr_assert_geq(mctl_result_evidence_count(res), 2);

	json_t *o = json_object();
	json_object_set_new(o, "id", jtext(mctl_result_id(res)));
	json_object_set_new(o, "verdict", json_string(mctl_verdict_name(mctl_result_verdict(res))));
	json_t *items = json_array();
	for (size_t i = 0; i < mctl_result_item_count(res); i++) {
		size_t idx = mctl_result_item_index(res, i);
		json_t *m = json_array();
		for (size_t k = 0; k < mctl_result_item_mineral_count(res, i); k++)
			json_array_append_new(m, json_string(mctl_result_item_mineral(res, i, k)));
		json_array_append_new(items, json_pack("{s:s,s:o,s:o,s:o,s:o,s:s,s:s}", "id", mctl_result_item_id(res, i),
		                                       "title", jtext(mctl_policy_item_title(p, idx, "en")), "announcement",
		                                       jtext(mctl_policy_item_announcement(p, idx)), "control_code",
		                                       jtext(mctl_policy_item_control_code(p, idx)), "minerals", m, "action",
		                                       mctl_action_name(mctl_result_item_action(res, i)), "match",
		                                       mctl_match_name(mctl_result_item_match(res, i))));
	}
	json_object_set_new(o, "items", items);
	json_t *flags = json_array();
	for (size_t i = 0; i < mctl_result_flag_count(res); i++)
		json_array_append_new(flags, json_string(mctl_flag_name(mctl_result_flag_at(res, i))));
	json_object_set_new(o, "flags", flags);
	json_t *ev = json_array();
	for (size_t i = 0; i < mctl_result_evidence_count(res); i++) {
		json_t *e = json_pack("{s:s,s:I,s:I,s:s,s:s}", "field", mctl_field_name(mctl_result_evidence_field(res, i)),
		                      "start", (json_int_t)mctl_result_evidence_start(res, i), "end",
		                      (json_int_t)mctl_result_evidence_end(res, i), "text", mctl_result_evidence_text(res, i),
		                      "concept", mctl_result_evidence_concept(res, i));
		if (mctl_result_evidence_negated(res, i))
			json_object_set_new(e, "negated", json_true());
		if (mctl_result_evidence_approximate(res, i))
			json_object_set_new(e, "approximate", json_true());
		json_array_append_new(ev, e);
	}
	json_object_set_new(o, "evidence", ev);
	json_object_set_new(o, "policy", json_pack("{s:s,s:s,s:s}", "bundle", mctl_policy_bundle(p), "version",
	                                           mctl_policy_version(p), "digest", mctl_policy_digest(p)));
	json_object_set_new(o, "date", json_string(mctl_result_date(res)));
	json_object_set_new(o, "in_jurisdiction", json_boolean(mctl_result_in_jurisdiction(res)));
	json_object_set_new(o, "note", json_string(mctl_result_note(res)));
	char *want = json_dumps(o, JSON_COMPACT);
	char *got = NULL;
	cr_assert_eq(mctl_result_to_json(res, &got), MCTL_OK);
	cr_assert_str_eq(got, want);
	cr_assert(strstr(got, "\\u0001\\u001F\x7f"), "upper-case \\u escapes, DEL as it is: %s", got);
	cr_assert(strstr(got, "\"negated\":true"), "a negated mention: %s", got);
	free(got);
	free(want);
	json_decref(o);
	mctl_result_free(res);
	mctl_record_free(r);
	mctl_policy_unref(p);
}
