/* Internal: report writers (writer.c dispatches to one format file each). */
#ifndef MCTL_REPORT_REPORT_H
#define MCTL_REPORT_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "mineralctl/report.h"
#include "util/alloc.h"

typedef struct mctl_writer_ops {
	int (*begin)(mctl_writer *w);
	int (*result)(mctl_writer *w, const mctl_result *res, const char *file, size_t line);
	int (*error)(mctl_writer *w, const char *file, size_t line, const char *msg);
	int (*flush)(mctl_writer *w); /* pushes buffered output to w->fp; NULL when none is kept */
	int (*end)(mctl_writer *w);
	void (*release)(mctl_writer *w); /* frees w->state; NULL when there is none */
} mctl_writer_ops;

struct mctl_writer {
	mctl_alloc al;
	const mctl_writer_ops *ops;
	mctl_report_format format;
	FILE *fp;
	unsigned flags;
	int status;        /* first failure, sticky */
	bool finished;
	size_t counts[4];  /* results by verdict */
	size_t nerrors;
	mctl_buf line;     /* scratch for one record's output */
	mctl_buf cell;     /* scratch for one value */
	mctl_buf list;     /* scratch for a joined list */
	char *file;        /* table: the file of the last row */
	void *state;       /* format state (XML: the libxml2 writer) */
	bool nomem;        /* XML: an allocation of ours failed (libxml2 only says -1) */
};

extern const mctl_writer_ops mctl__report_jsonl_ops, mctl__report_csv_ops, mctl__report_xml_ops, mctl__report_table_ops;

/* How mctl__text_clean() makes text safe for a format. */
enum {
	MCTL_CLEAN_UTF8 = 0, /* invalid UTF-8 -> U+FFFD */
	MCTL_CLEAN_XML = 1,  /* also characters XML 1.0 cannot hold -> U+FFFD */
	MCTL_CLEAN_TERM = 2  /* also control characters -> ' ' (no escape sequences reach a terminal) */
};
/* Appends s[0..n) to b, cleaned per mode. MCTL_OK or MCTL_ENOMEM. */
int mctl__text_clean(mctl_buf *b, const char *s, size_t n, int mode);

/* What mctl__result_join() lists, joined by ';'. */
enum { MCTL_JOIN_ITEMS, MCTL_JOIN_ACTIONS, MCTL_JOIN_FLAGS, MCTL_JOIN_MINERALS };
/* Appends the list to b (minerals without repeats). MCTL_OK or MCTL_ENOMEM. */
int mctl__result_join(mctl_buf *b, const mctl_result *res, int what);

/* JSON pieces shared with canon.c: a string with RFC 8785 escaping, an ECMAScript number. */
int mctl__json_string(mctl_buf *b, const char *s, size_t n);
size_t mctl__json_number(double x, char out[32]);

/* Appends the JSON of a result (what mctl_result_to_json() gives). MCTL_OK or MCTL_ENOMEM. */
int mctl__result_json(mctl_buf *b, const mctl_result *res);

/* fwrite of a buffer; MCTL_OK or MCTL_EIO. */
int mctl__writer_put(mctl_writer *w, const mctl_buf *b);

#endif
