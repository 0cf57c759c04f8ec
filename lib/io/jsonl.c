/*
 * JSON Lines in: one JSON object per line (jansson), with the keys of
 * README.md "Input formats"; blank lines are skipped, a UTF-8 BOM at the
 * start is ignored. A bad line is an error for that line only.
 */
#include <stdarg.h>
#include <string.h>
#include <jansson.h>
#include "io/reader.h"

typedef struct jsonl {
	mctl_buf line;
	unsigned lineno; /* lines read so far */
} jsonl;

static int jsonl_init(mctl_reader *rd)
{
	jsonl *j = mctl__calloc(&rd->al, 1, sizeof *j);
	if (!j)
		return MCTL_ENOMEM;
	mctl__buf_init(&j->line, &rd->al);
	rd->state = j;
	return MCTL_OK;
}

static void jsonl_free(mctl_reader *rd)
{
	jsonl *j = rd->state;
	mctl__buf_free(&j->line);
	mctl__free(&rd->al, j);
	rd->state = NULL;
}

/* Skips one value of valid JSON text from s[i]; returns the index after it. */
static size_t skip_value(const char *s, size_t len, size_t i)
{
	int depth = 0;
	while (i < len) {
		char c = s[i];
		if (c == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			i++;
		} else if (c == '{' || c == '[') {
			depth++;
			i++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return i;
			depth--;
			i++;
		} else if (depth == 0 && c == ',') {
			return i;
		} else {
			i++;
		}
		if (depth == 0 && (c == '"' || c == '}' || c == ']'))
			return i;
	}
	return i;
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}

/*
 * 1-based column (in characters) of the value of top-level key `key` in the
 * object on this line (valid JSON), or 0 when it is not there.
 */
static unsigned key_column(const char *s, size_t len, const char *key)
{
	size_t klen = strlen(key), i = skip_ws(s, len, 0);
	if (i >= len || s[i] != '{')
		return 0;
	i++;
	for (;;) {
		i = skip_ws(s, len, i);
		if (i >= len || s[i] != '"')
			return 0;
		size_t k0 = ++i;
		while (i < len && s[i] != '"')
			i += s[i] == '\\' ? 2 : 1;
		size_t k1 = i++;
		i = skip_ws(s, len, i);
		if (i >= len || s[i] != ':')
			return 0;
		i = skip_ws(s, len, i + 1);
		if (k1 - k0 == klen && memcmp(s + k0, key, klen) == 0)
			return mctl__io_chars(s, i) + 1;
		i = skip_ws(s, len, skip_value(s, len, i));
		if (i >= len || s[i] != ',')
			return 0;
		i++;
	}
}

typedef struct jctx {
	const mctl_reader *rd;
	mctl_error **err;
	const char *text;
	size_t len, offset;
	unsigned line;
} jctx;

static int bad(jctx *c, int code, const char *key, const char *fmt, ...) MCTL_PRINTF(4, 5);

/* An error for this line, at the value of `key` when it is found. */
static int bad(jctx *c, int code, const char *key, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	unsigned col = key ? key_column(c->text, c->len, key) : 0;
	return mctl__io_error(c->rd, c->err, code, c->line, col, c->offset, "%s", msg);
}

/* Passes on the message of a record setter's error. */
static int bad_set(jctx *c, int code, const char *key, mctl_error *e, const char *fallback)
{
	int rc = bad(c, code, key, "%s", e ? mctl_error_message(e) : fallback);
	mctl_error_free(e);
	return rc;
}

static int hexval(char ch)
{
	return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/*
 * {"hex": "..."}: how a canonical record (mctl_record_to_json) writes a field
 * whose bytes are not UTF-8. Decodes into a new buffer (*out, freed by the
 * caller). 0, 1 when v is not that form, or MCTL_ENOMEM.
 */
static int hex_text(const mctl_alloc *al, json_t *v, char **out, size_t *len)
{
	json_t *h = json_object_get(v, "hex");
	if (!json_is_object(v) || json_object_size(v) != 1 || !json_is_string(h) || json_string_length(h) % 2)
		return 1;
	const char *hs = json_string_value(h);
	size_t n = json_string_length(h) / 2;
	char *b = mctl__malloc(al, n + 1);
	if (!b)
		return MCTL_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(hs[2 * i]), lo = hexval(hs[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			mctl__free(al, b);
			return 1;
		}
		b[i] = (char)(hi << 4 | lo);
	}
	b[n] = '\0';
	*out = b;
	*len = n;
	return 0;
}

static int from_json(jctx *c, mctl_record *r, json_t *o)
{
	static const struct { const char *key; mctl_field f; } text_keys[] = {
		{ "id", MCTL_FIELD_ID }, { "description", MCTL_FIELD_DESCRIPTION },
		{ "description2", MCTL_FIELD_DESCRIPTION2 }, { "code", MCTL_FIELD_CODE },
		{ "origin", MCTL_FIELD_ORIGIN }, { "from", MCTL_FIELD_FROM }, { "to", MCTL_FIELD_TO },
		{ "date", MCTL_FIELD_DATE }, { "channel", MCTL_FIELD_CHANNEL }, { "end_use", MCTL_FIELD_END_USE },
		{ "unit", MCTL_FIELD_UNIT }, { "currency", MCTL_FIELD_CURRENCY },
	};
	if (!json_is_object(o))
		return bad(c, MCTL_EINVAL, NULL, "expected a JSON object per line");
	for (size_t i = 0; i < sizeof text_keys / sizeof text_keys[0]; i++) {
		const char *key = text_keys[i].key;
		json_t *v = json_object_get(o, key);
		if (!v || json_is_null(v))
			continue;
		char num[64], *tmp = NULL;
		const char *s;
		size_t len;
		int hx;
		if (json_is_string(v)) {
			s = json_string_value(v);
			len = json_string_length(v);
		} else if (text_keys[i].f == MCTL_FIELD_ID && json_is_integer(v)) {
			snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			s = num;
			len = strlen(num);
		} else if ((hx = hex_text(&c->rd->al, v, &tmp, &len)) == 0) {
			s = tmp;
		} else if (hx == MCTL_ENOMEM) {
			return bad(c, MCTL_ENOMEM, key, "out of memory");
		} else {
			return bad(c, MCTL_EINVAL, key, "'%s' must be a string", key);
		}
		int rc = MCTL_OK;
		mctl_error *e = NULL;
		if (text_keys[i].f == MCTL_FIELD_CODE && len == 0)
			rc = MCTL_OK;
		else if (len > c->rd->max_field)
			rc = MCTL_ELIMIT;
		else
			rc = mctl_record_set(r, text_keys[i].f, s, len, &e);
		mctl__free(&c->rd->al, tmp);
		if (rc == MCTL_ELIMIT && !e)
			return bad(c, MCTL_ELIMIT, key, "'%s' is longer than the limit of %zu bytes", key, c->rd->max_field);
		if (rc != MCTL_OK)
			return bad_set(c, rc, key, e, "bad value");
	}
	json_t *route = json_object_get(o, "route");
	if (route && !json_is_null(route)) {
		if (!json_is_array(route))
			return bad(c, MCTL_EINVAL, "route", "'route' must be an array of country codes");
		size_t i;
		json_t *v;
		json_array_foreach(route, i, v) {
			if (!json_is_string(v))
				return bad(c, MCTL_EINVAL, "route", "'route' must be an array of country codes");
			mctl_error *e = NULL;
			int rc = mctl_record_add_route(r, json_string_value(v), &e);
			if (rc != MCTL_OK)
				return bad_set(c, rc, "route", e, "bad route");
		}
	}
	json_t *comps = json_object_get(o, "components");
	if (comps && !json_is_null(comps)) {
		static const char shape[] = "'components' must be an array of {material, origin, value_share, weight_share}";
		if (!json_is_array(comps))
			return bad(c, MCTL_EINVAL, "components", "%s", shape);
		size_t i;
		json_t *v;
		json_array_foreach(comps, i, v) {
			json_t *vs = json_object_get(v, "value_share"), *ws = json_object_get(v, "weight_share");
			json_t *org = json_object_get(v, "origin");
			if (!json_is_object(v) || !json_is_string(json_object_get(v, "material")) ||
			    (vs && !json_is_number(vs)) || (ws && !json_is_number(ws)) ||
			    (org && !json_is_null(org) && !json_is_string(org)))
				return bad(c, MCTL_EINVAL, "components", "%s", shape);
			mctl_error *e = NULL;
			int rc = mctl_record_add_component(r, json_string_value(json_object_get(v, "material")),
			                                   json_string_value(org), vs ? json_number_value(vs) : -1,
			                                   ws ? json_number_value(ws) : -1, &e);
			if (rc != MCTL_OK)
				return bad_set(c, rc, "components", e, shape);
		}
	}
	json_t *codes = json_object_get(o, "codes");
	if (codes && !json_is_null(codes)) {
		static const char shape[] = "'codes' must be an array of {type, code}";
		if (!json_is_array(codes))
			return bad(c, MCTL_EINVAL, "codes", "%s", shape);
		size_t i;
		json_t *v;
		json_array_foreach(codes, i, v) {
			json_t *t = json_object_get(v, "type"), *cd = json_object_get(v, "code");
			if (!json_is_object(v) || !json_is_string(t) || !json_is_string(cd))
				return bad(c, MCTL_EINVAL, "codes", "%s", shape);
			mctl_error *e = NULL;
			int rc = mctl_record_add_code(r, json_string_value(t), json_string_value(cd), &e);
			if (rc != MCTL_OK)
				return bad_set(c, rc, "codes", e, shape);
		}
	}
	static const char *const num_keys[] = { "quantity", "value" };
	for (int k = 0; k < 2; k++) {
		json_t *v = json_object_get(o, num_keys[k]);
		if (!v || json_is_null(v))
			continue;
		if (!json_is_number(v))
			return bad(c, MCTL_EINVAL, num_keys[k], "'%s' must be a number", num_keys[k]);
		double d = json_number_value(v);
		int rc = k == 0 ? mctl_record_set_quantity(r, d) : mctl_record_set_value(r, d);
		if (rc)
			return bad(c, MCTL_EINVAL, num_keys[k], "'%s' must be a non-negative number", num_keys[k]);
	}
	const char *why = mctl__io_record_problem(r);
	if (why)
		return bad(c, MCTL_EINVAL, NULL, "%s", why);
	return MCTL_OK;
}

/*
 * Reads one line into j->line (without its '\n'). Returns 1 for a line, 0 at
 * the end, -1 on a read error; *too_long when it was cut at the limit.
 */
static int read_line(mctl_reader *rd, jsonl *j, bool *too_long)
{
	bool any = false;
	j->line.len = 0;
	*too_long = false;
	for (;;) {
		long n = mctl__io_fill(rd);
		if (n <= 0) {
			if (rd->io_errno)
				return -1;
			break;
		}
		any = true;
		const unsigned char *p = rd->buf + rd->pos;
		const unsigned char *nl = memchr(p, '\n', (size_t)n);
		size_t take = nl ? (size_t)(nl - p) : (size_t)n;
		if (!*too_long && j->line.len + take > rd->max_record)
			*too_long = true;
		if (!*too_long && mctl__buf_append(&j->line, p, take))
			return -2;
		rd->pos += take + (nl ? 1 : 0);
		if (nl)
			break;
	}
	return any ? 1 : 0;
}

/*
 * Takes the next non-blank line off the input: its bytes (without the line
 * break, and without a BOM at the very start) in *text and *len, its input
 * offset in *offset, its number in rd->line.
 */
static int jsonl_next_text(mctl_reader *rd, const char **text, size_t *len, size_t *offset, mctl_error **err)
{
	jsonl *j = rd->state;
	for (;;) {
		size_t start = mctl__io_tell(rd);
		bool too_long;
		int got = read_line(rd, j, &too_long);
		if (got == 0)
			return MCTL_DONE;
		rd->line = ++j->lineno;
		if (got == -2)
			return MCTL_ENOMEM;
		if (got < 0) {
			rd->fatal = true;
			return mctl__io_error(rd, err, MCTL_EIO, rd->line, 0, start, "read error: %s", strerror(rd->io_errno));
		}
		if (too_long)
			return mctl__io_error(rd, err, MCTL_ELIMIT, rd->line, 0, start,
			                      "line longer than the limit of %zu bytes", rd->max_record);
		const char *s = j->line.data ? j->line.data : "";
		size_t n = j->line.len;
		if (start == 0 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3;
			n -= 3;
			start += 3;
		}
		size_t k = 0;
		while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
			k++;
		if (k == n)
			continue; /* blank lines are skipped */
		*text = s;
		*len = n;
		*offset = start;
		return MCTL_OK;
	}
}

/* Parses one line taken by jsonl_next_text(); touches nothing of rd it changes. */
static int jsonl_parse_text(const mctl_reader *rd, const char *s, size_t len, unsigned line, size_t start,
                            mctl_record *r, mctl_error **err)
{
	json_error_t jerr;
	json_t *o = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o)
		return mctl__io_error(rd, err, MCTL_ESYNTAX, line, jerr.column > 0 ? (unsigned)jerr.column : 0,
		                      start + (jerr.position > 0 ? (size_t)jerr.position : 0),
		                      "invalid JSON at column %d: %s", jerr.column, jerr.text);
	jctx c = { rd, err, s, len, start, line };
	int rc = from_json(&c, r, o);
	json_decref(o);
	return rc;
}

static int jsonl_next(mctl_reader *rd, mctl_record *r, mctl_error **err)
{
	const char *s;
	size_t len, start;
	int rc = jsonl_next_text(rd, &s, &len, &start, err);
	return rc == MCTL_OK ? jsonl_parse_text(rd, s, len, rd->line, start, r, err) : rc;
}

const mctl_io_ops mctl__jsonl_ops = { jsonl_init, jsonl_next, jsonl_free, jsonl_next_text, jsonl_parse_text };
