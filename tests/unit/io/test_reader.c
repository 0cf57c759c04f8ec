/* The reader core: formats, options, opening, sniffing, the end, allocation failures. */
#include <fcntl.h>
#include <unistd.h>
#include "io_test.h"

Test(reader, format_names)
{
	cr_assert_str_eq(mctl_format_name(MCTL_FORMAT_AUTO), "auto");
	cr_assert_str_eq(mctl_format_name(MCTL_FORMAT_JSONL), "jsonl");
	cr_assert_str_eq(mctl_format_name(MCTL_FORMAT_CSV), "csv");
	cr_assert_str_eq(mctl_format_name(MCTL_FORMAT_WCO), "wco");
	cr_assert_null(mctl_format_name((mctl_format)4));
	static const struct { const char *name; mctl_format f; } names[] = {
		{ "jsonl", MCTL_FORMAT_JSONL }, { "NDJSON", MCTL_FORMAT_JSONL }, { "json", MCTL_FORMAT_JSONL },
		{ "Csv", MCTL_FORMAT_CSV }, { "wco", MCTL_FORMAT_WCO }, { "XML", MCTL_FORMAT_WCO },
		{ "auto", MCTL_FORMAT_AUTO },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		mctl_format f = (mctl_format)-1;
		cr_assert_eq(mctl_format_from_name(names[i].name, &f), MCTL_OK, "%s", names[i].name);
		cr_assert_eq(f, names[i].f, "%s", names[i].name);
	}
	mctl_format f;
	cr_assert_eq(mctl_format_from_name("yaml", &f), MCTL_EINVAL);
	cr_assert_eq(mctl_format_from_name(NULL, &f), MCTL_EINVAL);

	cr_assert_eq(mctl_format_from_path("a/b/decl.XML"), MCTL_FORMAT_WCO);
	cr_assert_eq(mctl_format_from_path("x.jsonl"), MCTL_FORMAT_JSONL);
	cr_assert_eq(mctl_format_from_path("x.ndjson"), MCTL_FORMAT_JSONL);
	cr_assert_eq(mctl_format_from_path("x.json"), MCTL_FORMAT_JSONL);
	cr_assert_eq(mctl_format_from_path("x.csv"), MCTL_FORMAT_CSV);
	cr_assert_eq(mctl_format_from_path("x.txt"), MCTL_FORMAT_AUTO);
	cr_assert_eq(mctl_format_from_path("dir.csv/file"), MCTL_FORMAT_AUTO);
	cr_assert_eq(mctl_format_from_path(".csv"), MCTL_FORMAT_AUTO, "a hidden file has no extension");
	cr_assert_eq(mctl_format_from_path("-"), MCTL_FORMAT_AUTO);
	cr_assert_eq(mctl_format_from_path(NULL), MCTL_FORMAT_AUTO);
}

Test(reader, options)
{
	mctl_reader_options o;
	cr_assert_eq(mctl_reader_options_init(&o), MCTL_OK);
	cr_assert_eq(o.version, MCTL_READER_OPTIONS_VERSION);
	cr_assert_eq(o.format, MCTL_FORMAT_AUTO);
	cr_assert_null(o.date);
	cr_assert_eq(mctl_reader_options_init(NULL), MCTL_EINVAL);

	mctl_reader *rd = (mctl_reader *)1;
	mctl_error *err = NULL;
	o.version = 99;
	cr_assert_eq(mctl_reader_open_memory(&rd, "x.csv", "", 0, &o, &err), MCTL_EINVAL);
	cr_assert_null(rd);
	cr_assert(strstr(mctl_error_message(err), "unknown version 99"));
	mctl_error_free(err);
	mctl_reader_options_init(&o);
	o.date = "2026-13-01";
	cr_assert_eq(mctl_reader_open_memory(&rd, "x.csv", "", 0, &o, &err), MCTL_EINVAL);
	cr_assert(strstr(mctl_error_message(err), "'2026-13-01' is not a calendar date"));
	mctl_error_free(err);
	cr_assert_eq(mctl_reader_open_memory(&rd, "x.csv", NULL, 3, NULL, NULL), MCTL_EINVAL);
	cr_assert_eq(mctl_reader_open(&rd, NULL, NULL, NULL), MCTL_EINVAL);
	cr_assert_eq(mctl_reader_open(NULL, "x", NULL, NULL), MCTL_EINVAL);
	cr_assert_eq(mctl_reader_next(NULL, NULL, NULL), MCTL_EINVAL);
	mctl_reader_free(NULL);
	cr_assert_null(mctl_reader_name(NULL));
	cr_assert_eq(mctl_reader_line(NULL), 0);
}

Test(reader, missing_file)
{
	mctl_reader *rd = NULL;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_reader_open(&rd, "/nonexistent/decl.xml", NULL, &err), MCTL_EIO);
	cr_assert_null(rd);
	cr_assert_str_eq(mctl_error_file(err), "/nonexistent/decl.xml");
	cr_assert(strstr(mctl_error_message(err), "cannot open"));
	mctl_error_free(err);
}

/* Without an extension, the first non-blank byte decides. */
Test(reader, sniffing)
{
	static const struct { const char *text; mctl_format f; } cases[] = {
		{ "\n  <Declaration/>", MCTL_FORMAT_WCO },
		{ "\xef\xbb\xbf{\"code\": \"811292\"}\n", MCTL_FORMAT_JSONL },
		{ "id,code\n1,811292\n", MCTL_FORMAT_CSV },
		{ "\"id\",\"code\"\n", MCTL_FORMAT_CSV },
		{ " \n\t\n", MCTL_FORMAT_JSONL },
		{ "", MCTL_FORMAT_JSONL },
	};
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		mctl_reader *rd = open_text("stream", cases[i].text, (size_t)-1, NULL);
		cr_assert_eq(mctl_reader_format(rd), cases[i].f, "case %zu", i);
		cr_assert_str_eq(mctl_reader_name(rd), "stream");
		mctl_reader_free(rd);
	}
	/* the named format wins over the extension */
	mctl_reader_options o = MCTL_READER_OPTIONS_INIT;
	o.format = MCTL_FORMAT_CSV;
	mctl_reader *rd = open_text("really.xml", "id,code\n1,811292\n", (size_t)-1, &o);
	cr_assert_eq(mctl_reader_format(rd), MCTL_FORMAT_CSV);
	expect_record(rd, r, 2);
	expect_done(rd, r);
	mctl_reader_free(rd);
	rd = open_text(NULL, "{}", (size_t)-1, NULL);
	cr_assert_str_eq(mctl_reader_name(rd), "<memory>");
	mctl_reader_free(rd);
	mctl_record_free(r);
}

/* A file and standard input, read through the file window rather than from memory. */
Test(reader, files_and_stdin)
{
	static const char text[] = "{\"code\": \"811292\"}\n{\"code\": \"2825600000\"}\n";
	char *path = write_temp(text, sizeof text - 1, "");
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	mctl_reader *rd = NULL;
	cr_assert_eq(mctl_reader_open(&rd, path, NULL, NULL), MCTL_OK);
	cr_assert_eq(mctl_reader_format(rd), MCTL_FORMAT_JSONL, "sniffed: the temp file has no extension");
	cr_assert_str_eq(mctl_reader_name(rd), path);
	expect_record(rd, r, 1);
	expect_record(rd, r, 2);
	expect_field(r, MCTL_FIELD_CODE, "2825600000");
	expect_done(rd, r);
	mctl_reader_free(rd);

	int fd = open(path, O_RDONLY);
	cr_assert(fd >= 0);
	cr_assert(dup2(fd, 0) == 0);
	close(fd);
	cr_assert_eq(mctl_reader_open(&rd, "-", NULL, NULL), MCTL_OK);
	cr_assert_str_eq(mctl_reader_name(rd), "<stdin>");
	expect_record(rd, r, 1);
	expect_record(rd, r, 2);
	expect_done(rd, r);
	mctl_reader_free(rd); /* standard input stays open */
	cr_assert(fcntl(0, F_GETFD) != -1);
	unlink(path);
	free(path);
	mctl_record_free(r);
}

/* Records longer than one read of the file window. */
Test(reader, records_across_the_file_window)
{
	size_t n = 200000;
	char *desc = malloc(n + 1);
	cr_assert_not_null(desc);
	for (size_t i = 0; i < n; i++)
		desc[i] = (char)('a' + i % 26);
	desc[n] = '\0';
	size_t cap = 2 * n + 200, len = 0;
	char *text = malloc(cap);
	len += (size_t)snprintf(text + len, cap - len, "id,description\n1,\"%s\"\n2,short\n", desc);
	char *path = write_temp(text, len, ".csv");
	mctl_reader_options o = MCTL_READER_OPTIONS_INIT;
	mctl_reader *rd = NULL;
	cr_assert_eq(mctl_reader_open(&rd, path, &o, NULL), MCTL_OK);
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	expect_record(rd, r, 2);
	expect_field(r, MCTL_FIELD_DESCRIPTION, desc);
	expect_record(rd, r, 3);
	expect_done(rd, r);
	mctl_reader_free(rd);
	unlink(path);
	free(path);
	free(text);
	free(desc);
	mctl_record_free(r);
}

/* ---- allocation failures ---- */

typedef struct counter {
	long live, total, fail_at;
} counter;

static void *c_malloc(size_t n, void *u)
{
	counter *c = u;
	if (c->fail_at && ++c->total == c->fail_at)
		return NULL;
	void *p = malloc(n);
	c->live += p != NULL;
	return p;
}

static void *c_realloc(void *p, size_t n, void *u)
{
	counter *c = u;
	if (c->fail_at && ++c->total == c->fail_at)
		return NULL;
	void *q = realloc(p, n);
	c->live += q && !p;
	return q;
}

static void c_free(void *p, void *u)
{
	counter *c = u;
	if (p) {
		c->live--;
		free(p);
	}
}

/*
 * Fails the k-th allocation of reading each format, for every k: every
 * failure comes back as a status, the reader then ends, and nothing made
 * through the hooks is left behind.
 */
Test(reader, every_allocation_failure_is_a_status)
{
	static const struct { const char *name, *text; int records; } inputs[] = {
		{ "a.jsonl", "{\"id\": \"1\", \"code\": \"811292\", \"route\": [\"TH\"]}\n{\"x\": 1}\n{\"code\": \"2\"}\n", 2 },
		{ "a.csv", "id,description,route\n1,\"Ga\",TH\n2,x,ZZZ\n3,y,\n", 2 },
		{ "a.xml", "<Declaration xmlns='urn:wco:datamodel:WCO:DEC-DMS:2'><FunctionalReferenceID>F</FunctionalReferenceID>"
		           "<GoodsShipment><Destination><CountryCode>US</CountryCode></Destination>"
		           "<GovernmentAgencyGoodsItem><Commodity><Description>Ga</Description></Commodity></GovernmentAgencyGoodsItem>"
		           "<GovernmentAgencyGoodsItem/>"
		           "<GovernmentAgencyGoodsItem><Commodity><Description>Ge</Description></Commodity></GovernmentAgencyGoodsItem>"
		           "</GoodsShipment></Declaration>", 2 },
	};
	for (size_t in = 0; in < sizeof inputs / sizeof inputs[0]; in++) {
		bool clean_run = false;
		for (long k = 1; k < 10000 && !clean_run; k++) {
			counter c = { 0, 0, k };
			mctl_allocator a = { c_malloc, c_realloc, c_free, &c };
			mctl_context *ctx = NULL;
			c.fail_at = 0;
			cr_assert_eq(mctl_context_new(&ctx, &a), MCTL_OK);
			long base = c.live;
			c.fail_at = k;
			c.total = 0;
			mctl_reader_options o = MCTL_READER_OPTIONS_INIT;
			o.ctx = ctx;
			mctl_reader *rd = NULL;
			mctl_record *r = NULL;
			int records = 0, nomem = 0, rc = mctl_reader_open_memory(&rd, inputs[in].name, inputs[in].text,
			                                                         strlen(inputs[in].text), &o, NULL);
			if (rc == MCTL_OK && mctl_record_new(&r, ctx) == MCTL_OK) {
				mctl_error *err = NULL;
				while ((rc = mctl_reader_next(rd, r, &err)) != MCTL_DONE) {
					cr_assert(rc <= 0);
					records += rc == MCTL_OK;
					nomem += rc == MCTL_ENOMEM;
					mctl_error_free(err);
					err = NULL;
				}
			} else {
				cr_assert(rc == MCTL_OK || rc == MCTL_ENOMEM, "%s: open gave %s", inputs[in].name,
				          mctl_strerror(rc));
				nomem = 1;
			}
			mctl_record_free(r);
			mctl_reader_free(rd);
			cr_assert_eq(c.live, base, "%s, failing allocation %ld: %ld blocks left", inputs[in].name, k,
			             c.live - base);
			if (c.total < k) { /* the k-th allocation never came: a clean run */
				cr_assert_eq(nomem, 0);
				cr_assert_eq(records, inputs[in].records, "%s", inputs[in].name);
				clean_run = true;
			}
			c.fail_at = 0;
			mctl_context_free(ctx);
		}
		cr_assert(clean_run, "%s never ran without a failure", inputs[in].name);
	}
}
