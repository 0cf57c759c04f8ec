#include "match/ac.h"
#include "match/text.h"
#include "text/chars.h"

void mctl__match_scratch_init(mctl_match_scratch *s, const mctl_alloc *al)
{
	mctl__ntext_init(&s->fold, al);
	mctl__ntext_init(&s->nfkc, al);
}

void mctl__match_scratch_free(mctl_match_scratch *s)
{
	mctl__ntext_free(&s->fold);
	mctl__ntext_free(&s->nfkc);
}

typedef struct scan_ctx {
	const mctl_pattern *pats;
	const mctl_ntext *nt;
	mctl_vec *hits;
	int field;
} scan_ctx;

static bool bounded(const mctl_pattern *pt, const mctl_ntext *nt, size_t start, size_t end)
{
	bool (*blocks)(int32_t) = pt->type == MCTL_PAT_NAME ? mctl__is_spaced_letter : mctl__is_token_char;
	if (pt->bound_start && blocks(mctl__cp_before(nt->s, start)))
		return false;
	if (pt->bound_end && blocks(mctl__cp_at(nt->s, nt->len, end)))
		return false;
	return true;
}

static int on_match(void *vctx, uint32_t id, size_t start, size_t end)
{
	scan_ctx *c = vctx;
	const mctl_pattern *pt = &c->pats[id];
	if (!bounded(pt, c->nt, start, end))
		return 0;
	mctl_hit *h = mctl__vec_push(c->hits);
	if (!h)
		return MCTL_ENOMEM;
	h->concept = pt->concept;
	h->field = (uint8_t)c->field;
	h->type = pt->type;
	h->start = c->nt->ostart[start];
	h->end = c->nt->oend[end - 1];
	return 0;
}

int mctl__match_text(const mctl_policy *p, const char *text, size_t len, int field,
                     mctl_match_scratch *s, mctl_vec *hits, bool *invalid_utf8)
{
	int rc = mctl__normalize(&s->fold, text, len, MCTL_NORM_FOLD);
	if (rc)
		return rc;
	if (s->fold.invalid_utf8)
		*invalid_utf8 = true;
	scan_ctx c = { p->pats_fold, &s->fold, hits, field };
	rc = mctl__ac_scan(p->ac_fold, (const unsigned char *)s->fold.s, s->fold.len, on_match, &c);
	if (rc || p->npats_case == 0)
		return rc;
	rc = mctl__normalize(&s->nfkc, text, len, MCTL_NORM_NFKC);
	if (rc)
		return rc;
	c.pats = p->pats_case;
	c.nt = &s->nfkc;
	return mctl__ac_scan(p->ac_case, (const unsigned char *)s->nfkc.s, s->nfkc.len, on_match, &c);
}
