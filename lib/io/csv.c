/*
 * CSV in: RFC 4180, strictly - fields separated by ',', records by CRLF or
 * LF, quoted fields with doubled quotes and embedded line breaks, a UTF-8
 * BOM ignored. The first record is a header naming the record fields (see
 * README.md "Input formats" for the names and their aliases).
 *
 * A quoting mistake, a record with the wrong number of fields or a bad value
 * is an error for that record only, at its line and column; reading goes on
 * with the next record. Only a quote left open at the end of the file, a
 * header that names no field twice or none at all, and read errors stop it.
 */
#include <stdarg.h>
#include <string.h>
#include "io/reader.h"

/* Columns that are not text fields of the record. */
enum { COL_IGNORED = -1, COL_ROUTE = MCTL_FIELD_COUNT_, COL_QUANTITY, COL_VALUE, COL_KINDS_ };

static const struct { const char *name; int col; } header_names[] = {
	{ "id", MCTL_FIELD_ID },
	{ "description", MCTL_FIELD_DESCRIPTION },
	{ "goods_description", MCTL_FIELD_DESCRIPTION },
	{ "description2", MCTL_FIELD_DESCRIPTION2 },
	{ "code", MCTL_FIELD_CODE },
	{ "hs_code", MCTL_FIELD_CODE },
	{ "commodity_code", MCTL_FIELD_CODE },
	{ "tariff_code", MCTL_FIELD_CODE },
	{ "origin", MCTL_FIELD_ORIGIN },
	{ "country_of_origin", MCTL_FIELD_ORIGIN },
	{ "origin_country", MCTL_FIELD_ORIGIN },
	{ "from", MCTL_FIELD_FROM },
	{ "export_country", MCTL_FIELD_FROM },
	{ "country_of_export", MCTL_FIELD_FROM },
	{ "to", MCTL_FIELD_TO },
	{ "destination", MCTL_FIELD_TO },
	{ "destination_country", MCTL_FIELD_TO },
	{ "country_of_destination", MCTL_FIELD_TO },
	{ "date", MCTL_FIELD_DATE },
	{ "channel", MCTL_FIELD_CHANNEL },
	{ "end_use", MCTL_FIELD_END_USE },
	{ "unit", MCTL_FIELD_UNIT },
	{ "currency", MCTL_FIELD_CURRENCY },
	{ "route", COL_ROUTE },
	{ "quantity", COL_QUANTITY },
	{ "value", COL_VALUE },
};

typedef struct cell {
	size_t off, len;       /* bytes in csv.rec */
	unsigned line, col;    /* where the field starts */
} cell;

typedef struct csv {
	bool header_done;
	size_t ncols;
	int *col_kind;         /* per header column: mctl_field, COL_*, or COL_IGNORED */
	mctl_buf rec;          /* the current record's cells, each NUL-terminated */
	mctl_vec cells;        /* cell per field of the current record */
	unsigned line, col;    /* position of the next byte: line, characters read on it */
	/* the current record */
	unsigned rec_line;
	size_t rec_off;
	mctl_io_problem err;   /* first problem in it */
} csv;

static int csv_init(mctl_reader *rd)
{
	csv *c = mctl__calloc(&rd->al, 1, sizeof *c);
	if (!c)
		return MCTL_ENOMEM;
	mctl__buf_init(&c->rec, &rd->al);
	mctl__vec_init(&c->cells, &rd->al, sizeof(cell));
	c->line = 1;
	rd->state = c;
	return MCTL_OK;
}

static void csv_free(mctl_reader *rd)
{
	csv *c = rd->state;
	mctl__buf_free(&c->rec);
	mctl__vec_free(&c->cells);
	mctl__free(&rd->al, c->col_kind);
	mctl__free(&rd->al, c);
	rd->state = NULL;
}

/* The next byte, keeping line and column. */
static int next_byte(mctl_reader *rd, csv *c)
{
	int b = mctl__io_getc(rd);
	if (b == '\n') {
		c->line++;
		c->col = 0;
	} else if (b >= 0 && (b & 0xc0) != 0x80) {
		c->col++;
	}
	return b;
}

static int peek_byte(mctl_reader *rd)
{
	if (rd->pos >= rd->len && mctl__io_fill(rd) <= 0)
		return -1;
	return rd->buf[rd->pos];
}

static int start_cell(mctl_reader *rd, csv *c, unsigned line, unsigned col)
{
	cell *ce = mctl__vec_push(&c->cells);
	if (!ce)
		return MCTL_ENOMEM;
	ce->off = c->rec.len;
	ce->line = line;
	ce->col = col;
	(void)rd;
	return MCTL_OK;
}

static int end_cell(mctl_reader *rd, csv *c)
{
	cell *ce = &MCTL_VEC_AT(&c->cells, cell, c->cells.len - 1);
	ce->len = c->rec.len - ce->off;
	if (ce->len > rd->max_field)
		mctl__io_problem_set(&c->err, MCTL_ELIMIT, ce->line, ce->col, "field longer than the limit of %zu bytes", rd->max_field);
	return mctl__buf_putc(&c->rec, '\0');
}

static int put(mctl_reader *rd, csv *c, int b)
{
	if (c->rec.len >= rd->max_record) {
		mctl__io_problem_set(&c->err, MCTL_ELIMIT, c->rec_line, 1, "record longer than the limit of %zu bytes", rd->max_record);
		return MCTL_OK; /* keep reading to its end, dropping the bytes */
	}
	return mctl__buf_putc(&c->rec, (char)b);
}

enum { ST_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_SEEN };

/*
 * Reads one record into c->rec and c->cells. Returns 1 for a record, 0 at the
 * end of the input, MCTL_ENOMEM, MCTL_EIO (read error) or MCTL_ESYNTAX (a
 * quoted field still open at the end: c->err_* say where it opened).
 */
static int read_record(mctl_reader *rd, csv *c)
{
	c->rec.len = 0;
	c->cells.len = 0;
	c->err.code = 0;
	if (mctl__io_tell(rd) == 0 && peek_byte(rd) == 0xef) { /* a UTF-8 BOM */
		if (rd->len - rd->pos >= 3 && memcmp(rd->buf + rd->pos, "\xef\xbb\xbf", 3) == 0)
			rd->pos += 3;
	}
	c->rec_line = c->line;
	c->rec_off = mctl__io_tell(rd);
	int st = ST_START;
	unsigned qline = 0, qcol = 0;
	bool any = false;
	for (;;) {
		unsigned line = c->line, col = c->col + 1; /* of the byte about to be read */
		int b = next_byte(rd, c);
		if (b == -2)
			return MCTL_EIO;
		if (b == -1) {
			if (!any)
				return 0;
			if (st == ST_QUOTED) {
				c->err.code = 0;
				mctl__io_problem_set(&c->err, MCTL_ESYNTAX, qline, qcol, "quoted field not closed before the end of the file");
				return MCTL_ESYNTAX;
			}
			return end_cell(rd, c) ? MCTL_ENOMEM : 1;
		}
		if (!any && start_cell(rd, c, line, col))
			return MCTL_ENOMEM;
		any = true;
		bool end_rec = false;
		switch (st) {
		case ST_START:
		case ST_UNQUOTED:
			if (b == ',') {
				if (end_cell(rd, c) || start_cell(rd, c, c->line, c->col + 1))
					return MCTL_ENOMEM;
				st = ST_START;
			} else if (b == '\n') {
				end_rec = true;
			} else if (b == '\r' && peek_byte(rd) == '\n') {
				next_byte(rd, c);
				end_rec = true;
			} else if (b == '"' && st == ST_START) {
				st = ST_QUOTED;
				qline = line;
				qcol = col;
			} else {
				if (b == '"')
					mctl__io_problem_set(&c->err, MCTL_ESYNTAX, line, col, "quote inside an unquoted field (quote the whole field and double the quote)");
				else if (b == '\r')
					mctl__io_problem_set(&c->err, MCTL_ESYNTAX, line, col, "carriage return without a line feed outside quotes");
				if (put(rd, c, b))
					return MCTL_ENOMEM;
				st = ST_UNQUOTED;
			}
			break;
		case ST_QUOTED:
			if (b == '"')
				st = ST_QUOTE_SEEN;
			else if (put(rd, c, b))
				return MCTL_ENOMEM;
			break;
		case ST_QUOTE_SEEN:
			if (b == '"') {
				if (put(rd, c, b))
					return MCTL_ENOMEM;
				st = ST_QUOTED;
			} else if (b == ',') {
				if (end_cell(rd, c) || start_cell(rd, c, c->line, c->col + 1))
					return MCTL_ENOMEM;
				st = ST_START;
			} else if (b == '\n') {
				end_rec = true;
			} else if (b == '\r' && peek_byte(rd) == '\n') {
				next_byte(rd, c);
				end_rec = true;
			} else {
				mctl__io_problem_set(&c->err, MCTL_ESYNTAX, line, col, "'%c' after the closing quote of a field (a quote inside a quoted field is written \"\")",
				     b >= 0x20 && b < 0x7f ? b : '?');
				if (put(rd, c, b))
					return MCTL_ENOMEM;
				st = ST_UNQUOTED;
			}
			break;
		}
		if (end_rec)
			return end_cell(rd, c) ? MCTL_ENOMEM : 1;
	}
}

static const char *cell_text(csv *c, size_t i, size_t *len)
{
	cell *ce = &MCTL_VEC_AT(&c->cells, cell, i);
	const char *s = c->rec.data + ce->off;
	size_t n = ce->len;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}

/* Reads the header row. MCTL_OK, MCTL_DONE (empty input), or a fatal error. */
static int read_header(mctl_reader *rd, csv *c, mctl_error **err)
{
	int got;
	do {
		got = read_record(rd, c);
		rd->line = c->rec_line;
		if (got <= 0)
			break;
	} while (c->cells.len == 1 && MCTL_VEC_AT(&c->cells, cell, 0).len == 0); /* blank lines */
	if (got == 0)
		return MCTL_DONE;
	if (got == MCTL_ENOMEM)
		return MCTL_ENOMEM;
	rd->fatal = true;
	if (got == MCTL_EIO)
		return mctl__io_error(rd, err, MCTL_EIO, c->line, 0, (size_t)-1, "read error: %s", strerror(rd->io_errno));
	if (got < 0 || c->err.code)
		return mctl__io_error(rd, err, c->err.code, c->err.line, c->err.col, (size_t)-1, "header: %s", c->err.msg);
	c->ncols = c->cells.len;
	c->col_kind = mctl__calloc(&rd->al, c->ncols, sizeof *c->col_kind);
	if (!c->col_kind)
		return MCTL_ENOMEM;
	size_t known = 0;
	for (size_t i = 0; i < c->ncols; i++) {
		size_t len;
		const char *s = cell_text(c, i, &len);
		char name[64];
		size_t n = len < sizeof name - 1 ? len : sizeof name - 1;
		for (size_t k = 0; k < n; k++) {
			char ch = s[k];
			name[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch == ' ' || ch == '-' ? '_' : ch;
		}
		name[n] = '\0';
		c->col_kind[i] = COL_IGNORED;
		for (size_t k = 0; n == len && k < sizeof header_names / sizeof header_names[0]; k++)
			if (strcmp(name, header_names[k].name) == 0)
				c->col_kind[i] = header_names[k].col;
		cell *ce = &MCTL_VEC_AT(&c->cells, cell, i);
		if (c->col_kind[i] == COL_IGNORED) {
			mctl__io_warn(rd, MCTL_EINVAL, ce->line, ce->col, "column %zu '%.*s' is not a record field: ignored",
			              i + 1, (int)(len > 60 ? 60 : len), s);
			continue;
		}
		known++;
		for (size_t k = 0; k < i; k++)
			if (c->col_kind[k] == c->col_kind[i]) {
				size_t plen;
				const char *prev = cell_text(c, k, &plen);
				return mctl__io_error(rd, err, MCTL_EINVAL, ce->line, ce->col, (size_t)-1,
				                      "header: columns %zu '%.*s' and %zu '%.*s' name the same field", k + 1,
				                      (int)(plen > 60 ? 60 : plen), prev, i + 1, (int)(len > 60 ? 60 : len), s);
			}
	}
	if (!known)
		return mctl__io_error(rd, err, MCTL_EINVAL, c->rec_line, 1, (size_t)-1,
		                      "header: no column names a record field (a CSV file starts with a header row "
		                      "such as id,description,code,to)");
	rd->fatal = false;
	c->header_done = true;
	return MCTL_OK;
}

static int set_route(mctl_record *r, const char *s, size_t len, mctl_error **e)
{
	size_t i = 0;
	while (i < len) {
		while (i < len && (s[i] == ',' || s[i] == ';' || s[i] == ' ' || s[i] == '\t'))
			i++;
		size_t j = i;
		while (j < len && s[j] != ',' && s[j] != ';' && s[j] != ' ' && s[j] != '\t')
			j++;
		if (j > i) {
			char cc[8];
			size_t n = j - i < sizeof cc - 1 ? j - i : sizeof cc - 1;
			memcpy(cc, s + i, n);
			cc[n] = '\0';
			if (j - i >= sizeof cc)
				memcpy(cc + n - 3, "...", 3);
			int rc = mctl_record_add_route(r, cc, e);
			if (rc != MCTL_OK)
				return rc;
		}
		i = j;
	}
	return MCTL_OK;
}

static int fill_record(mctl_reader *rd, csv *c, mctl_record *r, mctl_error **err)
{
	for (size_t i = 0; i < c->ncols; i++) {
		int kind = c->col_kind[i];
		if (kind == COL_IGNORED)
			continue;
		size_t len;
		const char *s = cell_text(c, i, &len);
		if (len == 0)
			continue; /* an empty cell leaves the field unset */
		cell *ce = &MCTL_VEC_AT(&c->cells, cell, i);
		mctl_error *e = NULL;
		int rc = MCTL_OK;
		if (kind == COL_QUANTITY || kind == COL_VALUE) {
			const char *key = kind == COL_QUANTITY ? "quantity" : "value";
			double d;
			if (mctl__io_parse_number(s, len, &d) != 0)
				return mctl__io_error(rd, err, MCTL_EINVAL, ce->line, ce->col, c->rec_off,
				                      "'%s' must be a %snumber, not '%.*s'", key, *s == '-' ? "non-negative " : "",
				                      (int)(len > 40 ? 40 : len), s);
			rc = kind == COL_QUANTITY ? mctl_record_set_quantity(r, d) : mctl_record_set_value(r, d);
			if (rc != MCTL_OK)
				return mctl__io_error(rd, err, rc, ce->line, ce->col, c->rec_off,
				                      "'%s' must be a non-negative number", key);
			continue;
		}
		if (kind == COL_ROUTE)
			rc = set_route(r, s, len, &e);
		else
			rc = mctl_record_set(r, (mctl_field)kind, s, len, &e);
		if (rc != MCTL_OK) {
			mctl__io_error(rd, err, rc, ce->line, ce->col, c->rec_off, "%s",
			               e ? mctl_error_message(e) : "bad value");
			mctl_error_free(e);
			return rc;
		}
	}
	const char *why = mctl__io_record_problem(r);
	if (why)
		return mctl__io_error(rd, err, MCTL_EINVAL, c->rec_line, 1, c->rec_off, "%s", why);
	return MCTL_OK;
}

static int csv_next(mctl_reader *rd, mctl_record *r, mctl_error **err)
{
	csv *c = rd->state;
	if (!c->header_done) {
		int rc = read_header(rd, c, err);
		if (rc != MCTL_OK)
			return rc;
	}
	for (;;) {
		int got = read_record(rd, c);
		rd->line = c->rec_line;
		if (got == 0)
			return MCTL_DONE;
		if (got == MCTL_ENOMEM)
			return MCTL_ENOMEM;
		if (got == MCTL_EIO) {
			rd->fatal = true;
			return mctl__io_error(rd, err, MCTL_EIO, c->line, 0, (size_t)-1, "read error: %s", strerror(rd->io_errno));
		}
		if (got < 0) { /* a quote open to the end: nothing after it can be read */
			rd->fatal = true;
			return mctl__io_error(rd, err, c->err.code, c->err.line, c->err.col, c->rec_off, "%s", c->err.msg);
		}
		if (c->cells.len == 1 && MCTL_VEC_AT(&c->cells, cell, 0).len == 0 && !c->err.code)
			continue; /* blank line */
		if (c->err.code)
			return mctl__io_error(rd, err, c->err.code, c->err.line, c->err.col, c->rec_off, "%s", c->err.msg);
		if (c->cells.len != c->ncols) {
			cell *ce = &MCTL_VEC_AT(&c->cells, cell, c->cells.len > c->ncols ? c->ncols : c->cells.len - 1);
			return mctl__io_error(rd, err, MCTL_ESYNTAX, ce->line, ce->col, c->rec_off,
			                      "record has %zu fields, the header has %zu", c->cells.len, c->ncols);
		}
		return fill_record(rd, c, r, err);
	}
}

const mctl_io_ops mctl__csv_ops = { csv_init, csv_next, csv_free, NULL, NULL };
