/*
 * mineralctl/io.h - reading goods records from files: JSON Lines, CSV and
 * WCO customs declarations (DEC-DMS XML).
 *
 *   mctl_reader *rd; mctl_record *r; mctl_error *err = NULL; int rc;
 *   mctl_reader_open(&rd, "declarations.xml", NULL, &err);
 *   mctl_record_new(&r, NULL);
 *   while ((rc = mctl_reader_next(rd, r, &err)) != MCTL_DONE) {
 *           if (rc != MCTL_OK) { report(err); mctl_error_free(err); continue; }
 *           ... mctl_classify(p, r, &res, NULL) ...   // cite mctl_reader_name/line
 *   }
 *   mctl_reader_free(rd);
 *
 * A reader turns one input into a sequence of records. A malformed record is
 * an error for that record only: the next call goes on with the next one.
 * An error that leaves the rest of the input unreadable (XML not well-formed,
 * a DOCTYPE, an unterminated quote, a read error) is returned once, then
 * MCTL_DONE. A reader is used by one thread at a time (except for
 * mctl_reader_parse_text()); any number of readers may run in parallel.
 */
#ifndef MINERALCTL_IO_H
#define MINERALCTL_IO_H

#include <stddef.h>
#include <mineralctl/common.h>
#include <mineralctl/record.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Input formats. */
typedef enum mctl_format {
	MCTL_FORMAT_AUTO = 0, /**< from the file extension, else from the first bytes */
	MCTL_FORMAT_JSONL,    /**< JSON Lines: one JSON object per line */
	MCTL_FORMAT_CSV,      /**< RFC 4180 CSV with a header row naming the fields */
	MCTL_FORMAT_WCO       /**< WCO Data Model declarations (DEC-DMS XML): one record per goods item */
} mctl_format;

/** Stable name of a format: "auto", "jsonl", "csv", "wco"; NULL if out of range. */
MCTL_EXTERN const char *mctl_format_name(mctl_format f);
/**
 * Parses a format name, case-insensitively: "auto", "jsonl" (also "ndjson",
 * "json"), "csv", "wco" (also "xml"). Returns MCTL_OK or MCTL_EINVAL.
 */
MCTL_EXTERN int mctl_format_from_name(const char *name, mctl_format *out);
/**
 * The format a file name's extension gives, case-insensitively: .jsonl,
 * .ndjson and .json are JSONL, .csv is CSV, .xml is WCO; anything else (and
 * NULL, and "-") is MCTL_FORMAT_AUTO.
 */
MCTL_EXTERN mctl_format mctl_format_from_path(const char *path);

/**
 * Reader options. Initialise with MCTL_READER_OPTIONS_INIT (or
 * mctl_reader_options_init()) so fields added later get their defaults.
 * A limit of 0 means "the default"; exceeding a limit is MCTL_ELIMIT.
 */
typedef struct mctl_reader_options {
	unsigned version;         /**< MCTL_READER_OPTIONS_VERSION */
	const mctl_context *ctx;  /**< allocator context, NULL for malloc (libxml2 and jansson keep their own) */
	mctl_format format;       /**< MCTL_FORMAT_AUTO: from the extension, else the first non-blank
	                               byte ('<' WCO, '{' JSONL, anything else CSV) */
	const char *date;         /**< YYYY-MM-DD given to records that carry no date, or NULL (copied) */
	size_t max_record_bytes;  /**< one JSONL line or CSV record (default 16 MiB) */
	size_t max_field_bytes;   /**< one value: a CSV cell, a JSON string (default 1 MiB) */
	unsigned max_xml_depth;   /**< element nesting (default 128; at most 256, libxml2's own bound) */
	size_t max_xml_text;      /**< one XML text node, attribute value or comment (default 1 MiB) */
} mctl_reader_options;

#define MCTL_READER_OPTIONS_VERSION 1
#define MCTL_READER_OPTIONS_INIT { MCTL_READER_OPTIONS_VERSION, NULL, MCTL_FORMAT_AUTO, NULL, 0, 0, 0, 0 }

/** Initialises opts to the defaults. Returns MCTL_OK or MCTL_EINVAL (NULL). */
MCTL_EXTERN int mctl_reader_options_init(mctl_reader_options *opts);

typedef struct mctl_reader mctl_reader;

/**
 * Opens `path` ("-" is standard input, named "<stdin>" in diagnostics) for
 * reading records. `opts` may be NULL for the defaults. When the format is
 * AUTO and the extension says nothing, the first bytes are read to decide.
 * On success *out holds the reader and MCTL_OK is returned; on failure *out is
 * NULL and MCTL_EINVAL (bad options), MCTL_EIO (cannot open or read) or
 * MCTL_ENOMEM is returned, with *err (when err is not NULL) saying why.
 */
MCTL_EXTERN int mctl_reader_open(mctl_reader **out, const char *path, const mctl_reader_options *opts,
                                 mctl_error **err);

/**
 * Like mctl_reader_open() on the `len` bytes at `buf`, which are copied (so
 * the caller may free them at once). `name` (may be NULL: "<memory>") is the
 * file name diagnostics give; with format AUTO its extension decides first.
 */
MCTL_EXTERN int mctl_reader_open_memory(mctl_reader **out, const char *name, const void *buf, size_t len,
                                        const mctl_reader_options *opts, mctl_error **err);

/** Closes the input (never standard input) and frees the reader. NULL is a no-op. */
MCTL_EXTERN void mctl_reader_free(mctl_reader *rd);

/**
 * Reads the next record into r, which is cleared first.
 *  - MCTL_OK: r holds the record;
 *  - MCTL_DONE (positive): no more records, now and on every later call;
 *  - a negative status: this record is bad (r is left cleared) and *err, when
 *    err is not NULL, gives the file, line, column and what is wrong; the
 *    next call goes on with the next record. When the rest of the input
 *    cannot be read, the error is returned once and then MCTL_DONE.
 * Records without a date get the options' date. err may be NULL.
 */
MCTL_EXTERN int mctl_reader_next(mctl_reader *rd, mctl_record *r, mctl_error **err);

/**
 * Reading and parsing apart, so that records can be parsed in other threads
 * than the one reading (mineralctl screen -j N does). JSON Lines readers
 * only: their records are cut apart without parsing them. Other formats
 * give MCTL_EINVAL and read nothing.
 *
 * mctl_reader_next_text() takes the next non-blank line off the input and
 * gives its bytes (without the line break, and without a UTF-8 BOM at the
 * start of the input) in *text and *len, valid until the next call on rd;
 * its input offset in *offset (may be NULL) and its line number through
 * mctl_reader_line(). It returns MCTL_OK, MCTL_DONE, or a negative status
 * with *err for a line that cannot be taken: too long (MCTL_ELIMIT, that
 * line only) or a read error (then MCTL_DONE).
 */
MCTL_EXTERN int mctl_reader_next_text(mctl_reader *rd, const char **text, size_t *len, unsigned long long *offset,
                                      mctl_error **err);

/**
 * Parses a line that mctl_reader_next_text() gave (copied anywhere; `line`
 * and `offset` are the ones it gave) into r, which is cleared first, exactly
 * as mctl_reader_next() would have: the same record, the same default date,
 * the same errors citing rd's name, the line and the column. It reads
 * nothing of rd that reading changes, so any number of threads may call it
 * at once on the same reader, while one thread goes on reading, until
 * mctl_reader_free().
 */
MCTL_EXTERN int mctl_reader_parse_text(const mctl_reader *rd, const char *text, size_t len, unsigned line,
                                       unsigned long long offset, mctl_record *r, mctl_error **err);

/** The format being read (never AUTO once opened). */
MCTL_EXTERN mctl_format mctl_reader_format(const mctl_reader *rd);
/** File name used in diagnostics: the path given, "<stdin>" or the memory name. */
MCTL_EXTERN const char *mctl_reader_name(const mctl_reader *rd);
/**
 * 1-based line where the record (or error) last returned by
 * mctl_reader_next() starts (for WCO: the goods item's start tag), so a
 * report can cite where each record came from; 0 before the first call.
 */
MCTL_EXTERN unsigned mctl_reader_line(const mctl_reader *rd);
/** Bytes of the input consumed so far (for progress reports). */
MCTL_EXTERN unsigned long long mctl_reader_offset(const mctl_reader *rd);
/**
 * Non-fatal diagnostics so far, oldest first, or NULL: CSV columns that name
 * no record field (ignored), XML warnings from the parser. Borrowed: valid
 * until mctl_reader_free(). Each has the status the problem would have as
 * an error (MCTL_EINVAL, MCTL_ESYNTAX).
 */
MCTL_EXTERN const mctl_error *mctl_reader_warnings(const mctl_reader *rd);

#ifdef __cplusplus
}
#endif
#endif
