/*
 * Internal: the reader core the format modules share - the input window,
 * limits, diagnostics with positions, and small value parsers.
 */
#ifndef MCTL_IO_READER_H
#define MCTL_IO_READER_H

#include <stdbool.h>
#include <stdio.h>
#include "mineralctl/io.h"
#include "record/record.h"
#include "util/alloc.h"
#include "util/internal.h"

#define MCTL_IO_CHUNK 65536 /* bytes read from a file at a time */

/* What a format module provides. */
typedef struct mctl_io_ops {
	/* Sets up rd->state (called once, after the format is known). */
	int (*init)(mctl_reader *rd);
	/*
	 * Reads the next record into r (already cleared): MCTL_OK, MCTL_DONE, or
	 * a negative status with *err set (err may be NULL); sets rd->line, and
	 * rd->fatal when nothing more can be read.
	 */
	int (*next)(mctl_reader *rd, mctl_record *r, mctl_error **err);
	void (*free)(mctl_reader *rd);
	/*
	 * Optional (NULL when a record cannot be cut out without parsing it):
	 * next_text takes the next record's bytes off the input (valid until the
	 * next call) and sets rd->line; parse_text parses such bytes and reads
	 * nothing of rd that next_text changes.
	 */
	int (*next_text)(mctl_reader *rd, const char **text, size_t *len, size_t *offset, mctl_error **err);
	int (*parse_text)(const mctl_reader *rd, const char *text, size_t len, unsigned line, size_t offset,
	                  mctl_record *r, mctl_error **err);
} mctl_io_ops;

extern const mctl_io_ops mctl__jsonl_ops, mctl__csv_ops, mctl__wco_ops;

struct mctl_reader {
	mctl_alloc al;
	mctl_format format;
	char *name;            /* for diagnostics */
	/* input: a window buf[0..len) of the input, next byte at pos */
	FILE *fp;              /* NULL for memory input */
	bool own_fp;
	unsigned char *buf;    /* owned: file window or the copied memory input */
	size_t cap, len, pos;
	size_t offset;         /* input offset of buf[0] */
	bool eof;              /* nothing more to read into the window */
	int io_errno;          /* set when a read failed */
	/* options */
	size_t max_record, max_field, max_text;
	unsigned max_depth;
	char date[11];         /* "" when none */
	/* state */
	unsigned line;         /* where the last record or error starts */
	bool fatal, done;
	mctl_errlist warnings;
	const mctl_io_ops *ops;
	void *state;           /* the format module's */
};

/*
 * Makes the window hold more bytes: when every byte was consumed, reads the
 * next chunk in place of the old one. Returns the bytes now available after
 * pos, 0 at the end of input, -1 on a read error (rd->io_errno set).
 */
long mctl__io_fill(mctl_reader *rd);

/* The next byte, -1 at the end of the input, -2 on a read error. */
static inline int mctl__io_getc(mctl_reader *rd)
{
	if (rd->pos < rd->len)
		return rd->buf[rd->pos++];
	long n = mctl__io_fill(rd);
	return n > 0 ? rd->buf[rd->pos++] : (n == 0 ? -1 : -2);
}

/* Input offset of the next byte. */
static inline size_t mctl__io_tell(const mctl_reader *rd)
{
	return rd->offset + rd->pos;
}

/*
 * A one-diagnostic error at rd's file, line and column (0 = unknown) and
 * byte offset ((size_t)-1 = unknown), stored in *err when err is not NULL.
 * Returns code.
 */
int mctl__io_error(const mctl_reader *rd, mctl_error **err, int code, unsigned line, unsigned col, size_t offset,
                   const char *fmt, ...) MCTL_PRINTF(7, 8);
/* Appends a warning (see mctl_reader_warnings). */
void mctl__io_warn(mctl_reader *rd, int code, unsigned line, unsigned col, const char *fmt, ...) MCTL_PRINTF(5, 6);

/*
 * Parses a plain decimal number: digits with an optional fraction and
 * exponent ("12", "0.5", "1.25e3"), no sign, no blanks, whatever the C
 * locale. 0 and *out set, or -1.
 */
int mctl__io_parse_number(const char *s, size_t len, double *out);

/* NULL when r can be classified, else why not ("a record needs ..."). */
const char *mctl__io_record_problem(const mctl_record *r);

/* Number of UTF-8 characters in s[0..n) (bytes that do not continue one). */
unsigned mctl__io_chars(const char *s, size_t n);


/* The first problem found in a record (or a declaration): kept until the record is returned. */
typedef struct mctl_io_problem {
	int code;              /* 0 when none */
	unsigned line, col;
	char msg[320];
} mctl_io_problem;

/* Records a problem in p unless it already holds one. */
void mctl__io_problem_set(mctl_io_problem *p, int code, unsigned line, unsigned col, const char *fmt, ...)
	MCTL_PRINTF(5, 6);

#endif
