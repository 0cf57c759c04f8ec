/*
 * The canonical JSON of a record and its SHA-256, for audit trails.
 *
 * The text follows RFC 8785 (JSON Canonicalization Scheme): keys sorted by
 * code unit, no whitespace, strings escaped only where JSON requires it
 * (\" \\ \b \f \n \r \t, other controls as \u00xx), numbers written as
 * ECMAScript writes a double (shortest digits that read back the same).
 * Only fields that are set appear. A text field holding invalid UTF-8 (which
 * a JSON string cannot carry) is written {"hex":"<its bytes in lower-case
 * hex>"}, so no two records share a text. See record.h for the keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nettle/sha2.h>
#include "record/record.h"
#include "report/report.h"
#include "text/normalize.h"
#include "util/internal.h"

/* The record's keys in canonical (sorted) order. */
enum { K_TEXT, K_ROUTE, K_COMPONENTS, K_QUANTITY, K_VALUE };
static const struct {
	const char *key;
	int kind;
	mctl_field field;
} keys[] = {
	{ "channel", K_TEXT, MCTL_FIELD_CHANNEL },
	{ "code", K_TEXT, MCTL_FIELD_CODE },
	{ "components", K_COMPONENTS, 0 },
	{ "currency", K_TEXT, MCTL_FIELD_CURRENCY },
	{ "date", K_TEXT, MCTL_FIELD_DATE },
	{ "description", K_TEXT, MCTL_FIELD_DESCRIPTION },
	{ "description2", K_TEXT, MCTL_FIELD_DESCRIPTION2 },
	{ "end_use", K_TEXT, MCTL_FIELD_END_USE },
	{ "from", K_TEXT, MCTL_FIELD_FROM },
	{ "id", K_TEXT, MCTL_FIELD_ID },
	{ "origin", K_TEXT, MCTL_FIELD_ORIGIN },
	{ "quantity", K_QUANTITY, 0 },
	{ "route", K_ROUTE, 0 },
	{ "to", K_TEXT, MCTL_FIELD_TO },
	{ "unit", K_TEXT, MCTL_FIELD_UNIT },
	{ "value", K_VALUE, 0 },
};

int mctl__json_string(mctl_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	int rc = mctl__buf_putc(b, '"');
	size_t run = 0; /* bytes copied as they are, pending */
	for (size_t i = 0; i < n && !rc; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];
		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c < 0x20) {
			switch (c) {
			case '\b': esc = "\\b"; break;
			case '\f': esc = "\\f"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			default:
				memcpy(u, "\\u00", 4);
				u[4] = hex[c >> 4];
				u[5] = hex[c & 15];
				u[6] = '\0';
				esc = u;
			}
		}
		if (!esc) {
			run++;
			continue;
		}
		rc = mctl__buf_append(b, s + i - run, run);
		run = 0;
		if (!rc)
			rc = mctl__buf_append(b, esc, strlen(esc));
	}
	if (!rc)
		rc = mctl__buf_append(b, s + n - run, run);
	if (!rc)
		rc = mctl__buf_putc(b, '"');
	return rc;
}

size_t mctl__json_number(double x, char out[32])
{
	if (x == 0) { /* also -0 */
		memcpy(out, "0", 2);
		return 1;
	}
	/* the shortest digits that read back as x: d.ddd e exp */
	char e[40];
	int prec;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(e, sizeof e, "%.*e", prec - 1, x);
		if (strtod(e, NULL) == x)
			break;
	}
	const char *p = e;
	size_t o = 0;
	if (*p == '-') {
		out[o++] = '-';
		p++;
	}
	char digits[20];
	int k = 0;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[k++] = *p;
	while (k > 1 && digits[k - 1] == '0') /* only "0" itself could end so; kept for clarity */
		k--;
	int n = atoi(p + 1) + 1; /* x = 0.digits * 10^n */
	if (k <= n && n <= 21) {
		memcpy(out + o, digits, (size_t)k);
		o += (size_t)k;
		for (int i = k; i < n; i++)
			out[o++] = '0';
	} else if (0 < n && n <= 21) {
		memcpy(out + o, digits, (size_t)n);
		o += (size_t)n;
		out[o++] = '.';
		memcpy(out + o, digits + n, (size_t)(k - n));
		o += (size_t)(k - n);
	} else if (-6 < n && n <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (int i = 0; i < -n; i++)
			out[o++] = '0';
		memcpy(out + o, digits, (size_t)k);
		o += (size_t)k;
	} else {
		out[o++] = digits[0];
		if (k > 1) {
			out[o++] = '.';
			memcpy(out + o, digits + 1, (size_t)(k - 1));
			o += (size_t)(k - 1);
		}
		o += (size_t)snprintf(out + o, 32 - o, "e%c%d", n - 1 < 0 ? '-' : '+', n - 1 < 0 ? 1 - n : n - 1);
	}
	out[o] = '\0';
	return o;
}

static int put(mctl_buf *b, const char *s)
{
	return mctl__buf_append(b, s, strlen(s));
}

static int put_number(mctl_buf *b, double x)
{
	char num[32];
	size_t n = mctl__json_number(x, num);
	return mctl__buf_append(b, num, n);
}

/* A text field: a JSON string, or {"hex": ...} when the bytes are not UTF-8. */
static int put_text(mctl_buf *b, const char *s, size_t n)
{
	if (mctl__utf8_valid(s, n))
		return mctl__json_string(b, s, n);
	static const char hex[] = "0123456789abcdef";
	int rc = put(b, "{\"hex\":\"");
	for (size_t i = 0; i < n && !rc; i++) {
		char two[2] = { hex[(unsigned char)s[i] >> 4], hex[(unsigned char)s[i] & 15] };
		rc = mctl__buf_append(b, two, 2);
	}
	return rc ? rc : put(b, "\"}");
}

static int put_components(mctl_buf *b, const mctl_record *r)
{
	int rc = mctl__buf_putc(b, '[');
	for (size_t i = 0; i < r->ncomp && !rc; i++) {
		const mctl_component *c = &r->comp[i];
		rc = put(b, i ? ",{\"material\":" : "{\"material\":");
		if (!rc)
			rc = put_text(b, c->material, strlen(c->material));
		if (!rc && c->origin[0]) {
			rc = put(b, ",\"origin\":");
			if (!rc)
				rc = mctl__json_string(b, c->origin, strlen(c->origin));
		}
		if (!rc && c->value_share >= 0) {
			rc = put(b, ",\"value_share\":");
			if (!rc)
				rc = put_number(b, c->value_share);
		}
		if (!rc && c->weight_share >= 0) {
			rc = put(b, ",\"weight_share\":");
			if (!rc)
				rc = put_number(b, c->weight_share);
		}
		if (!rc)
			rc = mctl__buf_putc(b, '}');
	}
	return rc ? rc : mctl__buf_putc(b, ']');
}

/* Appends the canonical JSON of r to b. */
static int canon(mctl_buf *b, const mctl_record *r)
{
	int rc = mctl__buf_putc(b, '{');
	bool first = true;
	for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !rc; k++) {
		size_t n = 0;
		const char *s = NULL;
		switch (keys[k].kind) {
		case K_TEXT:
			s = mctl_record_get(r, keys[k].field, &n);
			if (!s)
				continue;
			break;
		case K_ROUTE:
			if (!r->nroute)
				continue;
			break;
		case K_COMPONENTS:
			if (!r->ncomp)
				continue;
			break;
		case K_QUANTITY:
			if (!r->has_qty)
				continue;
			break;
		case K_VALUE:
			if (!r->has_value)
				continue;
			break;
		}
		if (!first)
			rc = mctl__buf_putc(b, ',');
		first = false;
		if (!rc)
			rc = mctl__json_string(b, keys[k].key, strlen(keys[k].key));
		if (!rc)
			rc = mctl__buf_putc(b, ':');
		if (rc)
			break;
		switch (keys[k].kind) {
		case K_TEXT: rc = put_text(b, s, n); break;
		case K_QUANTITY: rc = put_number(b, r->qty); break;
		case K_VALUE: rc = put_number(b, r->value); break;
		case K_COMPONENTS: rc = put_components(b, r); break;
		case K_ROUTE:
			rc = mctl__buf_putc(b, '[');
			for (size_t i = 0; i < r->nroute && !rc; i++) {
				if (i)
					rc = mctl__buf_putc(b, ',');
				if (!rc)
					rc = mctl__json_string(b, r->route[i], strlen(r->route[i]));
			}
			if (!rc)
				rc = mctl__buf_putc(b, ']');
			break;
		}
	}
	return rc ? rc : mctl__buf_putc(b, '}');
}

int mctl_record_to_json(const mctl_record *r, char **out)
{
	if (!out)
		return MCTL_EINVAL;
	*out = NULL;
	if (!r)
		return MCTL_EINVAL;
	mctl_alloc al; /* the caller frees the text with free() */
	mctl__alloc_init(&al, NULL);
	mctl_buf b;
	mctl__buf_init(&b, &al);
	if (canon(&b, r) != MCTL_OK) {
		mctl__buf_free(&b);
		return MCTL_ENOMEM;
	}
	*out = b.data; /* NUL-terminated */
	return MCTL_OK;
}

int mctl_record_digest(const mctl_record *r, char hex[65])
{
	if (!r || !hex)
		return MCTL_EINVAL;
	hex[0] = '\0';
	mctl_buf b;
	mctl__buf_init(&b, &r->al);
	int rc = canon(&b, r);
	if (rc) {
		mctl__buf_free(&b);
		return MCTL_ENOMEM;
	}
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, b.len, (const uint8_t *)b.data);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	mctl__buf_free(&b);
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
	return MCTL_OK;
}
