/*
 * Table report for people: line, id, verdict, items, flags in fixed-width
 * columns (widths counted in characters; ids cut to 18), a "-- FILE" line
 * before the first row of each file. Control characters are blanked so no
 * record can send escape sequences to a terminal.
 */
#include <string.h>
#include "report/report.h"
#include "text/normalize.h"
#include "util/internal.h"

/* Appends s cleaned, cut to `max` characters (0: no limit), padded with spaces to `width`. */
static int col(mctl_writer *w, const char *s, size_t max, size_t width)
{
	w->cell.len = 0;
	int rc = mctl__text_clean(&w->cell, s, strlen(s), MCTL_CLEAN_TERM);
	size_t chars = 0, i = 0;
	while (!rc && i < w->cell.len && (!max || chars < max)) {
		int32_t cp;
		bool ok;
		i += mctl__utf8_decode((const unsigned char *)w->cell.data + i, w->cell.len - i, &cp, &ok);
		chars++;
	}
	if (!rc)
		rc = mctl__buf_append(&w->line, w->cell.data, i);
	for (; !rc && chars < width; chars++)
		rc = mctl__buf_putc(&w->line, ' ');
	return rc;
}

static int number(mctl_writer *w, size_t line)
{
	char num[32] = "-";
	if (line)
		snprintf(num, sizeof num, "%zu", line);
	return col(w, num, 0, 5);
}

/* "-- FILE" when the file differs from the previous row's. */
static int file_heading(mctl_writer *w, const char *file)
{
	if (!file || (w->file && strcmp(w->file, file) == 0))
		return MCTL_OK;
	mctl__free(&w->al, w->file);
	w->file = mctl__strndup(&w->al, file, strlen(file));
	if (!w->file)
		return MCTL_ENOMEM;
	int rc = mctl__buf_append(&w->line, "-- ", 3);
	if (!rc)
		rc = col(w, file, 0, 0);
	return rc ? rc : mctl__buf_putc(&w->line, '\n');
}

static int table_begin(mctl_writer *w)
{
	if (w->flags & MCTL_WRITER_NO_HEADER)
		return MCTL_OK;
	return fprintf(w->fp, "%-5s %-18s %-17s %-40s %s\n", "line", "id", "verdict", "items", "flags") < 0 ? MCTL_EIO
	                                                                                                   : MCTL_OK;
}

static int table_result(mctl_writer *w, const mctl_result *res, const char *file, size_t line)
{
	w->line.len = 0;
	int rc = file_heading(w, file);
	const char *id = mctl_result_id(res);
	if (!rc)
		rc = number(w, line);
	if (!rc)
		rc = mctl__buf_putc(&w->line, ' ');
	if (!rc)
		rc = col(w, id ? id : "-", 18, 18);
	if (!rc)
		rc = mctl__buf_putc(&w->line, ' ');
	if (!rc)
		rc = col(w, mctl_verdict_name(mctl_result_verdict(res)), 0, 17);
	if (!rc)
		rc = mctl__buf_putc(&w->line, ' ');
	w->list.len = 0;
	if (!rc)
		rc = mctl__result_join(&w->list, res, MCTL_JOIN_ITEMS);
	if (!rc)
		rc = mctl__buf_putc(&w->list, '\0');
	if (!rc)
		rc = col(w, w->list.data[0] ? w->list.data : "-", 0, 40);
	if (!rc)
		rc = mctl__buf_putc(&w->line, ' ');
	w->list.len = 0;
	if (!rc)
		rc = mctl__result_join(&w->list, res, MCTL_JOIN_FLAGS);
	if (!rc)
		rc = mctl__buf_putc(&w->list, '\0');
	if (!rc)
		rc = col(w, w->list.data[0] ? w->list.data : "-", 0, 0);
	if (!rc)
		rc = mctl__buf_putc(&w->line, '\n');
	return rc ? rc : mctl__writer_put(w, &w->line);
}

static int table_error(mctl_writer *w, const char *file, size_t line, const char *msg)
{
	w->line.len = 0;
	int rc = file_heading(w, file);
	if (!rc)
		rc = number(w, line);
	if (!rc)
		rc = mctl__buf_putc(&w->line, ' ');
	if (!rc)
		rc = col(w, "-", 0, 18);
	if (!rc)
		rc = mctl__buf_putc(&w->line, ' ');
	if (!rc)
		rc = col(w, "ERROR", 0, 17);
	if (!rc)
		rc = mctl__buf_putc(&w->line, ' ');
	if (!rc)
		rc = col(w, msg, 0, 0);
	if (!rc)
		rc = mctl__buf_putc(&w->line, '\n');
	return rc ? rc : mctl__writer_put(w, &w->line);
}

static int table_end(mctl_writer *w)
{
	(void)w;
	return MCTL_OK;
}

const mctl_writer_ops mctl__report_table_ops = { table_begin, table_result, table_error, NULL, table_end, NULL };
