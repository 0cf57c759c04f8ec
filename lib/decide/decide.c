#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "decide/decide.h"
#include "match/code.h"
#include "text/normalize.h"

#define MAX_EVIDENCE 256

typedef struct item_state {
	uint32_t epoch; /* the state is this call's only when it equals the call's epoch */
	bool text, under, under_confirmed, above;
	const mctl_code_ref *under_ref, *above_ref;
} item_state;

/*
 * Only the items a record can reach are looked at: those naming a concept
 * the text holds, and those under the declared code. Their states are made
 * fresh on first touch (epochs), so no per-call clearing of every item.
 */
typedef struct touch_set {
	item_state *st;
	uint32_t epoch;
	uint32_t *cand;
	size_t n;
} touch_set;

static item_state *touch(touch_set *t, uint32_t i)
{
	item_state *s = &t->st[i];
	if (s->epoch != t->epoch) {
		memset(s, 0, sizeof *s);
		s->epoch = t->epoch;
		t->cand[t->n++] = i;
	}
	return s;
}

typedef struct code_ctx {
	const mctl_policy *p;
	touch_set *ts;
	int32_t day;
	bool any_under, any_above;
} code_ctx;

static void on_code(void *vctx, const mctl_code_ref *ref, int rel)
{
	code_ctx *c = vctx;
	const mctl_code *code = &c->p->items[ref->item].codes[ref->code];
	if (c->day < code->from || c->day > code->until)
		return;
	item_state *s = touch(c->ts, ref->item);
	if (rel == MCTL_CODE_UNDER) {
		s->under = true;
		s->under_confirmed = s->under_confirmed || code->confirmed;
		if (!s->under_ref)
			s->under_ref = ref;
		c->any_under = true;
	} else {
		s->above = true;
		if (!s->above_ref)
			s->above_ref = ref;
		c->any_above = true;
	}
}

static int u32cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static bool cond_holds(const mctl_cond *c, const bool *present)
{
	if (!c->present)
		return false;
	for (size_t i = 0; i < c->nall; i++)
		if (!present[c->all[i]])
			return false;
	if (c->nany) {
		bool any = false;
		for (size_t i = 0; i < c->nany && !any; i++)
			any = present[c->any[i]];
		if (!any)
			return false;
	}
	for (size_t i = 0; i < c->nnone; i++)
		if (present[c->none[i]])
			return false;
	return true;
}

/* Whole-word, ASCII case-insensitive search of word in s[0..n). */
static bool has_word(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word);
	for (size_t i = 0; i + wl <= n; i++) {
		size_t k = 0;
		while (k < wl) {
			char a = s[i + k];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (a != word[k])
				break;
			k++;
		}
		if (k != wl)
			continue;
		bool lb = i == 0 || !((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z');
		bool rb = i + wl == n || !((s[i + wl] | 0x20) >= 'a' && (s[i + wl] | 0x20) <= 'z');
		if (lb && rb)
			return true;
	}
	return false;
}

static bool has_codes_on(const mctl_item *it, int32_t day)
{
	for (size_t i = 0; i < it->ncodes; i++)
		if (day >= it->codes[i].from && day <= it->codes[i].until)
			return true;
	return false;
}

enum { PARAMS_MET = 0, PARAMS_UNMET = 1, PARAMS_UNSTATED = 2 };

static bool compare(double v, const mctl_param *pm)
{
	switch (pm->opk) {
	case MCTL_OP_GE: return v >= pm->value - 1e-9;
	case MCTL_OP_GT: return v > pm->value + 1e-9;
	case MCTL_OP_LE: return v <= pm->value + 1e-9;
	case MCTL_OP_LT: return v < pm->value - 1e-9;
	default: return fabs(v - pm->value) < 1e-9;
	}
}

static bool concept_is(const mctl_concept *c, const char *mineral)
{
	if (strcmp(c->id, mineral) == 0)
		return true;
	for (size_t i = 0; i < c->minerals.n; i++)
		if (strcmp(c->minerals.v[i], mineral) == 0)
			return true;
	return false;
}

/*
 * The item's thresholds against the quantities the text states: met, unmet
 * (the goods are below the threshold: not this item), or unstated (a person
 * must check). Any stated value that meets a threshold meets it.
 */
static int params_state(const mctl_policy *p, const mctl_item *it, const mctl_facts *f, unsigned *used)
{
	bool unstated = false;
	for (size_t k = 0; k < it->nparams; k++) {
		const mctl_param *pm = &it->params[k];
		if (!pm->confirmed)
			continue;
		if (pm->kind == MCTL_PARAM_OTHER) {
			/* a threshold the screen cannot read from text (pressure, density ...): a person checks */
			unstated = true;
			continue;
		}
		const char *mineral = pm->mineral ? pm->mineral : it->minerals.n ? it->minerals.v[0] : NULL;
		bool found = false, met = false;
		for (int pass = 0; pass < 2 && !found; pass++)
			for (size_t q = 0; q < f->nqtys; q++) {
				const mctl_qty *x = &f->qtys[q];
				/* second pass: the purity of goods named as the mineral is its content ("W 99.95%") */
				int kind = pass == 0 ? pm->kind : pm->kind == MCTL_PARAM_CONTENT ? MCTL_PARAM_PURITY : -1;
				if (x->kind != kind)
					continue;
				if (pass == 0 && pm->kind == MCTL_PARAM_CONTENT &&
				    (x->concept < 0 || !mineral || !concept_is(&p->concepts[x->concept], mineral)))
					continue;
				found = true;
				met = met || compare(x->value, pm);
				*used |= 1u << x->kind;
			}
		*used |= 1u << pm->kind;
		if (found && !met)
			return PARAMS_UNMET;
		unstated = unstated || !found;
	}
	return unstated ? PARAMS_UNSTATED : PARAMS_MET;
}

/* A declared component made of one of the control's minerals, of the right origin and share. */
static bool component_matches(const mctl_control *c, const mctl_facts *f)
{
	for (size_t i = 0; i < f->ncomp; i++) {
		const mctl_component *k = &f->comp[i];
		bool mineral = false;
		for (size_t m = 0; m < c->comp_minerals.n && !mineral; m++)
			mineral = strcmp(k->material, c->comp_minerals.v[m]) == 0;
		if (!mineral)
			continue;
		if (c->has_comp_origin && (!k->origin[0] || !mctl__cset_has(&c->comp_origin, mctl__country_index(k->origin, 2))))
			continue;
		if (c->comp_min_value >= 0 && !(k->value_share >= c->comp_min_value - 1e-9))
			continue;
		if (c->comp_min_weight >= 0 && !(k->weight_share >= c->comp_min_weight - 1e-9))
			continue;
		return true;
	}
	return false;
}

static bool control_applies(const mctl_control *c, const mctl_facts *f)
{
	if (!mctl__control_in_force(c, f->day))
		return false;
	if (c->has_components && !component_matches(c, f))
		return false;
	if (c->has_dest && !mctl__cset_has(&c->dest, f->to_idx))
		return false;
	if (c->has_route) {
		bool via = false;
		for (size_t i = 0; i < f->nroute && !via; i++)
			via = mctl__cset_has(&c->route, f->route_idx[i]);
		if (!via)
			return false;
	}
	if (c->channels && !(c->channels & f->channel))
		return false;
	if (c->end_use.n) {
		bool ok = false;
		for (size_t i = 0; i < c->end_use.n && !ok; i++)
			ok = f->end_use && has_word(f->end_use, f->end_use_len, c->end_use.v[i]);
		if (!ok)
			return false;
	}
	return true;
}

static void add_flag(mctl_result *res, mctl_flag fl)
{
	for (size_t i = 0; i < res->nflags; i++)
		if (res->flags[i] == fl)
			return;
	res->flags[res->nflags++] = fl;
}

/* A valid UTF-8 copy of s[0..n) (invalid bytes become U+FFFD). */
static char *utf8_copy(mctl_arena *ar, const char *s, size_t n)
{
	if (n > SIZE_MAX / 3 - 1)
		return NULL;
	char *d = mctl__arena_alloc(ar, n * 3 + 1);
	if (!d)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		bool ok;
		size_t k = mctl__utf8_decode((const unsigned char *)s + i, n - i, &cp, &ok);
		if (ok) {
			memcpy(d + o, s + i, k);
			o += k;
		} else {
			memcpy(d + o, "\xEF\xBF\xBD", 3);
			o += 3;
		}
		i += k;
	}
	d[o] = '\0';
	return d;
}

static int add_ev(mctl_result *res, mctl_vec *ev, const mctl_facts *f, mctl_field field, size_t start, size_t end,
                  const char *concept, bool negated, bool approximate)
{
	if (ev->len >= MAX_EVIDENCE)
		return MCTL_OK;
	for (size_t i = 0; i < ev->len; i++) {
		const mctl_res_ev *e = &MCTL_VEC_AT(ev, mctl_res_ev, i);
		if (e->field == field && e->start == start && e->end == end && strcmp(e->concept, concept) == 0)
			return MCTL_OK;
	}
	mctl_res_ev *e = mctl__vec_push(ev);
	if (!e)
		return MCTL_ENOMEM;
	e->field = field;
	e->start = start;
	e->end = end;
	e->concept = concept;
	e->negated = negated;
	e->approximate = approximate;
	e->text = utf8_copy(&res->ar, f->text[field] + start, end - start);
	return e->text ? MCTL_OK : MCTL_ENOMEM;
}

static int itemcmp(const void *a, const void *b)
{
	const mctl_res_item *x = a, *y = b;
	if (x->action != y->action)
		return x->action > y->action ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int mctl__decide(const mctl_policy *p, const mctl_facts *f, mctl_result *res)
{
	int rc = MCTL_ENOMEM;
	size_t need = mctl__decide_work_size(p);
	void *work = f->work ? f->work : mctl__malloc(&res->al, need);
	mctl_vec items, ev;
	mctl__vec_init(&items, &res->al, sizeof(mctl_res_item));
	mctl__vec_init(&ev, &res->al, sizeof(mctl_res_ev));
	if (!work)
		goto out;
	uint32_t epoch = f->work ? f->epoch : 1;
	if (!f->work || f->work_fresh)
		memset(work, 0, need);
	item_state *st = work;
	uint32_t *cand = (uint32_t *)(st + p->nitems);
	bool *present = (bool *)(cand + p->nitems);
	bool *cited = present + p->nconcepts;
	memset(present, 0, 2 * p->nconcepts * sizeof(bool));
	touch_set ts = { st, epoch, cand, 0 };

	bool any_material = false, any_vague = false, obfuscated = false;
	size_t counted = 0; /* hits that are not negated */
	for (size_t i = 0; i < f->nhits; i++) {
		const mctl_hit *h = &f->hits[i];
		if (h->negated || p->concepts[h->concept].kind == MCTL_CONCEPT_FALSE_FRIEND)
			continue;
		counted++;
		present[h->concept] = true;
		int kind = p->concepts[h->concept].kind;
		any_material = any_material || kind == MCTL_CONCEPT_MATERIAL;
		any_vague = any_vague || kind == MCTL_CONCEPT_VAGUE;
		obfuscated = obfuscated || (h->obfuscated && kind == MCTL_CONCEPT_MATERIAL);
		for (uint32_t k = p->concept_items_off[h->concept]; k < p->concept_items_off[h->concept + 1]; k++)
			touch(&ts, p->concept_items[k]);
	}
	code_ctx cc = { p, &ts, f->day, false, false };
	if (f->code_valid)
		mctl__code_lookup(p, f->code, f->code_len, on_code, &cc);

	res->in_jur = f->from_idx < 0 || f->from_idx == p->jurisdiction_idx;
	/*
	 * When the text confirms an item the declared code falls under, the code
	 * is explained: other items that merely share the code are not listed.
	 */
	if (ts.n > 1)
		qsort(cand, ts.n, sizeof *cand, u32cmp); /* policy order */
	bool code_explained = false;
	for (size_t ci = 0; ci < ts.n; ci++) {
		uint32_t i = cand[ci];
		st[i].text = cond_holds(&p->items[i].when, present);
		code_explained = code_explained || (st[i].text && st[i].under);
	}
	bool mismatch = false, vague = false, unstated_any = false;
	unsigned used_qty = 0;
	for (size_t ci = 0; ci < ts.n; ci++) {
		uint32_t i = cand[ci];
		const mctl_item *it = &p->items[i];
		item_state *s = &st[i];
		if (!s->text && (!s->under || code_explained))
			continue;
		/* thresholds decide items named by text alone; a listed code already names the grade */
		int pstate = PARAMS_MET;
		if (s->text && !s->under)
			pstate = params_state(p, it, f, &used_qty);
		if (pstate == PARAMS_UNMET)
			continue;
		mctl_res_item *ri = mctl__vec_push(&items);
		if (!ri)
			goto out;
		ri->index = i;
		ri->match = (s->text ? MCTL_MATCH_TEXT : 0) | (s->under ? MCTL_MATCH_CODE : 0);
		mctl_action act = MCTL_ACTION_NONE;
		/* rules (No. 46 ...) reach an item only on days the item itself is controlled */
		bool own = mctl__item_controlled_on(it, f->day);
		/* in the jurisdiction its own controls apply; abroad only extraterritorial ones */
		for (size_t k = 0; k < it->ncontrols; k++) {
			const mctl_control *c = &it->controls[k];
			if (c->abroad == res->in_jur)
				continue;
			if (c->rule_id && !own)
				continue;
			if ((c->action > act || c->flag >= 0) && control_applies(c, f)) {
				if (c->action > act)
					act = c->action;
				if (c->flag >= 0)
					add_flag(res, (mctl_flag)c->flag);
			}
		}
		/* unconfirmed data, or a threshold the text does not settle, never decides more than a review */
		if ((!it->confirmed || (!s->text && !s->under_confirmed) || pstate == PARAMS_UNSTATED) &&
		    act > MCTL_ACTION_REVIEW)
			act = MCTL_ACTION_REVIEW;
		unstated_any = unstated_any || pstate == PARAMS_UNSTATED;
		ri->action = act;

		if (s->text) {
			for (size_t k = 0; k < it->when.nall; k++)
				cited[it->when.all[k]] = true;
			for (size_t k = 0; k < it->when.nany; k++)
				cited[it->when.any[k]] = true;
			/* the text names this item, the declared code lies outside its codes */
			if (f->code_valid && !s->under && !s->above && has_codes_on(it, f->day))
				mismatch = true;
		} else {
			/* the code names this item, the text does not */
			if (any_material)
				mismatch = true;
			else if (!f->has_desc || any_vague || counted > 0)
				vague = true;
			else
				mismatch = true;
		}
	}

	if (f->code_present && !f->code_valid)
		add_flag(res, MCTL_FLAG_INVALID_CODE);
	if (cc.any_above && !cc.any_under)
		add_flag(res, MCTL_FLAG_AMBIGUOUS_CODE);
	if (mismatch)
		add_flag(res, MCTL_FLAG_CODE_DESCRIPTION_MISMATCH);
	if (vague)
		add_flag(res, MCTL_FLAG_CONTROLLED_CODE_VAGUE_DESCRIPTION);
	if (f->invalid_utf8)
		add_flag(res, MCTL_FLAG_INVALID_UTF8);
	if (f->truncated)
		add_flag(res, MCTL_FLAG_TRUNCATED_SCAN);
	if (obfuscated)
		add_flag(res, MCTL_FLAG_OBFUSCATED_TEXT);

	/*
	 * evidence: concepts that made items fire, then every other material the
	 * text names (negated ones marked so), vague wording when it raised the
	 * flag, then the code
	 */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < f->nhits; i++) {
			const mctl_hit *h = &f->hits[i];
			const mctl_concept *c = &p->concepts[h->concept];
			bool first = !h->negated && cited[h->concept];
			bool second = !first && (c->kind == MCTL_CONCEPT_MATERIAL || (vague && c->kind == MCTL_CONCEPT_VAGUE));
			if ((pass == 0 && first) || (pass == 1 && second))
				if (add_ev(res, &ev, f, (mctl_field)h->field, h->start, h->end, c->id, h->negated, h->approximate))
					goto out;
		}
	static const char *const qty_names[] = { "", "purity", "content", "particle_size", "energy_density" };
	for (size_t q = 0; q < f->nqtys; q++)
		if (used_qty & (1u << f->qtys[q].kind))
			if (add_ev(res, &ev, f, (mctl_field)f->qtys[q].field, f->qtys[q].start, f->qtys[q].end,
			           qty_names[f->qtys[q].kind], false, false))
				goto out;
	if (f->code_valid) {
		for (size_t i = 0; i < items.len; i++) {
			const item_state *s = &st[MCTL_VEC_AT(&items, mctl_res_item, i).index];
			if (s->under_ref && add_ev(res, &ev, f, MCTL_FIELD_CODE, f->code_start, f->code_end, s->under_ref->digits, false, false))
				goto out;
		}
		if (cc.any_above && !cc.any_under)
			for (size_t ci = 0; ci < ts.n; ci++) {
				const item_state *s = &st[cand[ci]];
				if (s->above_ref && add_ev(res, &ev, f, MCTL_FIELD_CODE, f->code_start, f->code_end,
				                           s->above_ref->digits, false, false))
					goto out;
			}
	}

	if (items.len > 1)
		qsort(items.data, items.len, sizeof(mctl_res_item), itemcmp);
	mctl_action top = MCTL_ACTION_NONE;
	for (size_t i = 0; i < items.len; i++)
		if (MCTL_VEC_AT(&items, mctl_res_item, i).action > top)
			top = MCTL_VEC_AT(&items, mctl_res_item, i).action;
	mctl_verdict v = (mctl_verdict)top; /* the enums share their order */
	if (v < MCTL_VERDICT_REVIEW && res->nflags)
		v = MCTL_VERDICT_REVIEW;
	char buf[256];
	if (!res->in_jur && top > MCTL_ACTION_NONE) {
		char from[3] = { (char)('A' + f->from_idx / 26), (char)('A' + f->from_idx % 26), 0 };
		snprintf(buf, sizeof buf, "export from %s: an extraterritorial rule of the %s policy reaches these goods (declared components)",
		         from, p->jurisdiction);
		res->note = mctl__arena_strdup(&res->ar, buf);
	} else if (!res->in_jur) {
		v = MCTL_VERDICT_CLEAR;
		char from[3] = { (char)('A' + f->from_idx / 26), (char)('A' + f->from_idx % 26), 0 };
		snprintf(buf, sizeof buf, "export from %s: the %s policy governs exports from %s only; items are listed for information, no action required",
		         from, p->jurisdiction, p->jurisdiction);
		res->note = mctl__arena_strdup(&res->ar, buf);
	} else if (unstated_any && top <= MCTL_ACTION_REVIEW) {
		res->note = mctl__arena_strdup(&res->ar, "a threshold of the item decides, and the text does not state the value: check it");
	} else if (items.len && top == MCTL_ACTION_NONE) {
		snprintf(buf, sizeof buf, "the matching items have no control in force for this movement on %s", res->date);
		res->note = mctl__arena_strdup(&res->ar, buf);
	}
	res->verdict = v;

	res->items = mctl__arena_alloc(&res->ar, (items.len ? items.len : 1) * sizeof *res->items);
	res->ev = mctl__arena_alloc(&res->ar, (ev.len ? ev.len : 1) * sizeof *res->ev);
	if (!res->items || !res->ev)
		goto out;
	if (items.len)
		memcpy(res->items, items.data, items.len * sizeof *res->items);
	res->nitems = items.len;
	if (ev.len)
		memcpy(res->ev, ev.data, ev.len * sizeof *res->ev);
	res->nev = ev.len;
	rc = MCTL_OK;
out:
	mctl__vec_free(&items);
	mctl__vec_free(&ev);
	if (work != f->work)
		mctl__free(&res->al, work);
	return rc;
}

size_t mctl__decide_work_size(const mctl_policy *p)
{
	return p->nitems * (sizeof(item_state) + sizeof(uint32_t)) + 2 * p->nconcepts * sizeof(bool) + 1;
}
