/* CSV in: RFC 4180 quoting, the header and its aliases, errors per record with line and column. */
#include "io_test.h"

static mctl_record *new_record(void)
{
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	return r;
}

Test(csv, every_field)
{
	static const char text[] =
		"id,description,description2,code,origin,from,to,date,channel,end_use,unit,currency,route,quantity,value\n"
		"C-1,Gallium metal 4N,金属镓,81129290,cn,CN,us,2026-12-01,platform,research,kg,USD,\"TH,VN;MY  US\",12.5,1.5e3\n";
	mctl_reader *rd = open_text("in.csv", text, (size_t)-1, NULL);
	cr_assert_eq(mctl_reader_format(rd), MCTL_FORMAT_CSV);
	mctl_record *r = new_record();
	expect_record(rd, r, 2);
	expect_field(r, MCTL_FIELD_ID, "C-1");
	expect_field(r, MCTL_FIELD_DESCRIPTION, "Gallium metal 4N");
	expect_field(r, MCTL_FIELD_DESCRIPTION2, "金属镓");
	expect_field(r, MCTL_FIELD_CODE, "81129290");
	expect_field(r, MCTL_FIELD_ORIGIN, "CN");
	expect_field(r, MCTL_FIELD_FROM, "CN");
	expect_field(r, MCTL_FIELD_TO, "US");
	expect_field(r, MCTL_FIELD_DATE, "2026-12-01");
	expect_field(r, MCTL_FIELD_CHANNEL, "platform");
	expect_field(r, MCTL_FIELD_END_USE, "research");
	expect_field(r, MCTL_FIELD_UNIT, "kg");
	expect_field(r, MCTL_FIELD_CURRENCY, "USD");
	expect_route(r, "TH VN MY US"); /* ',', ';' and blanks all separate */
	expect_quantity(r, 12.5);
	expect_value(r, 1500);
	expect_done(rd, r);
	cr_assert_null(mctl_reader_warnings(rd));
	mctl_record_free(r);
	mctl_reader_free(rd);
}

Test(csv, header_aliases_case_and_unknown_columns)
{
	static const char text[] = "\xef\xbb\xbfID,Goods Description,HS Code,Country of Origin,Destination,Weight,End-Use\r\n"
	                           "7, Tungsten wire ,8101 96 00,CN,JP,12,military\r\n";
	mctl_reader *rd = open_text("aliases.csv", text, (size_t)-1, NULL);
	mctl_record *r = new_record();
	expect_record(rd, r, 2);
	expect_field(r, MCTL_FIELD_ID, "7");
	expect_field(r, MCTL_FIELD_DESCRIPTION, "Tungsten wire"); /* blanks around a cell are dropped */
	expect_field(r, MCTL_FIELD_CODE, "8101 96 00");
	expect_field(r, MCTL_FIELD_ORIGIN, "CN");
	expect_field(r, MCTL_FIELD_TO, "JP");
	expect_field(r, MCTL_FIELD_END_USE, "military");
	cr_assert_eq(mctl_record_get_quantity(r, NULL), 0, "Weight is not quantity");
	expect_done(rd, r);
	const mctl_error *w = mctl_reader_warnings(rd);
	cr_assert_not_null(w);
	cr_assert_str_eq(mctl_error_message(w), "column 6 'Weight' is not a record field: ignored");
	cr_assert_eq(mctl_error_line(w), 1);
	/* the BOM is not a character: ID,Goods Description,HS Code,Country of Origin,Destination, */
	cr_assert_eq(mctl_error_column(w), 60);
	cr_assert_null(mctl_error_next(w));
	mctl_record_free(r);
	mctl_reader_free(rd);
}

Test(csv, quoting_per_rfc4180)
{
	static const char text[] = "id,description,to\r\n"
	                           "1,\"Gallium, 4N \"\"ingots\"\"\",US\r\n"
	                           "2,\"two\r\nlines\nof text\",\r\n"
	                           "3,\"\",\"JP\"\r\n"
	                           "\r\n"
	                           "4,last,KR";
	mctl_reader *rd = open_text("quotes.csv", text, (size_t)-1, NULL);
	mctl_record *r = new_record();
	expect_record(rd, r, 2);
	expect_field(r, MCTL_FIELD_DESCRIPTION, "Gallium, 4N \"ingots\"");
	expect_field(r, MCTL_FIELD_TO, "US");
	expect_record(rd, r, 3);
	expect_field(r, MCTL_FIELD_DESCRIPTION, "two\r\nlines\nof text"); /* line breaks in quotes are data */
	expect_field(r, MCTL_FIELD_TO, NULL);                             /* an empty cell sets nothing */
	expect_error(rd, r, MCTL_EINVAL, 6, 1, "a record needs a description or a code"); /* record 3 */
	expect_record(rd, r, 8); /* a blank line is skipped */
	expect_field(r, MCTL_FIELD_TO, "KR");
	expect_done(rd, r);
	mctl_record_free(r);
	mctl_reader_free(rd);
}

/* Malformed records are errors for themselves only; the record after each is read. */
Test(csv, errors_name_line_and_column)
{
	static const char text[] = "id,description,quantity\n"   /* 1 */
	                           "1,ab\"c,3\n"                   /* 2: quote at column 5 */
	                           "2,\"abc\"x,3\n"                /* 3: x at column 8 */
	                           "3,a,3,extra\n"                 /* 4: extra field at column 7 */
	                           "4,a\n"                         /* 5: last field at column 3 */
	                           "5,a,1,5\n"                     /* 6 */
	                           "6,a,1\r2\n"                    /* 7: CR at column 6 */
	                           "7,a,-2\n"                      /* 8: at column 5 */
	                           "8,a,1,5e\n"                    /* 9 */
	                           "9,a,twelve\n"                  /* 10 */
	                           "10,ok,2\n";                    /* 11 */
	mctl_reader *rd = open_text("bad.csv", text, (size_t)-1, NULL);
	mctl_record *r = new_record();
	expect_error(rd, r, MCTL_ESYNTAX, 2, 5, "quote inside an unquoted field");
	expect_error(rd, r, MCTL_ESYNTAX, 3, 8, "'x' after the closing quote");
	expect_error(rd, r, MCTL_ESYNTAX, 4, 7, "record has 4 fields, the header has 3");
	expect_error(rd, r, MCTL_ESYNTAX, 5, 3, "record has 2 fields, the header has 3");
	expect_error(rd, r, MCTL_ESYNTAX, 6, 7, "record has 4 fields");
	expect_error(rd, r, MCTL_ESYNTAX, 7, 6, "carriage return without a line feed");
	expect_error(rd, r, MCTL_EINVAL, 8, 5, "'quantity' must be a non-negative number, not '-2'");
	expect_error(rd, r, MCTL_ESYNTAX, 9, 7, "record has 4 fields");
	expect_error(rd, r, MCTL_EINVAL, 10, 5, "'quantity' must be a number, not 'twelve'");
	expect_record(rd, r, 11);
	expect_field(r, MCTL_FIELD_ID, "10");
	expect_quantity(r, 2);
	expect_done(rd, r);
	mctl_record_free(r);
	mctl_reader_free(rd);
}

Test(csv, quote_open_at_the_end_stops_the_file)
{
	static const char text[] = "id,description\n1,fine\n2,\"never\nclosed,\n3,lost\n";
	mctl_reader *rd = open_text("open.csv", text, (size_t)-1, NULL);
	mctl_record *r = new_record();
	expect_record(rd, r, 2);
	expect_error(rd, r, MCTL_ESYNTAX, 3, 3, "quoted field not closed before the end of the file");
	expect_done(rd, r);
	mctl_record_free(r);
	mctl_reader_free(rd);
}

Test(csv, bad_headers_stop_the_file)
{
	mctl_record *r = new_record();
	mctl_reader *rd = open_text("dup.csv", "id,code,HS_Code\n1,2,3\n", (size_t)-1, NULL);
	expect_error(rd, r, MCTL_EINVAL, 1, 9, "columns 2 'code' and 3 'HS_Code' name the same field");
	expect_done(rd, r);
	mctl_reader_free(rd);

	rd = open_text("none.csv", "name,weight\nx,1\n", (size_t)-1, NULL);
	expect_error(rd, r, MCTL_EINVAL, 1, 1, "no column names a record field");
	expect_done(rd, r);
	mctl_reader_free(rd);

	rd = open_text("quote.csv", "id,desc\"ription\n", (size_t)-1, NULL);
	expect_error(rd, r, MCTL_ESYNTAX, 1, 8, "header: quote inside an unquoted field");
	expect_done(rd, r);
	mctl_reader_free(rd);

	/* nothing at all, and a header alone: no records */
	rd = open_text("empty.csv", "", 0, NULL);
	expect_done(rd, r);
	mctl_reader_free(rd);
	rd = open_text("header.csv", "\n\nid,code\r\n", (size_t)-1, NULL);
	expect_done(rd, r);
	mctl_reader_free(rd);
	mctl_record_free(r);
}

Test(csv, limits)
{
	mctl_reader_options o = MCTL_READER_OPTIONS_INIT;
	o.max_field_bytes = 4;
	o.max_record_bytes = 12;
	static const char text[] = "id,code\n"
	                           "1,1234\n"
	                           "2,12345\n"
	                           "3,\"1\n2\",\"abcdefghijk\"\n"
	                           "4,9999\n";
	mctl_reader *rd = open_text("limits.csv", text, (size_t)-1, &o);
	mctl_record *r = new_record();
	expect_record(rd, r, 2);
	expect_error(rd, r, MCTL_ELIMIT, 3, 3, "field longer than the limit of 4 bytes");
	expect_error(rd, r, MCTL_ELIMIT, 4, 1, "record longer than the limit of 12 bytes");
	expect_record(rd, r, 6);
	expect_field(r, MCTL_FIELD_CODE, "9999");
	expect_done(rd, r);
	mctl_record_free(r);
	mctl_reader_free(rd);
}
