/* Helpers shared by the unit tests. */
#ifndef MCTL_TESTS_COMMON_H
#define MCTL_TESTS_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <mineralctl.h>

#ifndef TEST_SRCDIR
#define TEST_SRCDIR "."
#endif

/* Path of a file under the source tree, in a static buffer per call site. */
static inline const char *srcpath(char *buf, size_t n, const char *rel)
{
	snprintf(buf, n, "%s/%s", TEST_SRCDIR, rel);
	return buf;
}
#define SRCPATH(rel) srcpath((char[4096]){ 0 }, 4096, (rel))

/* Loads a policy or fails the test, printing every diagnostic. */
static inline mctl_policy *must_load(const char *path)
{
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, path, NULL, &err);
	if (rc != MCTL_OK) {
		for (const mctl_error *e = err; e; e = mctl_error_next(e)) {
			char buf[1024];
			mctl_error_format(e, buf, sizeof buf);
			cr_log_error("%s", buf);
		}
		mctl_error_free(err);
		cr_assert_fail("cannot load %s: %s", path, mctl_strerror(rc));
	}
	return p;
}

/* Writes text to a new temporary file and returns its path (caller frees and unlinks). */
static inline char *write_temp(const char *text, size_t len, const char *suffix)
{
	char tmpl[] = "/tmp/mctl-test-XXXXXX";
	int fd = mkstemp(tmpl);
	cr_assert(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	cr_assert(f);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	fclose(f);
	size_t n = strlen(tmpl) + strlen(suffix) + 1;
	char *path = malloc(n);
	snprintf(path, n, "%s%s", tmpl, suffix);
	cr_assert_eq(rename(tmpl, path), 0);
	return path;
}


/* A fresh private directory under $TMPDIR (or /tmp) into buf, named after tag. */
static inline void make_tmpdir(char *buf, size_t n, const char *tag)
{
	const char *t = getenv("TMPDIR");
	snprintf(buf, n, "%s/mctl-%s-XXXXXX", t && *t ? t : "/tmp", tag);
	cr_assert_not_null(mkdtemp(buf), "cannot create a directory under %s", t && *t ? t : "/tmp");
}

/* Removes a directory made by make_tmpdir and everything in it. */
static inline void remove_tmpdir(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

#endif
