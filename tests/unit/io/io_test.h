/* Helpers shared by the reader tests. */
#ifndef MCTL_TESTS_IO_TEST_H
#define MCTL_TESTS_IO_TEST_H

#include "../../common.h"

static inline void log_error(const mctl_error *e)
{
	for (; e; e = mctl_error_next(e)) {
		char buf[1024];
		mctl_error_format(e, buf, sizeof buf);
		cr_log_error("%s", buf);
	}
}

/* Opens `len` bytes of `text` named `name` (its extension may decide the format). */
static inline mctl_reader *open_text(const char *name, const char *text, size_t len, const mctl_reader_options *o)
{
	mctl_reader *rd = NULL;
	mctl_error *err = NULL;
	int rc = mctl_reader_open_memory(&rd, name, text, len == (size_t)-1 ? strlen(text) : len, o, &err);
	log_error(err);
	mctl_error_free(err);
	cr_assert_eq(rc, MCTL_OK, "cannot open %s: %s", name ? name : "<memory>", mctl_strerror(rc));
	return rd;
}

/* Opens a file of the source tree. */
static inline mctl_reader *open_src(const char *rel, const mctl_reader_options *o)
{
	mctl_reader *rd = NULL;
	mctl_error *err = NULL;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", TEST_SRCDIR, rel);
	int rc = mctl_reader_open(&rd, path, o, &err);
	log_error(err);
	mctl_error_free(err);
	cr_assert_eq(rc, MCTL_OK, "cannot open %s: %s", path, mctl_strerror(rc));
	return rd;
}

/* The next call gives a record, starting at `line`. */
static inline void expect_record(mctl_reader *rd, mctl_record *r, unsigned line)
{
	mctl_error *err = NULL;
	int rc = mctl_reader_next(rd, r, &err);
	log_error(err);
	mctl_error_free(err);
	cr_assert_eq(rc, MCTL_OK, "expected a record at line %u, got %s", line, mctl_strerror(rc));
	cr_assert_eq(mctl_reader_line(rd), line, "record at line %u, expected %u", mctl_reader_line(rd), line);
}

/*
 * The next call gives an error with this status at this line and column
 * (0: not checked) whose message holds `part`; it names the reader's file.
 */
static inline void expect_error(mctl_reader *rd, mctl_record *r, int code, unsigned line, unsigned col,
                                const char *part)
{
	mctl_error *err = NULL;
	int rc = mctl_reader_next(rd, r, &err);
	cr_assert_eq(rc, code, "expected %s at line %u, got %s", mctl_strerror(code), line, mctl_strerror(rc));
	cr_assert_not_null(err);
	char buf[1024];
	mctl_error_format(err, buf, sizeof buf);
	cr_assert_eq(mctl_error_code(err), code, "%s", buf);
	cr_assert_eq(mctl_error_line(err), line, "%s: expected line %u", buf, line);
	if (col)
		cr_assert_eq(mctl_error_column(err), col, "%s: expected column %u", buf, col);
	cr_assert_str_eq(mctl_error_file(err), mctl_reader_name(rd));
	cr_assert_not_null(strstr(mctl_error_message(err), part), "'%s' not in: %s", part, buf);
	cr_assert_null(mctl_record_get(r, MCTL_FIELD_ID, NULL), "a bad record leaves the record empty");
	mctl_error_free(err);
}

static inline void expect_done(mctl_reader *rd, mctl_record *r)
{
	mctl_error *err = NULL;
	int rc = mctl_reader_next(rd, r, &err);
	log_error(err);
	mctl_error_free(err);
	cr_assert_eq(rc, MCTL_DONE, "expected the end, got %s", mctl_strerror(rc));
	cr_assert_eq(mctl_reader_next(rd, r, NULL), MCTL_DONE, "the end stays the end");
}

/* Asserts field f holds exactly `want` (NULL: unset). */
static inline void expect_field(const mctl_record *r, mctl_field f, const char *want)
{
	const char *got = mctl_record_get(r, f, NULL);
	if (!want)
		cr_assert_null(got, "%s should be unset, is '%s'", mctl_field_name(f), got);
	else {
		cr_assert_not_null(got, "%s should be '%s', is unset", mctl_field_name(f), want);
		cr_assert_str_eq(got, want, "%s", mctl_field_name(f));
	}
}

/* Asserts the route is exactly the space-separated list `want` ("" for none). */
static inline void expect_route(const mctl_record *r, const char *want)
{
	char got[512] = "";
	for (size_t i = 0; i < mctl_record_route_count(r); i++) {
		if (i)
			strcat(got, " ");
		strcat(got, mctl_record_route_at(r, i));
	}
	cr_assert_str_eq(got, want, "route");
}

/* Asserts the extra codes are exactly "TYPE:CODE TYPE:CODE" ("" for none). */
static inline void expect_codes(const mctl_record *r, const char *want)
{
	char got[1024] = "";
	for (size_t i = 0; i < mctl_record_code_count(r); i++) {
		if (i)
			strcat(got, " ");
		strcat(got, mctl_record_code_type(r, i));
		strcat(got, ":");
		strcat(got, mctl_record_code_value(r, i));
	}
	cr_assert_str_eq(got, want, "extra codes");
}

static inline void expect_quantity(const mctl_record *r, double want)
{
	double q = -1;
	cr_assert_eq(mctl_record_get_quantity(r, &q), 1, "quantity unset");
	cr_assert_float_eq(q, want, 1e-9, "quantity %g, expected %g", q, want);
}

static inline void expect_value(const mctl_record *r, double want)
{
	double v = -1;
	cr_assert_eq(mctl_record_get_value(r, &v), 1, "value unset");
	cr_assert_float_eq(v, want, 1e-9, "value %g, expected %g", v, want);
}

#endif
