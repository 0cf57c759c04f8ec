/* mineralctl: the audit trail (screen --audit). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "audit.h"

/* ---------------- text for JSON ---------------- */

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k;
	unsigned v, min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		k = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	return v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ? 0 : k;
}

/* A JSON string of s, invalid UTF-8 replaced by U+FFFD; JSON null for NULL. */
static json_t *jtext(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	size_t n = strlen(s), o = 0;
	char *d = malloc(3 * n + 1);
	if (!d)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_len((const unsigned char *)s + i, n - i);
		memcpy(d + o, k ? s + i : "\xEF\xBF\xBD", k ? k : 3);
		o += k ? k : 3;
		i += k ? k : 1;
	}
	d[o] = '\0';
	j = json_string(d);
	free(d);
	return j;
}

/* ---------------- writing ---------------- */

struct audit {
	int fd;
	char *buf; /* pending lines */
	size_t len, cap;
	time_t stamp_t;
	char stamp[32];
};

int audit_open(audit **out, const char *path, char *msg, size_t msz)
{
	*out = NULL;
	audit *a = calloc(1, sizeof *a);
	if (!a) {
		snprintf(msg, msz, "out of memory");
		return -1;
	}
	a->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (a->fd < 0) {
		snprintf(msg, msz, "cannot open the audit trail '%s': %s", path, strerror(errno));
		free(a);
		return -1;
	}
	a->stamp_t = (time_t)-1;
	*out = a;
	return 0;
}

static int append(audit *a, const char *s, size_t n)
{
	if (a->len + n > a->cap) {
		size_t cap = a->cap ? a->cap : 65536;
		while (cap < a->len + n)
			cap *= 2;
		char *b = realloc(a->buf, cap);
		if (!b)
			return -1;
		a->buf = b;
		a->cap = cap;
	}
	memcpy(a->buf + a->len, s, n);
	a->len += n;
	return 0;
}

int audit_add(audit *a, const mctl_result *res, const char *file, size_t line, const char *sha256,
              const char *record_json)
{
	time_t t = time(NULL);
	if (t != a->stamp_t) {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(a->stamp, sizeof a->stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
		a->stamp_t = t;
	}
	const mctl_policy *p = mctl_result_policy(res);
	json_t *items = json_array(), *flags = json_array();
	for (size_t i = 0; items && i < mctl_result_item_count(res); i++)
		json_array_append_new(items, json_pack("{s:o,s:s}", "id", jtext(mctl_result_item_id(res, i)), "action",
		                                       mctl_action_name(mctl_result_item_action(res, i))));
	for (size_t i = 0; flags && i < mctl_result_flag_count(res); i++)
		json_array_append_new(flags, json_string(mctl_flag_name(mctl_result_flag_at(res, i))));
	json_t *o = json_pack("{s:s,s:o,s:I,s:o,s:s,s:o,s:o,s:o,s:s,s:s,s:s,s:o,s:o}", "time", a->stamp, "file",
	                      jtext(file), "line", (json_int_t)line, "id", jtext(mctl_result_id(res)), "record_sha256",
	                      sha256, "bundle", jtext(mctl_policy_bundle(p)), "bundle_version",
	                      jtext(mctl_policy_version(p)), "bundle_digest", jtext(mctl_policy_digest(p)), "library",
	                      mctl_version(), "date", mctl_result_date(res), "verdict",
	                      mctl_verdict_name(mctl_result_verdict(res)), "items", items, "flags", flags);
	char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!text)
		return -1;
	size_t n = strlen(text);
	int rc = 0;
	if (record_json) { /* the canonical text as it is, so its sha256 can be checked by anyone */
		rc |= append(a, text, n - 1);
		rc |= append(a, ",\"record\":", 10);
		rc |= append(a, record_json, strlen(record_json));
		rc |= append(a, "}\n", 2);
	} else {
		rc |= append(a, text, n);
		rc |= append(a, "\n", 1);
	}
	free(text);
	return rc ? -1 : 0;
}

int audit_flush(audit *a)
{
	size_t done = 0;
	while (done < a->len) {
		ssize_t w = write(a->fd, a->buf + done, a->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)w;
	}
	a->len = 0;
	return 0;
}

int audit_close(audit *a)
{
	if (!a)
		return 0;
	int rc = audit_flush(a);
	int e = errno;
	if (close(a->fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	free(a->buf);
	free(a);
	errno = e;
	return rc;
}
