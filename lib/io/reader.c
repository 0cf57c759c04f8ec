/*
 * The reader: opens the input, settles the format, and hands each call to
 * the format module (jsonl.c, csv.c, wco.c), keeping the contract of
 * mineralctl/io.h - a bad record never stops the batch, a fatal error is
 * returned once and then MCTL_DONE.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include "io/reader.h"
#include "util/data.h"

static const char *const format_names[] = { "auto", "jsonl", "csv", "wco" };

const char *mctl_format_name(mctl_format f)
{
	return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : NULL;
}

int mctl_format_from_name(const char *name, mctl_format *out)
{
	static const struct { const char *name; mctl_format f; } names[] = {
		{ "auto", MCTL_FORMAT_AUTO }, { "jsonl", MCTL_FORMAT_JSONL }, { "ndjson", MCTL_FORMAT_JSONL },
		{ "json", MCTL_FORMAT_JSONL }, { "csv", MCTL_FORMAT_CSV }, { "wco", MCTL_FORMAT_WCO },
		{ "xml", MCTL_FORMAT_WCO },
	};
	if (!name || !out)
		return MCTL_EINVAL;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].f;
			return MCTL_OK;
		}
	return MCTL_EINVAL;
}

mctl_format mctl_format_from_path(const char *path)
{
	static const struct { const char *ext; mctl_format f; } exts[] = {
		{ ".jsonl", MCTL_FORMAT_JSONL }, { ".ndjson", MCTL_FORMAT_JSONL }, { ".json", MCTL_FORMAT_JSONL },
		{ ".csv", MCTL_FORMAT_CSV }, { ".xml", MCTL_FORMAT_WCO },
	};
	if (!path)
		return MCTL_FORMAT_AUTO;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return MCTL_FORMAT_AUTO;
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot, exts[i].ext) == 0)
			return exts[i].f;
	return MCTL_FORMAT_AUTO;
}

int mctl_reader_options_init(mctl_reader_options *opts)
{
	if (!opts)
		return MCTL_EINVAL;
	mctl_reader_options d = MCTL_READER_OPTIONS_INIT;
	*opts = d;
	return MCTL_OK;
}

/* ---- input window ---- */

/*
 * Reads what the input has now, up to n bytes: read(2), not fread, so that
 * records from a pipe or a FIFO are handled as they arrive instead of after
 * a whole chunk has accumulated. Sets eof at the end, io_errno on an error.
 */
static long read_some(mctl_reader *rd, unsigned char *to, size_t n)
{
	ssize_t got;
	do
		got = read(fileno(rd->fp), to, n);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		rd->io_errno = errno ? errno : EIO;
		rd->eof = true;
		return -1;
	}
	if (got == 0)
		rd->eof = true;
	return (long)got;
}

long mctl__io_fill(mctl_reader *rd)
{
	if (rd->pos < rd->len)
		return (long)(rd->len - rd->pos);
	if (rd->eof || !rd->fp)
		return 0;
	rd->offset += rd->len;
	rd->len = rd->pos = 0;
	long n = read_some(rd, rd->buf, rd->cap);
	if (n > 0)
		rd->len = (size_t)n;
	return n;
}

/*
 * Appends up to one more chunk to the window, keeping what it holds (for
 * sniffing the format). Returns the bytes added, 0 at the end, -1 on error.
 */
static long io_extend(mctl_reader *rd)
{
	if (rd->eof || !rd->fp)
		return 0;
	if (rd->cap - rd->len < MCTL_IO_CHUNK) {
		unsigned char *b = mctl__realloc(&rd->al, rd->buf, rd->len + MCTL_IO_CHUNK);
		if (!b)
			return -1;
		rd->buf = b;
		rd->cap = rd->len + MCTL_IO_CHUNK;
	}
	long n = read_some(rd, rd->buf + rd->len, MCTL_IO_CHUNK);
	if (n > 0)
		rd->len += (size_t)n;
	return n;
}

/* ---- diagnostics ---- */

void mctl__io_problem_set(mctl_io_problem *p, int code, unsigned line, unsigned col, const char *fmt, ...)
{
	if (p->code)
		return;
	p->code = code;
	p->line = line;
	p->col = col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
}

static int io_verror(const mctl_reader *rd, mctl_error **err, int code, unsigned line, unsigned col, size_t offset,
                     const char *fmt, va_list ap)
{
	if (!err)
		return code;
	mctl_errlist l;
	mctl__errlist_init(&l, &rd->al);
	mctl_pos pos = { rd->name, line, col, offset };
	mctl__errlist_vadd(&l, code, &pos, NULL, fmt, ap);
	mctl__errlist_finish(&l, err);
	return code;
}

int mctl__io_error(const mctl_reader *rd, mctl_error **err, int code, unsigned line, unsigned col, size_t offset,
                   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	io_verror(rd, err, code, line, col, offset, fmt, ap);
	va_end(ap);
	return code;
}

void mctl__io_warn(mctl_reader *rd, int code, unsigned line, unsigned col, const char *fmt, ...)
{
	mctl_pos pos = { rd->name, line, col, (size_t)-1 };
	va_list ap;
	va_start(ap, fmt);
	mctl__errlist_vadd(&rd->warnings, code, &pos, NULL, fmt, ap);
	va_end(ap);
}

/* ---- small parsers ---- */

int mctl__io_parse_number(const char *s, size_t len, double *out)
{
	/* Exact powers of ten up to 1e22 make m / 10^k correctly rounded while m < 2^53. */
	static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	size_t i = 0;
	uint64_t m = 0;
	int scale = 0; /* value = m * 10^scale */
	bool any = false;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		any = true;
		if (m < UINT64_C(100000000000000000)) {
			m = m * 10 + (uint64_t)(s[i] - '0');
		} else {
			scale++; /* digits beyond 17 significant ones only scale */
		}
		i++;
	}
	if (i < len && s[i] == '.') {
		i++;
		bool frac = false;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			frac = true;
			if (m < UINT64_C(100000000000000000)) {
				m = m * 10 + (uint64_t)(s[i] - '0');
				scale--;
			}
			i++;
		}
		if (!frac)
			return -1;
		any = true;
	}
	if (!any)
		return -1;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		int sign = 1;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			sign = s[i++] == '-' ? -1 : 1;
		if (i >= len || s[i] < '0' || s[i] > '9')
			return -1;
		int e = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (e < 10000)
				e = e * 10 + (s[i] - '0');
			i++;
		}
		scale += sign * e;
	}
	if (i != len)
		return -1;
	double v = (double)m;
	if (m == 0 || scale == 0) {
		*out = v;
	} else if (scale < 0 && scale >= -22 && m < (UINT64_C(1) << 53)) {
		*out = v / p10[-scale];
	} else if (scale > 0 && scale <= 22 && m < (UINT64_C(1) << 53)) {
		*out = v * p10[scale];
	} else { /* beyond the exact fast path: close, not always correctly rounded */
		int k = scale < 0 ? -scale : scale;
		double p = 1;
		while (k > 22) {
			p *= 1e22;
			k -= 22;
			if (p > 1e300) { /* out of range whatever k is left: infinity, or 0 when dividing */
				p = HUGE_VAL;
				k = 0;
			}
		}
		p *= p10[k];
		*out = scale < 0 ? v / p : v * p;
	}
	return 0;
}

const char *mctl__io_record_problem(const mctl_record *r)
{
	size_t l1 = 0, l2 = 0, l3 = 0;
	mctl_record_get(r, MCTL_FIELD_DESCRIPTION, &l1);
	mctl_record_get(r, MCTL_FIELD_DESCRIPTION2, &l2);
	mctl_record_get(r, MCTL_FIELD_CODE, &l3);
	return l1 || l2 || l3 ? NULL : "a record needs a description or a code";
}

unsigned mctl__io_chars(const char *s, size_t n)
{
	unsigned c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* ---- open, next, free ---- */

/* Settles an AUTO format from the first non-blank byte after a BOM. */
static int sniff(mctl_reader *rd)
{
	size_t i = 0;
	for (;;) {
		while (i < rd->len) {
			unsigned char c = rd->buf[i];
			if (i == 0 && rd->len >= 2 && ((c == 0xff && rd->buf[1] == 0xfe) || (c == 0xfe && rd->buf[1] == 0xff)))
				return MCTL_FORMAT_WCO; /* UTF-16: of our formats only XML can be */
			if (i == 0 && rd->len >= 3 && c == 0xef && rd->buf[1] == 0xbb && rd->buf[2] == 0xbf) {
				i = 3;
				continue;
			}
			if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
				i++;
				continue;
			}
			return c == '<' ? MCTL_FORMAT_WCO : c == '{' ? MCTL_FORMAT_JSONL : MCTL_FORMAT_CSV;
		}
		if (rd->len >= rd->max_record)
			return MCTL_FORMAT_CSV;
		long n = io_extend(rd);
		if (n < 0)
			return -1;
		if (n == 0)
			return MCTL_FORMAT_JSONL; /* empty or blank input: no records whatever the format */
	}
}

static int reader_open(mctl_reader **out, const char *path, const char *name, const void *mem, size_t len,
                       const mctl_reader_options *opts, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!out)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_reader_open: out is required");
	*out = NULL;
	mctl_reader_options dflt = MCTL_READER_OPTIONS_INIT;
	if (!opts)
		opts = &dflt;
	if (opts->version != MCTL_READER_OPTIONS_VERSION)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_reader_options: unknown version %u", opts->version);
	if ((unsigned)opts->format > MCTL_FORMAT_WCO)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_reader_options: unknown format %d", (int)opts->format);
	if (opts->date) {
		int32_t d;
		if (mctl__date_parse(opts->date, strlen(opts->date), &d) != 0)
			return mctl__error_set(err, MCTL_EINVAL, "date: '%.40s' is not a calendar date YYYY-MM-DD",
			                       opts->date);
	}
	mctl_alloc al;
	mctl__alloc_init(&al, opts->ctx);
	mctl_reader *rd = mctl__calloc(&al, 1, sizeof *rd);
	if (!rd)
		return mctl__error_set(err, MCTL_ENOMEM, "out of memory");
	rd->al = al;
	mctl__errlist_init(&rd->warnings, &rd->al);
	rd->warnings.max = 100;
	rd->max_record = opts->max_record_bytes ? opts->max_record_bytes : (size_t)16 << 20;
	rd->max_field = opts->max_field_bytes ? opts->max_field_bytes : (size_t)1 << 20;
	rd->max_text = opts->max_xml_text ? opts->max_xml_text : (size_t)1 << 20;
	rd->max_depth = opts->max_xml_depth ? opts->max_xml_depth : 128;
	if (rd->max_depth > 256)
		rd->max_depth = 256;
	if (opts->date)
		memcpy(rd->date, opts->date, 10);
	const char *shown = path ? (strcmp(path, "-") == 0 ? "<stdin>" : path) : (name ? name : "<memory>");
	rd->name = mctl__strndup(&rd->al, shown, strlen(shown));
	int rc = MCTL_OK;
	if (!rd->name) {
		rc = mctl__error_set(err, MCTL_ENOMEM, "out of memory");
		goto fail;
	}
	if (path) {
		if (strcmp(path, "-") == 0) {
			rd->fp = stdin;
		} else {
			rd->fp = fopen(path, "rb");
			if (!rd->fp) {
				rc = mctl__io_error(rd, err, MCTL_EIO, 0, 0, (size_t)-1, "cannot open: %s", strerror(errno));
				goto fail;
			}
			rd->own_fp = true;
		}
		rd->buf = mctl__malloc(&rd->al, MCTL_IO_CHUNK);
		rd->cap = MCTL_IO_CHUNK;
	} else {
		rd->buf = mctl__malloc(&rd->al, len);
		rd->cap = rd->len = len;
		rd->eof = true;
		if (rd->buf && len)
			memcpy(rd->buf, mem, len);
	}
	if (!rd->buf) {
		rc = mctl__error_set(err, MCTL_ENOMEM, "out of memory");
		goto fail;
	}
	rd->format = opts->format;
	if (rd->format == MCTL_FORMAT_AUTO)
		rd->format = mctl_format_from_path(path ? path : name);
	if (rd->format == MCTL_FORMAT_AUTO) {
		if (rd->fp && mctl__io_fill(rd) < 0 && rd->io_errno) {
			rc = mctl__io_error(rd, err, MCTL_EIO, 0, 0, (size_t)-1, "read error: %s", strerror(rd->io_errno));
			goto fail;
		}
		int f = sniff(rd);
		if (f < 0) {
			rc = rd->io_errno ? mctl__io_error(rd, err, MCTL_EIO, 0, 0, (size_t)-1, "read error: %s",
			                                   strerror(rd->io_errno))
			                  : mctl__error_set(err, MCTL_ENOMEM, "out of memory");
			goto fail;
		}
		rd->format = (mctl_format)f;
	}
	rd->ops = rd->format == MCTL_FORMAT_JSONL ? &mctl__jsonl_ops
	          : rd->format == MCTL_FORMAT_CSV ? &mctl__csv_ops : &mctl__wco_ops;
	if (rd->ops->init(rd) != MCTL_OK) {
		rc = mctl__error_set(err, MCTL_ENOMEM, "out of memory");
		goto fail;
	}
	*out = rd;
	return MCTL_OK;
fail:
	mctl_reader_free(rd);
	return rc;
}

int mctl_reader_open(mctl_reader **out, const char *path, const mctl_reader_options *opts, mctl_error **err)
{
	if (!path) {
		if (err)
			*err = NULL;
		if (out)
			*out = NULL;
		return mctl__error_set(err, MCTL_EINVAL, "mctl_reader_open: path is required");
	}
	return reader_open(out, path, NULL, NULL, 0, opts, err);
}

int mctl_reader_open_memory(mctl_reader **out, const char *name, const void *buf, size_t len,
                            const mctl_reader_options *opts, mctl_error **err)
{
	if (!buf && len) {
		if (err)
			*err = NULL;
		if (out)
			*out = NULL;
		return mctl__error_set(err, MCTL_EINVAL, "mctl_reader_open_memory: buf is NULL");
	}
	return reader_open(out, NULL, name, buf ? buf : "", len, opts, err);
}

void mctl_reader_free(mctl_reader *rd)
{
	if (!rd)
		return;
	if (rd->ops && rd->state)
		rd->ops->free(rd);
	if (rd->fp && rd->own_fp)
		fclose(rd->fp);
	mctl__errlist_finish(&rd->warnings, NULL);
	mctl_alloc al = rd->al;
	mctl__free(&al, rd->buf);
	mctl__free(&al, rd->name);
	mctl__free(&al, rd);
}

/* Gives a record without a date the options' date. */
static int default_date(const mctl_reader *rd, mctl_record *r, unsigned line, mctl_error **err)
{
	if (!rd->date[0] || mctl_record_get(r, MCTL_FIELD_DATE, NULL))
		return MCTL_OK;
	int rc = mctl_record_set(r, MCTL_FIELD_DATE, rd->date, 10, NULL);
	if (rc != MCTL_OK) {
		mctl_record_clear(r);
		return mctl__io_error(rd, err, rc, line, 0, (size_t)-1, "out of memory");
	}
	return MCTL_OK;
}

int mctl_reader_next(mctl_reader *rd, mctl_record *r, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!rd || !r)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_reader_next: reader and record are required");
	mctl_record_clear(r);
	if (rd->done)
		return MCTL_DONE;
	int rc = rd->ops->next(rd, r, err);
	if (rc == MCTL_DONE) {
		rd->done = true;
	} else if (rc < 0) {
		mctl_record_clear(r);
		if (rc == MCTL_ENOMEM)
			rd->fatal = true;
		if (rd->fatal)
			rd->done = true;
	} else if ((rc = default_date(rd, r, rd->line, err)) != MCTL_OK) {
		rd->done = true;
	}
	return rc;
}

int mctl_reader_next_text(mctl_reader *rd, const char **text, size_t *len, unsigned long long *offset,
                          mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!rd || !text || !len)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_reader_next_text: reader, text and len are required");
	if (!rd->ops->next_text)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_reader_next_text: %s records cannot be taken as text",
		                       mctl_format_name(rd->format));
	*text = NULL;
	*len = 0;
	if (rd->done)
		return MCTL_DONE;
	size_t off = 0;
	int rc = rd->ops->next_text(rd, text, len, &off, err);
	if (offset)
		*offset = off;
	if (rc == MCTL_DONE) {
		rd->done = true;
	} else if (rc < 0) {
		*text = NULL;
		*len = 0;
		if (rc == MCTL_ENOMEM)
			rd->fatal = true;
		if (rd->fatal)
			rd->done = true;
	}
	return rc;
}

int mctl_reader_parse_text(const mctl_reader *rd, const char *text, size_t len, unsigned line,
                           unsigned long long offset, mctl_record *r, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!rd || !r || (!text && len))
		return mctl__error_set(err, MCTL_EINVAL, "mctl_reader_parse_text: reader, text and record are required");
	if (!rd->ops->parse_text)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_reader_parse_text: %s records cannot be parsed from text",
		                       mctl_format_name(rd->format));
	mctl_record_clear(r);
	int rc = rd->ops->parse_text(rd, text ? text : "", len, line, (size_t)offset, r, err);
	if (rc < 0) {
		mctl_record_clear(r);
		return rc;
	}
	return default_date(rd, r, line, err);
}

mctl_format mctl_reader_format(const mctl_reader *rd) { return rd ? rd->format : MCTL_FORMAT_AUTO; }
const char *mctl_reader_name(const mctl_reader *rd) { return rd ? rd->name : NULL; }
unsigned mctl_reader_line(const mctl_reader *rd) { return rd ? rd->line : 0; }

unsigned long long mctl_reader_offset(const mctl_reader *rd)
{
	return rd ? (unsigned long long)(rd->offset + rd->pos) : 0;
}
const mctl_error *mctl_reader_warnings(const mctl_reader *rd) { return rd ? rd->warnings.head : NULL; }
