/*
 * Policy compilation: every lexicon pattern goes through the same
 * normalization as the records will, into one automaton per case mode;
 * listed codes go into a sorted index.
 */
#include <stdlib.h>
#include <string.h>
#include "match/ac.h"
#include "match/fuzzy.h"
#include "policy/model.h"
#include "text/chars.h"
#include "text/normalize.h"

typedef struct pat_builder {
	mctl_vec pats; /* mctl_pattern */
	mctl_ac *ac;
	mctl_fuzzy *fuzzy; /* NULL: no near misses for this automaton */
} pat_builder;

/*
 * Languages that write compounds as one word ("Galliummetall", "Wolframpulver",
 * "germaniumoxide"): their names need a boundary before them only.
 */
static bool compounding(const char *lang)
{
	static const char *const langs[] = { "de", "nl", "sv", "da", "nb", "nn", "no", "fi", "is" };
	if (!lang)
		return false;
	size_t n = strcspn(lang, "-");
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
		if (strlen(langs[i]) == n && strncmp(lang, langs[i], n) == 0)
			return true;
	return false;
}

static int add_pattern(mctl_policy *p, pat_builder *b, mctl_ntext *nt, const char *text, uint32_t concept,
                       int type, int mode, mctl_errlist *errs, const mctl_pos *pos, const char *lang)
{
	int rc = mctl__normalize(nt, text, strlen(text), mode);
	if (rc)
		return rc;
	if (nt->len == 0) {
		mctl__errlist_add(errs, MCTL_EPOLICY, pos, NULL, "pattern '%s' of concept '%s' is empty after normalization",
		                  text, p->concepts[concept].id);
		return MCTL_OK;
	}
	if (nt->invalid_utf8) {
		mctl__errlist_add(errs, MCTL_EPOLICY, pos, NULL, "pattern of concept '%s' is not valid UTF-8",
		                  p->concepts[concept].id);
		return MCTL_OK;
	}
	mctl_pattern *pt = mctl__vec_push(&b->pats);
	if (!pt)
		return MCTL_ENOMEM;
	pt->concept = concept;
	pt->type = (uint8_t)type;
	pt->len = (uint32_t)nt->len;
	int32_t first = mctl__first_cp(nt->s, nt->len), last = mctl__last_cp(nt->s, nt->len);
	if (type == MCTL_PAT_NAME) {
		pt->bound_start = mctl__is_spaced_letter(first);
		pt->compound = compounding(lang) && mctl__is_spaced_letter(last);
		pt->bound_end = mctl__is_spaced_letter(last) && !pt->compound;
	} else {
		pt->bound_start = pt->bound_end = true;
	}
	if (b->fuzzy && type == MCTL_PAT_NAME) {
		int frc = mctl__fuzzy_add(b->fuzzy, nt->s, nt->len, (uint32_t)(b->pats.len - 1));
		if (frc)
			return frc;
	}
	return mctl__ac_add(b->ac, (const unsigned char *)nt->s, nt->len, (uint32_t)(b->pats.len - 1));
}

static int refcmp(const void *a, const void *b)
{
	const mctl_code_ref *x = a, *y = b;
	int c = strcmp(x->digits, y->digits);
	if (c)
		return c;
	return x->item < y->item ? -1 : x->item > y->item;
}

static void *to_arena(mctl_policy *p, mctl_vec *v)
{
	void *d = mctl__arena_alloc(&p->arena, v->len ? v->len * v->elem : 1);
	if (d && v->len)
		memcpy(d, v->data, v->len * v->elem);
	return d;
}

int mctl__policy_compile(mctl_policy *p, mctl_errlist *errs)
{
	int rc = MCTL_OK;
	pat_builder fold = { 0 }, cased = { 0 };
	mctl_ntext nt;
	mctl__ntext_init(&nt, &p->al);
	mctl__vec_init(&fold.pats, &p->al, sizeof(mctl_pattern));
	mctl__vec_init(&cased.pats, &p->al, sizeof(mctl_pattern));
	if ((rc = mctl__ac_new(&fold.ac, &p->al)) || (rc = mctl__ac_new(&cased.ac, &p->al)) ||
	    (rc = mctl__fuzzy_new(&fold.fuzzy, &p->al)))
		goto out;

	size_t nvague = 0;
	for (uint32_t ci = 0; ci < p->nconcepts; ci++) {
		const mctl_concept *c = &p->concepts[ci];
		if (c->kind == MCTL_CONCEPT_VAGUE)
			nvague++;
		for (size_t i = 0; i < c->nnames && !rc; i++)
			rc = add_pattern(p, &fold, &nt, c->names[i].text, ci, MCTL_PAT_NAME, MCTL_NORM_FOLD, errs, &c->pos,
			                 c->names[i].lang);
		for (size_t i = 0; i < c->cas.n && !rc; i++)
			rc = add_pattern(p, &fold, &nt, c->cas.v[i], ci, MCTL_PAT_CAS, MCTL_NORM_FOLD, errs, &c->pos, NULL);
		for (size_t i = 0; i < c->symbols.n && !rc; i++)
			rc = add_pattern(p, &cased, &nt, c->symbols.v[i], ci, MCTL_PAT_SYMBOL, MCTL_NORM_NFKC, errs, &c->pos, NULL);
		for (size_t i = 0; i < c->formulas.n && !rc; i++)
			rc = add_pattern(p, &cased, &nt, c->formulas.v[i], ci, MCTL_PAT_FORMULA, MCTL_NORM_NFKC, errs, &c->pos, NULL);
		if (rc)
			goto out;
	}
	if ((rc = mctl__ac_build(fold.ac)) || (rc = mctl__ac_build(cased.ac)) || (rc = mctl__fuzzy_build(fold.fuzzy)))
		goto out;
	p->pats_fold = to_arena(p, &fold.pats);
	p->npats_fold = fold.pats.len;
	p->pats_case = to_arena(p, &cased.pats);
	p->npats_case = cased.pats.len;
	p->vague = mctl__arena_alloc(&p->arena, (nvague ? nvague : 1) * sizeof *p->vague);
	if (!p->pats_fold || !p->pats_case || !p->vague) {
		rc = MCTL_ENOMEM;
		goto out;
	}
	for (uint32_t ci = 0; ci < p->nconcepts; ci++)
		if (p->concepts[ci].kind == MCTL_CONCEPT_VAGUE)
			p->vague[p->nvague++] = ci;

	/* concept -> items that need it (all) or may use it (any): only those can fire by text */
	p->concept_items_off = mctl__arena_alloc(&p->arena, (p->nconcepts + 1) * sizeof(uint32_t));
	size_t nlinks = 0;
	for (size_t i = 0; i < p->nitems; i++)
		nlinks += p->items[i].when.nall + p->items[i].when.nany;
	p->concept_items = mctl__arena_alloc(&p->arena, (nlinks ? nlinks : 1) * sizeof(uint32_t));
	if (!p->concept_items_off || !p->concept_items) {
		rc = MCTL_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < p->nitems; i++) {
		const mctl_cond *w = &p->items[i].when;
		for (size_t k = 0; k < w->nall + w->nany; k++)
			p->concept_items_off[(k < w->nall ? w->all[k] : w->any[k - w->nall]) + 1]++;
	}
	for (size_t c = 0; c < p->nconcepts; c++)
		p->concept_items_off[c + 1] += p->concept_items_off[c];
	{
		uint32_t *fill = mctl__calloc(&p->al, p->nconcepts + 1, sizeof *fill);
		if (!fill) {
			rc = MCTL_ENOMEM;
			goto out;
		}
		for (uint32_t i = 0; i < p->nitems; i++) {
			const mctl_cond *w = &p->items[i].when;
			for (size_t k = 0; k < w->nall + w->nany; k++) {
				uint32_t c = k < w->nall ? w->all[k] : w->any[k - w->nall];
				p->concept_items[p->concept_items_off[c] + fill[c]++] = i;
			}
		}
		mctl__free(&p->al, fill);
	}

	for (size_t i = 0; i < p->nitems; i++)
		for (size_t k = 0; k < p->items[i].nparams; k++)
			if (p->items[i].params[k].kind != MCTL_PARAM_OTHER && p->items[i].params[k].confirmed)
				p->reads_quantities = true;

	size_t nrefs = 0;
	for (size_t i = 0; i < p->nitems; i++)
		nrefs += p->items[i].ncodes;
	p->coderefs = mctl__arena_alloc(&p->arena, (nrefs ? nrefs : 1) * sizeof *p->coderefs);
	if (!p->coderefs) {
		rc = MCTL_ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < p->nitems; i++)
		for (uint32_t k = 0; k < p->items[i].ncodes; k++) {
			mctl_code_ref *r = &p->coderefs[p->ncoderefs++];
			r->digits = p->items[i].codes[k].digits;
			r->len = p->items[i].codes[k].len;
			r->item = i;
			r->code = k;
		}
	qsort(p->coderefs, p->ncoderefs, sizeof *p->coderefs, refcmp);

	p->ac_fold = fold.ac;
	p->ac_case = cased.ac;
	p->fuzzy = fold.fuzzy;
	fold.ac = cased.ac = NULL;
	fold.fuzzy = NULL;
out:
	mctl__fuzzy_free(fold.fuzzy);
	mctl__ac_free(fold.ac);
	mctl__ac_free(cased.ac);
	mctl__vec_free(&fold.pats);
	mctl__vec_free(&cased.pats);
	mctl__ntext_free(&nt);
	return rc;
}

void mctl__policy_destroy(mctl_policy *p)
{
	if (!p)
		return;
	mctl_alloc al = p->al;
	mctl__ac_free(p->ac_fold);
	mctl__ac_free(p->ac_case);
	mctl__fuzzy_free(p->fuzzy);
	mctl__arena_free(&p->arena);
	mctl__free(&al, p);
}
