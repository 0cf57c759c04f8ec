/*
 * mineralctl: the audit trail (screen --audit) and replay.
 *
 * replay re-decides every audited record with a policy (the current one by
 * default) and lists the decisions that change. The record comes from the
 * audit line when it was stored (--audit-records), else it is read again
 * from the input file and line the audit names; either way its canonical
 * SHA-256 must match the audited one, so a record is never re-decided from
 * anything but the exact value first decided.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "audit.h"
#include "cli.h"
#include "source.h"

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
	return cli_append(&a->buf, &a->len, &a->cap, 65536, s, n);
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

/* ---------------- replay ---------------- */

/* Re-reads records from input files by line, keeping the last file open (audits list lines in order). */
typedef struct lookup {
	char *path;
	source *src;
	size_t line; /* line of the last record read */
} lookup;

static void lookup_close(lookup *lk)
{
	source_close(lk->src);
	free(lk->path);
	memset(lk, 0, sizeof *lk);
}

/* Reads the record at path:line into r. 0, or -1 with msg filled. */
static int lookup_record(lookup *lk, const char *path, size_t line, mctl_record *r, char *msg, size_t msz)
{
	if (strcmp(path, "-") == 0) {
		snprintf(msg, msz, "the record was read from standard input and not stored (screen with --audit-records)");
		return -1;
	}
	if (!lk->path || strcmp(lk->path, path) != 0 || line <= lk->line) {
		lookup_close(lk);
		if (source_open(&lk->src, path, NULL, msg, msz) != 0)
			return -1;
		lk->path = strdup(path);
		if (!lk->path) {
			snprintf(msg, msz, "out of memory");
			return -1;
		}
	}
	char why[512];
	for (;;) {
		size_t at = 0;
		int got = source_next(lk->src, r, &at, why, sizeof why);
		if (got == SOURCE_DONE || at > line)
			break;
		lk->line = at;
		if (at == line) {
			if (got == SOURCE_OK)
				return 0;
			snprintf(msg, msz, "%s:%zu cannot be read now: %s", path, line, why);
			return -1;
		}
	}
	lookup_close(lk); /* the reader went past the line: start again next time */
	snprintf(msg, msz, "%s has no record at line %zu any more", path, line);
	return -1;
}

enum { V_COUNT = 4 };

typedef struct replay {
	const mctl_policy *policy;
	const char *as_of;
	mctl_record *rec;
	lookup lk;
	size_t records, unchanged, changed, failed;
	size_t transitions[V_COUNT][V_COUNT]; /* [old][new] among the changed */
} replay;

static int verdict_of(const char *name)
{
	for (int v = 0; v < V_COUNT; v++)
		if (strcmp(mctl_verdict_name((mctl_verdict)v), name) == 0)
			return v;
	return -1;
}

/* Index of the audited item with this id in items, or -1. */
static int find_item(json_t *items, const char *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v) {
		const char *x = json_string_value(json_object_get(v, "id"));
		if (x && strcmp(x, id) == 0)
			return (int)i;
	}
	return -1;
}

static int has_flag(json_t *flags, const char *name)
{
	size_t i;
	json_t *v;
	json_array_foreach(flags, i, v) if (json_is_string(v) && strcmp(json_string_value(v), name) == 0) return 1;
	return 0;
}

/* Prints the differences between the audited decision and res; returns 1 when there is one. */
static int compare(json_t *o, const mctl_result *res, const char *where, FILE *out)
{
	json_t *items = json_object_get(o, "items"), *flags = json_object_get(o, "flags");
	const char *old_v = json_string_value(json_object_get(o, "verdict"));
	const char *new_v = mctl_verdict_name(mctl_result_verdict(res));
	/* the lines first, the heading only when something differs */
	char *body = NULL;
	size_t blen = 0;
	FILE *b = open_memstream(&body, &blen);
	if (!b)
		return -1;
	size_t i;
	json_t *v;
	for (size_t k = 0; k < mctl_result_item_count(res); k++) {
		const char *id = mctl_result_item_id(res, k), *act = mctl_action_name(mctl_result_item_action(res, k));
		int at = find_item(items, id);
		const char *was = at < 0 ? NULL : json_string_value(json_object_get(json_array_get(items, (size_t)at), "action"));
		if (at < 0)
			fprintf(b, "  + item %s (%s)\n", id, act);
		else if (!was || strcmp(was, act) != 0)
			fprintf(b, "  ~ item %s: %s -> %s\n", id, was ? was : "?", act);
	}
	json_array_foreach(items, i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));
		bool still = false;
		for (size_t k = 0; id && k < mctl_result_item_count(res) && !still; k++)
			still = strcmp(mctl_result_item_id(res, k), id) == 0;
		if (id && !still)
			fprintf(b, "  - item %s (%s)\n", id, json_string_value(json_object_get(v, "action")));
	}
	for (size_t k = 0; k < mctl_result_flag_count(res); k++) {
		const char *f = mctl_flag_name(mctl_result_flag_at(res, k));
		if (!has_flag(flags, f))
			fprintf(b, "  + flag %s\n", f);
	}
	json_array_foreach(flags, i, v) {
		const char *f = json_string_value(v);
		bool still = false;
		for (size_t k = 0; f && k < mctl_result_flag_count(res) && !still; k++)
			still = strcmp(mctl_flag_name(mctl_result_flag_at(res, k)), f) == 0;
		if (f && !still)
			fprintf(b, "  - flag %s\n", f);
	}
	fclose(b);
	int changed = blen > 0 || strcmp(old_v, new_v) != 0;
	if (changed) {
		const char *id = json_string_value(json_object_get(o, "id"));
		fprintf(out, "%s%s%s: %s -> %s\n%s", where, id ? " " : "", id ? id : "", old_v, new_v, body);
	}
	free(body);
	return changed;
}

/* Checks the shape of an audit line. NULL when fine, else why not. */
static const char *audit_line_problem(json_t *o)
{
	if (!json_is_object(o))
		return "not a JSON object";
	const char *sha = json_string_value(json_object_get(o, "record_sha256"));
	if (!sha || strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
		return "no record_sha256";
	const char *v = json_string_value(json_object_get(o, "verdict"));
	if (!v || verdict_of(v) < 0)
		return "no verdict";
	const char *d = json_string_value(json_object_get(o, "date"));
	if (!d || !valid_date(d))
		return "no date";
	json_t *items = json_object_get(o, "items"), *flags = json_object_get(o, "flags");
	if (!json_is_array(items) || !json_is_array(flags))
		return "no items or flags";
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) if (!json_is_string(json_object_get(it, "id")) ||
	                                     !json_is_string(json_object_get(it, "action"))) return "an item without id or action";
	json_t *rec = json_object_get(o, "record");
	if (rec && !json_is_object(rec))
		return "'record' is not an object";
	if (!rec && !json_is_string(json_object_get(o, "file")))
		return "neither the record nor its file";
	return NULL;
}

/* The record of an audit line into r, checked against its sha256. 0, or -1 with msg filled. */
static int audited_record(replay *rp, json_t *o, char *msg, size_t msz)
{
	const char *want = json_string_value(json_object_get(o, "record_sha256"));
	const char *date = json_string_value(json_object_get(o, "date"));
	json_t *stored = json_object_get(o, "record");
	if (stored) {
		if (record_from_json(rp->rec, stored, msg, msz) != 0)
			return -1;
	} else {
		json_int_t line = json_integer_value(json_object_get(o, "line"));
		if (line <= 0) {
			snprintf(msg, msz, "no line to read the record from");
			return -1;
		}
		if (lookup_record(&rp->lk, json_string_value(json_object_get(o, "file")), (size_t)line, rp->rec, msg, msz) != 0)
			return -1;
	}
	char got[65];
	if (mctl_record_digest(rp->rec, got) != MCTL_OK) {
		snprintf(msg, msz, "out of memory");
		return -1;
	}
	size_t len;
	if (strcmp(got, want) != 0 && !stored && !mctl_record_get(rp->rec, MCTL_FIELD_DATE, &len)) {
		/* screened with --date: the record was decided with that date set */
		mctl_record_set(rp->rec, MCTL_FIELD_DATE, date, (size_t)-1, NULL);
		mctl_record_digest(rp->rec, got);
	}
	if (strcmp(got, want) != 0) {
		snprintf(msg, msz, stored ? "the stored record does not match its record_sha256"
		                          : "the record in the input file changed since it was screened (sha256 differs)");
		return -1;
	}
	return 0;
}

static void replay_line(replay *rp, const char *text, size_t len, const char *where, FILE *out)
{
	json_error_t jerr;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	const char *problem = o ? audit_line_problem(o) : jerr.text;
	char msg[1024];
	rp->records++;
	if (problem) {
		fprintf(stderr, "%s: %s: not an audit line: %s\n", prog, where, problem);
		rp->failed++;
		json_decref(o);
		return;
	}
	/* where the decision came from, for people: the screened file and line */
	char pos[1024];
	const char *file = json_string_value(json_object_get(o, "file"));
	json_int_t line = json_integer_value(json_object_get(o, "line"));
	if (file && line > 0)
		snprintf(pos, sizeof pos, "%s:%lld", file, (long long)line);
	else
		snprintf(pos, sizeof pos, "%s", where);
	if (audited_record(rp, o, msg, sizeof msg) != 0) {
		fprintf(stderr, "%s: %s (%s): cannot replay: %s\n", prog, where, pos, msg);
		rp->failed++;
		json_decref(o);
		return;
	}
	/* as of the date first evaluated, or the date asked for */
	const char *date = rp->as_of ? rp->as_of : json_string_value(json_object_get(o, "date"));
	mctl_record_set(rp->rec, MCTL_FIELD_DATE, date, (size_t)-1, NULL);
	mctl_result *res = NULL;
	mctl_error *err = NULL;
	if (mctl_classify(rp->policy, rp->rec, &res, &err) != MCTL_OK) {
		fprintf(stderr, "%s: %s (%s): cannot replay: %s\n", prog, where, pos, mctl_error_message(err));
		mctl_error_free(err);
		rp->failed++;
		json_decref(o);
		return;
	}
	int changed = compare(o, res, pos, out);
	if (changed > 0) {
		rp->changed++;
		rp->transitions[verdict_of(json_string_value(json_object_get(o, "verdict")))][mctl_result_verdict(res)]++;
	} else {
		rp->unchanged++;
	}
	mctl_result_free(res);
	json_decref(o);
}

/* Replays every line of one audit file. 0, or -1 when it cannot be read. */
static int replay_file(replay *rp, const char *path, FILE *out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: cannot open '%s': %s\n", prog, path, strerror(errno));
		return -1;
	}
	linereader lr;
	if (linereader_init(&lr, f, SOURCE_MAX_LINE * 2) != 0) {
		if (f != stdin)
			fclose(f);
		return -1;
	}
	int rc = 0, got;
	size_t n = 0;
	const char *text;
	size_t len;
	while ((got = linereader_next(&lr, &text, &len)) != 0) {
		n++;
		char where[1024];
		snprintf(where, sizeof where, "%s:%zu", path, n);
		if (got == -2) {
			fprintf(stderr, "%s: %s: read error: %s\n", prog, where, strerror(lr.error));
			rc = -1;
			break;
		}
		if (got == -1) {
			fprintf(stderr, "%s: %s: line too long\n", prog, where);
			rp->records++;
			rp->failed++;
			continue;
		}
		if (strspn(text, " \t\r") >= len)
			continue;
		replay_line(rp, text, len, where, out);
	}
	linereader_free(&lr);
	if (f != stdin)
		fclose(f);
	return rc;
}

static void replay_usage(FILE *f)
{
	fprintf(f,
	        "usage: %s replay [--policy PATH] [--as-of YYYY-MM-DD] AUDIT...\n"
	        "Re-decides every record of the audit trails (written by screen --audit) with the policy\n"
	        "(default: the current one), as of the date each was first evaluated, or as of --as-of,\n"
	        "and lists the decisions that change. A record comes from the audit line when stored\n"
	        "(--audit-records), else from the input file and line it names; its sha256 must match.\n"
	        "Exit status: 0 nothing changed, 1 some decisions changed, 2 usage, policy or audit\n"
	        "files that cannot be read, 3 some decisions could not be replayed.\n",
	        prog);
}

int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *policy = NULL;
	replay rp;
	memset(&rp, 0, sizeof rp);
	int c;
	while ((c = getopt_long(argc, argv, "p:a:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': policy = optarg; break;
		case 'a':
			if (!valid_date(optarg)) {
				fprintf(stderr, "%s: --as-of: '%s' is not a calendar date YYYY-MM-DD\n", prog, optarg);
				return EXIT_USAGE;
			}
			rp.as_of = optarg;
			break;
		case 'h': replay_usage(stdout); return 0;
		default: replay_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		replay_usage(stderr);
		return EXIT_USAGE;
	}
	mctl_policy *p = load_policy(policy);
	if (!p)
		return EXIT_USAGE;
	if (mctl_record_new(&rp.rec, NULL) != MCTL_OK) {
		mctl_policy_unref(p);
		return EXIT_USAGE;
	}
	rp.policy = p;
	int unreadable = 0;
	for (int i = optind; i < argc; i++)
		unreadable |= replay_file(&rp, argv[i], stdout) != 0;
	printf("replay: %zu records, %zu unchanged, %zu changed", rp.records, rp.unchanged, rp.changed);
	const char *sep = " (";
	for (int o = V_COUNT - 1; o >= 0; o--)
		for (int n = V_COUNT - 1; n >= 0; n--)
			if (rp.transitions[o][n]) {
				printf("%s%s -> %s: %zu", sep, mctl_verdict_name((mctl_verdict)o), mctl_verdict_name((mctl_verdict)n),
				       rp.transitions[o][n]);
				sep = ", ";
			}
	printf("%s, %zu not replayed\n", rp.changed ? ")" : "", rp.failed);
	printf("policy: %s %s (%s), as of %s\n", mctl_policy_bundle(p), mctl_policy_version(p), mctl_policy_digest(p),
	       rp.as_of ? rp.as_of : "the date each record was first evaluated");
	lookup_close(&rp.lk);
	mctl_record_free(rp.rec);
	mctl_policy_unref(p);
	return unreadable ? EXIT_USAGE : rp.failed ? 3 : rp.changed ? 1 : 0;
}
