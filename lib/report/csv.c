/*
 * CSV report: RFC 4180 quoting (a cell holding a comma, quote, CR or LF is
 * quoted, quotes doubled), LF line ends, one row per record. The first eight
 * columns are those `mineralctl screen --format csv` always wrote; columns
 * are only ever appended.
 */
#include <string.h>
#include "report/report.h"
#include "util/internal.h"

static const char header[] = "line,id,verdict,items,minerals,actions,flags,error,file,date,bundle,bundle_version,bundle_digest\n";

/* Appends cell text (cleaned, quoted when needed) and a separator to w->line. */
static int cell(mctl_writer *w, const char *s, size_t n, char sep)
{
	w->cell.len = 0;
	int rc = s ? mctl__text_clean(&w->cell, s, n, MCTL_CLEAN_UTF8) : MCTL_OK;
	mctl_buf *b = &w->line;
	const char *c = w->cell.data;
	size_t len = w->cell.len;
	bool quote = false;
	for (size_t i = 0; i < len && !quote; i++)
		quote = c[i] == ',' || c[i] == '"' || c[i] == '\r' || c[i] == '\n';
	if (!rc && !quote)
		rc = mctl__buf_append(b, c, len);
	if (!rc && quote) {
		rc = mctl__buf_putc(b, '"');
		for (size_t i = 0; i < len && !rc; i++) {
			if (c[i] == '"')
				rc = mctl__buf_putc(b, '"');
			if (!rc)
				rc = mctl__buf_putc(b, c[i]);
		}
		if (!rc)
			rc = mctl__buf_putc(b, '"');
	}
	if (!rc)
		rc = mctl__buf_putc(b, sep);
	return rc;
}

static int cstr(mctl_writer *w, const char *s, char sep)
{
	return cell(w, s, s ? strlen(s) : 0, sep);
}

static int line_cell(mctl_writer *w, size_t line)
{
	char num[32] = "";
	if (line)
		snprintf(num, sizeof num, "%zu", line);
	return cstr(w, num, ',');
}

/* A joined list as one cell (the join goes through a second buffer: cell() reuses w->cell). */
static int list_cell(mctl_writer *w, const mctl_result *res, int what)
{
	w->list.len = 0;
	int rc = mctl__result_join(&w->list, res, what);
	return rc ? rc : cell(w, w->list.data, w->list.len, ',');
}

static int csv_begin(mctl_writer *w)
{
	if (w->flags & MCTL_WRITER_NO_HEADER)
		return MCTL_OK;
	return fputs(header, w->fp) == EOF ? MCTL_EIO : MCTL_OK;
}

static int csv_result(mctl_writer *w, const mctl_result *res, const char *file, size_t line)
{
	const mctl_policy *p = mctl_result_policy(res);
	w->line.len = 0;
	int rc = line_cell(w, line);
	if (!rc)
		rc = cstr(w, mctl_result_id(res), ',');
	if (!rc)
		rc = cstr(w, mctl_verdict_name(mctl_result_verdict(res)), ',');
	if (!rc)
		rc = list_cell(w, res, MCTL_JOIN_ITEMS);
	if (!rc)
		rc = list_cell(w, res, MCTL_JOIN_MINERALS);
	if (!rc)
		rc = list_cell(w, res, MCTL_JOIN_ACTIONS);
	if (!rc)
		rc = list_cell(w, res, MCTL_JOIN_FLAGS);
	if (!rc)
		rc = cstr(w, NULL, ','); /* error */
	if (!rc)
		rc = cstr(w, file, ',');
	if (!rc)
		rc = cstr(w, mctl_result_date(res), ',');
	if (!rc)
		rc = cstr(w, mctl_policy_bundle(p), ',');
	if (!rc)
		rc = cstr(w, mctl_policy_version(p), ',');
	if (!rc)
		rc = cstr(w, mctl_policy_digest(p), '\n');
	return rc ? rc : mctl__writer_put(w, &w->line);
}

static int csv_error(mctl_writer *w, const char *file, size_t line, const char *msg)
{
	w->line.len = 0;
	int rc = line_cell(w, line);
	if (!rc)
		rc = mctl__buf_append(&w->line, ",error,,,,,", 11); /* id, verdict, items, minerals, actions, flags */
	if (!rc)
		rc = cstr(w, msg, ',');
	if (!rc)
		rc = cstr(w, file, ',');
	if (!rc)
		rc = mctl__buf_append(&w->line, ",,,\n", 4); /* date, bundle, bundle_version, bundle_digest */
	return rc ? rc : mctl__writer_put(w, &w->line);
}

static int csv_end(mctl_writer *w)
{
	(void)w;
	return MCTL_OK;
}

const mctl_writer_ops mctl__report_csv_ops = { csv_begin, csv_result, csv_error, NULL, csv_end, NULL };
