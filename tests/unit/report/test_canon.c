/*
 * Canonical record JSON (RFC 8785) and its SHA-256. Every expected digest was
 * computed outside the library: printf '%s' '<the canonical text>' | sha256sum.
 */
#include "../../common.h"
#include "report/report.h"

static mctl_record *rec(void)
{
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	return r;
}

static void set(mctl_record *r, mctl_field f, const char *s)
{
	cr_assert_eq(mctl_record_set(r, f, s, (size_t)-1, NULL), MCTL_OK, "set %s", s);
}

static void expect_canon(const mctl_record *r, const char *want, const char *want_sha)
{
	char *text = NULL;
	cr_assert_eq(mctl_record_to_json(r, &text), MCTL_OK);
	cr_assert_str_eq(text, want);
	free(text);
	if (want_sha) {
		char hex[65];
		cr_assert_eq(mctl_record_digest(r, hex), MCTL_OK);
		cr_assert_str_eq(hex, want_sha);
	}
}

Test(canon, empty_record)
{
	mctl_record *r = rec();
	expect_canon(r, "{}", "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
	mctl_record_free(r);
}

Test(canon, keys_sorted_values_as_stored)
{
	mctl_record *r = rec();
	/* set in another order than the canonical one; the country is stored upper-case */
	mctl_record_set_value(r, 1200.5);
	set(r, MCTL_FIELD_TO, "us");
	cr_assert_eq(mctl_record_add_route(r, "TH", NULL), MCTL_OK);
	cr_assert_eq(mctl_record_add_route(r, "mx", NULL), MCTL_OK);
	mctl_record_set_quantity(r, 5);
	set(r, MCTL_FIELD_ID, "A1");
	set(r, MCTL_FIELD_DESCRIPTION, "gallium ingots");
	set(r, MCTL_FIELD_DATE, "2026-12-01");
	expect_canon(r,
	             "{\"date\":\"2026-12-01\",\"description\":\"gallium ingots\",\"id\":\"A1\",\"quantity\":5,"
	             "\"route\":[\"TH\",\"MX\"],\"to\":\"US\",\"value\":1200.5}",
	             "68b85166e5e69ca0cfe3be3bb7862b7713ce354872fd760b1feed7787093df77");
	/* the same value reached another way has the same digest; clearing a field changes it */
	mctl_record_set(r, MCTL_FIELD_TO, NULL, 0, NULL);
	char hex[65];
	mctl_record_digest(r, hex);
	cr_assert_str_neq(hex, "68b85166e5e69ca0cfe3be3bb7862b7713ce354872fd760b1feed7787093df77");
	mctl_record_free(r);
}

Test(canon, components)
{
	mctl_record *r = rec();
	set(r, MCTL_FIELD_DESCRIPTION, "SmCo magnets");
	set(r, MCTL_FIELD_FROM, "JP");
	/* material lower-cased as stored; the unknown weight share is left out */
	cr_assert_eq(mctl_record_add_component(r, "Samarium", "cn", 0.2, -1, NULL), MCTL_OK);
	expect_canon(r,
	             "{\"components\":[{\"material\":\"samarium\",\"origin\":\"CN\",\"value_share\":0.2}],"
	             "\"description\":\"SmCo magnets\",\"from\":\"JP\"}",
	             "696351bfc16181b0cb87a48b1f36d849cf644449021200469ced81c4e33b60c2");
	cr_assert_eq(mctl_record_add_component(r, "dysprosium", NULL, -1, 3, NULL), MCTL_OK);
	char *text = NULL;
	mctl_record_to_json(r, &text);
	cr_assert(strstr(text, "},{\"material\":\"dysprosium\",\"weight_share\":3}]"), "%s", text);
	free(text);
	mctl_record_free(r);
}

Test(canon, string_escapes)
{
	mctl_record *r = rec();
	/* quote, backslash, LF, TAB, U+0001, é, U+2028, slash and DEL: only the first five are escaped */
	set(r, MCTL_FIELD_DESCRIPTION, "a\"b\\c\n\t\x01\xC3\xA9\xE2\x80\xA8/\x7F");
	expect_canon(r, "{\"description\":\"a\\\"b\\\\c\\n\\t\\u0001\xC3\xA9\xE2\x80\xA8/\x7F\"}", NULL);
	/* \b \f \r have short escapes; other controls are \u00xx in lower case */
	set(r, MCTL_FIELD_DESCRIPTION, "\b\f\r\x1F");
	expect_canon(r, "{\"description\":\"\\b\\f\\r\\u001f\"}", NULL);
	mctl_record_free(r);
}

Test(canon, invalid_utf8_as_hex)
{
	mctl_record *r = rec();
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "\xFF" "A\xC3", 3, NULL);
	set(r, MCTL_FIELD_ID, "X");
	expect_canon(r, "{\"description\":{\"hex\":\"ff41c3\"},\"id\":\"X\"}", NULL);
	mctl_record_free(r);
}

Test(canon, embedded_nul_is_kept)
{
	mctl_record *r = rec();
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "a\0b", 3, NULL);
	expect_canon(r, "{\"description\":\"a\\u0000b\"}", NULL);
	mctl_record_free(r);
}

/* ECMAScript Number::toString, as RFC 8785 requires: values checked against a JS engine */
Test(canon, numbers)
{
	static const struct { double x; const char *s; } cases[] = {
		{ 0, "0" },
		{ -0.0, "0" },
		{ 5, "5" },
		{ 100, "100" },
		{ 1200.5, "1200.5" },
		{ 0.1, "0.1" },
		{ 0.1 + 0.2, "0.30000000000000004" },
		{ 1e20, "100000000000000000000" },
		{ 1e21, "1e+21" },
		{ 1e23, "1e+23" },
		{ 0.000001, "0.000001" },
		{ 0.0000015, "0.0000015" },
		{ 1e-7, "1e-7" },
		{ 123e-20, "1.23e-18" },
		{ 333333333.3333333, "333333333.3333333" },
		{ 9007199254740992.0, "9007199254740992" },
		{ 5e-324, "5e-324" },
		{ 1.7976931348623157e308, "1.7976931348623157e+308" },
		{ -1.5, "-1.5" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[32];
		size_t n = mctl__json_number(cases[i].x, buf);
		cr_expect_str_eq(buf, cases[i].s, "%.17g", cases[i].x);
		cr_expect_eq(n, strlen(cases[i].s));
	}
}

Test(canon, bad_arguments)
{
	char *text = (char *)"x";
	char hex[65];
	cr_assert_eq(mctl_record_to_json(NULL, &text), MCTL_EINVAL);
	cr_assert_null(text);
	cr_assert_eq(mctl_record_to_json(NULL, NULL), MCTL_EINVAL);
	cr_assert_eq(mctl_record_digest(NULL, hex), MCTL_EINVAL);
}
