/*
 * Hot reload through mctl_holder: publishing, failed reloads, lifetimes,
 * and a stress test where classifier threads run while another thread
 * reloads good, broken and changed bundles in turn. Every result must come
 * from a bundle that loaded, and must be exactly the result that bundle
 * gives on its own (no torn result).
 *
 * A plain program rather than a Criterion suite, so that it also runs under
 * --enable-sanitizers=thread (Criterion's process arena does not start under
 * ThreadSanitizer): it prints "N passed, N failed" and exits non-zero on a
 * failure. The address/undefined sanitizer pass of `make check` covers it too.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mineralctl.h>

#ifndef TEST_SRCDIR
#define TEST_SRCDIR "."
#endif

static int passed, failed;

/* Counts a check; on failure prints where, what, and the optional message. */
static bool check(bool ok, const char *file, int line, const char *what, const char *fmt, ...)
{
	if (ok) {
		passed++;
		return true;
	}
	failed++;
	fprintf(stderr, "FAIL %s:%d: %s", file, line, what);
	if (*fmt) {
		va_list ap;
		va_start(ap, fmt);
		fputs(": ", stderr);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
	return false;
}
#define CHECK(cond, ...) check((cond), __FILE__, __LINE__, #cond, "" __VA_ARGS__)
#define REQUIRE(cond, ...)                                \
	do {                                              \
		if (!CHECK(cond, __VA_ARGS__))            \
			exit(1);                          \
	} while (0)

static const char *srcpath(char *buf, size_t n, const char *rel)
{
	snprintf(buf, n, "%s/%s", TEST_SRCDIR, rel);
	return buf;
}
#define SRCPATH(rel) srcpath((char[4096]){ 0 }, 4096, (rel))

static mctl_policy *must_load(const char *path)
{
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	if (mctl_policy_load(&p, path, NULL, &err) != MCTL_OK) {
		char buf[1024];
		mctl_error_format(err, buf, sizeof buf);
		fprintf(stderr, "cannot load %s: %s\n", path, buf);
		exit(1);
	}
	return p;
}

#define GOOD SRCPATH("tests/data/valid/minimal")
#define CHANGED SRCPATH("tests/data/valid/minimal-v2")

static const char *const broken[] = {
	"tests/data/invalid/syntax-unclosed.yaml", "tests/data/invalid/unknown-concept.yaml",
	"tests/data/invalid/alias.yaml",           "tests/data/invalid/several-mistakes.yaml",
	"tests/data/no-such-bundle",
};
#define NBROKEN (sizeof broken / sizeof broken[0])

/* The records the classifiers screen, and what each bundle answers alone. */
static const struct { const char *description, *code; } records[] = {
	{ "Gallium metal 4N ingots", NULL },
	{ "金属镓 样品", NULL },
	{ "cotton T-shirts", "6109100000" },
	/* The two bundles disagree on these: v2 lists 8112999000 and drops the cell item. */
	{ "Unwrought metal, other", "8112999000" },
	{ "Lithium-ion battery cells, 320 Wh/kg", NULL },
};
#define NREC (sizeof records / sizeof records[0])

typedef struct expect {
	char digest[80];
	char answer[NREC][512]; /* verdict and item ids */
} expect;

static void answer(const mctl_result *res, char *buf, size_t n)
{
	int k = snprintf(buf, n, "%s", mctl_verdict_name(mctl_result_verdict(res)));
	for (size_t i = 0; i < mctl_result_item_count(res) && k > 0 && (size_t)k < n; i++)
		k += snprintf(buf + k, n - (size_t)k, " %s", mctl_result_item_id(res, i));
}

/* Called from the classifier threads too: no shared counters here. */
static void set_or_die(mctl_record *r, mctl_field f, const char *v)
{
	if (mctl_record_set(r, f, v, (size_t)-1, NULL) != MCTL_OK) {
		fprintf(stderr, "cannot set %s to '%s'\n", mctl_field_name(f), v);
		abort();
	}
}

static void fill_record(mctl_record *r, size_t i)
{
	mctl_record_clear(r);
	set_or_die(r, MCTL_FIELD_DESCRIPTION, records[i].description);
	if (records[i].code)
		set_or_die(r, MCTL_FIELD_CODE, records[i].code);
	set_or_die(r, MCTL_FIELD_TO, "US");
	set_or_die(r, MCTL_FIELD_DATE, "2026-12-01");
}

static void expected_of(const char *path, expect *e)
{
	mctl_policy *p = must_load(path);
	mctl_record *r = NULL;
	REQUIRE((mctl_record_new(&r, NULL)) == (MCTL_OK));
	snprintf(e->digest, sizeof e->digest, "%s", mctl_policy_digest(p));
	for (size_t i = 0; i < NREC; i++) {
		mctl_result *res = NULL;
		fill_record(r, i);
		REQUIRE((mctl_classify(p, r, &res, NULL)) == (MCTL_OK));
		answer(res, e->answer[i], sizeof e->answer[i]);
		mctl_result_free(res);
	}
	mctl_record_free(r);
	mctl_policy_unref(p);
}

static void publishes_and_keeps_the_old_policy_alive_for_its_users(void)
{
	mctl_holder *h = NULL;
	REQUIRE((mctl_holder_new(&h, NULL)) == (MCTL_OK));
	REQUIRE((mctl_holder_acquire(h)) == NULL, "a new holder has no policy");
	REQUIRE((mctl_holder_generation(h)) == (0));

	REQUIRE((mctl_holder_reload(h, GOOD, NULL, NULL)) == (MCTL_OK));
	REQUIRE((mctl_holder_generation(h)) == (1));
	mctl_policy *old = mctl_holder_acquire(h);
	REQUIRE((old) != NULL);
	char d1[80];
	snprintf(d1, sizeof d1, "%s", mctl_policy_digest(old));

	REQUIRE((mctl_holder_reload(h, CHANGED, NULL, NULL)) == (MCTL_OK));
	REQUIRE((mctl_holder_generation(h)) == (2));
	mctl_policy *cur = mctl_holder_acquire(h);
	REQUIRE(strcmp(mctl_policy_digest(cur), d1) != 0, "the changed bundle has another digest");
	/* The old policy is still usable by the thread that holds it. */
	REQUIRE(strcmp(mctl_policy_digest(old), d1) == 0);
	REQUIRE((mctl_policy_item_count(old)) > (0));
	mctl_policy_unref(old);
	mctl_policy_unref(cur);

	mctl_holder_set(h, NULL);
	REQUIRE((mctl_holder_acquire(h)) == NULL);
	REQUIRE((mctl_holder_generation(h)) == (3));
	mctl_holder_free(h);
}

static void a_failed_reload_keeps_the_current_policy_and_says_why(void)
{
	mctl_policy *p = must_load(GOOD);
	mctl_holder *h = NULL;
	REQUIRE((mctl_holder_new(&h, p)) == (MCTL_OK));
	mctl_policy_unref(p); /* the holder keeps its own reference */
	for (size_t i = 0; i < NBROKEN; i++) {
		mctl_error *err = NULL;
		int rc = mctl_holder_reload(h, SRCPATH(broken[i]), NULL, &err);
		CHECK((rc) < (0), "%s must not load", broken[i]);
		CHECK((err) != NULL, "%s: a failed reload says why", broken[i]);
		mctl_error_free(err);
		CHECK((mctl_holder_generation(h)) == (1), "a failed reload publishes nothing");
	}
	mctl_policy *cur = mctl_holder_acquire(h);
	REQUIRE((cur) != NULL);
	expect good;
	expected_of(GOOD, &good);
	CHECK(strcmp(mctl_policy_digest(cur), good.digest) == 0);
	mctl_policy_unref(cur);
	mctl_holder_free(h);
}

typedef struct shared {
	mctl_holder *h;
	const expect *e[2];
	atomic_int stop;
	atomic_long results, torn, foreign;
} shared;

static void *classifier(void *arg)
{
	shared *s = arg;
	mctl_record *r = NULL;
	if (mctl_record_new(&r, NULL) != MCTL_OK)
		return NULL;
	for (size_t n = 0; !atomic_load(&s->stop); n++) {
		mctl_policy *p = mctl_holder_acquire(s->h);
		size_t i = n % NREC;
		mctl_result *res = NULL;
		fill_record(r, i);
		if (p && mctl_classify(p, r, &res, NULL) == MCTL_OK) {
			char got[512];
			answer(res, got, sizeof got);
			const char *d = mctl_policy_digest(mctl_result_policy(res));
			int which = strcmp(d, s->e[0]->digest) == 0 ? 0 : strcmp(d, s->e[1]->digest) == 0 ? 1 : -1;
			if (which < 0)
				atomic_fetch_add(&s->foreign, 1);
			else if (strcmp(got, s->e[which]->answer[i]) != 0)
				atomic_fetch_add(&s->torn, 1);
			atomic_fetch_add(&s->results, 1);
			mctl_result_free(res);
		}
		mctl_policy_unref(p);
	}
	mctl_record_free(r);
	return NULL;
}

static void classifiers_run_while_bundles_are_reloaded(void)
{
	expect good, changed;
	expected_of(GOOD, &good);
	expected_of(CHANGED, &changed);
	REQUIRE(strcmp(good.digest, changed.digest) != 0);
	int differ = 0;
	for (size_t i = 0; i < NREC; i++) {
		printf("%-40s v1: %-40s v2: %s\n", records[i].description, good.answer[i], changed.answer[i]);
		differ += strcmp(good.answer[i], changed.answer[i]) != 0;
	}
	REQUIRE((differ) == (2), "the two bundles must disagree on two records, or a torn result could go unseen");

	shared s = { .e = { &good, &changed } };
	mctl_policy *p = must_load(GOOD);
	REQUIRE((mctl_holder_new(&s.h, p)) == (MCTL_OK));
	mctl_policy_unref(p);

	enum { NTHREADS = 4, RELOADS = 1000 };
	pthread_t t[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		REQUIRE((pthread_create(&t[i], NULL, classifier, &s)) == (0));
	int ok = 0, refused = 0;
	for (int k = 0; k < RELOADS; k++) {
		const char *path = k % 3 == 0 ? GOOD : k % 3 == 1 ? SRCPATH(broken[(size_t)k % NBROKEN]) : CHANGED;
		mctl_error *err = NULL;
		if (mctl_holder_reload(s.h, path, NULL, &err) == MCTL_OK)
			ok++;
		else
			refused++;
		mctl_error_free(err);
	}
	atomic_store(&s.stop, 1);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	printf("%d reloads (%d refused), %ld results\n", RELOADS, refused, atomic_load(&s.results));
	CHECK((refused) == (RELOADS / 3), "every broken bundle is refused, every good one loads");
	CHECK((ok) == (RELOADS - RELOADS / 3));
	CHECK((mctl_holder_generation(s.h)) == (1ul + (unsigned long)ok));
	CHECK((atomic_load(&s.results)) > (0));
	CHECK((atomic_load(&s.foreign)) == (0), "a result came from a bundle that never loaded");
	CHECK((atomic_load(&s.torn)) == (0), "a result differs from its bundle's own answer");
	mctl_holder_free(s.h);
}

int main(void)
{
	publishes_and_keeps_the_old_policy_alive_for_its_users();
	a_failed_reload_keeps_the_current_policy_and_says_why();
	classifiers_run_while_bundles_are_reloaded();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
