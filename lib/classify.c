/*
 * mctl_classify: record -> normalize + match -> decide -> result.
 * Reads the policy only. Text buffers are kept in the record between calls
 * (a record is used by one thread at a time); the rest belongs to the call.
 */
#include <string.h>
#include "decide/decide.h"
#include "match/code.h"
#include "match/params.h"
#include "match/text.h"
#include "record/record.h"
#include "util/internal.h"

static void scratch_free(void *cache, const mctl_alloc *al)
{
	mctl__match_scratch_free(cache);
	mctl__free(al, cache);
}

/* The record's cached buffers, made on first use with the record's allocator. */
static mctl_match_scratch *scratch_of(const mctl_record *rc)
{
	mctl_record *r = (mctl_record *)rc; /* the cache is not part of the record's value */
	if (!r->cache) {
		mctl_match_scratch *s = mctl__malloc(&r->al, sizeof *s);
		if (!s)
			return NULL;
		mctl__match_scratch_init(s, &r->al);
		r->cache = s;
		r->cache_free = scratch_free;
	}
	return r->cache;
}

static int country_idx(const mctl_record *r, mctl_field f)
{
	size_t n;
	const char *s = mctl_record_get(r, f, &n);
	return s ? mctl__country_index(s, n) : -1;
}

int mctl_classify(const mctl_policy *pc, const mctl_record *r, mctl_result **out, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!out)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_classify: out is NULL");
	*out = NULL;
	if (!pc || !r)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_classify: policy and record are required");
	mctl_policy *p = (mctl_policy *)pc; /* only the reference count changes */

	mctl_result *res = mctl__calloc(&p->al, 1, sizeof *res);
	if (!res)
		return mctl__error_set(err, MCTL_ENOMEM, "out of memory");
	res->al = p->al;
	mctl__arena_init(&res->ar, &res->al);
	res->policy = mctl_policy_ref(p);

	mctl_facts f;
	memset(&f, 0, sizeof f);
	int route_idx[MCTL_MAX_ROUTE];
	mctl_match_scratch *scratch = scratch_of(r);
	int rc = scratch ? MCTL_OK : MCTL_ENOMEM;
	mctl_vec none = { 0 };
	mctl_vec *hitsp = scratch ? &scratch->hits : &none, *qtysp = scratch ? &scratch->qtys : &none;
	hitsp->len = qtysp->len = 0;

	for (int i = 0; i < MCTL_FIELD_COUNT_; i++)
		f.text[i] = mctl_record_get(r, (mctl_field)i, &f.len[i]);
	size_t n;
	const char *s = mctl_record_get(r, MCTL_FIELD_DATE, &n);
	if (!s || mctl__date_parse(s, n, &f.day) != 0)
		f.day = mctl__date_today();
	mctl__date_format(f.day, res->date);
	f.from_idx = country_idx(r, MCTL_FIELD_FROM);
	f.to_idx = country_idx(r, MCTL_FIELD_TO);
	for (size_t i = 0; i < r->nroute; i++)
		route_idx[i] = mctl__country_index(r->route[i], 2);
	f.route_idx = route_idx;
	f.nroute = r->nroute;
	f.comp = r->comp;
	f.ncomp = r->ncomp;
	s = mctl_record_get(r, MCTL_FIELD_CHANNEL, &n);
	f.channel = MCTL_CHANNEL_CUSTOMS; /* a record without a channel is a customs declaration */
	if (s && n == 6 && memcmp(s, "postal", 6) == 0)
		f.channel = MCTL_CHANNEL_POSTAL;
	else if (s && n == 8 && memcmp(s, "platform", 8) == 0)
		f.channel = MCTL_CHANNEL_PLATFORM;
	f.end_use = mctl_record_get(r, MCTL_FIELD_END_USE, &f.end_use_len);

	const mctl_field textf[2] = { MCTL_FIELD_DESCRIPTION, MCTL_FIELD_DESCRIPTION2 };
	for (int i = 0; i < 2 && rc == MCTL_OK; i++) {
		if (!f.text[textf[i]] || !scratch)
			continue;
		f.has_desc = f.has_desc || f.len[textf[i]] > 0;
		rc = mctl__match_text(p, f.text[textf[i]], f.len[textf[i]], textf[i], scratch, hitsp, qtysp,
		                      &f.invalid_utf8, &f.truncated);
	}
	f.hits = hitsp->data;
	f.nhits = hitsp->len;
	f.qtys = qtysp->data;
	f.nqtys = qtysp->len;
	if (rc == MCTL_OK && scratch) {
		size_t need = mctl__decide_work_size(p);
		char *before = scratch->work.data;
		scratch->work.len = 0;
		if (mctl__buf_reserve(&scratch->work, need)) {
			rc = MCTL_ENOMEM;
		} else {
			/* fresh bytes after a move, for another policy, or when the epoch wraps */
			if (scratch->work.data != before || scratch->work_policy != p || scratch->work_ready < need ||
			    ++scratch->epoch == 0) {
				f.work_fresh = true;
				scratch->epoch = 1;
				scratch->work_ready = need;
				scratch->work_policy = p;
			}
			f.work = scratch->work.data;
			f.epoch = scratch->epoch;
		}
	}
	if (f.text[MCTL_FIELD_CODE] && f.len[MCTL_FIELD_CODE]) {
		f.code_present = true;
		f.code_valid = mctl__code_normalize(f.text[MCTL_FIELD_CODE], f.len[MCTL_FIELD_CODE], f.code, &f.code_len,
		                                    &f.code_start, &f.code_end) == 0;
	}
	if (rc == MCTL_OK && f.text[MCTL_FIELD_ID]) {
		res->id = mctl__arena_strndup(&res->ar, f.text[MCTL_FIELD_ID], f.len[MCTL_FIELD_ID]);
		if (!res->id)
			rc = MCTL_ENOMEM;
	}
	if (rc == MCTL_OK)
		rc = mctl__decide(p, &f, res);

	if (rc != MCTL_OK) {
		mctl_result_free(res);
		return mctl__error_set(err, rc, "classification failed: %s", mctl_strerror(rc));
	}
	*out = res;
	return MCTL_OK;
}
