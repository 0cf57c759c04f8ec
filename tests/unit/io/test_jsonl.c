/* JSON Lines in: the keys of README.md, errors per line with their column. */
#include "io_test.h"

static mctl_record *new_record(void)
{
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	return r;
}

Test(jsonl, every_key)
{
	static const char text[] =
		"{\"id\": \"DEC-1\", \"description\": \"Gallium metal 4N\", \"description2\": \"金属镓\", "
		"\"code\": \"8112.92.90.90\", \"origin\": \"cn\", \"from\": \"CN\", \"to\": \"us\", \"date\": \"2026-12-01\", "
		"\"channel\": \"postal\", \"end_use\": \"research\", \"unit\": \"kg\", \"currency\": \"USD\", "
		"\"route\": [\"TH\", \"US\"], \"quantity\": 12.5, \"value\": 4000, "
		"\"components\": [{\"material\": \"Dysprosium\", \"origin\": \"CN\", \"value_share\": 0.2}], "
		"\"codes\": [{\"type\": \"TRA\", \"code\": \"B999\"}], \"unknown\": {\"ignored\": true}}\n";
	mctl_reader *rd = open_text("in.jsonl", text, (size_t)-1, NULL);
	cr_assert_eq(mctl_reader_format(rd), MCTL_FORMAT_JSONL);
	mctl_record *r = new_record();
	expect_record(rd, r, 1);
	expect_field(r, MCTL_FIELD_ID, "DEC-1");
	expect_field(r, MCTL_FIELD_DESCRIPTION, "Gallium metal 4N");
	expect_field(r, MCTL_FIELD_DESCRIPTION2, "金属镓");
	expect_field(r, MCTL_FIELD_CODE, "8112.92.90.90");
	expect_field(r, MCTL_FIELD_ORIGIN, "CN");
	expect_field(r, MCTL_FIELD_FROM, "CN");
	expect_field(r, MCTL_FIELD_TO, "US");
	expect_field(r, MCTL_FIELD_DATE, "2026-12-01");
	expect_field(r, MCTL_FIELD_CHANNEL, "postal");
	expect_field(r, MCTL_FIELD_END_USE, "research");
	expect_field(r, MCTL_FIELD_UNIT, "kg");
	expect_field(r, MCTL_FIELD_CURRENCY, "USD");
	expect_route(r, "TH US");
	expect_quantity(r, 12.5);
	expect_value(r, 4000);
	cr_assert_eq(mctl_record_component_count(r), 1);
	expect_codes(r, "TRA:B999");
	expect_done(rd, r);
	mctl_record_free(r);
	mctl_reader_free(rd);
}

Test(jsonl, blank_lines_bom_crlf_integer_ids_and_no_final_newline)
{
	static const char text[] = "\xef\xbb\xbf{\"id\": 42, \"code\": \"811292\"}\r\n"
	                           "\n"
	                           "   \t\r\n"
	                           "{\"description\": \"tungsten wire\", \"code\": \"\"}";
	mctl_reader *rd = open_text("in.jsonl", text, (size_t)-1, NULL);
	mctl_record *r = new_record();
	expect_record(rd, r, 1);
	expect_field(r, MCTL_FIELD_ID, "42");
	expect_field(r, MCTL_FIELD_CODE, "811292");
	expect_record(rd, r, 4);
	expect_field(r, MCTL_FIELD_ID, NULL);
	expect_field(r, MCTL_FIELD_CODE, NULL); /* an empty code is no code */
	expect_done(rd, r);
	mctl_record_free(r);
	mctl_reader_free(rd);
}

/* Each bad line is an error for itself; the lines after it are read. */
Test(jsonl, errors_name_line_and_column)
{
	static const char text[] =
		"{\"id\": \"a\", \"to\": \"XX\", \"description\": \"x\"}\n"          /* 1: "XX" at column 19 */
		"{\"description\": \"x\", \"route\": \"US\"}\n"                     /* 2: value at column 31 */
		"{\"description\": \"x\", \"quantity\": -1}\n"                      /* 3 */
		"{\"description\": \"x\", \"value\": \"12\"}\n"                     /* 4 */
		"{\"id\": \"only an id\"}\n"                                      /* 5 */
		"[1, 2]\n"                                                        /* 6 */
		"{\"description\": \"x\",}\n"                                     /* 7 */
		"{\"description\": \"x\", \"description\": \"y\"}\n"              /* 8 */
		"{\"description\": 7}\n"                                          /* 9 */
		"{\"description\": \"x\", \"components\": [{\"origin\": \"CN\"}]}\n" /* 10 */
		"{\"description\": \"x\", \"date\": \"2026-02-30\"}\n"            /* 11 */
		"{\"description\": \"caf\xe9\"}\n"                                /* 12: not UTF-8 */
		"{\"description\": \"ok\", \"channel\": \"platform\"}\n";         /* 13 */
	mctl_reader *rd = open_text("bad.jsonl", text, (size_t)-1, NULL);
	mctl_record *r = new_record();
	expect_error(rd, r, MCTL_EINVAL, 1, 19, "to: 'XX' is not an ISO 3166-1 alpha-2 country code");
	expect_error(rd, r, MCTL_EINVAL, 2, 31, "'route' must be an array of country codes");
	expect_error(rd, r, MCTL_EINVAL, 3, 34, "'quantity' must be a non-negative number");
	expect_error(rd, r, MCTL_EINVAL, 4, 31, "'value' must be a number");
	expect_error(rd, r, MCTL_EINVAL, 5, 0, "a record needs a description or a code");
	expect_error(rd, r, MCTL_EINVAL, 6, 0, "expected a JSON object per line");
	expect_error(rd, r, MCTL_ESYNTAX, 7, 0, "invalid JSON at column");
	expect_error(rd, r, MCTL_ESYNTAX, 8, 0, "duplicate object key");
	expect_error(rd, r, MCTL_EINVAL, 9, 17, "'description' must be a string");
	expect_error(rd, r, MCTL_EINVAL, 10, 36, "'components' must be an array of {material, origin");
	expect_error(rd, r, MCTL_EINVAL, 11, 30, "date: '2026-02-30' is not a calendar date");
	expect_error(rd, r, MCTL_ESYNTAX, 12, 0, "invalid JSON");
	expect_record(rd, r, 13);
	expect_field(r, MCTL_FIELD_CHANNEL, "platform");
	expect_done(rd, r);
	mctl_record_free(r);
	mctl_reader_free(rd);
}

Test(jsonl, limits_are_per_line)
{
	mctl_reader_options o = MCTL_READER_OPTIONS_INIT;
	o.max_record_bytes = 40;
	o.max_field_bytes = 8;
	static const char text[] = "{\"description\": \"12345678\"}\n"
	                           "{\"description\": \"123456789\"}\n"
	                           "{\"description\": \"a\", \"id\": \"this line is longer than forty\"}\n"
	                           "{\"code\": \"811292\"}\n";
	mctl_reader *rd = open_text("limits.jsonl", text, (size_t)-1, &o);
	mctl_record *r = new_record();
	expect_record(rd, r, 1);
	expect_error(rd, r, MCTL_ELIMIT, 2, 17, "'description' is longer than the limit of 8 bytes");
	expect_error(rd, r, MCTL_ELIMIT, 3, 0, "line longer than the limit of 40 bytes");
	expect_record(rd, r, 4);
	expect_done(rd, r);
	mctl_record_free(r);
	mctl_reader_free(rd);
}

Test(jsonl, default_date_only_where_none)
{
	mctl_reader_options o = MCTL_READER_OPTIONS_INIT;
	o.date = "2026-11-28";
	static const char text[] = "{\"code\": \"811292\"}\n{\"code\": \"811292\", \"date\": \"2024-01-02\"}\n";
	mctl_reader *rd = open_text("d.jsonl", text, (size_t)-1, &o);
	mctl_record *r = new_record();
	expect_record(rd, r, 1);
	expect_field(r, MCTL_FIELD_DATE, "2026-11-28");
	expect_record(rd, r, 2);
	expect_field(r, MCTL_FIELD_DATE, "2024-01-02");
	expect_done(rd, r);
	mctl_record_free(r);
	mctl_reader_free(rd);
}

/* The shipped example reads in full: 40 records, none in error. */
Test(jsonl, shipped_examples)
{
	mctl_reader *rd = open_src("examples/declarations.jsonl", NULL);
	mctl_record *r = new_record();
	int n = 0, rc;
	mctl_error *err = NULL;
	while ((rc = mctl_reader_next(rd, r, &err)) != MCTL_DONE) {
		log_error(err);
		cr_assert_eq(rc, MCTL_OK);
		n++;
		cr_assert_eq(mctl_reader_line(rd), (unsigned)n);
	}
	cr_assert_eq(n, 40);
	mctl_record_free(r);
	mctl_reader_free(rd);
}
