/* Report writers: the public API, shared helpers, and JSON Lines. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "report/report.h"
#include "text/normalize.h"
#include "util/internal.h"

static const char *const format_names[] = { "jsonl", "csv", "xml", "table" };

const char *mctl_report_format_name(mctl_report_format f)
{
	return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : NULL;
}

int mctl_report_format_parse(const char *name, mctl_report_format *out)
{
	for (unsigned i = 0; name && out && i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(name, format_names[i]) == 0) {
			*out = (mctl_report_format)i;
			return MCTL_OK;
		}
	return MCTL_EINVAL;
}

/* ---- helpers ---- */

static int xml_char(int32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	       c >= 0x10000;
}

int mctl__text_clean(mctl_buf *b, const char *s, size_t n, int mode)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	size_t run = 0; /* bytes kept as they are, pending */
	for (size_t i = 0; i < n;) {
		int32_t cp;
		bool ok;
		size_t k = mctl__utf8_decode((const unsigned char *)s + i, n - i, &cp, &ok);
		const char *rep = NULL;
		if (!ok || (mode == MCTL_CLEAN_XML && !xml_char(cp)))
			rep = fffd;
		else if (mode == MCTL_CLEAN_TERM && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)))
			rep = " ";
		if (!rep) {
			run += k;
			i += k;
			continue;
		}
		if (mctl__buf_append(b, s + i - run, run) || mctl__buf_append(b, rep, strlen(rep)))
			return MCTL_ENOMEM;
		run = 0;
		i += k;
	}
	return mctl__buf_append(b, s + n - run, run);
}

int mctl__result_join(mctl_buf *b, const mctl_result *res, int what)
{
	size_t start = b->len;
	int rc = MCTL_OK;
	if (what == MCTL_JOIN_FLAGS) {
		for (size_t i = 0; i < mctl_result_flag_count(res) && !rc; i++) {
			if (i)
				rc = mctl__buf_putc(b, ';');
			const char *f = mctl_flag_name(mctl_result_flag_at(res, i));
			if (!rc)
				rc = mctl__buf_append(b, f, strlen(f));
		}
		return rc;
	}
	for (size_t i = 0; i < mctl_result_item_count(res) && !rc; i++) {
		if (what != MCTL_JOIN_MINERALS) {
			const char *s = what == MCTL_JOIN_ITEMS ? mctl_result_item_id(res, i)
			                                        : mctl_action_name(mctl_result_item_action(res, i));
			if (i)
				rc = mctl__buf_putc(b, ';');
			if (!rc)
				rc = mctl__text_clean(b, s, strlen(s), MCTL_CLEAN_UTF8);
			continue;
		}
		for (size_t j = 0; j < mctl_result_item_mineral_count(res, i) && !rc; j++) {
			const char *m = mctl_result_item_mineral(res, i, j);
			size_t ml = strlen(m);
			/* skip a mineral already listed: look for ";m;" in ";list;" */
			bool seen = false;
			for (size_t p = start; p < b->len && !seen; p++)
				if ((p == start || b->data[p - 1] == ';') && p + ml <= b->len && memcmp(b->data + p, m, ml) == 0 &&
				    (p + ml == b->len || b->data[p + ml] == ';'))
					seen = true;
			if (seen)
				continue;
			if (b->len > start)
				rc = mctl__buf_putc(b, ';');
			if (!rc)
				rc = mctl__text_clean(b, m, ml, MCTL_CLEAN_UTF8);
		}
	}
	return rc;
}

int mctl__writer_put(mctl_writer *w, const mctl_buf *b)
{
	if (b->len && fwrite(b->data, 1, b->len, w->fp) != b->len)
		return MCTL_EIO;
	return MCTL_OK;
}

/* ---- JSON Lines ---- */

static int jsonl_result(mctl_writer *w, const mctl_result *res, const char *file, size_t line)
{
	(void)file;
	(void)line;
	w->line.len = 0;
	int rc = mctl__result_json(&w->line, res);
	if (!rc)
		rc = mctl__buf_putc(&w->line, '\n');
	return rc ? rc : mctl__writer_put(w, &w->line);
}

/* A copy of s with invalid UTF-8 replaced, for jansson (which refuses it). */
static json_t *jclean(mctl_writer *w, const char *s)
{
	w->cell.len = 0;
	if (mctl__text_clean(&w->cell, s, strlen(s), MCTL_CLEAN_UTF8) || mctl__buf_putc(&w->cell, '\0'))
		return NULL;
	return json_string(w->cell.data);
}

static int jsonl_error(mctl_writer *w, const char *file, size_t line, const char *msg)
{
	json_t *o = json_object();
	int bad = !o;
	if (!bad && file)
		bad = json_object_set_new(o, "file", jclean(w, file));
	if (!bad && line)
		bad = json_object_set_new(o, "line", json_integer((json_int_t)line));
	if (!bad)
		bad = json_object_set_new(o, "error", jclean(w, msg));
	char *text = bad ? NULL : json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!text)
		return MCTL_ENOMEM;
	int rc = fputs(text, w->fp) == EOF || fputc('\n', w->fp) == EOF ? MCTL_EIO : MCTL_OK;
	free(text);
	return rc;
}

static int nothing(mctl_writer *w)
{
	(void)w;
	return MCTL_OK;
}

const mctl_writer_ops mctl__report_jsonl_ops = { nothing, jsonl_result, jsonl_error, NULL, nothing, NULL };

/* ---- the writer ---- */

int mctl_writer_new(mctl_writer **out, mctl_report_format format, FILE *fp, const mctl_writer_options *opts,
                    mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!out)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_writer_new: out is NULL");
	*out = NULL;
	static const mctl_writer_ops *const ops[] = { &mctl__report_jsonl_ops, &mctl__report_csv_ops, &mctl__report_xml_ops, &mctl__report_table_ops };
	if ((unsigned)format >= sizeof ops / sizeof ops[0])
		return mctl__error_set(err, MCTL_EINVAL, "mctl_writer_new: unknown format %d", (int)format);
	if (!fp)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_writer_new: no output stream");
	if (opts && opts->version != MCTL_WRITER_OPTIONS_VERSION)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_writer_new: options version %u, expected %d", opts->version,
		                       MCTL_WRITER_OPTIONS_VERSION);
	mctl_alloc al;
	mctl__alloc_init(&al, opts ? opts->ctx : NULL);
	mctl_writer *w = mctl__calloc(&al, 1, sizeof *w);
	if (!w)
		return mctl__error_set(err, MCTL_ENOMEM, "out of memory");
	w->al = al;
	w->ops = ops[format];
	w->format = format;
	w->fp = fp;
	w->flags = opts ? opts->flags : 0;
	mctl__buf_init(&w->line, &w->al);
	mctl__buf_init(&w->cell, &w->al);
	mctl__buf_init(&w->list, &w->al);
	int rc = w->ops->begin(w);
	if (rc) {
		mctl_writer_free(w);
		return mctl__error_set(err, rc, "cannot start the %s report: %s", format_names[format], mctl_strerror(rc));
	}
	*out = w;
	return MCTL_OK;
}

/* Records the first failure; every later call returns it. */
static int fail(mctl_writer *w, int rc)
{
	if (rc && !w->status)
		w->status = rc;
	return w->status;
}

static int usable(const mctl_writer *w)
{
	if (!w)
		return MCTL_EINVAL;
	if (w->status)
		return w->status;
	return w->finished ? MCTL_EINVAL : MCTL_OK;
}

int mctl_writer_write(mctl_writer *w, const mctl_result *res, const char *file, size_t line)
{
	int rc = usable(w);
	if (rc || !res)
		return rc ? rc : MCTL_EINVAL;
	mctl_verdict v = mctl_result_verdict(res);
	w->counts[(unsigned)v < 4 ? v : 0]++;
	if ((w->flags & MCTL_WRITER_ONLY_FLAGGED) && v == MCTL_VERDICT_CLEAR && mctl_result_flag_count(res) == 0)
		return MCTL_OK;
	return fail(w, w->ops->result(w, res, file, line));
}

int mctl_writer_write_error(mctl_writer *w, const char *file, size_t line, const char *message)
{
	int rc = usable(w);
	if (rc)
		return rc;
	w->nerrors++;
	return fail(w, w->ops->error(w, file, line, message ? message : "error"));
}

int mctl_writer_flush(mctl_writer *w)
{
	if (!w)
		return MCTL_EINVAL;
	int rc = w->status;
	if (!rc && !w->finished && w->ops->flush)
		rc = w->ops->flush(w);
	if (fflush(w->fp) != 0 || ferror(w->fp))
		rc = rc ? rc : MCTL_EIO;
	return fail(w, rc);
}

int mctl_writer_finish(mctl_writer *w)
{
	int rc = usable(w);
	if (rc)
		return rc;
	rc = w->ops->end(w);
	w->finished = true;
	if (fflush(w->fp) != 0 || ferror(w->fp))
		rc = rc ? rc : MCTL_EIO;
	return fail(w, rc);
}

size_t mctl_writer_count(const mctl_writer *w, mctl_verdict v)
{
	return w && (unsigned)v < 4 ? w->counts[v] : 0;
}

size_t mctl_writer_error_count(const mctl_writer *w)
{
	return w ? w->nerrors : 0;
}

void mctl_writer_free(mctl_writer *w)
{
	if (!w)
		return;
	if (w->ops->release)
		w->ops->release(w);
	mctl__buf_free(&w->line);
	mctl__buf_free(&w->cell);
	mctl__buf_free(&w->list);
	mctl__free(&w->al, w->file);
	mctl_alloc al = w->al;
	mctl__free(&al, w);
}
