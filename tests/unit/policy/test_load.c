/*
 * Unit tests: lib/policy (loading a policy bundle).
 *
 *  - every file of tests/data/invalid/ must be refused with exactly the
 *    diagnostics its "# expect: LINE:COL: TEXT" lines list, in that order;
 *  - limits (aliases, depth, size, item and file counts) and odd inputs
 *    (invalid UTF-8, empty, a scalar, missing paths) fail cleanly;
 *  - the shipped bundle and the test bundle load, with their getters;
 *  - a failed load never touches a policy already loaded;
 *  - every diagnostic formats as "file:line:col: error: message (in path)".
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "../../common.h"

/* ---------- helpers ---------- */

/* Reads a whole file into a NUL-terminated buffer (caller frees). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	cr_assert(f, "cannot open %s", path);
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	cr_assert(buf);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
			cr_assert(buf);
		}
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* The text mctl_error_format() prints after "error: ": "message (in path)". */
static void diag_text(const mctl_error *e, char *buf, size_t size)
{
	const char *path = mctl_error_path(e);
	if (path)
		snprintf(buf, size, "%s (in %s)", mctl_error_message(e), path);
	else
		snprintf(buf, size, "%s", mctl_error_message(e));
}

static void log_diags(const char *what, const mctl_error *err)
{
	for (const mctl_error *e = err; e; e = mctl_error_next(e)) {
		char buf[2048];
		mctl_error_format(e, buf, sizeof buf);
		cr_log_info("%s: got %s", what, buf);
	}
}

/*
 * Byte offset of a 1-based line and column (in characters) in text, the way
 * the loader counts them: LF, CRLF or a lone CR end a line; a UTF-8 BOM at
 * the start is not a column. (size_t)-1 when the position is not in text.
 */
static size_t offset_of(const char *text, size_t len, unsigned line, unsigned col)
{
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (unsigned l = 1; l < line; l++) {
		while (i < len && text[i] != '\n' && text[i] != '\r')
			i++;
		if (i >= len)
			return (size_t)-1;
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			i++;
		i++;
	}
	for (unsigned c = 1; c < col; c++) {
		if (i >= len)
			return (size_t)-1;
		i++;
		while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Writes text to a temporary .yaml file, loads it, removes it. */
static int load_text(const char *text, size_t len, const mctl_load_options *opts, mctl_policy **out,
                     mctl_error **err)
{
	char *path = write_temp(text, len, ".yaml");
	*out = (mctl_policy *)(uintptr_t)0x1; /* must be reset to NULL on failure */
	int rc = mctl_policy_load(out, path, opts, err);
	unlink(path);
	free(path);
	return rc;
}
#define LOAD_STR(s, opts, out, err) load_text((s), strlen(s), (opts), (out), (err))

/* A complete stand-alone policy around a list of items. */
#define HEADER                                                                     \
	"bundle: t-temp\n"                                                             \
	"version: \"1\"\n"                                                           \
	"jurisdiction: CN\n"                                                           \
	"announcements:\n"                                                             \
	"  t.a: {title: Test announcement, effective: 2024-01-01}\n"                   \
	"items:\n"
#define ITEM(id)                                                                   \
	"  - id: " id "\n"                                                             \
	"    title: Gallium metal\n"                                                   \
	"    announcement: t.a\n"                                                      \
	"    codes: [\"8112929090\"]\n"                                                \
	"    controls: [{action: license_required}]\n"

/* A small temporary directory with files in it (a bundle). */
typedef struct tmpdir {
	char path[64];
	char files[8][128];
	size_t n;
} tmpdir;

static void tmpdir_make(tmpdir *d)
{
	memset(d, 0, sizeof *d);
	snprintf(d->path, sizeof d->path, "/tmp/mctl-test-dir-XXXXXX");
	cr_assert(mkdtemp(d->path), "mkdtemp");
}

static const char *tmpdir_put(tmpdir *d, const char *name, const char *text)
{
	cr_assert(d->n < 8);
	char *p = d->files[d->n++], full[sizeof d->files[0]];
	snprintf(full, sizeof full, "%s/%s", d->path, name);
	memcpy(p, full, sizeof full);
	FILE *f = fopen(p, "wb");
	cr_assert(f, "cannot create %s", p);
	cr_assert_eq(fwrite(text, 1, strlen(text), f), strlen(text));
	fclose(f);
	return p;
}

static void tmpdir_remove(tmpdir *d)
{
	for (size_t i = 0; i < d->n; i++)
		unlink(d->files[i]);
	rmdir(d->path);
}

/* ---------- tests/data/invalid: every file, every expected diagnostic ---------- */

typedef struct expect {
	unsigned line, col;
	char text[512];
} expect;

/* Parses the "# expect: LINE:COL: TEXT" lines of a file. Returns how many. */
static size_t parse_expects(const char *text, expect *ex, size_t max)
{
	size_t n = 0;
	const char *p = text;
	while (*p) {
		const char *eol = p + strcspn(p, "\r\n");
		static const char tag[] = "# expect: ";
		if (strncmp(p, tag, sizeof tag - 1) == 0) {
			cr_assert(n < max, "too many expect lines");
			unsigned line = 0, col = 0;
			int used = 0;
			int k = sscanf(p + sizeof tag - 1, "%u:%u: %n", &line, &col, &used);
			cr_assert(k == 2 && used > 0, "malformed expect line: %.*s", (int)(eol - p), p);
			const char *t = p + sizeof tag - 1 + used;
			size_t tl = (size_t)(eol - t);
			cr_assert(tl > 0 && tl < sizeof ex[n].text, "bad expect text: %.*s", (int)(eol - p), p);
			ex[n].line = line;
			ex[n].col = col;
			memcpy(ex[n].text, t, tl);
			ex[n].text[tl] = '\0';
			n++;
		}
		p = eol;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	return n;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.yaml files of a folder, sorted (caller frees each and the array). */
static char **list_yaml(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	cr_assert(d, "cannot open %s", dir);
	char **v = NULL;
	size_t cnt = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") != 0)
			continue;
		v = realloc(v, (cnt + 1) * sizeof *v);
		cr_assert(v);
		size_t pl = strlen(dir) + 1 + l + 1;
		v[cnt] = malloc(pl);
		snprintf(v[cnt], pl, "%s/%s", dir, de->d_name);
		cnt++;
	}
	closedir(d);
	if (cnt > 1)
		qsort(v, cnt, sizeof *v, cmpstr);
	*n = cnt;
	return v;
}

/* Checks one invalid file; returns the number of problems found. */
static int check_invalid(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	expect ex[32];
	size_t nex = parse_expects(text, ex, 32);
	int bad = 0;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	cr_expect_gt(nex, 0, "%s: no '# expect:' line", name);

	mctl_policy *p = (mctl_policy *)(uintptr_t)0x1;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, path, NULL, &err);
	if (rc == MCTL_OK || p != NULL || err == NULL) {
		cr_expect(0, "%s: loaded (rc %d, policy %p, diagnostics %p)", name, rc, (void *)p, (void *)err);
		if (rc == MCTL_OK)
			mctl_policy_unref(p);
		bad++;
	}
	size_t n = mctl_error_count(err);
	if (n != nex) {
		cr_expect_eq(n, nex, "%s: %zu diagnostics, expected %zu", name, n, nex);
		bad++;
	}
	size_t i = 0;
	for (const mctl_error *e = err; e; e = mctl_error_next(e), i++) {
		char got[2048];
		diag_text(e, got, sizeof got);
		/* every diagnostic names the file, and its code is the load's status */
		if (!mctl_error_file(e) || strcmp(mctl_error_file(e), path) != 0) {
			cr_expect(0, "%s: diagnostic %zu names file '%s'", name, i + 1,
			          mctl_error_file(e) ? mctl_error_file(e) : "(null)");
			bad++;
		}
		if (mctl_error_code(e) != rc) {
			cr_expect(0, "%s: diagnostic %zu has status %d, the load returned %d", name, i + 1,
			          mctl_error_code(e), rc);
			bad++;
		}
		/* the byte offset is the one of the line and column */
		size_t off = offset_of(text, len, mctl_error_line(e), mctl_error_column(e));
		if (off == (size_t)-1 || mctl_error_offset(e) != off) {
			cr_expect(0, "%s: diagnostic %zu at %u:%u has offset %zu, expected %zu", name, i + 1,
			          mctl_error_line(e), mctl_error_column(e), mctl_error_offset(e), off);
			bad++;
		}
		if (i >= nex)
			continue;
		if (mctl_error_line(e) != ex[i].line || mctl_error_column(e) != ex[i].col ||
		    !strstr(got, ex[i].text)) {
			cr_expect(0, "%s: diagnostic %zu is\n    %u:%u: %s\nexpected\n    %u:%u: ...%s...", name, i + 1,
			          mctl_error_line(e), mctl_error_column(e), got, ex[i].line, ex[i].col, ex[i].text);
			bad++;
		}
	}
	if (bad)
		log_diags(name, err);
	mctl_error_free(err);
	free(text);
	return bad;
}

Test(invalid_files, each_reports_exactly_its_expected_diagnostics, .timeout = 60)
{
	size_t n;
	char **files = list_yaml(SRCPATH("tests/data/invalid"), &n);
	/* the folder holds one file per kind of mistake: make sure they were all found */
	cr_assert_geq(n, 25, "only %zu files in tests/data/invalid", n);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		bad += check_invalid(files[i]) ? 1 : 0;
		free(files[i]);
	}
	free(files);
	cr_assert_eq(bad, 0, "%d of %zu invalid files were not reported as expected", bad, n);
}

/* The expectation parser itself, so a broken file cannot pass by matching nothing. */
Test(invalid_files, expect_lines_are_parsed)
{
	expect ex[4];
	size_t n = parse_expects("# expect: 3:14: unknown key 'x' (in items[0])\r\n"
	                         "# a comment\n# expect: 10:1: YAML syntax\nbundle: b\n",
	                         ex, 4);
	cr_assert_eq(n, 2);
	cr_expect_eq(ex[0].line, 3);
	cr_expect_eq(ex[0].col, 14);
	cr_expect_str_eq(ex[0].text, "unknown key 'x' (in items[0])");
	cr_expect_eq(ex[1].line, 10);
	cr_expect_eq(ex[1].col, 1);
	cr_expect_str_eq(ex[1].text, "YAML syntax");
}

/* The lint fixture is invalid too, with exactly its five expected lines. */
Test(invalid_files, lint_fixture_has_five_mistakes)
{
	const char *path = SRCPATH("tests/data/lint/five-mistakes.yaml");
	char *want = slurp(SRCPATH("tests/data/lint/five-mistakes.expected"), NULL);
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_policy_load(&p, path, NULL, &err), MCTL_EPOLICY);
	cr_assert_null(p);
	cr_assert_eq(mctl_error_count(err), 5);
	char got[8192] = "";
	size_t used = 0;
	for (const mctl_error *e = err; e; e = mctl_error_next(e)) {
		char line[2048], sub[2100];
		mctl_error_format(e, line, sizeof line);
		cr_assert(strncmp(line, path, strlen(path)) == 0);
		snprintf(sub, sizeof sub, "@FILE@%s\n", line + strlen(path));
		used += (size_t)snprintf(got + used, sizeof got - used, "%s", sub);
	}
	cr_expect_str_eq(got, want);
	/* five different lines */
	unsigned lines[5];
	size_t i = 0;
	for (const mctl_error *e = err; e; e = mctl_error_next(e))
		lines[i++] = mctl_error_line(e);
	for (i = 1; i < 5; i++)
		cr_expect_lt(lines[i - 1], lines[i]);
	mctl_error_free(err);
	free(want);
}

/* ---------- limits and odd inputs ---------- */

Test(limits, alias_bomb_is_refused_quickly, .timeout = 20)
{
	/* "billion laughs": ten levels of ten aliases each would expand to 10^10 nodes */
	char buf[8192];
	size_t n = (size_t)snprintf(buf, sizeof buf, HEADER ITEM("t.1") "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 10; i++) {
		n += (size_t)snprintf(buf + n, sizeof buf - n, "lol%d: &l%d [", i, i);
		for (int k = 0; k < 10; k++)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s*l%d", k ? ", " : "", i - 1);
		n += (size_t)snprintf(buf + n, sizeof buf - n, "]\n");
	}
	cr_assert_lt(n, sizeof buf);
	mctl_policy *p;
	mctl_error *err = NULL;
	double t0 = now();
	int rc = load_text(buf, n, NULL, &p, &err);
	double dt = now() - t0;
	cr_assert_eq(rc, MCTL_ESYNTAX, "rc %d", rc);
	cr_assert_null(p);
	cr_assert_not_null(err);
	cr_expect_lt(dt, 2.0, "took %.2f s", dt);
	/* one diagnostic per alias (90), nothing else, and never more than the cap */
	cr_expect_eq(mctl_error_count(err), 90);
	for (const mctl_error *e = err; e; e = mctl_error_next(e)) {
		cr_expect(strstr(mctl_error_message(e), "YAML aliases (*l") != NULL, "%s", mctl_error_message(e));
		cr_expect_eq(mctl_error_code(e), MCTL_ESYNTAX);
	}
	/* the first alias: HEADER and ITEM are 11 lines, lol0 line 12, "lol1: &l1 [*l0" line 13 */
	cr_expect_eq(mctl_error_line(err), 13);
	cr_expect_eq(mctl_error_column(err), 12);
	mctl_error_free(err);
}

Test(limits, many_aliases_stop_at_the_error_cap, .timeout = 20)
{
	/* 5000 aliases: the list of diagnostics stops at 1000, saying so */
	size_t cap = 5000 * 8 + 256;
	char *buf = malloc(cap);
	size_t n = (size_t)snprintf(buf, cap, "a: &x 1\nb: [");
	for (int i = 0; i < 5000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s*x", i ? ", " : "");
	n += (size_t)snprintf(buf + n, cap - n, "]\n");
	mctl_policy *p;
	mctl_error *err = NULL;
	cr_assert_eq(load_text(buf, n, NULL, &p, &err), MCTL_ESYNTAX);
	cr_assert_null(p);
	size_t cnt = mctl_error_count(err);
	cr_expect_eq(cnt, 1000, "%zu diagnostics", cnt);
	const mctl_error *last = err;
	while (mctl_error_next(last))
		last = mctl_error_next(last);
	cr_expect(strstr(mctl_error_message(last), "too many errors") != NULL, "%s", mctl_error_message(last));
	mctl_error_free(err);
	free(buf);
}

Test(limits, deep_nesting_is_a_limit_error, .timeout = 20)
{
	size_t n = 100000;
	char *buf = malloc(n + 1);
	memset(buf, '[', n);
	buf[n] = '\0';
	mctl_policy *p;
	mctl_error *err = NULL;
	int rc = load_text(buf, n, NULL, &p, &err);
	cr_assert_eq(rc, MCTL_ELIMIT, "rc %d", rc);
	cr_assert_null(p);
	cr_assert_eq(mctl_error_count(err), 1);
	cr_expect_eq(mctl_error_code(err), MCTL_ELIMIT);
	cr_expect_str_eq(mctl_error_message(err), "nesting deeper than 64 levels");
	cr_expect_eq(mctl_error_line(err), 1);
	cr_expect_eq(mctl_error_column(err), 65); /* the 65th '[' */
	mctl_error_free(err);
	free(buf);
}

Test(limits, max_depth_option)
{
	/* the control mapping in "    controls: [{action: ..." (line 11) is the fifth level:
	 * the file's mapping, items, the item, controls, the control */
	const char *text = HEADER ITEM("t.1");
	mctl_load_options o;
	cr_assert_eq(mctl_load_options_init(&o), MCTL_OK);
	o.max_depth = 4;
	mctl_policy *p;
	mctl_error *err = NULL;
	cr_assert_eq(LOAD_STR(text, &o, &p, &err), MCTL_ELIMIT);
	cr_assert_null(p);
	cr_expect_str_eq(mctl_error_message(err), "nesting deeper than 4 levels");
	cr_expect_eq(mctl_error_line(err), 11);
	cr_expect_eq(mctl_error_column(err), 16);
	mctl_error_free(err);
	err = NULL;
	o.max_depth = 5;
	cr_assert_eq(LOAD_STR(text, &o, &p, &err), MCTL_OK);
	cr_expect_null(err);
	mctl_policy_unref(p);
}

Test(limits, max_file_size)
{
	const char *text = HEADER ITEM("t.1");
	size_t len = strlen(text);
	mctl_load_options o = MCTL_LOAD_OPTIONS_INIT;
	mctl_policy *p;
	mctl_error *err = NULL;

	o.max_file_size = 100;
	cr_assert_eq(LOAD_STR(text, &o, &p, &err), MCTL_ELIMIT);
	cr_assert_null(p);
	cr_assert_eq(mctl_error_count(err), 1);
	cr_expect_eq(mctl_error_code(err), MCTL_ELIMIT);
	cr_expect(strstr(mctl_error_message(err), "larger than the limit of 100 bytes") != NULL, "%s",
	          mctl_error_message(err));
	cr_expect_not_null(mctl_error_file(err));
	mctl_error_free(err);
	err = NULL;

	o.max_file_size = len - 1; /* one byte too small */
	cr_assert_eq(LOAD_STR(text, &o, &p, &err), MCTL_ELIMIT);
	mctl_error_free(err);
	err = NULL;

	o.max_file_size = len; /* exactly enough */
	cr_assert_eq(LOAD_STR(text, &o, &p, &err), MCTL_OK);
	mctl_policy_unref(p);

	o.max_file_size = 0; /* the default, 4 MiB */
	cr_assert_eq(LOAD_STR(text, &o, &p, &err), MCTL_OK);
	mctl_policy_unref(p);
}

Test(limits, default_file_size_is_4_mib, .timeout = 30)
{
	/* a valid policy padded with a comment to just over 4 MiB */
	const char *text = HEADER ITEM("t.1");
	size_t len = strlen(text), total = (4u << 20) + 1;
	char *buf = malloc(total);
	memcpy(buf, text, len);
	buf[len] = '#';
	memset(buf + len + 1, 'x', total - len - 2);
	buf[total - 1] = '\n';
	mctl_policy *p;
	mctl_error *err = NULL;
	cr_assert_eq(load_text(buf, total, NULL, &p, &err), MCTL_ELIMIT);
	cr_assert_null(p);
	cr_expect(strstr(mctl_error_message(err), "limit of 4194304 bytes") != NULL, "%s", mctl_error_message(err));
	mctl_error_free(err);
	err = NULL;
	/* one byte less is accepted */
	buf[total - 2] = '\n';
	cr_assert_eq(load_text(buf, total - 1, NULL, &p, &err), MCTL_OK);
	mctl_policy_unref(p);
	free(buf);
}

Test(limits, max_items)
{
	const char *text = HEADER ITEM("t.1") ITEM("t.2") ITEM("t.3");
	mctl_load_options o = MCTL_LOAD_OPTIONS_INIT;
	mctl_policy *p;
	mctl_error *err = NULL;
	o.max_items = 2;
	cr_assert_eq(LOAD_STR(text, &o, &p, &err), MCTL_ELIMIT);
	cr_assert_null(p);
	cr_assert_eq(mctl_error_count(err), 1);
	cr_expect_eq(mctl_error_code(err), MCTL_ELIMIT);
	cr_expect_str_eq(mctl_error_message(err), "more than 2 items");
	/* at the third item: HEADER is 6 lines, each item 5, so line 17, "  - id" column 5 */
	cr_expect_eq(mctl_error_line(err), 17);
	cr_expect_eq(mctl_error_column(err), 5);
	cr_expect_str_eq(mctl_error_path(err), "items[2]");
	mctl_error_free(err);
	err = NULL;
	o.max_items = 3;
	cr_assert_eq(LOAD_STR(text, &o, &p, &err), MCTL_OK);
	cr_expect_eq(mctl_policy_item_count(p), 3);
	mctl_policy_unref(p);
}

Test(limits, max_files)
{
	tmpdir d;
	tmpdir_make(&d);
	tmpdir_put(&d, "bundle.yaml",
	           "bundle: t-files\nversion: \"1\"\njurisdiction: CN\nfiles:\n  - a.yaml\n  - b.yaml\n");
	tmpdir_put(&d, "a.yaml", "announcements:\n  t.a: {title: A}\n");
	tmpdir_put(&d, "b.yaml", "items:\n" ITEM("t.1"));
	mctl_load_options o = MCTL_LOAD_OPTIONS_INIT;
	o.max_files = 2; /* the manifest counts */
	mctl_policy *p = (mctl_policy *)(uintptr_t)0x1;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, d.path, &o, &err);
	cr_expect_eq(rc, MCTL_ELIMIT, "rc %d", rc);
	cr_expect_null(p);
	cr_expect_str_eq(mctl_error_message(err), "more than 2 policy files");
	cr_expect_str_eq(mctl_error_path(err), "files[1]");
	cr_expect_eq(mctl_error_line(err), 6);
	cr_expect_eq(mctl_error_column(err), 5);
	mctl_error_free(err);
	err = NULL;
	o.max_files = 3;
	rc = mctl_policy_load(&p, d.path, &o, &err);
	cr_expect_eq(rc, MCTL_OK, "rc %d", rc);
	cr_expect_eq(mctl_policy_item_count(p), 1);
	mctl_policy_unref(p);
	mctl_error_free(err);
	tmpdir_remove(&d);
}

Test(limits, invalid_utf8_is_a_clean_error)
{
	/* the bad byte is on line 8 (HEADER is 6 lines), after "    title: Gallium " (column 20) */
	const char *text = HEADER "  - id: t.1\n    title: Gallium \xff\xfe metal\n";
	mctl_policy *p;
	mctl_error *err = NULL;
	cr_assert_eq(LOAD_STR(text, NULL, &p, &err), MCTL_ESYNTAX);
	cr_assert_null(p);
	cr_assert_eq(mctl_error_count(err), 1);
	cr_expect(strstr(mctl_error_message(err), "UTF-8") != NULL, "%s", mctl_error_message(err));
	cr_expect_eq(mctl_error_line(err), 8);
	cr_expect_eq(mctl_error_column(err), 20);
	cr_expect_eq(mctl_error_offset(err), strlen(HEADER "  - id: t.1\n    title: Gallium "));
	mctl_error_free(err);
	err = NULL;

	/* a truncated sequence at the very end */
	const char *text2 = HEADER ITEM("t.1") "# \xe9\x87";
	cr_assert_eq(LOAD_STR(text2, NULL, &p, &err), MCTL_ESYNTAX);
	cr_assert_null(p);
	cr_expect(strstr(mctl_error_message(err), "UTF-8") != NULL, "%s", mctl_error_message(err));
	cr_expect_eq(mctl_error_line(err), 12);
	cr_expect_eq(mctl_error_column(err), 3);
	mctl_error_free(err);
	err = NULL;

	/* after a BOM and multi-byte characters on the same line: columns count characters */
	const char *text3 = "\xEF\xBB\xBF" "bundle: t-bom\ntitle: \"金属镓 \xe9 x\"\n";
	cr_assert_eq(LOAD_STR(text3, NULL, &p, &err), MCTL_ESYNTAX);
	cr_expect_eq(mctl_error_line(err), 2);
	/* "title: " 1-7, '"' 8, three CJK characters 9-11, ' ' 12, the lead byte 13: libyaml
	 * reports the byte that should have continued it, the space at 14 */
	cr_expect_eq(mctl_error_column(err), 14);
	mctl_error_free(err);
}

Test(limits, empty_file)
{
	mctl_policy *p;
	mctl_error *err = NULL;
	cr_assert_eq(LOAD_STR("", NULL, &p, &err), MCTL_EPOLICY);
	cr_assert_null(p);
	cr_assert_eq(mctl_error_count(err), 1);
	cr_expect_str_eq(mctl_error_message(err), "policy file is empty");
	cr_expect_not_null(mctl_error_file(err));
	mctl_error_free(err);
	err = NULL;
	/* comments and blank lines only */
	cr_assert_eq(LOAD_STR("# nothing here\n\n   \n", NULL, &p, &err), MCTL_EPOLICY);
	cr_assert_null(p);
	cr_expect_str_eq(mctl_error_message(err), "policy file is empty");
	mctl_error_free(err);
}

Test(limits, scalar_file)
{
	mctl_policy *p;
	mctl_error *err = NULL;
	cr_assert_eq(LOAD_STR("\n# just a word\ngallium\n", NULL, &p, &err), MCTL_EPOLICY);
	cr_assert_null(p);
	cr_assert_eq(mctl_error_count(err), 1);
	cr_expect(strstr(mctl_error_message(err), "must be a mapping") != NULL, "%s", mctl_error_message(err));
	cr_expect_eq(mctl_error_line(err), 3);
	cr_expect_eq(mctl_error_column(err), 1);
	mctl_error_free(err);
	err = NULL;
	/* a list is not a policy either */
	cr_assert_eq(LOAD_STR("- bundle: x\n", NULL, &p, &err), MCTL_EPOLICY);
	cr_expect(strstr(mctl_error_message(err), "must be a mapping") != NULL, "%s", mctl_error_message(err));
	mctl_error_free(err);
}

Test(limits, no_items)
{
	mctl_policy *p;
	mctl_error *err = NULL;
	cr_assert_eq(LOAD_STR(HEADER, NULL, &p, &err), MCTL_EPOLICY);
	cr_assert_null(p);
	cr_assert_eq(mctl_error_count(err), 1);
	cr_expect_str_eq(mctl_error_message(err), "the bundle defines no items");
	mctl_error_free(err);
}

Test(limits, directory_without_bundle_yaml)
{
	tmpdir d;
	tmpdir_make(&d);
	tmpdir_put(&d, "items.yaml", HEADER ITEM("t.1"));
	mctl_policy *p = (mctl_policy *)(uintptr_t)0x1;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, d.path, NULL, &err);
	cr_expect_eq(rc, MCTL_EIO, "rc %d", rc);
	cr_expect_null(p);
	cr_expect_eq(mctl_error_count(err), 1);
	cr_expect_eq(mctl_error_code(err), MCTL_EIO);
	char want[256];
	snprintf(want, sizeof want, "%s/bundle.yaml", d.path);
	cr_expect_str_eq(mctl_error_file(err), want);
	cr_expect(strstr(mctl_error_message(err), "cannot open") != NULL, "%s", mctl_error_message(err));
	mctl_error_free(err);
	tmpdir_remove(&d);
}

Test(limits, nonexistent_path)
{
	const char *path = "/nonexistent/mineralctl/policy.yaml";
	mctl_policy *p = (mctl_policy *)(uintptr_t)0x1;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_policy_load(&p, path, NULL, &err), MCTL_EIO);
	cr_assert_null(p);
	cr_assert_eq(mctl_error_count(err), 1);
	cr_expect_eq(mctl_error_code(err), MCTL_EIO);
	cr_expect_str_eq(mctl_error_file(err), path);
	cr_expect_eq(mctl_error_line(err), 0);
	mctl_error_free(err);
	/* without an error pointer */
	p = (mctl_policy *)(uintptr_t)0x1;
	cr_assert_eq(mctl_policy_load(&p, path, NULL, NULL), MCTL_EIO);
	cr_assert_null(p);
}

Test(limits, bad_arguments)
{
	mctl_policy *p = (mctl_policy *)(uintptr_t)0x1;
	mctl_error *err = NULL;
	const char *path = SRCPATH("tests/data/valid/minimal");
	cr_expect_eq(mctl_policy_load(NULL, path, NULL, &err), MCTL_EINVAL);
	cr_expect_not_null(err);
	mctl_error_free(err);
	err = NULL;
	cr_expect_eq(mctl_policy_load(&p, NULL, NULL, &err), MCTL_EINVAL);
	mctl_error_free(err);
	err = NULL;
	mctl_load_options o = MCTL_LOAD_OPTIONS_INIT;
	o.version = 99;
	p = (mctl_policy *)(uintptr_t)0x1;
	cr_expect_eq(mctl_policy_load(&p, path, &o, &err), MCTL_EINVAL);
	cr_expect_null(p);
	cr_expect(strstr(mctl_error_message(err), "version") != NULL, "%s", mctl_error_message(err));
	mctl_error_free(err);
	cr_expect_eq(mctl_load_options_init(NULL), MCTL_EINVAL);
}

/* ---------- positions survive CRLF line ends and a BOM ---------- */

static void expect_unknown_key_at(const char *text, unsigned line, unsigned col)
{
	mctl_policy *p;
	mctl_error *err = NULL;
	cr_assert_eq(LOAD_STR(text, NULL, &p, &err), MCTL_EPOLICY);
	cr_assert_eq(mctl_error_count(err), 1);
	cr_expect_str_eq(mctl_error_message(err), "unknown key 'contol_code' (did you mean 'control_code'?)");
	cr_expect_eq(mctl_error_line(err), line);
	cr_expect_eq(mctl_error_column(err), col);
	cr_expect_eq(mctl_error_offset(err), offset_of(text, strlen(text), line, col));
	mctl_error_free(err);
}

Test(positions, lf_crlf_cr_and_bom)
{
	/* "    contol_code" on line 9, column 5 */
	expect_unknown_key_at(HEADER "  - id: t.1\n    title: {zh-Hans: 金属镓}\n    contol_code: x\n"
	                             "    announcement: t.a\n    codes: [\"8112929090\"]\n    controls: [{action: review}]\n",
	                      9, 5);
	expect_unknown_key_at("bundle: t-temp\r\nversion: \"1\"\r\njurisdiction: CN\r\nannouncements:\r\n"
	                      "  t.a: {title: Test announcement}\r\nitems:\r\n  - id: t.1\r\n"
	                      "    title: {zh-Hans: 金属镓}\r\n    contol_code: x\r\n"
	                      "    announcement: t.a\r\n    codes: [\"8112929090\"]\r\n    controls: [{action: review}]\r\n",
	                      9, 5);
	expect_unknown_key_at("\xEF\xBB\xBF" "bundle: t-temp\nversion: \"1\"\njurisdiction: CN\nannouncements:\n"
	                      "  t.a: {title: Test announcement}\nitems:\n  - {id: t.1, title: 金属镓, contol_code: x,\n"
	                      "     announcement: t.a, codes: [\"8112929090\"], controls: [{action: review}]}\n",
	                      7, 27);
	expect_unknown_key_at("bundle: t-temp\rversion: \"1\"\rjurisdiction: CN\rannouncements:\r"
	                      "  t.a: {title: Test announcement}\ritems:\r  - id: t.1\r"
	                      "    title: {zh-Hans: 金属镓}\r    contol_code: x\r"
	                      "    announcement: t.a\r    codes: [\"8112929090\"]\r    controls: [{action: review}]\r",
	                      9, 5);
}

/* ---------- valid bundles ---------- */

Test(valid, shipped_cn_bundle)
{
	mctl_policy *p = must_load(SRCPATH("policies/cn"));
	cr_expect_str_eq(mctl_policy_bundle(p), "cn-strategic-minerals");
	cr_expect_str_eq(mctl_policy_version(p), "2026.11.1");
	cr_expect_str_eq(mctl_policy_jurisdiction(p), "CN");
	/* controls/ is read in name order: 2023-23-gallium-germanium.yaml (Ga-1..Ga-8, Ge-1..Ge-6)
	 * comes first; the files of later announcements add their items after it */
	size_t n = mctl_policy_item_count(p);
	cr_expect_geq(n, 14);
	cr_expect_str_eq(mctl_policy_item_id(p, 0), "cn.2023-23.ga-1");
	cr_expect_str_eq(mctl_policy_item_id(p, 13), "cn.2023-23.ge-6");
	cr_expect_neq(mctl_policy_item_find(p, "cn.2023-23.ge-6"), (size_t)-1);
	cr_expect_str_eq(mctl_policy_item_title(p, 0, "zh-Hans"), "金属镓（单质）");
	cr_expect_str_eq(mctl_policy_item_title(p, 0, "en"), "Gallium metal (elemental)");
	cr_expect_null(mctl_policy_item_id(p, n));
	mctl_policy_unref(p);

	/* the manifest itself names the same bundle */
	p = must_load(SRCPATH("policies/cn/bundle.yaml"));
	cr_expect_eq(mctl_policy_item_count(p), n);
	mctl_policy_unref(p);
}

Test(valid, minimal_bundle)
{
	mctl_policy *p = must_load(SRCPATH("tests/data/valid/minimal"));
	cr_expect_str_eq(mctl_policy_bundle(p), "test-minimal");
	cr_expect_str_eq(mctl_policy_version(p), "1.0");
	cr_expect_str_eq(mctl_policy_jurisdiction(p), "CN");
	/* files in manifest order: controls/items.yaml (5), then controls/thresholds.yaml (4) */
	static const char *const ids[] = { "t.ga-metal", "t.ga-oxide", "t.ge-metal", "t.unconfirmed", "t.code-only",
	                                   "t.sb-oxide", "t.w-alloy", "t.mo-powder", "t.cell" };
	cr_assert_eq(mctl_policy_item_count(p), 9);
	for (size_t i = 0; i < 9; i++)
		cr_expect_str_eq(mctl_policy_item_id(p, i), ids[i]);
	cr_expect_str_eq(mctl_policy_item_control_code(p, 0), "9X001.a");
	cr_expect_null(mctl_policy_item_control_code(p, 1));
	cr_expect_str_eq(mctl_policy_item_announcement(p, 0), "Test base announcement");
	cr_expect_null(mctl_policy_item_title(p, 9, "en"));
	cr_expect_null(mctl_policy_item_announcement(p, 9));

	/* controls start on the announcement's effective date (2023-08-01) by default */
	cr_expect_eq(mctl_policy_item_base_action(p, 0, "2023-07-31"), MCTL_ACTION_NONE);
	cr_expect_eq(mctl_policy_item_base_action(p, 0, "2023-08-01"), MCTL_ACTION_LICENSE);
	cr_expect_eq(mctl_policy_item_in_force(p, 0, "2023-07-31"), 0);
	cr_expect_eq(mctl_policy_item_in_force(p, 0, "2023-08-01"), 1);
	/* an unconfirmed item is never more than review */
	cr_expect_eq(mctl_policy_item_base_action(p, 3, "2025-01-01"), MCTL_ACTION_REVIEW);
	cr_expect_eq(mctl_policy_item_base_action(p, 0, "2025-02-30"), MCTL_EINVAL);
	cr_expect_eq(mctl_policy_item_in_force(p, 9, "2025-01-01"), MCTL_EINVAL);
	mctl_policy_unref(p);
}

Test(valid, item_titles_by_language)
{
	mctl_policy *p = must_load(SRCPATH("tests/data/valid/minimal"));
	cr_expect_str_eq(mctl_policy_item_title(p, 0, "en"), "Gallium metal");
	cr_expect_str_eq(mctl_policy_item_title(p, 0, "zh-Hans"), "金属镓");
	cr_expect_str_eq(mctl_policy_item_title(p, 0, NULL), "Gallium metal");
	cr_expect_str_eq(mctl_policy_item_title(p, 0, "fr"), "Gallium metal");     /* falls back to English */
	cr_expect_str_eq(mctl_policy_item_title(p, 1, "zh-Hans"), "Gallium oxide"); /* English only */
	mctl_policy_unref(p);

	/* no English title: the first one written; a plain title is English */
	mctl_error *err = NULL;
	const char *text = HEADER
		"  - id: t.1\n    title: {zh-Hans: 金属镓, ru: Галлий}\n    announcement: t.a\n"
		"    codes: [\"8112929090\"]\n    controls: [{action: license_required}]\n"
		ITEM("t.2");
	cr_assert_eq(LOAD_STR(text, NULL, &p, &err), MCTL_OK);
	cr_expect_str_eq(mctl_policy_item_title(p, 0, "ru"), "Галлий");
	cr_expect_str_eq(mctl_policy_item_title(p, 0, "de"), "金属镓");
	cr_expect_str_eq(mctl_policy_item_title(p, 0, NULL), "金属镓");
	cr_expect_str_eq(mctl_policy_item_title(p, 1, "en"), "Gallium metal");
	cr_expect_str_eq(mctl_policy_item_title(p, 1, "zh-Hans"), "Gallium metal");
	mctl_policy_unref(p);
}

Test(valid, accepted_edge_cases)
{
	/* touching suspensions, a suspension as long as its control, anchors without aliases,
	 * standard tags, unquoted codes, Windows line ends */
	const char *text =
		"bundle: t-edges\r\nversion: !!str 2026.1\r\njurisdiction: CN\r\n"
		"announcements:\r\n  t.a: &ann {title: Test announcement, effective: 2024-01-01}\r\n"
		"items:\r\n  - id: t.1\r\n    title: !!str Gallium metal\r\n    announcement: t.a\r\n"
		"    codes: [8112929090, \"811292\"]\r\n    controls:\r\n      - action: license_required\r\n"
		"        suspended:\r\n          - {from: 2025-01-01, until: 2025-05-31}\r\n"
		"          - {from: 2025-06-01, until: 2025-06-30}\r\n"
		"      - action: review\r\n        from: 2025-01-01\r\n        until: 2025-12-31\r\n"
		"        suspended: [{from: 2025-01-01, until: 2025-12-31}]\r\n";
	mctl_policy *p;
	mctl_error *err = NULL;
	int rc = LOAD_STR(text, NULL, &p, &err);
	log_diags("edges", err);
	cr_assert_eq(rc, MCTL_OK);
	cr_expect_str_eq(mctl_policy_version(p), "2026.1");
	cr_expect_eq(mctl_policy_item_in_force(p, 0, "2025-05-31"), 0);
	cr_expect_eq(mctl_policy_item_in_force(p, 0, "2025-06-30"), 0);
	cr_expect_eq(mctl_policy_item_in_force(p, 0, "2025-07-01"), 1);
	mctl_policy_unref(p);
}

Test(valid, refcounting)
{
	mctl_policy *p = must_load(SRCPATH("tests/data/valid/minimal"));
	cr_assert_eq(mctl_policy_ref(p), p);
	cr_assert_eq(mctl_policy_ref(p), p);
	mctl_policy_unref(p);
	mctl_policy_unref(p);
	/* one reference left: still usable */
	cr_expect_str_eq(mctl_policy_bundle(p), "test-minimal");
	cr_expect_eq(mctl_policy_item_count(p), 9);
	mctl_policy_unref(p); /* freed here; ASan reports a leak or a double free */
	cr_expect_null(mctl_policy_ref(NULL));
	mctl_policy_unref(NULL);
}

/* ---------- a failed load never replaces a working policy ---------- */

static mctl_verdict screen(const mctl_policy *p)
{
	mctl_record *r = NULL;
	mctl_result *res = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "gallium metal ingots 99.99%", (size_t)-1, NULL), MCTL_OK);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_CODE, "8112.92.90.90", (size_t)-1, NULL), MCTL_OK);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_TO, "DE", (size_t)-1, NULL), MCTL_OK);
	cr_assert_eq(mctl_record_set(r, MCTL_FIELD_DATE, "2025-03-01", (size_t)-1, NULL), MCTL_OK);
	cr_assert_eq(mctl_classify(p, r, &res, NULL), MCTL_OK);
	mctl_verdict v = mctl_result_verdict(res);
	cr_expect_geq(mctl_result_item_count(res), 1);
	cr_expect_str_eq(mctl_result_item_id(res, 0), "t.ga-metal");
	mctl_result_free(res);
	mctl_record_free(r);
	return v;
}

Test(replace, broken_policy_never_replaces_a_working_one)
{
	mctl_policy *p1 = must_load(SRCPATH("tests/data/valid/minimal"));
	cr_assert_eq(screen(p1), MCTL_VERDICT_LICENSE_REQUIRED);

	static const char *const broken[] = {
		"tests/data/invalid/several-mistakes.yaml", "tests/data/invalid/syntax-tab.yaml",
		"tests/data/invalid/alias.yaml", "tests/data/invalid/duplicate-item-id.yaml",
		"tests/data/nonexistent.yaml",
	};
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		/* the caller's usual pattern: load into a second variable, swap on success */
		mctl_policy *p2 = p1;
		mctl_error *err = NULL;
		int rc = mctl_policy_load(&p2, SRCPATH(broken[i]), NULL, &err);
		cr_expect_neq(rc, MCTL_OK, "%s loaded", broken[i]);
		cr_expect_null(p2, "%s: out not reset", broken[i]);
		cr_expect_not_null(err);
		mctl_error_free(err);
		if (rc == MCTL_OK && p2 != p1)
			mctl_policy_unref(p2);
		/* the working policy is untouched */
		cr_expect_str_eq(mctl_policy_bundle(p1), "test-minimal");
		cr_expect_eq(mctl_policy_item_count(p1), 9);
		cr_expect_eq(screen(p1), MCTL_VERDICT_LICENSE_REQUIRED);
	}

	/* a good reload then replaces it */
	mctl_policy *p2 = NULL;
	cr_assert_eq(mctl_policy_load(&p2, SRCPATH("policies/cn"), NULL, NULL), MCTL_OK);
	mctl_policy_unref(p1);
	p1 = p2;
	cr_expect_str_eq(mctl_policy_bundle(p1), "cn-strategic-minerals");
	mctl_policy_unref(p1);
}

/* ---------- formatting ---------- */

static void expect_formats(const mctl_error *err)
{
	for (const mctl_error *e = err; e; e = mctl_error_next(e)) {
		char want[2048], got[2048], pos[64] = "";
		const char *file = mctl_error_file(e), *path = mctl_error_path(e);
		if (file && mctl_error_line(e) && mctl_error_column(e))
			snprintf(pos, sizeof pos, ":%u:%u", mctl_error_line(e), mctl_error_column(e));
		snprintf(want, sizeof want, "%s%s%serror: %s%s%s%s", file ? file : "", file ? pos : "",
		         file ? ": " : "", mctl_error_message(e), path ? " (in " : "", path ? path : "",
		         path ? ")" : "");
		size_t n = mctl_error_format(e, got, sizeof got);
		cr_expect_str_eq(got, want);
		cr_expect_eq(n, strlen(want));
		/* truncation: always terminated, the full length returned */
		char small[16];
		memset(small, 'Z', sizeof small);
		cr_expect_eq(mctl_error_format(e, small, sizeof small), strlen(want));
		cr_expect_eq(small[15], '\0');
		cr_expect(strncmp(small, want, 15) == 0);
	}
}

Test(format, every_diagnostic_formats_as_file_line_col_error_message_path)
{
	const char *path = SRCPATH("tests/data/invalid/several-mistakes.yaml");
	mctl_policy *p;
	mctl_error *err = NULL;
	cr_assert_neq(mctl_policy_load(&p, path, NULL, &err), MCTL_OK);
	cr_assert_eq(mctl_error_count(err), 11);
	expect_formats(err);

	/* spelled out for the first one and for one without a YAML path */
	char buf[2048], want[2048];
	mctl_error_format(err, buf, sizeof buf);
	snprintf(want, sizeof want,
	         "%s:19:16: error: bad date '2023-02-29': expected YYYY-MM-DD, a real calendar day "
	         "(in announcements.t.a.effective)",
	         path);
	cr_expect_str_eq(buf, want);
	const mctl_error *dup = err;
	for (int i = 0; i < 7; i++)
		dup = mctl_error_next(dup);
	cr_assert_null(mctl_error_path(dup));
	mctl_error_format(dup, buf, sizeof buf);
	snprintf(want, sizeof want, "%s:35:9: error: duplicate item id 't.ga' (first defined at %s:27:9)", path, path);
	cr_expect_str_eq(buf, want);
	mctl_error_free(err);

	/* every invalid file's chain */
	size_t n;
	char **files = list_yaml(SRCPATH("tests/data/invalid"), &n);
	for (size_t i = 0; i < n; i++) {
		err = NULL;
		cr_expect_neq(mctl_policy_load(&p, files[i], NULL, &err), MCTL_OK);
		expect_formats(err);
		mctl_error_free(err);
		free(files[i]);
	}
	free(files);

	/* no line: "file: error: message"; no file: "error: message" */
	err = NULL;
	cr_assert_eq(mctl_policy_load(&p, "/nonexistent/x.yaml", NULL, &err), MCTL_EIO);
	mctl_error_format(err, buf, sizeof buf);
	cr_expect_str_eq(buf, "/nonexistent/x.yaml: error: cannot open policy: No such file or directory");
	expect_formats(err);
	mctl_error_free(err);
	err = NULL;
	cr_assert_eq(mctl_policy_load(NULL, "x", NULL, &err), MCTL_EINVAL);
	mctl_error_format(err, buf, sizeof buf);
	cr_expect_str_eq(buf, "error: mctl_policy_load: out and path are required");
	expect_formats(err);
	mctl_error_free(err);
	cr_expect_eq(mctl_error_format(NULL, buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "");
}

/* ---------- bundles of several files ---------- */

Test(bundle, diagnostics_name_their_file_in_reading_order)
{
	tmpdir d;
	tmpdir_make(&d);
	const char *manifest = tmpdir_put(&d, "bundle.yaml",
	                                  "bundle: t-bundle\n"
	                                  "version: \"1\"\n"
	                                  "jurisdiction: CN\n"
	                                  "files:\n"
	                                  "  - lexicon.yaml\n"
	                                  "  - missing.yaml\n"
	                                  "  - items.yaml\n"
	                                  "  - lexicon.yaml\n");
	const char *lexicon = tmpdir_put(&d, "lexicon.yaml",
	                                 "announcements:\n"
	                                 "  t.a: {title: Test announcement}\n"
	                                 "concepts:\n"
	                                 "  gallium: {names: {en: [gallium]}, cas: [7440-55-4]}\n");
	const char *items = tmpdir_put(&d, "items.yaml",
	                               "version: \"2\"\n"
	                               "items:\n"
	                               "  - id: t.1\n"
	                               "    title: Gallium metal\n"
	                               "    announcement: t.b\n"
	                               "    when: {all: [gallium]}\n"
	                               "    controls: [{action: review}]\n");
	mctl_policy *p = (mctl_policy *)(uintptr_t)0x1;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, d.path, NULL, &err);
	cr_expect_eq(rc, MCTL_EPOLICY, "rc %d", rc);
	cr_expect_null(p);
	struct {
		const char *file;
		unsigned line, col;
		const char *text;
	} want[] = {
		{ manifest, 6, 5, "file 'missing.yaml' not found in the bundle (in files[1])" },
		{ lexicon, 4, 43, "bad CAS number '7440-55-4' (format NNNNNNN-NN-N with a valid check digit) (in concepts.gallium.cas[0])" },
		{ items, 1, 1, "unknown key 'version'" },
		{ items, 1, 1, "'version' belongs in the bundle manifest (bundle.yaml)" },
		{ items, 5, 19, "unknown announcement 't.b' (did you mean 't.a'?) (in items[0].announcement)" },
	};
	size_t nw = sizeof want / sizeof want[0];
	cr_expect_eq(mctl_error_count(err), nw);
	size_t i = 0;
	for (const mctl_error *e = err; e && i < nw; e = mctl_error_next(e), i++) {
		char got[2048];
		diag_text(e, got, sizeof got);
		cr_expect_str_eq(mctl_error_file(e), want[i].file, "diagnostic %zu", i + 1);
		cr_expect_eq(mctl_error_line(e), want[i].line, "diagnostic %zu: %s", i + 1, got);
		cr_expect_eq(mctl_error_column(e), want[i].col, "diagnostic %zu: %s", i + 1, got);
		cr_expect(strstr(got, want[i].text) != NULL, "diagnostic %zu: %s", i + 1, got);
	}
	if (i != nw || mctl_error_count(err) != nw)
		log_diags("bundle", err);
	mctl_error_free(err);
	tmpdir_remove(&d);
}
