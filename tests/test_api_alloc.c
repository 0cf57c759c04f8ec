/*
 * Through the shared library, as a caller links it: allocator hooks per
 * context, and failure of the k-th allocation in load and classify. Every
 * failure must come back as a status (never a crash) and leave nothing
 * allocated through the hooks behind.
 */
#include "common.h"

typedef struct counter {
	long live, total, fail_at; /* fail_at: 1-based index of the allocation to fail, 0 = never */
} counter;

static void *c_malloc(size_t n, void *u)
{
	counter *c = u;
	if (c->fail_at && ++c->total == c->fail_at)
		return NULL;
	void *p = malloc(n);
	if (p)
		c->live++;
	return p;
}

static void *c_realloc(void *p, size_t n, void *u)
{
	counter *c = u;
	if (c->fail_at && ++c->total == c->fail_at)
		return NULL;
	void *q = realloc(p, n);
	if (q && !p)
		c->live++;
	return q;
}

static void c_free(void *p, void *u)
{
	counter *c = u;
	if (p) {
		c->live--;
		free(p);
	}
}

static mctl_context *make_ctx(counter *c)
{
	mctl_allocator a = { c_malloc, c_realloc, c_free, c };
	mctl_context *ctx = NULL;
	cr_assert_eq(mctl_context_new(&ctx, &a), MCTL_OK);
	return ctx;
}

Test(alloc, hooks_see_every_allocation_and_all_are_freed)
{
	counter c = { 0 };
	mctl_context *ctx = make_ctx(&c);
	mctl_load_options o = MCTL_LOAD_OPTIONS_INIT;
	o.ctx = ctx;
	mctl_policy *p = NULL;
	cr_assert_eq(mctl_policy_load(&p, SRCPATH("tests/data/valid/minimal"), &o, NULL), MCTL_OK);
	mctl_context_free(ctx); /* objects keep a copy of the hooks */
	cr_assert_gt(c.live, 0);
	mctl_record *r = NULL;
	mctl_context *ctx2 = make_ctx(&c);
	cr_assert_eq(mctl_record_new(&r, ctx2), MCTL_OK);
	mctl_context_free(ctx2);
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "金属镓 ingot", (size_t)-1, NULL);
	mctl_result *res = NULL;
	cr_assert_eq(mctl_classify(p, r, &res, NULL), MCTL_OK);
	cr_assert_eq(mctl_result_verdict(res), MCTL_VERDICT_LICENSE_REQUIRED);
	mctl_result_free(res);
	mctl_record_free(r);
	mctl_policy_unref(p);
	cr_assert_eq(c.live, 0, "%ld allocations leaked", c.live);
}

Test(alloc, load_survives_every_allocation_failure)
{
	int ok = 0;
	for (long k = 1; k < 100000 && !ok; k++) {
		counter c = { 0 };
		mctl_context *ctx = make_ctx(&c);
		c.total = 0; /* the context itself is not counted */
		c.fail_at = k;
		mctl_load_options o = MCTL_LOAD_OPTIONS_INIT;
		o.ctx = ctx;
		mctl_policy *p = NULL;
		mctl_error *err = NULL;
		int rc = mctl_policy_load(&p, SRCPATH("tests/data/valid/minimal"), &o, &err);
		if (rc == MCTL_OK) {
			ok = 1;
			cr_assert_not_null(p);
		} else {
			cr_assert_eq(rc, MCTL_ENOMEM, "failing allocation %ld gave %s", k, mctl_strerror(rc));
			cr_assert_null(p);
		}
		mctl_error_free(err);
		mctl_policy_unref(p);
		c.fail_at = 0;
		mctl_context_free(ctx);
		cr_assert_eq(c.live, 0, "failing allocation %ld leaked %ld blocks", k, c.live);
	}
	cr_assert(ok, "load never succeeded");
}

Test(alloc, classify_survives_every_allocation_failure)
{
	counter c = { 0 };
	mctl_context *ctx = make_ctx(&c);
	mctl_load_options o = MCTL_LOAD_OPTIONS_INIT;
	o.ctx = ctx;
	mctl_policy *p = NULL;
	cr_assert_eq(mctl_policy_load(&p, SRCPATH("tests/data/valid/minimal"), &o, NULL), MCTL_OK);
	mctl_context_free(ctx);
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "ＧＡＬＬＩＵＭ 金属镓 metal sample", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_CODE, "8112929090", (size_t)-1, NULL);
	long base = c.live;
	int ok = 0;
	for (long k = 1; k < 100000 && !ok; k++) {
		c.total = 0;
		c.fail_at = k;
		mctl_result *res = NULL;
		int rc = mctl_classify(p, r, &res, NULL);
		if (rc == MCTL_OK) {
			ok = 1;
			cr_assert_eq(mctl_result_verdict(res), MCTL_VERDICT_LICENSE_REQUIRED);
		} else {
			cr_assert_eq(rc, MCTL_ENOMEM, "failing allocation %ld gave %s", k, mctl_strerror(rc));
			cr_assert_null(res);
		}
		mctl_result_free(res);
		cr_assert_eq(c.live, base, "failing allocation %ld leaked", k);
	}
	cr_assert(ok);
	c.fail_at = 0;
	mctl_record_free(r);
	mctl_policy_unref(p);
	cr_assert_eq(c.live, 0);
}

/*
 * A reload that runs out of memory at its k-th allocation, for every k:
 * the holder keeps the running policy, which still answers exactly as
 * before, and the failed load leaves nothing allocated behind.
 */
Test(alloc, a_reload_out_of_memory_leaves_the_running_policy_untouched)
{
	mctl_policy *running = must_load(SRCPATH("tests/data/valid/minimal"));
	mctl_holder *h = NULL;
	cr_assert_eq(mctl_holder_new(&h, running), MCTL_OK);
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	/* v1 leaves this code clear; minimal-v2 lists it (prohibited to the US) */
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "Unwrought metal, other", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_CODE, "8112999000", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_TO, "US", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_DATE, "2026-12-01", (size_t)-1, NULL);
	char digest[80];
	snprintf(digest, sizeof digest, "%s", mctl_policy_digest(running));
	int ok = 0;
	counter c; /* outlives the loop: the policy that finally loads keeps these hooks */
	for (long k = 1; k < 100000 && !ok; k++) {
		memset(&c, 0, sizeof c);
		mctl_context *ctx = make_ctx(&c);
		c.total = 0;
		c.fail_at = k;
		mctl_load_options o = MCTL_LOAD_OPTIONS_INIT;
		o.ctx = ctx;
		mctl_error *err = NULL;
		int rc = mctl_holder_reload(h, SRCPATH("tests/data/valid/minimal-v2"), &o, &err);
		mctl_error_free(err);
		mctl_policy *cur = mctl_holder_acquire(h);
		mctl_result *res = NULL;
		cr_assert_eq(mctl_classify(cur, r, &res, NULL), MCTL_OK);
		if (rc == MCTL_OK) {
			ok = 1;
			cr_assert_str_neq(mctl_policy_digest(cur), digest, "the new version is published");
			cr_assert_eq(mctl_result_verdict(res), MCTL_VERDICT_PROHIBITED);
		} else {
			cr_assert_eq(rc, MCTL_ENOMEM, "failing allocation %ld gave %s", k, mctl_strerror(rc));
			cr_assert_eq(cur, running, "failing allocation %ld replaced the running policy", k);
			cr_assert_str_eq(mctl_policy_digest(cur), digest);
			cr_assert_eq(mctl_result_verdict(res), MCTL_VERDICT_CLEAR, "failing allocation %ld changed the answer", k);
		}
		mctl_result_free(res);
		mctl_policy_unref(cur);
		c.fail_at = 0;
		mctl_context_free(ctx); /* the context itself came from the hooks */
		if (rc != MCTL_OK)
			cr_assert_eq(c.live, 0, "failing allocation %ld leaked %ld blocks", k, c.live);
	}
	cr_assert(ok, "the reload never succeeded");
	mctl_record_free(r);
	mctl_holder_free(h);
	mctl_policy_unref(running);
	cr_assert_eq(c.live, 0, "the published policy leaked %ld blocks", c.live);
}

/* Every writer and the canonical digest: each failure is MCTL_ENOMEM, sticks, and leaks nothing. */
Test(alloc, writers_survive_every_allocation_failure)
{
	mctl_policy *p = must_load(SRCPATH("tests/data/valid/minimal"));
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	mctl_record_set(r, MCTL_FIELD_ID, "id\x01\xff", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "metal sample, gallium \"4N\"", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_CODE, "8112929090", (size_t)-1, NULL);
	mctl_result *res = NULL;
	cr_assert_eq(mctl_classify(p, r, &res, NULL), MCTL_OK);
	for (int f = MCTL_REPORT_JSONL; f <= MCTL_REPORT_TABLE; f++) {
		int ok = 0;
		for (long k = 1; k < 10000 && !ok; k++) {
			counter c = { 0 };
			mctl_context *ctx = make_ctx(&c);
			c.total = 0;
			c.fail_at = k;
			mctl_writer_options o = MCTL_WRITER_OPTIONS_INIT;
			o.ctx = ctx;
			char *text = NULL;
			size_t len = 0;
			FILE *fp = open_memstream(&text, &len);
			mctl_writer *w = NULL;
			int rc = mctl_writer_new(&w, (mctl_report_format)f, fp, &o, NULL);
			if (rc == MCTL_OK) {
				for (int i = 0; i < 3 && rc == MCTL_OK; i++)
					rc = mctl_writer_write(w, res, "in, \"quoted\".jsonl", (size_t)i + 1);
				if (rc == MCTL_OK)
					rc = mctl_writer_write_error(w, "in.jsonl", 4, "bad \"line\",\n\x02");
				if (rc == MCTL_OK)
					rc = mctl_writer_finish(w);
				if (rc != MCTL_OK)
					cr_assert_eq(mctl_writer_finish(w), rc, "a failure sticks");
			} else {
				cr_assert_null(w);
			}
			if (rc == MCTL_OK)
				ok = 1;
			else
				cr_assert_eq(rc, MCTL_ENOMEM, "%s: failing allocation %ld gave %s", mctl_report_format_name((mctl_report_format)f), k,
				             mctl_strerror(rc));
			mctl_writer_free(w);
			fclose(fp);
			free(text);
			c.fail_at = 0;
			mctl_context_free(ctx);
			cr_assert_eq(c.live, 0, "%s: failing allocation %ld leaked %ld blocks", mctl_report_format_name((mctl_report_format)f), k,
			             c.live);
		}
		cr_assert(ok, "%s never succeeded", mctl_report_format_name((mctl_report_format)f));
	}
	mctl_result_free(res);
	mctl_record_free(r);

	/* the digest allocates through the record's context */
	counter c = { 0 };
	mctl_context *ctx = make_ctx(&c);
	cr_assert_eq(mctl_record_new(&r, ctx), MCTL_OK);
	mctl_context_free(ctx);
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "gallium ingots", (size_t)-1, NULL);
	mctl_record_set_quantity(r, 5);
	long base = c.live;
	int ok = 0;
	for (long k = 1; k < 1000 && !ok; k++) {
		char hex[65];
		c.total = 0;
		c.fail_at = k;
		int rc = mctl_record_digest(r, hex);
		if (rc == MCTL_OK) {
			ok = 1;
			cr_assert_str_eq(hex, "b6ec8e4bfe8622b992c3c5f4eb0c90322eff235241446187bbd5c454adab218d");
		} else {
			cr_assert_eq(rc, MCTL_ENOMEM);
		}
		cr_assert_eq(c.live, base, "failing allocation %ld leaked", k);
	}
	cr_assert(ok);
	c.fail_at = 0;
	mctl_record_free(r);
	mctl_policy_unref(p);
	cr_assert_eq(c.live, 0);
}

Test(alloc, context_arguments)
{
	mctl_context *ctx = NULL;
	mctl_allocator half = { c_malloc, NULL, c_free, NULL };
	cr_assert_eq(mctl_context_new(&ctx, &half), MCTL_EINVAL);
	cr_assert_null(ctx);
	cr_assert_eq(mctl_context_new(&ctx, NULL), MCTL_OK);
	mctl_context_free(ctx);
	mctl_context_free(NULL);
	cr_assert_eq(mctl_context_new(NULL, NULL), MCTL_EINVAL);
}
