/* Item -> JSON description (mineralctl explain). */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "mineralctl/classify.h"
#include "policy/model.h"

static json_t *jdate(int32_t d)
{
	if (d == MCTL_DAY_MIN || d == MCTL_DAY_MAX)
		return json_null();
	char b[11];
	mctl__date_format(d, b);
	return json_string(b);
}

static json_t *jstrs(const mctl_strs *s)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < s->n; i++)
		json_array_append_new(a, json_string(s->v[i]));
	return a;
}

static json_t *jopt(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jcset(const mctl_cset *c)
{
	json_t *a = json_array();
	for (int i = 0; a && i < 676; i++)
		if (mctl__cset_has(c, i)) {
			char cc[3] = { (char)('A' + i / 26), (char)('A' + i % 26), 0 };
			json_array_append_new(a, json_string(cc));
		}
	return a;
}

static json_t *jconcepts(const mctl_policy *p, const uint32_t *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(p->concepts[v[i]].id));
	return a;
}

size_t mctl_policy_item_find(const mctl_policy *p, const char *id)
{
	for (size_t i = 0; p && id && i < p->nitems; i++)
		if (strcmp(p->items[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

int mctl_policy_item_to_json(const mctl_policy *p, size_t i, char **out)
{
	if (!p || !out || i >= p->nitems)
		return MCTL_EINVAL;
	*out = NULL;
	const mctl_item *it = &p->items[i];
	json_t *o = json_object();
	if (!o)
		return MCTL_ENOMEM;
	json_object_set_new(o, "id", json_string(it->id));
	json_t *t = json_object();
	for (size_t k = 0; t && k < it->ntitles; k++)
		json_object_set_new(t, it->titles[k].lang, json_string(it->titles[k].text));
	json_object_set_new(o, "title", t);
	if (it->ann) {
		json_t *a = json_object();
		json_object_set_new(a, "id", json_string(it->ann->id));
		json_object_set_new(a, "title", jopt(it->ann->title));
		json_object_set_new(a, "issued", jdate(it->ann->issued));
		json_object_set_new(a, "effective", jdate(it->ann->effective));
		json_object_set_new(a, "source", jopt(it->ann->source));
		json_object_set_new(o, "announcement", a);
	}
	json_object_set_new(o, "clause", jopt(it->clause));
	json_object_set_new(o, "control_code", jopt(it->control_code));
	json_object_set_new(o, "minerals", jstrs(&it->minerals));
	json_object_set_new(o, "confirmed", json_boolean(it->confirmed));
	json_object_set_new(o, "note", jopt(it->note));
	json_t *codes = json_array();
	for (size_t k = 0; codes && k < it->ncodes; k++) {
		const mctl_code *c = &it->codes[k];
		json_t *j = json_object();
		json_object_set_new(j, "code", json_string(c->digits));
		json_object_set_new(j, "alias", json_boolean(c->alias));
		json_object_set_new(j, "confirmed", json_boolean(c->confirmed));
		json_object_set_new(j, "from", jdate(c->from));
		json_object_set_new(j, "until", jdate(c->until));
		json_object_set_new(j, "note", jopt(c->note));
		json_array_append_new(codes, j);
	}
	json_object_set_new(o, "codes", codes);
	if (it->when.present) {
		json_t *w = json_object();
		json_object_set_new(w, "all", jconcepts(p, it->when.all, it->when.nall));
		json_object_set_new(w, "any", jconcepts(p, it->when.any, it->when.nany));
		json_object_set_new(w, "none", jconcepts(p, it->when.none, it->when.nnone));
		json_object_set_new(o, "when", w);
	} else {
		json_object_set_new(o, "when", json_null());
	}
	json_t *params = json_array();
	for (size_t k = 0; params && k < it->nparams; k++) {
		const mctl_param *pm = &it->params[k];
		json_t *j = json_object();
		json_object_set_new(j, "name", jopt(pm->name));
		json_object_set_new(j, "op", jopt(pm->op));
		json_object_set_new(j, "value", json_real(pm->value));
		json_object_set_new(j, "unit", jopt(pm->unit));
		json_object_set_new(j, "mineral", jopt(pm->mineral));
		json_object_set_new(j, "confirmed", json_boolean(pm->confirmed));
		json_object_set_new(j, "read_from_text", json_boolean(pm->kind != MCTL_PARAM_OTHER));
		json_array_append_new(params, j);
	}
	json_object_set_new(o, "parameters", params);
	json_t *ctl = json_array();
	static const char *const chans[] = { "customs", "postal", "platform" };
	for (size_t k = 0; ctl && k < it->ncontrols; k++) {
		const mctl_control *c = &it->controls[k];
		json_t *j = json_object();
		json_object_set_new(j, "action", json_string(mctl_action_name(c->action)));
		json_object_set_new(j, "flag", c->flag >= 0 ? json_string(mctl_flag_name((mctl_flag)c->flag)) : json_null());
		json_object_set_new(j, "rule", jopt(c->rule_id));
		json_object_set_new(j, "destinations", c->has_dest ? jcset(&c->dest) : json_null());
		json_object_set_new(j, "route", c->has_route ? jcset(&c->route) : json_null());
		json_t *ch = json_array();
		for (int b = 0; ch && b < 3; b++)
			if (c->channels & (1u << b))
				json_array_append_new(ch, json_string(chans[b]));
		json_object_set_new(j, "channels", c->channels ? ch : (json_decref(ch), json_null()));
		json_object_set_new(j, "end_use", c->end_use.n ? jstrs(&c->end_use) : json_null());
		json_object_set_new(j, "from", jdate(c->active.from));
		json_object_set_new(j, "until", jdate(c->active.until));
		json_t *sus = json_array();
		for (size_t q = 0; sus && q < c->nsusp; q++) {
			json_t *sj = json_object();
			json_object_set_new(sj, "from", jdate(c->susp[q].from));
			json_object_set_new(sj, "until", jdate(c->susp[q].until));
			json_object_set_new(sj, "by", jopt(c->susp[q].by));
			json_object_set_new(sj, "note", jopt(c->susp[q].note));
			json_array_append_new(sus, sj);
		}
		json_object_set_new(j, "suspended", sus);
		json_object_set_new(j, "abroad", json_boolean(c->abroad));
		if (c->has_components) {
			json_t *cj = json_object();
			json_object_set_new(cj, "minerals", jstrs(&c->comp_minerals));
			json_object_set_new(cj, "origin", c->has_comp_origin ? jcset(&c->comp_origin) : json_null());
			json_object_set_new(cj, "min_value_share", c->comp_min_value >= 0 ? json_real(c->comp_min_value) : json_null());
			json_object_set_new(cj, "min_weight_share", c->comp_min_weight >= 0 ? json_real(c->comp_min_weight) : json_null());
			json_object_set_new(j, "components", cj);
		}
		json_object_set_new(j, "note", jopt(c->note));
		json_array_append_new(ctl, j);
	}
	json_object_set_new(o, "controls", ctl);
	*out = json_dumps(o, JSON_INDENT(2));
	json_decref(o);
	return *out ? MCTL_OK : MCTL_ENOMEM;
}
