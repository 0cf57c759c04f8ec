/*
 * Result -> one line of JSON.
 *
 * Written straight into a buffer: building a jansson tree and dumping it
 * cost twice the classification itself, and a batch screen writes one per
 * record. The bytes are those jansson's compact dump gave (the format
 * callers parse): keys in a fixed order, '"' '\\' and control characters
 * escaped (\b \f \n \r \t, else \u00XX in upper case), everything else,
 * '/' and non-ASCII included, as it is; invalid UTF-8 replaced by U+FFFD.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "decide/result.h"
#include "policy/model.h"
#include "report/report.h"
#include "text/normalize.h"

/* A JSON string of s[0..n), or null when s is NULL. */
static int str(mctl_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return mctl__buf_append(b, "null", 4);
	int rc = mctl__buf_putc(b, '"');
	size_t run = 0; /* bytes kept as they are, pending */
	for (size_t i = 0; i < n && !rc;) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		size_t k = 1, elen = 0;
		if (c >= 0x80) {
			int32_t cp;
			bool ok;
			k = mctl__utf8_decode((const unsigned char *)s + i, n - i, &cp, &ok);
			if (ok) {
				run += k;
				i += k;
				continue;
			}
			memcpy(esc, "\xEF\xBF\xBD", 3);
			elen = 3;
		} else if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			elen = 2;
		} else if (c < 0x20) {
			static const char short_esc[] = { ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r' };
			esc[0] = '\\';
			if (c < sizeof short_esc && short_esc[c]) {
				esc[1] = short_esc[c];
				elen = 2;
			} else {
				memcpy(esc + 1, "u00", 3);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				elen = 6;
			}
		} else {
			run++;
			i++;
			continue;
		}
		rc = mctl__buf_append(b, s + i - run, run);
		if (!rc)
			rc = mctl__buf_append(b, esc, elen);
		run = 0;
		i += k;
	}
	if (!rc)
		rc = mctl__buf_append(b, s + n - run, run);
	return rc ? rc : mctl__buf_putc(b, '"');
}

static int cstr(mctl_buf *b, const char *s)
{
	return str(b, s, s ? strlen(s) : 0);
}

static int lit(mctl_buf *b, const char *s)
{
	return mctl__buf_append(b, s, strlen(s));
}

static int num(mctl_buf *b, size_t v)
{
	char d[32];
	int n = snprintf(d, sizeof d, "%zu", v);
	return mctl__buf_append(b, d, (size_t)n);
}

int mctl__result_json(mctl_buf *b, const mctl_result *res)
{
	const mctl_policy *p = res->policy;
	int rc = lit(b, "{\"id\":");
	rc |= cstr(b, res->id);
	rc |= lit(b, ",\"verdict\":");
	rc |= cstr(b, mctl_verdict_name(res->verdict));
	rc |= lit(b, ",\"items\":[");
	for (size_t i = 0; i < res->nitems && !rc; i++) {
		const mctl_res_item *ri = &res->items[i];
		const mctl_item *it = &p->items[ri->index];
		rc |= lit(b, i ? ",{\"id\":" : "{\"id\":");
		rc |= cstr(b, it->id);
		rc |= lit(b, ",\"title\":");
		rc |= cstr(b, mctl_policy_item_title(p, ri->index, "en"));
		rc |= lit(b, ",\"announcement\":");
		rc |= cstr(b, mctl_policy_item_announcement(p, ri->index));
		rc |= lit(b, ",\"control_code\":");
		rc |= cstr(b, it->control_code);
		rc |= lit(b, ",\"minerals\":[");
		for (size_t k = 0; k < it->minerals.n; k++) {
			if (k)
				rc |= mctl__buf_putc(b, ',');
			rc |= cstr(b, it->minerals.v[k]);
		}
		rc |= lit(b, "],\"action\":");
		rc |= cstr(b, mctl_action_name(ri->action));
		rc |= lit(b, ",\"match\":");
		rc |= cstr(b, mctl_match_name(ri->match));
		if (!it->confirmed)
			rc |= lit(b, ",\"confirmed\":false");
		rc |= mctl__buf_putc(b, '}');
	}
	rc |= lit(b, "],\"flags\":[");
	for (size_t i = 0; i < res->nflags; i++) {
		if (i)
			rc |= mctl__buf_putc(b, ',');
		rc |= cstr(b, mctl_flag_name(res->flags[i]));
	}
	rc |= lit(b, "],\"evidence\":[");
	for (size_t i = 0; i < res->nev && !rc; i++) {
		const mctl_res_ev *e = &res->ev[i];
		rc |= lit(b, i ? ",{\"field\":" : "{\"field\":");
		rc |= cstr(b, mctl_field_name(e->field));
		rc |= lit(b, ",\"start\":");
		rc |= num(b, e->start);
		rc |= lit(b, ",\"end\":");
		rc |= num(b, e->end);
		rc |= lit(b, ",\"text\":");
		rc |= cstr(b, e->text);
		rc |= lit(b, ",\"concept\":");
		rc |= cstr(b, e->concept);
		if (e->negated)
			rc |= lit(b, ",\"negated\":true");
		if (e->approximate)
			rc |= lit(b, ",\"approximate\":true");
		rc |= mctl__buf_putc(b, '}');
	}
	rc |= lit(b, "],\"policy\":{\"bundle\":");
	rc |= cstr(b, p->bundle);
	rc |= lit(b, ",\"version\":");
	rc |= cstr(b, p->version);
	rc |= lit(b, ",\"digest\":");
	rc |= cstr(b, p->digest);
	rc |= lit(b, "},\"date\":");
	rc |= cstr(b, res->date);
	rc |= lit(b, res->in_jur ? ",\"in_jurisdiction\":true" : ",\"in_jurisdiction\":false");
	if (res->note) {
		rc |= lit(b, ",\"note\":");
		rc |= cstr(b, res->note);
	}
	rc |= mctl__buf_putc(b, '}');
	return rc ? MCTL_ENOMEM : MCTL_OK;
}

int mctl_result_to_json(const mctl_result *res, char **out)
{
	if (!res || !out)
		return MCTL_EINVAL;
	*out = NULL;
	mctl_alloc al; /* the caller frees the text with free() */
	mctl__alloc_init(&al, NULL);
	mctl_buf b;
	mctl__buf_init(&b, &al);
	if (mctl__result_json(&b, res) != MCTL_OK) {
		mctl__buf_free(&b);
		return MCTL_ENOMEM;
	}
	*out = b.data;
	return MCTL_OK;
}

int mctl_result_write_json(const mctl_result *res, FILE *fp)
{
	if (!res || !fp)
		return MCTL_EINVAL;
	mctl_buf b;
	mctl__buf_init(&b, &res->al);
	int rc = mctl__result_json(&b, res);
	if (rc == MCTL_OK && fwrite(b.data, 1, b.len, fp) != b.len)
		rc = MCTL_EIO;
	mctl__buf_free(&b);
	return rc;
}
