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

/*
 * Reading and parsing apart (mctl_reader_next_text + mctl_reader_parse_text)
 * gives what mctl_reader_next gives, record for record and error for error:
 * the same fields, default date, line, column, offset and file.
 */
static void same_error(const mctl_error *a, const mctl_error *b)
{
	cr_assert_eq(mctl_error_code(a), mctl_error_code(b));
	cr_assert_eq(mctl_error_line(a), mctl_error_line(b), "line %u vs %u", mctl_error_line(a), mctl_error_line(b));
	cr_assert_eq(mctl_error_column(a), mctl_error_column(b));
	cr_assert_eq(mctl_error_offset(a), mctl_error_offset(b));
	cr_assert_str_eq(mctl_error_file(a), mctl_error_file(b));
	cr_assert_str_eq(mctl_error_message(a), mctl_error_message(b));
}

Test(jsonl, text_then_parse_equals_next)
{
	static const char text[] =
		"\xef\xbb\xbf{\"id\": \"A\", \"description\": \"gallium\", \"to\": \"US\"}\r\n"
		"\n"
		"   \t\n"
		"{\"id\": \"B\", \"code\": \"81129290\", \"date\": \"2025-01-02\"}\n"
		"{\"id\": \"C\", \"description\": 5}\n"
		"{\"id\": \"D\", \"description\": \"x\", \"route\": [\"US\", 7]}\n"
		"{not json}\n"
		"{\"id\": \"E\", \"description\": \"" "0123456789012345678901234567890123456789" "\"}\n"
		"{\"id\": \"F\"}\n"
		"{\"id\": \"G\", \"description\": \"antimony\"}";
	mctl_reader_options o;
	mctl_reader_options_init(&o);
	o.date = "2026-12-01";
	o.max_record_bytes = 60; /* the line of E is longer: an error for it alone */
	mctl_reader *a = open_text("in.jsonl", text, (size_t)-1, &o);
	mctl_reader *b = open_text("in.jsonl", text, (size_t)-1, &o);
	mctl_record *ra = new_record(), *rb = new_record();
	unsigned records = 0, errors = 0;
	for (;;) {
		mctl_error *ea = NULL, *eb = NULL;
		int rca = mctl_reader_next(a, ra, &ea);
		const char *t = NULL;
		size_t len = 0;
		unsigned long long off = 0;
		int rcb = mctl_reader_next_text(b, &t, &len, &off, &eb);
		if (rcb == MCTL_OK) {
			char *copy = strndup(t, len); /* parsed from a copy, as another thread would */
			cr_assert_not_null(copy);
			cr_assert_eq(mctl_reader_line(b), mctl_reader_line(a));
			rcb = mctl_reader_parse_text(b, copy, len, mctl_reader_line(b), off, rb, &eb);
			free(copy);
		}
		cr_assert_eq(rcb, rca, "line %u: %s vs %s", mctl_reader_line(a), mctl_strerror(rcb), mctl_strerror(rca));
		if (rca == MCTL_DONE)
			break;
		if (rca == MCTL_OK) {
			records++;
			for (int f = 0; f < MCTL_FIELD_COUNT_; f++) {
				const char *va = mctl_record_get(ra, (mctl_field)f, NULL), *vb = mctl_record_get(rb, (mctl_field)f, NULL);
				cr_assert((va == NULL) == (vb == NULL) && (!va || strcmp(va, vb) == 0), "field %d", f);
			}
			cr_assert_eq(mctl_record_route_count(rb), mctl_record_route_count(ra));
		} else {
			errors++;
			same_error(ea, eb);
		}
		mctl_error_free(ea);
		mctl_error_free(eb);
	}
	/* by hand: records A (line 1), B (4), G (10); errors C (5), D (6), line 7, E (8, too long), F (9, no content) */
	cr_assert_eq(records, 3);
	cr_assert_eq(errors, 5);
	mctl_record_free(ra);
	mctl_record_free(rb);
	mctl_reader_free(a);
	mctl_reader_free(b);
}

Test(jsonl, text_gives_the_line_bytes_without_bom_or_break)
{
	mctl_reader *rd = open_text("in.jsonl", "\xef\xbb\xbf{\"id\": 1}\r\n\n{\"id\": 2}", (size_t)-1, NULL);
	const char *t;
	size_t len;
	unsigned long long off;
	cr_assert_eq(mctl_reader_next_text(rd, &t, &len, &off, NULL), MCTL_OK);
	cr_assert_eq(len, 10); /* the CR stays: JSON treats it as white space */
	cr_assert_eq(memcmp(t, "{\"id\": 1}\r", 10), 0);
	cr_assert_eq(off, 3);
	cr_assert_eq(mctl_reader_line(rd), 1);
	cr_assert_eq(mctl_reader_next_text(rd, &t, &len, NULL, NULL), MCTL_OK);
	cr_assert_eq(len, 9);
	cr_assert_eq(mctl_reader_line(rd), 3);
	cr_assert_eq(mctl_reader_next_text(rd, &t, &len, &off, NULL), MCTL_DONE);
	cr_assert_eq(mctl_reader_next_text(rd, &t, &len, &off, NULL), MCTL_DONE);
	mctl_reader_free(rd);
}

Test(jsonl, only_json_lines_can_be_taken_as_text)
{
	mctl_reader_options o;
	mctl_reader_options_init(&o);
	o.format = MCTL_FORMAT_CSV;
	mctl_reader *rd = open_text("in.csv", "id,description\nA,gallium\n", (size_t)-1, &o);
	const char *t;
	size_t len;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_reader_next_text(rd, &t, &len, NULL, &err), MCTL_EINVAL);
	cr_assert_not_null(strstr(mctl_error_message(err), "csv records cannot be taken as text"));
	mctl_error_free(err);
	mctl_record *r = new_record();
	cr_assert_eq(mctl_reader_parse_text(rd, "A,b", 3, 2, 0, r, NULL), MCTL_EINVAL);
	expect_record(rd, r, 2); /* nothing was read */
	expect_field(r, MCTL_FIELD_DESCRIPTION, "gallium");
	mctl_record_free(r);
	mctl_reader_free(rd);
}
