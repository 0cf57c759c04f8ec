/*
 * mineralctl: where screened records come from.
 *
 * A source reads one input (a file, or "-" for standard input) through the
 * library's readers (mctl_reader: JSON Lines, CSV, WCO declarations) and
 * yields records in order, each with its line: a record, the end, or a bad
 * record after which reading goes on.
 */
#ifndef MINERALCTL_SOURCE_H
#define MINERALCTL_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include <mineralctl.h>

#define SOURCE_MAX_LINE (16u << 20) /* longer lines are reported and skipped */

enum {
	SOURCE_OK = 0,   /* a record was read */
	SOURCE_DONE = 1, /* no more records */
	SOURCE_BAD = -1  /* this record cannot be read (msg says why); the next call goes on */
};

typedef struct source source;

typedef struct source_options {
	const char *format;       /* "jsonl", "csv", "wco", or NULL to choose from the input */
	const char *default_date; /* date of records that give none, or NULL */
} source_options;

/* The input formats source_open() can read, for messages. */
extern const char source_formats[];
/* 1 when `format` can be read. */
int source_format_known(const char *format);

/* Opens path ("-": standard input). 0, or -1 with msg filled. */
int source_open(source **out, const char *path, const source_options *opts, char *msg, size_t msz);
/* Reads the next record into r (cleared first); *line gets its 1-based line. */
int source_next(source *s, mctl_record *r, size_t *line, char *msg, size_t msz);
/*
 * Reading and parsing apart (JSON Lines only, see mctl_reader_next_text):
 * source_splits() says whether the input can; source_next_text() takes the
 * next record's text (valid until the next call) and its line and offset;
 * source_parse() parses it into r, in any thread, as source_next() would
 * have (same record, same message, *line moved to the error's line). The
 * source must stay open until every source_parse() on its texts returned.
 */
int source_splits(const source *s);
int source_next_text(source *s, const char **text, size_t *len, uint64_t *offset, size_t *line, char *msg,
                     size_t msz);
int source_parse(const source *s, const char *text, size_t len, uint64_t offset, size_t *line, mctl_record *r,
                 char *msg, size_t msz);
/* Bytes of the input consumed so far. */
uint64_t source_offset(const source *s);
void source_close(source *s);

/*
 * Fills r from one JSON object of the screen input format (see README), as
 * the JSON Lines reader reads it; text fields may also be {"hex": "..."}, as
 * canonical records write bytes that are not UTF-8. 0, or -1 with msg filled.
 */
int record_from_json(mctl_record *r, json_t *o, char *msg, size_t msz);

/* Lines of a stream, read in blocks; also used to read audit trails. */
typedef struct linereader {
	FILE *fp;
	char *block;
	size_t pos, end;   /* unread bytes of block */
	char *line;        /* a line that spans blocks */
	size_t len, cap;
	size_t max;        /* longest line accepted */
	uint64_t offset;   /* bytes consumed */
	int error;         /* errno of a read error, 0 if none */
} linereader;

/* Reads from fp (not closed by the reader). 0, or -1 out of memory. */
int linereader_init(linereader *lr, FILE *fp, size_t max);
/*
 * The next line, without its LF, in *line and *len (valid until the next call):
 * 1 a line, 0 the end, -1 a line longer than max (consumed), -2 a read
 * error (lr->error) or out of memory.
 */
int linereader_next(linereader *lr, const char **line, size_t *len);
void linereader_free(linereader *lr);

#endif
