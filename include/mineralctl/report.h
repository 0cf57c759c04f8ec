/*
 * mineralctl/report.h - writing screening reports.
 *
 * A writer turns a stream of results (and of records that could not be
 * read) into one report on a stdio stream, in one of four formats:
 *
 *   jsonl  one line per result: mctl_result_write_json(); a bad record is
 *          {"line":N,"error":"..."} ("file" first when a file is given)
 *   csv    RFC 4180 quoting, LF line ends, a header row, then one row per
 *          result or bad record: line,id,verdict,items,minerals,actions,
 *          flags,error,file,date,bundle,bundle_version,bundle_digest
 *          (lists inside a cell are joined with ';'; a bad record has
 *          verdict "error" and its message in "error")
 *   xml    one <screening> document (namespace urn:libmineralctl:report:1)
 *          with a <result> or <error> element per record and a <summary>;
 *          its W3C XML Schema is doc/report.xsd
 *   table  a fixed-width table for people, a "-- FILE" line when the file
 *          changes
 *
 *   mctl_writer *w;
 *   mctl_writer_new(&w, MCTL_REPORT_CSV, stdout, NULL, &err);
 *   mctl_writer_write(w, res, "in.jsonl", 12);      // per result, in order
 *   mctl_writer_write_error(w, "in.jsonl", 13, "invalid JSON ...");
 *   mctl_writer_finish(w);                           // closes the XML document
 *   mctl_writer_free(w);
 *
 * A writer is used from one thread at a time. Text that is not valid UTF-8
 * (or, in XML, not an XML character) is written with U+FFFD in its place.
 */
#ifndef MINERALCTL_REPORT_H
#define MINERALCTL_REPORT_H

#include <stdio.h>
#include <mineralctl/common.h>
#include <mineralctl/classify.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mctl_writer mctl_writer;

/** Report formats. */
typedef enum mctl_report_format {
	MCTL_REPORT_JSONL = 0,
	MCTL_REPORT_CSV = 1,
	MCTL_REPORT_XML = 2,
	MCTL_REPORT_TABLE = 3
} mctl_report_format;

/** Stable name of a format ("jsonl", "csv", "xml", "table"), NULL if out of range. */
MCTL_EXTERN const char *mctl_report_format_name(mctl_report_format f);
/** The format named `name` into *out. MCTL_OK, or MCTL_EINVAL for an unknown name. */
MCTL_EXTERN int mctl_report_format_parse(const char *name, mctl_report_format *out);

/** Write only results that are not clear or carry a flag (errors are always written). */
#define MCTL_WRITER_ONLY_FLAGGED 1u
/** No CSV header row, no table header (for appending to an existing report). */
#define MCTL_WRITER_NO_HEADER 2u

/**
 * Writer options. Initialise with MCTL_WRITER_OPTIONS_INIT so fields added
 * later get their defaults.
 */
typedef struct mctl_writer_options {
	unsigned version;        /**< MCTL_WRITER_OPTIONS_VERSION */
	const mctl_context *ctx; /**< allocator context, NULL for malloc */
	unsigned flags;          /**< MCTL_WRITER_* bits */
} mctl_writer_options;

#define MCTL_WRITER_OPTIONS_VERSION 1
#define MCTL_WRITER_OPTIONS_INIT { MCTL_WRITER_OPTIONS_VERSION, NULL, 0 }

/**
 * Creates a writer of `format` to `fp` (which stays the caller's: the writer
 * never closes it) and writes the report's head (CSV header, XML declaration
 * and root element, table header). opts may be NULL for the defaults.
 * Returns MCTL_OK, MCTL_EINVAL (bad format or options), MCTL_ENOMEM or
 * MCTL_EIO (writing failed); *err explains when err is not NULL.
 */
MCTL_EXTERN int mctl_writer_new(mctl_writer **out, mctl_report_format format, FILE *fp,
                                const mctl_writer_options *opts, mctl_error **err);

/**
 * Writes one result, read from `file` (NULL when unknown or not worth
 * naming) at `line` (1-based line or record number, 0 when unknown).
 * A clear result without flags is counted but not written under
 * MCTL_WRITER_ONLY_FLAGGED. Returns MCTL_OK, MCTL_EINVAL, MCTL_ENOMEM or
 * MCTL_EIO; after a failure every later call fails the same way.
 */
MCTL_EXTERN int mctl_writer_write(mctl_writer *w, const mctl_result *res, const char *file, size_t line);

/**
 * Writes a record that could not be screened, at its position, with a
 * message (e.g. mctl_error_message() of the reader's error). Same returns.
 */
MCTL_EXTERN int mctl_writer_write_error(mctl_writer *w, const char *file, size_t line, const char *message);

/** Pushes what the writer holds to fp and fflush()es it. MCTL_OK or MCTL_EIO. */
MCTL_EXTERN int mctl_writer_flush(mctl_writer *w);

/**
 * Ends the report (the XML <summary> and closing tags) and flushes it. Call
 * it once, after the last record; further writes fail with MCTL_EINVAL.
 * Returns MCTL_OK or the first failure of the writer's life (MCTL_EIO ...).
 */
MCTL_EXTERN int mctl_writer_finish(mctl_writer *w);

/** Number of results with verdict v given to the writer so far (written or skipped). */
MCTL_EXTERN size_t mctl_writer_count(const mctl_writer *w, mctl_verdict v);
/** Number of bad records written with mctl_writer_write_error(). */
MCTL_EXTERN size_t mctl_writer_error_count(const mctl_writer *w);

/** Frees the writer (without finishing the report). NULL is a no-op. */
MCTL_EXTERN void mctl_writer_free(mctl_writer *w);

#ifdef __cplusplus
}
#endif
#endif
