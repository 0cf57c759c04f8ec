#include <string.h>
#include "match/code.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int mctl__code_normalize(const char *in, size_t len, char out[11], size_t *olen, size_t *start, size_t *end)
{
	size_t b = 0, e = len;
	while (b < e && is_blank(in[b]))
		b++;
	while (e > b && is_blank(in[e - 1]))
		e--;
	size_t n = 0;
	char prev = 0;
	for (size_t i = b; i < e; i++) {
		char c = in[i];
		if (c >= '0' && c <= '9') {
			if (n == 10)
				return -1;
			out[n++] = c;
		} else if (c == '.' || c == ' ' || c == '-') {
			/* a separator must sit between digits, once */
			if (!(prev >= '0' && prev <= '9') || i + 1 >= e || !(in[i + 1] >= '0' && in[i + 1] <= '9'))
				return -1;
		} else {
			return -1;
		}
		prev = c;
	}
	if (n != 6 && n != 8 && n != 10)
		return -1;
	out[n] = '\0';
	*olen = n;
	*start = b;
	*end = e;
	return 0;
}

/* First index whose digits compare >= key. */
static size_t lower_bound(const mctl_policy *p, const char *key)
{
	size_t lo = 0, hi = p->ncoderefs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(p->coderefs[mid].digits, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void mctl__code_lookup(const mctl_policy *p, const char *digits, size_t len, mctl_code_cb cb, void *ctx)
{
	char key[11];
	/* listed codes that are prefixes of (or equal to) the declared one */
	for (size_t l = 6; l <= len; l += 2) {
		memcpy(key, digits, l);
		key[l] = '\0';
		for (size_t i = lower_bound(p, key); i < p->ncoderefs && strcmp(p->coderefs[i].digits, key) == 0; i++)
			cb(ctx, &p->coderefs[i], MCTL_CODE_UNDER);
	}
	/* listed codes that extend the declared one */
	memcpy(key, digits, len);
	key[len] = '\0';
	for (size_t i = lower_bound(p, key); i < p->ncoderefs && strncmp(p->coderefs[i].digits, key, len) == 0; i++)
		if (p->coderefs[i].len > len)
			cb(ctx, &p->coderefs[i], MCTL_CODE_ABOVE);
}
