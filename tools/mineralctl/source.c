/* mineralctl: reading records (JSON Lines) for screen and replay. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "source.h"

#define BLOCK (256u << 10)

const char source_formats[] = "jsonl";

int source_format_known(const char *format)
{
	return strcmp(format, "jsonl") == 0;
}

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
	if (lr->len + n > lr->cap) {
		size_t cap = lr->cap ? lr->cap : 4096;
		while (cap < lr->len + n)
			cap *= 2;
		char *b = realloc(lr->line, cap);
		if (!b)
			return -1;
		lr->line = b;
		lr->cap = cap;
	}
	memcpy(lr->line + lr->len, p, n);
	lr->len += n;
	return 0;
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

/* ---------------- records ---------------- */

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/*
 * The bytes of a text value: a string, or {"hex": "..."}. Decoded hex goes to
 * *tmp (freed by the caller). 0, or -1 when v is neither.
 */
static int text_value(json_t *v, const char **s, size_t *len, char **tmp)
{
	if (json_is_string(v)) {
		*s = json_string_value(v);
		*len = json_string_length(v);
		return 0;
	}
	json_t *h = json_object_get(v, "hex");
	if (!json_is_object(v) || json_object_size(v) != 1 || !json_is_string(h) || json_string_length(h) % 2)
		return -1;
	const char *hs = json_string_value(h);
	size_t n = json_string_length(h) / 2;
	char *b = malloc(n + 1);
	if (!b)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(hs[2 * i]), lo = hexval(hs[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(b);
			return -1;
		}
		b[i] = (char)(hi << 4 | lo);
	}
	b[n] = '\0';
	*tmp = b;
	*s = b;
	*len = n;
	return 0;
}

int record_from_json(mctl_record *r, json_t *o, const char *dflt_date, char *msg, size_t msz)
{
	static const struct { const char *key; mctl_field f; } text_keys[] = {
		{ "id", MCTL_FIELD_ID }, { "description", MCTL_FIELD_DESCRIPTION },
		{ "description2", MCTL_FIELD_DESCRIPTION2 }, { "code", MCTL_FIELD_CODE },
		{ "origin", MCTL_FIELD_ORIGIN }, { "from", MCTL_FIELD_FROM }, { "to", MCTL_FIELD_TO },
		{ "date", MCTL_FIELD_DATE }, { "channel", MCTL_FIELD_CHANNEL }, { "end_use", MCTL_FIELD_END_USE },
		{ "unit", MCTL_FIELD_UNIT }, { "currency", MCTL_FIELD_CURRENCY },
	};
	mctl_record_clear(r);
	if (!json_is_object(o)) {
		snprintf(msg, msz, "expected a JSON object per line");
		return -1;
	}
	if (dflt_date)
		mctl_record_set(r, MCTL_FIELD_DATE, dflt_date, (size_t)-1, NULL);
	for (size_t i = 0; i < sizeof text_keys / sizeof text_keys[0]; i++) {
		json_t *v = json_object_get(o, text_keys[i].key);
		if (!v || json_is_null(v))
			continue;
		char num[64], *tmp = NULL;
		const char *s;
		size_t len;
		if (text_keys[i].f == MCTL_FIELD_ID && json_is_integer(v)) {
			snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			s = num;
			len = strlen(num);
		} else if (text_value(v, &s, &len, &tmp) != 0) {
			snprintf(msg, msz, "'%s' must be a string", text_keys[i].key);
			return -1;
		}
		if (text_keys[i].f == MCTL_FIELD_CODE && len == 0) {
			free(tmp);
			continue;
		}
		mctl_error *err = NULL;
		int rc = mctl_record_set(r, text_keys[i].f, s, len, &err);
		free(tmp);
		if (rc != MCTL_OK) {
			snprintf(msg, msz, "%s", err ? mctl_error_message(err) : "bad value");
			mctl_error_free(err);
			return -1;
		}
	}
	json_t *route = json_object_get(o, "route");
	if (route && !json_is_null(route)) {
		if (!json_is_array(route)) {
			snprintf(msg, msz, "'route' must be an array of country codes");
			return -1;
		}
		size_t i;
		json_t *v;
		json_array_foreach(route, i, v) {
			mctl_error *err = NULL;
			if (!json_is_string(v)) {
				snprintf(msg, msz, "'route' must be an array of country codes");
				return -1;
			}
			if (mctl_record_add_route(r, json_string_value(v), &err) != MCTL_OK) {
				snprintf(msg, msz, "%s", err ? mctl_error_message(err) : "bad route");
				mctl_error_free(err);
				return -1;
			}
		}
	}
	json_t *comps = json_object_get(o, "components");
	if (comps && !json_is_null(comps)) {
		if (!json_is_array(comps)) {
			snprintf(msg, msz, "'components' must be an array of {material, origin, value_share, weight_share}");
			return -1;
		}
		size_t i;
		json_t *v;
		json_array_foreach(comps, i, v) {
			json_t *vs = json_object_get(v, "value_share"), *ws = json_object_get(v, "weight_share");
			mctl_error *err = NULL;
			if (!json_is_object(v) || !json_is_string(json_object_get(v, "material")) ||
			    (vs && !json_is_number(vs)) || (ws && !json_is_number(ws)) ||
			    mctl_record_add_component(r, json_string_value(json_object_get(v, "material")),
			                              json_string_value(json_object_get(v, "origin")),
			                              vs ? json_number_value(vs) : -1, ws ? json_number_value(ws) : -1, &err) != MCTL_OK) {
				snprintf(msg, msz, "%s", err ? mctl_error_message(err)
				                              : "'components' must be an array of {material, origin, value_share, weight_share}");
				mctl_error_free(err);
				return -1;
			}
		}
	}
	static const char *const num_keys[] = { "quantity", "value" };
	for (int k = 0; k < 2; k++) {
		json_t *v = json_object_get(o, num_keys[k]);
		if (!v || json_is_null(v))
			continue;
		if (!json_is_number(v)) {
			snprintf(msg, msz, "'%s' must be a number", num_keys[k]);
			return -1;
		}
		double d = json_number_value(v);
		int rc = k == 0 ? mctl_record_set_quantity(r, d) : mctl_record_set_value(r, d);
		if (rc) {
			snprintf(msg, msz, "'%s' must be a non-negative number", num_keys[k]);
			return -1;
		}
	}
	size_t l1 = 0, l2 = 0, l3 = 0;
	const char *d1 = mctl_record_get(r, MCTL_FIELD_DESCRIPTION, &l1);
	const char *d2 = mctl_record_get(r, MCTL_FIELD_DESCRIPTION2, &l2);
	const char *cd = mctl_record_get(r, MCTL_FIELD_CODE, &l3);
	if ((!d1 || !l1) && (!d2 || !l2) && (!cd || !l3)) {
		snprintf(msg, msz, "a record needs a description or a code");
		return -1;
	}
	return 0;
}

/* ---------------- sources ---------------- */

struct source {
	FILE *fp;
	linereader lr;
	size_t line;
	const char *default_date;
	bool done;
};

int source_open(source **out, const char *path, const source_options *opts, char *msg, size_t msz)
{
	*out = NULL;
	if (opts && opts->format && !source_format_known(opts->format)) {
		snprintf(msg, msz, "input format '%s' cannot be read (only %s for now)", opts->format, source_formats);
		return -1;
	}
	source *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(msg, msz, "out of memory");
		return -1;
	}
	s->default_date = opts ? opts->default_date : NULL;
	s->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!s->fp) {
		snprintf(msg, msz, "cannot open '%s': %s", path, strerror(errno));
		free(s);
		return -1;
	}
	if (linereader_init(&s->lr, s->fp, SOURCE_MAX_LINE) != 0) {
		snprintf(msg, msz, "out of memory");
		source_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

int source_next(source *s, mctl_record *r, size_t *line, char *msg, size_t msz)
{
	const char *text;
	size_t len;
	for (;;) {
		if (s->done)
			return SOURCE_DONE;
		int got = linereader_next(&s->lr, &text, &len);
		if (got == 0) {
			s->done = true;
			return SOURCE_DONE;
		}
		*line = ++s->line;
		if (got == -2) { /* reported once, at the line it stopped */
			snprintf(msg, msz, "read error: %s", strerror(s->lr.error));
			s->done = true;
			return SOURCE_BAD;
		}
		if (got == -1) {
			snprintf(msg, msz, "line longer than the limit of %u MiB", SOURCE_MAX_LINE >> 20);
			return SOURCE_BAD;
		}
		size_t k = 0;
		while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
			k++;
		if (k < len)
			break; /* blank lines are skipped */
	}
	json_error_t jerr;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o) {
		snprintf(msg, msz, "invalid JSON at column %d: %s", jerr.column, jerr.text);
		return SOURCE_BAD;
	}
	int rc = record_from_json(r, o, s->default_date, msg, msz);
	json_decref(o);
	return rc == 0 ? SOURCE_OK : SOURCE_BAD;
}

uint64_t source_offset(const source *s)
{
	return s ? s->lr.offset : 0;
}

void source_close(source *s)
{
	if (!s)
		return;
	linereader_free(&s->lr);
	if (s->fp && s->fp != stdin)
		fclose(s->fp);
	free(s);
}
