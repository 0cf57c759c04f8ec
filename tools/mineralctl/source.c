/* mineralctl: reading records (JSON Lines) for screen and replay. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "source.h"

#define BLOCK (256u << 10)

/* ---------------- lines ---------------- */

int linereader_init(linereader *lr, FILE *fp, size_t max)
{
	memset(lr, 0, sizeof *lr);
	lr->fp = fp;
	lr->max = max;
	lr->block = malloc(BLOCK);
	return lr->block ? 0 : -1;
}

void linereader_free(linereader *lr)
{
	free(lr->block);
	free(lr->line);
	memset(lr, 0, sizeof *lr);
}

/* Appends n bytes to the pending line, unless it is already too long. */
static int keep(linereader *lr, const char *p, size_t n, int *too_long)
{
	if (*too_long)
		return 0;
	if (lr->len + n > lr->max) {
		*too_long = 1;
		return 0;
	}
	return cli_append(&lr->line, &lr->len, &lr->cap, 4096, p, n);
}

int linereader_next(linereader *lr, const char **line, size_t *len)
{
	int too_long = 0, any = 0;
	lr->len = 0;
	for (;;) {
		if (lr->pos == lr->end) {
			lr->pos = 0;
			lr->end = fread(lr->block, 1, BLOCK, lr->fp);
			if (lr->end == 0) {
				if (ferror(lr->fp)) {
					lr->error = errno ? errno : EIO;
					return -2;
				}
				if (!any)
					return 0;
				break; /* a last line without LF */
			}
		}
		any = 1;
		char *start = lr->block + lr->pos;
		size_t avail = lr->end - lr->pos;
		char *nl = memchr(start, '\n', avail);
		size_t n = nl ? (size_t)(nl - start) : avail;
		lr->pos += n + (nl ? 1 : 0);
		lr->offset += n + (nl ? 1 : 0);
		if (nl && lr->len == 0 && !too_long && n <= lr->max) { /* the whole line is in the block */
			*line = start;
			*len = n;
			return 1;
		}
		if (keep(lr, start, n, &too_long) != 0) {
			lr->error = ENOMEM;
			return -2;
		}
		if (nl)
			break;
	}
	if (too_long)
		return -1;
	*line = lr->line ? lr->line : "";
	*len = lr->len;
	return 1;
}

/* ---------------- records and sources ---------------- */

const char source_formats[] = "jsonl, csv or wco";

int source_format_known(const char *format)
{
	mctl_format f;
	return mctl_format_from_name(format, &f) == MCTL_OK && f != MCTL_FORMAT_AUTO;
}

/* msg = the diagnostic's message (the line goes in the report's own column). */
static void message_of(const mctl_error *e, int rc, char *msg, size_t msz)
{
	snprintf(msg, msz, "%s", e ? mctl_error_message(e) : mctl_strerror(rc));
}

int record_from_json(mctl_record *r, json_t *o, char *msg, size_t msz)
{
	char *text = json_dumps(o, JSON_COMPACT);
	if (!text) {
		snprintf(msg, msz, "out of memory");
		return -1;
	}
	mctl_reader_options ro;
	mctl_reader_options_init(&ro);
	ro.format = MCTL_FORMAT_JSONL;
	mctl_reader *rd = NULL;
	mctl_error *err = NULL;
	int rc = mctl_reader_open_memory(&rd, "record", text, strlen(text), &ro, &err);
	free(text);
	if (rc == MCTL_OK)
		rc = mctl_reader_next(rd, r, &err);
	if (rc != MCTL_OK)
		message_of(err, rc == MCTL_DONE ? MCTL_EINVAL : rc, msg, msz);
	mctl_error_free(err);
	mctl_reader_free(rd);
	return rc == MCTL_OK ? 0 : -1;
}

/* SOURCE_OK, or SOURCE_BAD with msg and *line from err (which is freed). */
static int outcome(int rc, mctl_error *err, size_t *line, char *msg, size_t msz)
{
	if (rc == MCTL_OK)
		return SOURCE_OK;
	if (err && mctl_error_line(err))
		*line = mctl_error_line(err);
	message_of(err, rc, msg, msz);
	mctl_error_free(err);
	return SOURCE_BAD;
}

struct source {
	mctl_reader *rd;
	bool done;
};

int source_open(source **out, const char *path, const source_options *opts, char *msg, size_t msz)
{
	*out = NULL;
	mctl_reader_options ro;
	mctl_reader_options_init(&ro);
	if (opts && opts->format && mctl_format_from_name(opts->format, &ro.format) != MCTL_OK) {
		snprintf(msg, msz, "input format '%s' is not %s", opts->format, source_formats);
		return -1;
	}
	ro.date = opts ? opts->default_date : NULL;
	source *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(msg, msz, "out of memory");
		return -1;
	}
	mctl_error *err = NULL;
	int rc = mctl_reader_open(&s->rd, path, &ro, &err);
	if (rc != MCTL_OK) {
		snprintf(msg, msz, "%s", err ? mctl_error_message(err) : mctl_strerror(rc));
		mctl_error_free(err);
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int source_next(source *s, mctl_record *r, size_t *line, char *msg, size_t msz)
{
	if (s->done)
		return SOURCE_DONE;
	mctl_error *err = NULL;
	int rc = mctl_reader_next(s->rd, r, &err);
	*line = mctl_reader_line(s->rd);
	if (rc == MCTL_DONE) {
		s->done = true;
		return SOURCE_DONE;
	}
	return outcome(rc, err, line, msg, msz);
}

int source_splits(const source *s)
{
	return s && mctl_reader_format(s->rd) == MCTL_FORMAT_JSONL;
}

int source_next_text(source *s, const char **text, size_t *len, uint64_t *offset, size_t *line, char *msg,
                     size_t msz)
{
	if (s->done)
		return SOURCE_DONE;
	mctl_error *err = NULL;
	unsigned long long off = 0;
	int rc = mctl_reader_next_text(s->rd, text, len, &off, &err);
	*line = mctl_reader_line(s->rd);
	*offset = off;
	if (rc == MCTL_DONE) {
		s->done = true;
		return SOURCE_DONE;
	}
	return outcome(rc, err, line, msg, msz);
}

int source_parse(const source *s, const char *text, size_t len, uint64_t offset, size_t *line, mctl_record *r,
                 char *msg, size_t msz)
{
	mctl_error *err = NULL;
	int rc = mctl_reader_parse_text(s->rd, text, len, (unsigned)*line, offset, r, &err);
	return outcome(rc, err, line, msg, msz);
}

uint64_t source_offset(const source *s)
{
	return s ? mctl_reader_offset(s->rd) : 0;
}

void source_close(source *s)
{
	if (!s)
		return;
	mctl_reader_free(s->rd);
	free(s);
}
