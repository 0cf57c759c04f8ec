/* Result -> JSON (jansson). */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "decide/result.h"
#include "policy/model.h"
#include "text/normalize.h"

/* A JSON string from bytes that may hold invalid UTF-8 (replaced by U+FFFD). */
static json_t *jstr(const char *s, size_t n)
{
	if (!s)
		return json_null();
	if (mctl__utf8_valid(s, n))
		return json_stringn(s, n);
	char *d = malloc(n * 3 + 1);
	if (!d)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		bool ok;
		size_t k = mctl__utf8_decode((const unsigned char *)s + i, n - i, &cp, &ok);
		memcpy(d + o, ok ? s + i : "\xEF\xBF\xBD", ok ? k : 3);
		o += ok ? k : 3;
		i += k;
	}
	json_t *j = json_stringn(d, o);
	free(d);
	return j;
}

static json_t *jcstr(const char *s)
{
	return s ? jstr(s, strlen(s)) : json_null();
}

static int set(json_t *obj, const char *key, json_t *v)
{
	return v ? json_object_set_new(obj, key, v) : -1;
}

static json_t *build(const mctl_result *res)
{
	const mctl_policy *p = res->policy;
	json_t *o = json_object();
	if (!o)
		return NULL;
	int bad = 0;
	bad |= set(o, "id", jcstr(res->id));
	bad |= set(o, "verdict", json_string(mctl_verdict_name(res->verdict)));
	json_t *items = json_array();
	bad |= set(o, "items", items);
	for (size_t i = 0; items && i < res->nitems; i++) {
		const mctl_res_item *ri = &res->items[i];
		const mctl_item *it = &p->items[ri->index];
		json_t *jo = json_object();
		if (!jo || json_array_append_new(items, jo)) {
			bad = 1;
			break;
		}
		bad |= set(jo, "id", jcstr(it->id));
		bad |= set(jo, "title", jcstr(mctl_policy_item_title(p, ri->index, "en")));
		bad |= set(jo, "announcement", jcstr(mctl_policy_item_announcement(p, ri->index)));
		bad |= set(jo, "control_code", jcstr(it->control_code));
		json_t *m = json_array();
		bad |= set(jo, "minerals", m);
		for (size_t k = 0; m && k < it->minerals.n; k++)
			bad |= json_array_append_new(m, jcstr(it->minerals.v[k]));
		bad |= set(jo, "action", json_string(mctl_action_name(ri->action)));
		bad |= set(jo, "match", json_string(mctl_match_name(ri->match)));
		if (!it->confirmed)
			bad |= set(jo, "confirmed", json_false());
	}
	json_t *flags = json_array();
	bad |= set(o, "flags", flags);
	for (size_t i = 0; flags && i < res->nflags; i++)
		bad |= json_array_append_new(flags, json_string(mctl_flag_name(res->flags[i])));
	json_t *ev = json_array();
	bad |= set(o, "evidence", ev);
	for (size_t i = 0; ev && i < res->nev; i++) {
		const mctl_res_ev *e = &res->ev[i];
		json_t *jo = json_object();
		if (!jo || json_array_append_new(ev, jo)) {
			bad = 1;
			break;
		}
		bad |= set(jo, "field", json_string(mctl_field_name(e->field)));
		bad |= set(jo, "start", json_integer((json_int_t)e->start));
		bad |= set(jo, "end", json_integer((json_int_t)e->end));
		bad |= set(jo, "text", jcstr(e->text));
		bad |= set(jo, "concept", jcstr(e->concept));
		if (e->negated)
			bad |= set(jo, "negated", json_true());
		if (e->approximate)
			bad |= set(jo, "approximate", json_true());
	}
	json_t *pol = json_object();
	bad |= set(o, "policy", pol);
	if (pol) {
		bad |= set(pol, "bundle", jcstr(p->bundle));
		bad |= set(pol, "version", jcstr(p->version));
		bad |= set(pol, "digest", jcstr(p->digest));
	}
	bad |= set(o, "date", json_string(res->date));
	bad |= set(o, "in_jurisdiction", json_boolean(res->in_jur));
	if (res->note)
		bad |= set(o, "note", jcstr(res->note));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int mctl_result_to_json(const mctl_result *res, char **out)
{
	if (!res || !out)
		return MCTL_EINVAL;
	*out = NULL;
	json_t *o = build(res);
	if (!o)
		return MCTL_ENOMEM;
	*out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return *out ? MCTL_OK : MCTL_ENOMEM;
}

int mctl_result_write_json(const mctl_result *res, FILE *fp)
{
	if (!res || !fp)
		return MCTL_EINVAL;
	json_t *o = build(res);
	if (!o)
		return MCTL_ENOMEM;
	int r = json_dumpf(o, fp, JSON_COMPACT);
	json_decref(o);
	return r == 0 ? MCTL_OK : MCTL_EIO;
}
