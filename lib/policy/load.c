/*
 * Policy loading: bundle resolution, YAML trees, validation into the model.
 * Every problem is reported (file:line:col + YAML path); nothing is
 * published unless the whole bundle is clean.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/sha2.h>
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifdef HAVE_GLOB
#include <glob.h>
#endif
#include "mineralctl/classify.h"
#include "policy/model.h"
#include "policy/sign.h"
#include "policy/yaml.h"

#define DEFAULT_MAX_ITEMS 100000
#define DEFAULT_MAX_FILES 1000
#define MAX_PATTERN_BYTES 256
#define MAX_ID_BYTES 128

typedef struct pfile {
	mctl_ynode *root;
	mctl_ysource src;
	const char *real; /* resolved path, to read each file once */
	const char *rel;  /* path relative to the bundle folder */
	char sha256[65];  /* of the bytes read, hex; "" when the file could not be read */
	bool manifest;
} pfile;

typedef struct idx_entry {
	const char *id;
	uint32_t i;
} idx_entry;

typedef struct rule_def {
	const mctl_ynode *node;
	char path[32];
} rule_def;

typedef struct W {
	mctl_policy *p;
	mctl_arena *ar;   /* the policy's */
	mctl_arena tmp;   /* YAML trees */
	mctl_errlist *errs;
	const mctl_load_options *opts;
	char path[512];
	size_t plen;
	bool nomem;
	mctl_vec files;  /* pfile */
	mctl_vec concepts, anns, groups, items; /* model structs */
	idx_entry *cidx, *aidx, *gidx, *iidx;
	size_t ncidx, naidx, ngidx, niidx;
	mctl_vec rules; /* pending rule nodes: {file index, node} */
	const char *dir;              /* the bundle folder */
	const mctl_ynode *digests;    /* the manifest's digests mapping, or NULL */
	size_t alias_budget;          /* from version 2 options */
	size_t max_pattern;
} W;

typedef struct pending_rule {
	const mctl_ynode *node;
	size_t index;
} pending_rule;

/* ---------- diagnostics ---------- */

static void perr(W *w, const mctl_ynode *n, const char *fmt, ...) MCTL_PRINTF(3, 4);
static void perr(W *w, const mctl_ynode *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mctl__errlist_vadd(w->errs, MCTL_EPOLICY, n ? &n->pos : NULL, w->plen ? w->path : NULL, fmt, ap);
	va_end(ap);
}

static size_t path_key(W *w, const char *key)
{
	size_t old = w->plen;
	int n = snprintf(w->path + w->plen, sizeof w->path - w->plen, "%s%s", w->plen ? "." : "", key);
	if (n > 0 && (size_t)n < sizeof w->path - w->plen)
		w->plen += (size_t)n;
	return old;
}

static void path_restore(W *w, size_t old);

/* Reports a problem with the value of map[key], at that value and with its path. */
static void perr_key(W *w, const mctl_ynode *map, const char *key, const char *fmt, ...) MCTL_PRINTF(4, 5);
static void perr_key(W *w, const mctl_ynode *map, const char *key, const char *fmt, ...)
{
	const mctl_ynode *v = mctl__ymap_get(map, key);
	size_t old = path_key(w, key);
	va_list ap;
	va_start(ap, fmt);
	mctl__errlist_vadd(w->errs, MCTL_EPOLICY, v ? &v->pos : &map->pos, w->plen ? w->path : NULL, fmt, ap);
	va_end(ap);
	path_restore(w, old);
}

static size_t path_index(W *w, size_t i)
{
	size_t old = w->plen;
	int n = snprintf(w->path + w->plen, sizeof w->path - w->plen, "[%zu]", i);
	if (n > 0 && (size_t)n < sizeof w->path - w->plen)
		w->plen += (size_t)n;
	return old;
}

static void path_restore(W *w, size_t old)
{
	w->plen = old;
	w->path[old] = '\0';
}

static const char *closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	size_t cap = strlen(word) / 3 + 1;
	if (cap < 2)
		cap = 2;
	for (size_t i = 0; i < n; i++) {
		size_t d = mctl__edit_distance(word, cands[i], cap);
		if (d <= cap && d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}

static const char *closest_id(const char *word, const idx_entry *idx, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	size_t cap = strlen(word) / 3 + 1;
	if (cap < 2)
		cap = 2;
	for (size_t i = 0; i < n; i++) {
		size_t d = mctl__edit_distance(word, idx[i].id, cap);
		if (d <= cap && d < bestd) {
			bestd = d;
			best = idx[i].id;
		}
	}
	return best;
}

static const char *kind_name(const mctl_ynode *n)
{
	if (!n)
		return "nothing";
	switch (n->kind) {
	case MCTL_Y_SCALAR: return "text";
	case MCTL_Y_SEQ: return "a list";
	default: return "a mapping";
	}
}

/* Reports keys of map that are not in known[]. */
static void check_keys(W *w, const mctl_ynode *map, const char *const *known, size_t n)
{
	for (size_t i = 0; i < map->n; i++) {
		const mctl_ynode *k = map->kids[2 * i];
		if (k->kind != MCTL_Y_SCALAR)
			continue;
		bool ok = false;
		for (size_t j = 0; j < n && !ok; j++)
			ok = strcmp(k->str, known[j]) == 0;
		if (ok)
			continue;
		const char *s = closest(k->str, known, n);
		if (s)
			perr(w, k, "unknown key '%s' (did you mean '%s'?)", k->str, s);
		else
			perr(w, k, "unknown key '%s'", k->str);
	}
}
#define CHECK_KEYS(w, map, arr) check_keys(w, map, arr, sizeof arr / sizeof arr[0])

static const mctl_ynode *need_kind(W *w, const mctl_ynode *n, int kind, const char *what)
{
	if (!n)
		return NULL;
	if (n->kind != kind) {
		perr(w, n, "expected %s, found %s", what, kind_name(n));
		return NULL;
	}
	return n;
}

/* Scalar value of map[key]; reports a missing required key at the map. */
static const char *get_str(W *w, const mctl_ynode *map, const char *key, bool required)
{
	const mctl_ynode *v = mctl__ymap_get(map, key);
	if (!v) {
		if (required)
			perr(w, map, "missing required key '%s'", key);
		return NULL;
	}
	size_t old = path_key(w, key);
	const char *s = NULL;
	if (v->kind != MCTL_Y_SCALAR)
		perr(w, v, "expected text, found %s", kind_name(v));
	else if (v->len == 0 || strlen(v->str) != v->len)
		perr(w, v, "'%s' must not be empty or hold NUL bytes", key);
	else
		s = mctl__arena_strdup(w->ar, v->str);
	if (v->kind == MCTL_Y_SCALAR && v->len && !s && strlen(v->str) == v->len)
		w->nomem = true;
	path_restore(w, old);
	return s;
}

static bool valid_id(const char *s, bool lower_only)
{
	size_t n = strlen(s);
	if (n == 0 || n > MAX_ID_BYTES)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		          (!lower_only && ((c >= 'A' && c <= 'Z') || c == '.'));
		if (!ok || (i == 0 && (c == '-' || c == '_' || c == '.')))
			return false;
	}
	return true;
}

static bool valid_lang(const char *s)
{
	/* BCP 47 shape: 2-3 lower-case letters, then -subtags of 1-8 alphanumerics */
	size_t i = 0;
	while (s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return false;
	while (s[i] == '-') {
		size_t j = ++i;
		while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))
			i++;
		if (i == j || i - j > 8)
			return false;
	}
	return s[i] == '\0';
}

static bool get_date_node(W *w, const mctl_ynode *v, int32_t *out)
{
	if (v->kind != MCTL_Y_SCALAR) {
		perr(w, v, "expected a date (YYYY-MM-DD), found %s", kind_name(v));
		return false;
	}
	if (mctl__date_parse(v->str, v->len, out) != 0) {
		perr(w, v, "bad date '%s': expected YYYY-MM-DD, a real calendar day", v->str);
		return false;
	}
	return true;
}

static bool get_date(W *w, const mctl_ynode *map, const char *key, int32_t *out)
{
	const mctl_ynode *v = mctl__ymap_get(map, key);
	if (!v)
		return false;
	size_t old = path_key(w, key);
	bool ok = get_date_node(w, v, out);
	path_restore(w, old);
	return ok;
}

static bool get_bool(W *w, const mctl_ynode *map, const char *key, bool dflt)
{
	const mctl_ynode *v = mctl__ymap_get(map, key);
	if (!v)
		return dflt;
	size_t old = path_key(w, key);
	bool r = dflt;
	if (v->kind == MCTL_Y_SCALAR && v->plain && strcmp(v->str, "true") == 0)
		r = true;
	else if (v->kind == MCTL_Y_SCALAR && v->plain && strcmp(v->str, "false") == 0)
		r = false;
	else
		perr(w, v, "expected true or false, found '%s'", v->kind == MCTL_Y_SCALAR ? v->str : kind_name(v));
	path_restore(w, old);
	return r;
}

/* A list of scalars: returns the list node (checked) or NULL. */
static const mctl_ynode *get_list(W *w, const mctl_ynode *map, const char *key)
{
	const mctl_ynode *v = mctl__ymap_get(map, key);
	if (!v)
		return NULL;
	size_t old = path_key(w, key);
	if (v->kind != MCTL_Y_SEQ) {
		perr(w, v, "expected a list, found %s", kind_name(v));
		v = NULL;
	} else {
		for (size_t i = 0; i < v->n; i++)
			if (v->kids[i]->kind != MCTL_Y_SCALAR) {
				size_t o2 = path_index(w, i);
				perr(w, v->kids[i], "expected text, found %s", kind_name(v->kids[i]));
				path_restore(w, o2);
			}
	}
	path_restore(w, old);
	return v;
}

static void *arena_array(W *w, size_t n, size_t size)
{
	if (n > SIZE_MAX / (size ? size : 1)) {
		w->nomem = true;
		return NULL;
	}
	size_t total = n * size;
	void *p = mctl__arena_alloc(w->ar, total ? total : 1);
	if (!p)
		w->nomem = true;
	return p;
}

/* Copies the scalars of a list into strs (optionally lower-cased). */
static void to_strs(W *w, const mctl_ynode *list, mctl_strs *out, bool lower)
{
	out->n = 0;
	out->v = NULL;
	if (!list)
		return;
	out->v = arena_array(w, list->n, sizeof *out->v);
	if (!out->v)
		return;
	for (size_t i = 0; i < list->n; i++) {
		const mctl_ynode *s = list->kids[i];
		if (s->kind != MCTL_Y_SCALAR)
			continue;
		char *c = mctl__arena_strndup(w->ar, s->str, s->len);
		if (!c) {
			w->nomem = true;
			return;
		}
		if (lower)
			for (char *q = c; *q; q++)
				if (*q >= 'A' && *q <= 'Z')
					*q = (char)(*q - 'A' + 'a');
		out->v[out->n++] = c;
	}
}

/* ---------- indices ---------- */

static int idxcmp(const void *a, const void *b)
{
	return strcmp(((const idx_entry *)a)->id, ((const idx_entry *)b)->id);
}

static idx_entry *build_index(W *w, const char *const *ids, size_t n, const mctl_pos *const *pos,
                              const char *what, size_t *nout)
{
	*nout = 0;
	idx_entry *idx = arena_array(w, n, sizeof *idx);
	if (!idx)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		idx[i].id = ids[i];
		idx[i].i = (uint32_t)i;
	}
	qsort(idx, n, sizeof *idx, idxcmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && strcmp(idx[k - 1].id, idx[i].id) == 0) {
			const mctl_pos *p1 = pos[idx[k - 1].i], *p2 = pos[idx[i].i];
			if (p2->file == p1->file && p2->offset < p1->offset) {
				const mctl_pos *t = p1;
				p1 = p2;
				p2 = t;
			}
			mctl__errlist_add(w->errs, MCTL_EPOLICY, p2, NULL, "duplicate %s id '%s' (first defined at %s:%u:%u)",
			                  what, idx[i].id, p1->file, p1->line, p1->col);
			continue;
		}
		idx[k++] = idx[i];
	}
	*nout = k;
	return idx;
}

static long find_id(const idx_entry *idx, size_t n, const char *id)
{
	idx_entry key = { id, 0 };
	const idx_entry *e = bsearch(&key, idx, n, sizeof *idx, idxcmp);
	return e ? (long)e->i : -1;
}

/* ---------- pass A: announcements, concepts, groups ---------- */

static bool cas_valid(const char *s)
{
	/* NNNNNNN-NN-N with a check digit */
	size_t n = strlen(s);
	if (n < 7 || n > 12 || s[n - 2] != '-')
		return false;
	const char *d1 = strchr(s, '-');
	if (!d1 || d1 - s < 2 || d1 - s > 7 || d1[3] != '-' || d1 + 4 != s + n - 1)
		return false;
	unsigned sum = 0, pos = 1;
	for (long i = (long)n - 3; i >= 0; i--) {
		if (s[i] == '-')
			continue;
		if (s[i] < '0' || s[i] > '9')
			return false;
		sum += (unsigned)(s[i] - '0') * pos++;
	}
	if (s[n - 1] < '0' || s[n - 1] > '9')
		return false;
	return sum % 10 == (unsigned)(s[n - 1] - '0');
}

static bool pattern_ok(W *w, const mctl_ynode *s, const char *what)
{
	if (s->kind != MCTL_Y_SCALAR)
		return false;
	if (s->len == 0 || strlen(s->str) != s->len) {
		perr(w, s, "empty %s", what);
		return false;
	}
	if (s->len > w->max_pattern) {
		mctl__errlist_add(w->errs, MCTL_ELIMIT, &s->pos, w->path, "%s longer than %zu bytes (the pattern limit)",
		                  what, w->max_pattern);
		return false;
	}
	return true;
}

static void load_concept(W *w, const mctl_ynode *key, const mctl_ynode *val)
{
	static const char *const known[] = { "kind", "names", "formulas", "symbols", "cas", "minerals", "note" };
	size_t old = path_key(w, key->str);
	mctl_concept *c = mctl__vec_push(&w->concepts);
	if (!c) {
		w->nomem = true;
		goto out;
	}
	c->pos = key->pos;
	c->id = mctl__arena_strdup(w->ar, key->str);
	if (!c->id)
		w->nomem = true;
	else if (!valid_id(c->id, true))
		perr(w, key, "bad concept id '%s': use lower-case letters, digits, '-' and '_'", key->str);
	if (!need_kind(w, val, MCTL_Y_MAP, "a mapping of concept fields"))
		goto out;
	CHECK_KEYS(w, val, known);
	const char *kind = get_str(w, val, "kind", false);
	if (kind) {
		static const char *const kinds[] = { "material", "form", "vague", "false_friend" };
		if (strcmp(kind, "material") == 0)
			c->kind = MCTL_CONCEPT_MATERIAL;
		else if (strcmp(kind, "form") == 0)
			c->kind = MCTL_CONCEPT_FORM;
		else if (strcmp(kind, "vague") == 0)
			c->kind = MCTL_CONCEPT_VAGUE;
		else if (strcmp(kind, "false_friend") == 0)
			c->kind = MCTL_CONCEPT_FALSE_FRIEND;
		else {
			const char *s = closest(kind, kinds, 4);
			size_t o2 = path_key(w, "kind");
			perr(w, mctl__ymap_get(val, "kind"), "unknown concept kind '%s'%s%s%s", kind,
			     s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
			path_restore(w, o2);
		}
	}
	const mctl_ynode *names = mctl__ymap_get(val, "names");
	size_t total = 0;
	if (names) {
		size_t o2 = path_key(w, "names");
		if (need_kind(w, names, MCTL_Y_MAP, "a mapping of language tag to list of names")) {
			for (size_t i = 0; i < names->n; i++)
				if (names->kids[2 * i + 1]->kind == MCTL_Y_SEQ)
					total += names->kids[2 * i + 1]->n;
			c->names = arena_array(w, total, sizeof *c->names);
			for (size_t i = 0; i < names->n && c->names; i++) {
				const mctl_ynode *lk = names->kids[2 * i], *lv = names->kids[2 * i + 1];
				size_t o3 = path_key(w, lk->str);
				if (!valid_lang(lk->str))
					perr(w, lk, "bad language tag '%s' (expected e.g. en, zh-Hans, ru)", lk->str);
				if (lv->kind != MCTL_Y_SEQ) {
					perr(w, lv, "expected a list of names, found %s", kind_name(lv));
				} else {
					const char *lang = mctl__arena_strdup(w->ar, lk->str);
					for (size_t j = 0; j < lv->n; j++) {
						size_t o4 = path_index(w, j);
						const mctl_ynode *s = lv->kids[j];
						if (s->kind != MCTL_Y_SCALAR)
							perr(w, s, "expected a name, found %s", kind_name(s));
						else if (pattern_ok(w, s, "name")) {
							c->names[c->nnames].lang = lang;
							c->names[c->nnames].text = mctl__arena_strdup(w->ar, s->str);
							c->nnames++;
						}
						path_restore(w, o4);
					}
				}
				path_restore(w, o3);
			}
		}
		path_restore(w, o2);
	}
	const mctl_ynode *l;
	if ((l = get_list(w, val, "formulas"))) {
		size_t o2 = path_key(w, "formulas");
		for (size_t i = 0; i < l->n; i++) {
			size_t o3 = path_index(w, i);
			pattern_ok(w, l->kids[i], "formula");
			path_restore(w, o3);
		}
		path_restore(w, o2);
		to_strs(w, l, &c->formulas, false);
	}
	if ((l = get_list(w, val, "symbols")))
		to_strs(w, l, &c->symbols, false);
	if ((l = get_list(w, val, "cas"))) {
		size_t o2 = path_key(w, "cas");
		for (size_t i = 0; i < l->n; i++) {
			size_t o3 = path_index(w, i);
			if (l->kids[i]->kind == MCTL_Y_SCALAR && !cas_valid(l->kids[i]->str))
				perr(w, l->kids[i], "bad CAS number '%s' (format NNNNNNN-NN-N with a valid check digit)", l->kids[i]->str);
			path_restore(w, o3);
		}
		path_restore(w, o2);
		to_strs(w, l, &c->cas, false);
	}
	if ((l = get_list(w, val, "minerals"))) {
		size_t o2 = path_key(w, "minerals");
		for (size_t i = 0; i < l->n; i++)
			if (l->kids[i]->kind == MCTL_Y_SCALAR && !valid_id(l->kids[i]->str, true)) {
				size_t o3 = path_index(w, i);
				perr(w, l->kids[i], "bad mineral name '%s': lower-case letters, digits, '-' and '_'", l->kids[i]->str);
				path_restore(w, o3);
			}
		path_restore(w, o2);
		to_strs(w, l, &c->minerals, false);
	}
	if (c->nnames == 0 && c->formulas.n == 0 && c->cas.n == 0 && c->symbols.n == 0)
		perr(w, val, "concept '%s' has no names, formulas, symbols or CAS numbers", key->str);
out:
	path_restore(w, old);
}

static void load_announcement(W *w, const mctl_ynode *key, const mctl_ynode *val)
{
	static const char *const known[] = { "title", "issued", "effective", "source", "note" };
	size_t old = path_key(w, key->str);
	mctl_announcement *a = mctl__vec_push(&w->anns);
	if (!a) {
		w->nomem = true;
		goto out;
	}
	a->pos = key->pos;
	a->issued = a->effective = MCTL_DAY_MIN;
	a->id = mctl__arena_strdup(w->ar, key->str);
	if (!a->id)
		w->nomem = true;
	else if (!valid_id(a->id, false))
		perr(w, key, "bad announcement id '%s': use letters, digits, '.', '-' and '_'", key->str);
	if (!need_kind(w, val, MCTL_Y_MAP, "a mapping of announcement fields"))
		goto out;
	CHECK_KEYS(w, val, known);
	a->title = get_str(w, val, "title", true);
	a->source = get_str(w, val, "source", false);
	a->note = get_str(w, val, "note", false);
	get_date(w, val, "issued", &a->issued);
	get_date(w, val, "effective", &a->effective);
	if (a->issued != MCTL_DAY_MIN && a->effective != MCTL_DAY_MIN && a->effective < a->issued)
		perr_key(w, val, "effective", "effective date is before the issue date");
out:
	path_restore(w, old);
}

/* Parses a country code or group reference into set. Returns false on error. */
static bool add_country_or_group(W *w, const mctl_ynode *s, mctl_cset *set, bool groups_ok)
{
	const char *v = s->str;
	size_t n = s->len;
	if (n == 2 && v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z') {
		if (!mctl__country_valid(v, 2)) {
			if (strcmp(v, "UK") == 0)
				perr(w, s, "unknown country code 'UK' (did you mean 'GB'?)");
			else
				perr(w, s, "unknown ISO 3166-1 alpha-2 country code '%s'", v);
			return false;
		}
		mctl__cset_add(set, mctl__country_index(v, 2));
		return true;
	}
	if (n == 2) {
		char up[3];
		if (mctl__country_canon(v, 2, up) == 0)
			perr(w, s, "country codes are upper case: did you mean '%s'?", up);
		else
			perr(w, s, "unknown ISO 3166-1 alpha-2 country code '%s'", v);
		return false;
	}
	if (!groups_ok) {
		perr(w, s, "expected an ISO 3166-1 alpha-2 country code, found '%s'", v);
		return false;
	}
	long g = find_id(w->gidx, w->ngidx, v);
	if (g < 0) {
		const char *sug = closest_id(v, w->gidx, w->ngidx);
		if (sug)
			perr(w, s, "unknown country code or group '%s' (did you mean '%s'?)", v, sug);
		else
			perr(w, s, "unknown country code or group '%s'", v);
		return false;
	}
	mctl__cset_union(set, &MCTL_VEC_AT(&w->groups, mctl_group, g).set);
	return true;
}

static void load_group(W *w, const mctl_ynode *key, const mctl_ynode *val)
{
	size_t old = path_key(w, key->str);
	mctl_group *g = mctl__vec_push(&w->groups);
	if (!g) {
		w->nomem = true;
		goto out;
	}
	g->pos = key->pos;
	g->name = mctl__arena_strdup(w->ar, key->str);
	if (!g->name)
		w->nomem = true;
	else if (!valid_id(g->name, true) || strlen(g->name) < 3 || g->name[0] < 'a' || g->name[0] > 'z')
		perr(w, key, "bad group name '%s': lower-case letters, digits, '-' and '_', at least 3 characters", key->str);
	if (!need_kind(w, val, MCTL_Y_SEQ, "a list of country codes"))
		goto out;
	if (val->n == 0)
		perr(w, val, "group '%s' is empty", key->str);
	for (size_t i = 0; i < val->n; i++) {
		size_t o2 = path_index(w, i);
		const mctl_ynode *s = val->kids[i];
		if (s->kind != MCTL_Y_SCALAR)
			perr(w, s, "expected a country code, found %s", kind_name(s));
		else
			add_country_or_group(w, s, &g->set, false);
		path_restore(w, o2);
	}
out:
	path_restore(w, old);
}

typedef void (*entry_fn)(W *w, const mctl_ynode *key, const mctl_ynode *val);

static void load_section_map(W *w, const mctl_ynode *root, const char *section, entry_fn fn)
{
	const mctl_ynode *m = mctl__ymap_get(root, section);
	if (!m)
		return;
	size_t old = path_key(w, section);
	if (m->kind == MCTL_Y_SCALAR && m->len == 0 && m->plain) {
		/* "section:" with nothing: fine, empty */
	} else if (need_kind(w, m, MCTL_Y_MAP, "a mapping")) {
		for (size_t i = 0; i < m->n; i++)
			if (m->kids[2 * i]->kind == MCTL_Y_SCALAR)
				fn(w, m->kids[2 * i], m->kids[2 * i + 1]);
	}
	path_restore(w, old);
}

/* ---------- pass B: items and rules ---------- */

static void load_code(W *w, const mctl_ynode *n, mctl_code *c)
{
	static const char *const known[] = { "code", "alias", "confirmed", "from", "until", "note" };
	const mctl_ynode *s = n;
	c->confirmed = true;
	c->from = MCTL_DAY_MIN;
	c->until = MCTL_DAY_MAX;
	if (n->kind == MCTL_Y_MAP) {
		CHECK_KEYS(w, n, known);
		s = mctl__ymap_get(n, "code");
		if (!s) {
			perr(w, n, "missing required key 'code'");
			return;
		}
		c->alias = get_bool(w, n, "alias", false);
		c->confirmed = get_bool(w, n, "confirmed", true);
		c->note = get_str(w, n, "note", false);
		get_date(w, n, "from", &c->from);
		get_date(w, n, "until", &c->until);
		if (c->from != MCTL_DAY_MIN && c->until != MCTL_DAY_MAX && c->from > c->until)
			perr_key(w, n, "until", "period is inverted: 'from' is after 'until'");
	}
	if (s->kind != MCTL_Y_SCALAR) {
		perr(w, s, "expected a commodity code, found %s", kind_name(s));
		return;
	}
	bool digits = s->len > 0;
	for (size_t i = 0; i < s->len; i++)
		digits = digits && s->str[i] >= '0' && s->str[i] <= '9';
	if (!digits || (s->len != 6 && s->len != 8 && s->len != 10)) {
		perr(w, s, "malformed commodity code '%s': expected 6, 8 or 10 digits", s->str);
		return;
	}
	memcpy(c->digits, s->str, s->len);
	c->len = (uint8_t)s->len;
}

static void load_concept_refs(W *w, const mctl_ynode *map, const char *key, uint32_t **out, size_t *nout)
{
	const mctl_ynode *l = get_list(w, map, key);
	*nout = 0;
	if (!l)
		return;
	size_t old = path_key(w, key);
	*out = arena_array(w, l->n, sizeof **out);
	for (size_t i = 0; i < l->n && *out; i++) {
		const mctl_ynode *s = l->kids[i];
		if (s->kind != MCTL_Y_SCALAR)
			continue;
		long ci = find_id(w->cidx, w->ncidx, s->str);
		if (ci < 0) {
			size_t o2 = path_index(w, i);
			const char *sug = closest_id(s->str, w->cidx, w->ncidx);
			if (sug)
				perr(w, s, "unknown concept '%s' (did you mean '%s'?)", s->str, sug);
			else
				perr(w, s, "unknown concept '%s'", s->str);
			path_restore(w, o2);
			continue;
		}
		(*out)[(*nout)++] = (uint32_t)ci;
	}
	path_restore(w, old);
}

static void load_when(W *w, const mctl_ynode *n, mctl_cond *c)
{
	static const char *const known[] = { "all", "any", "none" };
	if (!need_kind(w, n, MCTL_Y_MAP, "a mapping with all / any / none"))
		return;
	CHECK_KEYS(w, n, known);
	c->present = true;
	load_concept_refs(w, n, "all", &c->all, &c->nall);
	load_concept_refs(w, n, "any", &c->any, &c->nany);
	load_concept_refs(w, n, "none", &c->none, &c->nnone);
	const mctl_ynode *all = mctl__ymap_get(n, "all"), *any = mctl__ymap_get(n, "any");
	if (c->nall == 0 && c->nany == 0 && !all && !any)
		perr(w, n, "a condition needs 'all' or 'any': 'none' alone would match every description");
	else if ((!all || (all->kind == MCTL_Y_SEQ && all->n == 0)) &&
	         (!any || (any->kind == MCTL_Y_SEQ && any->n == 0)))
		perr(w, n, "'all' and 'any' are empty: this condition would match every description");
}

static void load_param(W *w, const mctl_ynode *n, mctl_param *pm)
{
	static const char *const known[] = { "name", "op", "value", "unit", "mineral", "confirmed", "note" };
	static const char *const ops[] = { ">=", ">", "<=", "<", "=" };
	/* parameters read from text, with the units their values are given in */
	static const struct { const char *name; int kind; const char *units[3]; } kinds[] = {
		{ "purity", MCTL_PARAM_PURITY, { "%", NULL, NULL } },
		{ "content", MCTL_PARAM_CONTENT, { "%", NULL, NULL } },
		{ "particle_size", MCTL_PARAM_PARTICLE_SIZE, { "µm", "um", "μm" } },
		{ "energy_density", MCTL_PARAM_ENERGY_DENSITY, { "Wh/kg", NULL, NULL } },
	};
	if (!need_kind(w, n, MCTL_Y_MAP, "a mapping {name, op, value, unit}"))
		return;
	CHECK_KEYS(w, n, known);
	pm->name = get_str(w, n, "name", true);
	if (pm->name && !valid_id(pm->name, true))
		perr_key(w, n, "name", "bad parameter name '%s' (lower-case id, e.g. purity)", pm->name);
	pm->op = get_str(w, n, "op", true);
	if (pm->op) {
		pm->opk = -1;
		for (int i = 0; i < 5; i++)
			if (strcmp(pm->op, ops[i]) == 0)
				pm->opk = i;
		if (pm->opk < 0)
			perr_key(w, n, "op", "bad operator '%s' (use >=, >, <=, < or =)", pm->op);
	}
	const mctl_ynode *v = mctl__ymap_get(n, "value");
	if (!v) {
		perr(w, n, "missing required key 'value'");
	} else {
		size_t old = path_key(w, "value");
		char *end = NULL;
		errno = 0;
		double d = v->kind == MCTL_Y_SCALAR ? strtod(v->str, &end) : 0;
		if (v->kind != MCTL_Y_SCALAR || end == v->str || *end || errno || !isfinite(d))
			perr(w, v, "expected a number, found '%s'", v->kind == MCTL_Y_SCALAR ? v->str : kind_name(v));
		pm->value = d;
		path_restore(w, old);
	}
	pm->unit = get_str(w, n, "unit", false);
	pm->confirmed = get_bool(w, n, "confirmed", true);
	pm->mineral = get_str(w, n, "mineral", false);
	if (pm->mineral && find_id(w->cidx, w->ncidx, pm->mineral) < 0) {
		const char *sug = closest_id(pm->mineral, w->cidx, w->ncidx);
		perr_key(w, n, "mineral", "unknown mineral '%s': minerals are concept ids%s%s%s", pm->mineral,
		         sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
	}
	for (size_t k = 0; pm->name && k < sizeof kinds / sizeof kinds[0]; k++) {
		if (strcmp(pm->name, kinds[k].name) != 0)
			continue;
		pm->kind = kinds[k].kind;
		bool ok = !pm->unit;
		for (int u = 0; u < 3 && kinds[k].units[u] && !ok; u++)
			ok = strcmp(pm->unit, kinds[k].units[u]) == 0;
		if (!ok)
			perr_key(w, n, "unit", "%s is given in %s, not '%s'", pm->name, kinds[k].units[0], pm->unit);
	}
}

static int percmp(const void *a, const void *b)
{
	const mctl_period *x = a, *y = b;
	return x->from < y->from ? -1 : x->from > y->from;
}

/* A suspension period and its index in the 'suspended' list. */
typedef struct susp_ref {
	int32_t from, until;
	size_t index;
} susp_ref;

static int suspcmp(const void *a, const void *b)
{
	const susp_ref *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void load_minerals(W *w, const mctl_ynode *map, const char *key, mctl_strs *out);

static void load_control(W *w, const mctl_ynode *n, mctl_control *c, const mctl_announcement *ann)
{
	static const char *const known[] = { "action", "flag", "destinations", "route", "channels", "end_use",
	                                     "from", "until", "suspended", "abroad", "components", "note" };
	static const char *const actions[] = { "prohibited", "license_required", "review" };
	static const char *const flags[] = { "transshipment_risk" };
	static const char *const chans[] = { "customs", "postal", "platform" };
	c->active.from = ann && ann->effective != MCTL_DAY_MIN ? ann->effective : MCTL_DAY_MIN;
	c->active.until = MCTL_DAY_MAX;
	if (!need_kind(w, n, MCTL_Y_MAP, "a mapping of control fields"))
		return;
	CHECK_KEYS(w, n, known);
	/* a control either requires an action, or raises a red flag when it applies (or both) */
	c->flag = -1;
	const char *flag = get_str(w, n, "flag", false);
	if (flag) {
		if (strcmp(flag, flags[0]) == 0)
			c->flag = MCTL_FLAG_TRANSSHIPMENT_RISK;
		else
			perr_key(w, n, "flag", "unknown flag '%s' (a control can raise: transshipment_risk)", flag);
	}
	const char *act = get_str(w, n, "action", !flag && !mctl__ymap_get(n, "flag"));
	if (act) {
		if (strcmp(act, "prohibited") == 0)
			c->action = MCTL_ACTION_PROHIBITED;
		else if (strcmp(act, "license_required") == 0)
			c->action = MCTL_ACTION_LICENSE;
		else if (strcmp(act, "review") == 0)
			c->action = MCTL_ACTION_REVIEW;
		else {
			const char *s = closest(act, actions, 3);
			size_t old = path_key(w, "action");
			perr(w, mctl__ymap_get(n, "action"), "unknown action '%s' (%s%s%s)", act,
			     s ? "did you mean '" : "use prohibited, license_required or review", s ? s : "", s ? "'?" : "");
			path_restore(w, old);
		}
	}
	const mctl_ynode *l;
	if ((l = get_list(w, n, "destinations"))) {
		size_t old = path_key(w, "destinations");
		c->has_dest = true;
		if (l->n == 0)
			perr(w, l, "empty destination list: leave the key out to mean every destination");
		for (size_t i = 0; i < l->n; i++) {
			size_t o2 = path_index(w, i);
			if (l->kids[i]->kind == MCTL_Y_SCALAR)
				add_country_or_group(w, l->kids[i], &c->dest, true);
			path_restore(w, o2);
		}
		path_restore(w, old);
	}
	if ((l = get_list(w, n, "route"))) {
		size_t old = path_key(w, "route");
		c->has_route = true;
		if (l->n == 0)
			perr(w, l, "empty route list: leave the key out when the route does not matter");
		for (size_t i = 0; i < l->n; i++) {
			size_t o2 = path_index(w, i);
			if (l->kids[i]->kind == MCTL_Y_SCALAR)
				add_country_or_group(w, l->kids[i], &c->route, true);
			path_restore(w, o2);
		}
		path_restore(w, old);
	}
	if ((l = get_list(w, n, "channels"))) {
		size_t old = path_key(w, "channels");
		if (l->n == 0)
			perr(w, l, "empty channel list: leave the key out to mean every channel");
		for (size_t i = 0; i < l->n; i++) {
			const mctl_ynode *s = l->kids[i];
			if (s->kind != MCTL_Y_SCALAR)
				continue;
			size_t j;
			for (j = 0; j < 3; j++)
				if (strcmp(s->str, chans[j]) == 0)
					break;
			if (j < 3) {
				c->channels |= 1u << j;
			} else {
				size_t o2 = path_index(w, i);
				const char *sug = closest(s->str, chans, 3);
				perr(w, s, "unknown channel '%s' (%s%s%s)", s->str, sug ? "did you mean '" : "use customs, postal or platform",
				     sug ? sug : "", sug ? "'?" : "");
				path_restore(w, o2);
			}
		}
		path_restore(w, old);
	}
	c->abroad = get_bool(w, n, "abroad", false);
	const mctl_ynode *comp = mctl__ymap_get(n, "components");
	c->comp_min_value = c->comp_min_weight = -1;
	if (comp) {
		static const char *const ck[] = { "minerals", "origin", "min_value_share", "min_weight_share" };
		size_t old = path_key(w, "components");
		if (need_kind(w, comp, MCTL_Y_MAP, "a mapping {minerals, origin, min_value_share, min_weight_share}")) {
			CHECK_KEYS(w, comp, ck);
			c->has_components = true;
			load_minerals(w, comp, "minerals", &c->comp_minerals);
			if (!c->comp_minerals.n)
				perr(w, comp, "components need 'minerals': the materials a component must be");
			const mctl_ynode *ol = get_list(w, comp, "origin");
			if (ol) {
				size_t o2 = path_key(w, "origin");
				c->has_comp_origin = true;
				for (size_t i = 0; i < ol->n; i++) {
					size_t o3 = path_index(w, i);
					if (ol->kids[i]->kind == MCTL_Y_SCALAR)
						add_country_or_group(w, ol->kids[i], &c->comp_origin, true);
					path_restore(w, o3);
				}
				path_restore(w, o2);
			}
			static const char *const shares[] = { "min_value_share", "min_weight_share" };
			for (int k = 0; k < 2; k++) {
				const mctl_ynode *v = mctl__ymap_get(comp, shares[k]);
				if (!v)
					continue;
				size_t o2 = path_key(w, shares[k]);
				char *end = NULL;
				double d = v->kind == MCTL_Y_SCALAR ? strtod(v->str, &end) : -1;
				if (v->kind != MCTL_Y_SCALAR || end == v->str || *end || !isfinite(d) || d < 0 || d > 100)
					perr(w, v, "expected a percentage between 0 and 100");
				else if (k == 0)
					c->comp_min_value = d;
				else
					c->comp_min_weight = d;
				path_restore(w, o2);
			}
		}
		path_restore(w, old);
	}
	if ((l = get_list(w, n, "end_use"))) {
		if (l->n == 0) {
			size_t old = path_key(w, "end_use");
			perr(w, l, "empty end-use list: leave the key out to mean any end use");
			path_restore(w, old);
		}
		to_strs(w, l, &c->end_use, true);
	}
	c->note = get_str(w, n, "note", false);
	get_date(w, n, "from", &c->active.from);
	get_date(w, n, "until", &c->active.until);
	if (c->active.from != MCTL_DAY_MIN && c->active.until != MCTL_DAY_MAX && c->active.from > c->active.until) {
		char a[11], b[11];
		mctl__date_format(c->active.from, a);
		mctl__date_format(c->active.until, b);
		size_t old = path_key(w, "until");
		perr(w, mctl__ymap_get(n, "until"), "period is inverted: from %s is after until %s", a, b);
		path_restore(w, old);
	}
	const mctl_ynode *sus = mctl__ymap_get(n, "suspended");
	if (sus) {
		size_t old = path_key(w, "suspended");
		if (need_kind(w, sus, MCTL_Y_SEQ, "a list of periods {from, until, by}")) {
			c->susp = arena_array(w, sus->n, sizeof *c->susp);
			susp_ref *refs = mctl__calloc(w->ar->al, sus->n ? sus->n : 1, sizeof *refs);
			if (!refs)
				w->nomem = true;
			for (size_t i = 0; i < sus->n && c->susp && refs; i++) {
				static const char *const pk[] = { "from", "until", "by", "note" };
				const mctl_ynode *pn = sus->kids[i];
				size_t o2 = path_index(w, i);
				if (need_kind(w, pn, MCTL_Y_MAP, "a period {from, until, by}")) {
					CHECK_KEYS(w, pn, pk);
					mctl_period pr = { MCTL_DAY_MIN, MCTL_DAY_MAX, NULL, NULL };
					bool okf = get_date(w, pn, "from", &pr.from);
					bool oku = get_date(w, pn, "until", &pr.until);
					if (!mctl__ymap_get(pn, "from"))
						perr(w, pn, "missing required key 'from'");
					if (!mctl__ymap_get(pn, "until"))
						perr(w, pn, "missing required key 'until'");
					pr.by = get_str(w, pn, "by", false);
					pr.note = get_str(w, pn, "note", false);
					if (pr.by && find_id(w->aidx, w->naidx, pr.by) < 0) {
						size_t o3 = path_key(w, "by");
						const char *sug = closest_id(pr.by, w->aidx, w->naidx);
						perr(w, mctl__ymap_get(pn, "by"), "unknown announcement '%s'%s%s%s", pr.by,
						     sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
						path_restore(w, o3);
					}
					if (okf && oku) {
						if (pr.from > pr.until) {
							perr(w, pn, "suspension period is inverted: 'from' is after 'until'");
						} else if (pr.from < c->active.from || pr.until > c->active.until) {
							perr(w, pn, "suspension lies outside the control's own period");
						} else {
							refs[c->nsusp].from = pr.from;
							refs[c->nsusp].until = pr.until;
							refs[c->nsusp].index = i;
							c->susp[c->nsusp++] = pr;
						}
					}
				}
				path_restore(w, o2);
			}
			if (c->nsusp > 1 && refs) {
				/* In date order, a period overlaps when it starts before every earlier one has
				 * ended (not only the one just before it): report it at its own entry. */
				qsort(refs, c->nsusp, sizeof *refs, suspcmp);
				int32_t reach = refs[0].until;
				for (size_t i = 1; i < c->nsusp; i++) {
					if (refs[i].from <= reach) {
						char a[11];
						mctl__date_format(refs[i].from, a);
						size_t o2 = path_index(w, refs[i].index);
						perr(w, sus->kids[refs[i].index], "suspension periods overlap (one starts %s, inside another)", a);
						path_restore(w, o2);
					}
					if (refs[i].until > reach)
						reach = refs[i].until;
				}
				qsort(c->susp, c->nsusp, sizeof *c->susp, percmp);
			}
			mctl__free(w->ar->al, refs);
		}
		path_restore(w, old);
	}
}

static void load_controls(W *w, const mctl_ynode *map, mctl_control **out, size_t *nout,
                          const mctl_announcement *ann, bool required)
{
	const mctl_ynode *cl = mctl__ymap_get(map, "controls");
	*nout = 0;
	if (!cl) {
		if (required)
			perr(w, map, "missing required key 'controls'");
		return;
	}
	size_t old = path_key(w, "controls");
	if (need_kind(w, cl, MCTL_Y_SEQ, "a list of controls")) {
		if (cl->n == 0)
			perr(w, cl, "'controls' is empty: say what this item requires");
		*out = arena_array(w, cl->n, sizeof **out);
		for (size_t i = 0; i < cl->n && *out; i++) {
			size_t o2 = path_index(w, i);
			load_control(w, cl->kids[i], &(*out)[(*nout)++], ann);
			path_restore(w, o2);
		}
	}
	path_restore(w, old);
}

static void load_titles(W *w, const mctl_ynode *map, mctl_text **out, size_t *nout)
{
	const mctl_ynode *t = mctl__ymap_get(map, "title");
	*nout = 0;
	if (!t) {
		perr(w, map, "missing required key 'title'");
		return;
	}
	size_t old = path_key(w, "title");
	if (t->kind == MCTL_Y_SCALAR) {
		*out = arena_array(w, 1, sizeof **out);
		if (*out) {
			(*out)[0].lang = "en";
			(*out)[0].text = mctl__arena_strdup(w->ar, t->str);
			*nout = 1;
		}
	} else if (need_kind(w, t, MCTL_Y_MAP, "a title or a mapping of language tag to title")) {
		*out = arena_array(w, t->n, sizeof **out);
		for (size_t i = 0; i < t->n && *out; i++) {
			const mctl_ynode *k = t->kids[2 * i], *v = t->kids[2 * i + 1];
			if (!valid_lang(k->str))
				perr(w, k, "bad language tag '%s' (expected e.g. en, zh-Hans, ru)", k->str);
			if (v->kind != MCTL_Y_SCALAR) {
				size_t o2 = path_key(w, k->str);
				perr(w, v, "expected a title, found %s", kind_name(v));
				path_restore(w, o2);
				continue;
			}
			(*out)[*nout].lang = mctl__arena_strdup(w->ar, k->str);
			(*out)[*nout].text = mctl__arena_strdup(w->ar, v->str);
			(*nout)++;
		}
		if (t->n == 0)
			perr(w, t, "empty title");
	}
	path_restore(w, old);
}

static const mctl_announcement *get_ann(W *w, const mctl_ynode *map)
{
	const char *a = get_str(w, map, "announcement", true);
	if (!a)
		return NULL;
	long i = find_id(w->aidx, w->naidx, a);
	if (i < 0) {
		size_t old = path_key(w, "announcement");
		const char *sug = closest_id(a, w->aidx, w->naidx);
		perr(w, mctl__ymap_get(map, "announcement"), "unknown announcement '%s'%s%s%s", a,
		     sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
		path_restore(w, old);
		return NULL;
	}
	return &MCTL_VEC_AT(&w->anns, mctl_announcement, i);
}

static void load_minerals(W *w, const mctl_ynode *map, const char *key, mctl_strs *out)
{
	const mctl_ynode *l = get_list(w, map, key);
	if (!l)
		return;
	size_t old = path_key(w, key);
	for (size_t i = 0; i < l->n; i++) {
		const mctl_ynode *s = l->kids[i];
		if (s->kind == MCTL_Y_SCALAR && find_id(w->cidx, w->ncidx, s->str) < 0) {
			size_t o2 = path_index(w, i);
			const char *sug = closest_id(s->str, w->cidx, w->ncidx);
			perr(w, s, "unknown mineral '%s': minerals are concept ids%s%s%s", s->str,
			     sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
			path_restore(w, o2);
		}
	}
	path_restore(w, old);
	to_strs(w, l, out, false);
}

static void load_item(W *w, const mctl_ynode *n)
{
	static const char *const known[] = { "id", "title", "announcement", "clause", "control_code",
	                                     "minerals", "confirmed", "note", "codes", "when",
	                                     "parameters", "controls" };
	if (!need_kind(w, n, MCTL_Y_MAP, "an item (a mapping)"))
		return;
	size_t max = w->opts->max_items ? w->opts->max_items : DEFAULT_MAX_ITEMS;
	if (w->items.len >= max) {
		if (w->items.len == max)
			mctl__errlist_add(w->errs, MCTL_ELIMIT, &n->pos, w->path, "more than %zu items", max);
		w->items.len++; /* count, but do not store */
		return;
	}
	mctl_item *it = mctl__vec_push(&w->items);
	if (!it) {
		w->nomem = true;
		return;
	}
	it->pos = n->pos;
	CHECK_KEYS(w, n, known);
	it->id = get_str(w, n, "id", true);
	const mctl_ynode *idn = mctl__ymap_get(n, "id");
	if (idn && idn->kind == MCTL_Y_SCALAR)
		it->pos = idn->pos; /* a duplicate id is reported at the id itself */
	if (it->id && !valid_id(it->id, false))
		perr_key(w, n, "id", "bad item id '%s': use letters, digits, '.', '-' and '_'", it->id);
	if (!it->id)
		it->id = "";
	load_titles(w, n, &it->titles, &it->ntitles);
	it->ann = get_ann(w, n);
	it->clause = get_str(w, n, "clause", false);
	it->control_code = get_str(w, n, "control_code", false);
	it->note = get_str(w, n, "note", false);
	it->confirmed = get_bool(w, n, "confirmed", true);
	load_minerals(w, n, "minerals", &it->minerals);

	const mctl_ynode *codes = mctl__ymap_get(n, "codes");
	if (codes) {
		size_t old = path_key(w, "codes");
		if (need_kind(w, codes, MCTL_Y_SEQ, "a list of commodity codes")) {
			it->codes = arena_array(w, codes->n, sizeof *it->codes);
			for (size_t i = 0; i < codes->n && it->codes; i++) {
				size_t o2 = path_index(w, i);
				mctl_code *c = &it->codes[it->ncodes];
				load_code(w, codes->kids[i], c);
				if (c->len)
					it->ncodes++;
				path_restore(w, o2);
			}
		}
		path_restore(w, old);
	}
	const mctl_ynode *when = mctl__ymap_get(n, "when");
	if (when) {
		size_t old = path_key(w, "when");
		load_when(w, when, &it->when);
		path_restore(w, old);
	}
	if (!codes && !when)
		perr(w, n, "item '%s' has neither 'codes' nor 'when': nothing could ever match it", it->id);
	const mctl_ynode *params = mctl__ymap_get(n, "parameters");
	if (params) {
		size_t old = path_key(w, "parameters");
		if (need_kind(w, params, MCTL_Y_SEQ, "a list of parameters")) {
			it->params = arena_array(w, params->n, sizeof *it->params);
			for (size_t i = 0; i < params->n && it->params; i++) {
				size_t o2 = path_index(w, i);
				load_param(w, params->kids[i], &it->params[it->nparams++]);
				path_restore(w, o2);
			}
		}
		path_restore(w, old);
	}
	load_controls(w, n, &it->controls, &it->ncontrols, it->ann, true);
}

/* Applies a rule's controls to the items it covers. */
static void load_rule(W *w, const mctl_ynode *n)
{
	static const char *const known[] = { "id", "title", "announcement", "clause", "applies_to",
	                                     "controls", "note" };
	static const char *const ak[] = { "all", "minerals", "items" };
	if (!need_kind(w, n, MCTL_Y_MAP, "a rule (a mapping)"))
		return;
	CHECK_KEYS(w, n, known);
	const char *id = get_str(w, n, "id", true);
	if (id && !valid_id(id, false))
		perr_key(w, n, "id", "bad rule id '%s'", id);
	mctl_text *titles = NULL;
	size_t ntitles = 0;
	load_titles(w, n, &titles, &ntitles);
	const mctl_announcement *ann = get_ann(w, n);
	get_str(w, n, "clause", false);
	get_str(w, n, "note", false);
	mctl_control *ctl = NULL;
	size_t nctl = 0;
	load_controls(w, n, &ctl, &nctl, ann, true);
	for (size_t i = 0; i < nctl; i++)
		ctl[i].rule_id = id;

	const mctl_ynode *ap = mctl__ymap_get(n, "applies_to");
	if (!ap) {
		perr(w, n, "missing required key 'applies_to'");
		return;
	}
	size_t old = path_key(w, "applies_to");
	bool all = false;
	mctl_strs minerals = { 0 }, items = { 0 };
	if (need_kind(w, ap, MCTL_Y_MAP, "{all: true}, {minerals: [...]} or {items: [...]}")) {
		CHECK_KEYS(w, ap, ak);
		if (ap->n != 1)
			perr(w, ap, "applies_to takes exactly one of all, minerals or items");
		all = get_bool(w, ap, "all", false);
		if (mctl__ymap_get(ap, "all") && !all)
			perr_key(w, ap, "all", "'all: false' selects nothing");
		load_minerals(w, ap, "minerals", &minerals);
		const mctl_ynode *il = get_list(w, ap, "items");
		if (il) {
			size_t o2 = path_key(w, "items");
			for (size_t i = 0; i < il->n; i++)
				if (il->kids[i]->kind == MCTL_Y_SCALAR && find_id(w->iidx, w->niidx, il->kids[i]->str) < 0) {
					size_t o3 = path_index(w, i);
					const char *sug = closest_id(il->kids[i]->str, w->iidx, w->niidx);
					perr(w, il->kids[i], "unknown item '%s'%s%s%s", il->kids[i]->str,
					     sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
					path_restore(w, o3);
				}
			path_restore(w, o2);
			to_strs(w, il, &items, false);
		}
	}
	path_restore(w, old);
	if (!nctl || w->nomem)
		return;

	mctl_item *its = w->items.data;
	for (size_t k = 0; k < w->items.len && k < (w->opts->max_items ? w->opts->max_items : DEFAULT_MAX_ITEMS); k++) {
		mctl_item *it = &its[k];
		bool hit = all;
		for (size_t i = 0; i < items.n && !hit; i++)
			hit = strcmp(items.v[i], it->id) == 0;
		for (size_t i = 0; i < minerals.n && !hit; i++)
			for (size_t j = 0; j < it->minerals.n && !hit; j++)
				hit = strcmp(minerals.v[i], it->minerals.v[j]) == 0;
		if (!hit)
			continue;
		mctl_control *nc = arena_array(w, it->ncontrols + nctl, sizeof *nc);
		if (!nc)
			return;
		if (it->ncontrols)
			memcpy(nc, it->controls, it->ncontrols * sizeof *nc);
		memcpy(nc + it->ncontrols, ctl, nctl * sizeof *nc);
		it->controls = nc;
		it->ncontrols += nctl;
	}
}

/* ---------- bundle files ---------- */

static const char *const section_keys[] = { "announcements", "concepts", "groups", "items", "rules" };
static const char *const manifest_keys[] = { "bundle", "version", "jurisdiction", "title", "files", "digests",
                                             "announcements", "concepts", "groups", "items", "rules" };

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static void sha256_hex(const char *data, size_t len, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)data);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* The path of a bundle file relative to the bundle folder. */
static const char *relative(W *w, const char *path)
{
	size_t n = w->dir ? strlen(w->dir) : 0;
	if (n && strncmp(path, w->dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static bool add_file(W *w, const char *path, const mctl_ynode *at)
{
	size_t maxf = w->opts->max_files ? w->opts->max_files : DEFAULT_MAX_FILES;
	/* read each file once */
	char *rp = realpath(path, NULL);
	const char *real = rp ? mctl__arena_strdup(w->ar, rp) : NULL;
	free(rp);
	pfile *fs = w->files.data;
	for (size_t i = 0; real && i < w->files.len; i++)
		if (fs[i].real && strcmp(fs[i].real, real) == 0)
			return true;
	if (w->files.len >= maxf) {
		mctl__errlist_add(w->errs, MCTL_ELIMIT, at ? &at->pos : NULL, w->path, "more than %zu policy files", maxf);
		return false;
	}
	pfile *f = mctl__vec_push(&w->files);
	const char *name = mctl__arena_strdup(w->ar, path); /* positions outlive the YAML trees */
	if (!f || !name) {
		w->nomem = true;
		return false;
	}
	f->real = real;
	mctl_ylimits lim = { w->opts->max_file_size, w->opts->max_depth, w->alias_budget };
	int rc = mctl__yaml_load_file(&f->root, &f->src, name, &lim, &w->tmp, w->errs);
	f->rel = relative(w, name);
	if (f->src.text)
		sha256_hex(f->src.text, f->src.len, f->sha256);
	if (rc == MCTL_ENOMEM)
		w->nomem = true;
	if (rc == MCTL_OK && !f->root) {
		mctl_pos pos = { f->src.name, 1, 1, 0 };
		mctl__errlist_add(w->errs, MCTL_EPOLICY, &pos, NULL, "policy file is empty");
	} else if (rc == MCTL_OK && f->root->kind != MCTL_Y_MAP) {
		mctl__errlist_add(w->errs, MCTL_EPOLICY, &f->root->pos, NULL,
		                  "a policy file must be a mapping of sections (announcements, concepts, groups, items, rules)");
		f->root = NULL;
	}
	if (rc != MCTL_OK)
		f->root = NULL;
	return true;
}

static void expand_files(W *w, const mctl_ynode *files, const char *dir)
{
	size_t old = path_key(w, "files");
	if (!need_kind(w, files, MCTL_Y_SEQ, "a list of file names or patterns")) {
		path_restore(w, old);
		return;
	}
	for (size_t i = 0; i < files->n; i++) {
		const mctl_ynode *s = files->kids[i];
		size_t o2 = path_index(w, i);
		if (s->kind != MCTL_Y_SCALAR) {
			perr(w, s, "expected a file name, found %s", kind_name(s));
			path_restore(w, o2);
			continue;
		}
		if (s->str[0] == '/' || strstr(s->str, "..")) {
			perr(w, s, "file '%s' must be a relative path inside the bundle", s->str);
			path_restore(w, o2);
			continue;
		}
		size_t need = strlen(dir) + 1 + s->len + 1;
		char *full = mctl__malloc(w->ar->al, need);
		if (!full) {
			w->nomem = true;
			break;
		}
		snprintf(full, need, "%s/%s", dir, s->str);
		if (has_glob(s->str)) {
#ifdef HAVE_GLOB
			glob_t g;
			int grc = glob(full, GLOB_ERR, NULL, &g);
			if (grc == GLOB_NOMATCH || (grc == 0 && g.gl_pathc == 0)) {
				perr(w, s, "no file matches '%s'", s->str);
			} else if (grc != 0) {
				perr(w, s, "cannot list files for '%s'", s->str);
			} else {
				for (size_t k = 0; k < g.gl_pathc; k++)
					if (!add_file(w, g.gl_pathv[k], s))
						break;
			}
			if (grc == 0)
				globfree(&g);
#else
			perr(w, s, "file patterns are not supported on this system");
#endif
		} else {
			struct stat st;
			if (stat(full, &st) != 0)
				perr(w, s, "file '%s' not found in the bundle", s->str);
			else
				add_file(w, full, s);
		}
		mctl__free(w->ar->al, full);
		path_restore(w, o2);
	}
	path_restore(w, old);
}

static void load_manifest(W *w, pfile *f, const char *dir)
{
	mctl_policy *p = w->p;
	const mctl_ynode *r = f->root;
	f->manifest = true;
	CHECK_KEYS(w, r, manifest_keys);
	p->bundle = get_str(w, r, "bundle", true);
	if (p->bundle && !valid_id(p->bundle, false))
		perr_key(w, r, "bundle", "bad bundle id '%s'", p->bundle);
	p->version = get_str(w, r, "version", true);
	if (p->version && strpbrk(p->version, " \t\r\n"))
		perr_key(w, r, "version", "version must not contain spaces");
	p->title = get_str(w, r, "title", false);
	const char *j = get_str(w, r, "jurisdiction", true);
	if (j) {
		const mctl_ynode *jn = mctl__ymap_get(r, "jurisdiction");
		size_t old = path_key(w, "jurisdiction");
		mctl_cset dummy = { { 0 } };
		if (add_country_or_group(w, jn, &dummy, false)) {
			memcpy(p->jurisdiction, j, 3);
			p->jurisdiction_idx = mctl__country_index(j, 2);
		}
		path_restore(w, old);
	}
	const mctl_ynode *files = mctl__ymap_get(r, "files");
	if (files)
		expand_files(w, files, dir);
	const mctl_ynode *dg = mctl__ymap_get(r, "digests");
	if (dg && !(w->opts->flags & MCTL_LOAD_NO_DIGESTS)) {
		size_t old = path_key(w, "digests");
		if (need_kind(w, dg, MCTL_Y_MAP, "a mapping of file to sha256:<hex>"))
			w->digests = dg;
		path_restore(w, old);
	}
}

/* Every file against the manifest's digests: none changed, missing or unsealed. */
static void check_digests(W *w)
{
	const mctl_ynode *dg = w->digests;
	pfile *fs = w->files.data;
	size_t old = path_key(w, "digests");
	for (size_t i = 1; i < w->files.len; i++) { /* 0 is the manifest: it cannot hold its own digest */
		const mctl_ynode *v = mctl__ymap_get(dg, fs[i].rel);
		mctl_pos pos = { fs[i].src.name, 0, 0, 0 };
		if (!v)
			mctl__errlist_add(w->errs, MCTL_EPOLICY, &pos, NULL,
			                  "file '%s' is not in the manifest's digests: reseal the bundle (mineralctl bundle seal)", fs[i].rel);
		else if (v->kind != MCTL_Y_SCALAR || strncmp(v->str, "sha256:", 7) != 0 || strcmp(v->str + 7, fs[i].sha256) != 0)
			mctl__errlist_add(w->errs, MCTL_EPOLICY, &pos, NULL,
			                  "file '%s' does not match its digest in the manifest: it changed since the bundle was sealed",
			                  fs[i].rel);
	}
	for (size_t k = 0; k < dg->n; k++) {
		const mctl_ynode *key = dg->kids[2 * k];
		bool found = false;
		for (size_t i = 1; i < w->files.len && !found; i++)
			found = strcmp(fs[i].rel, key->str) == 0;
		if (!found)
			perr(w, key, "sealed file '%s' is not part of the bundle (removed, or no longer listed in files)", key->str);
	}
	path_restore(w, old);
}

static int relcmp(const void *a, const void *b)
{
	return strcmp(((const mctl_pfile_info *)a)->rel, ((const mctl_pfile_info *)b)->rel);
}

/* The files and the bundle digest: sha256 over "path sha256" lines in path order. */
static void record_files(W *w, mctl_policy *p)
{
	pfile *fs = w->files.data;
	p->files = arena_array(w, w->files.len ? w->files.len : 1, sizeof *p->files);
	if (!p->files)
		return;
	mctl_pfile_info *sorted = mctl__calloc(w->ar->al, w->files.len ? w->files.len : 1, sizeof *sorted);
	if (!sorted) {
		w->nomem = true;
		return;
	}
	for (size_t i = 0; i < w->files.len; i++) {
		p->files[i].rel = mctl__arena_strdup(w->ar, fs[i].rel);
		memcpy(p->files[i].sha256, fs[i].sha256, sizeof fs[i].sha256);
		sorted[i] = p->files[i];
	}
	p->nfiles = w->files.len;
	qsort(sorted, p->nfiles, sizeof *sorted, relcmp);
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	for (size_t i = 0; i < p->nfiles; i++) {
		sha256_update(&ctx, strlen(sorted[i].rel), (const uint8_t *)sorted[i].rel);
		sha256_update(&ctx, 1, (const uint8_t *)" ");
		sha256_update(&ctx, 64, (const uint8_t *)sorted[i].sha256);
		sha256_update(&ctx, 1, (const uint8_t *)"\n");
	}
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	mctl__free(w->ar->al, sorted);
	char hex[7 + 65] = "sha256:";
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(hex + 7 + 2 * i, 3, "%02x", d[i]);
	p->digest = mctl__arena_strdup(w->ar, hex);
	p->sealed = w->digests != NULL;
}

static void walk_sections_a(W *w, pfile *f)
{
	const mctl_ynode *r = f->root;
	if (!f->manifest)
		CHECK_KEYS(w, r, section_keys);
	for (size_t i = 0; i < r->n && !f->manifest; i++) {
		const mctl_ynode *k = r->kids[2 * i];
		for (size_t j = 0; j < 5; j++)
			if (k->kind == MCTL_Y_SCALAR && strcmp(k->str, manifest_keys[j]) == 0)
				perr(w, k, "'%s' belongs in the bundle manifest (bundle.yaml)", k->str);
	}
	load_section_map(w, r, "announcements", load_announcement);
	load_section_map(w, r, "concepts", load_concept);
	load_section_map(w, r, "groups", load_group);
}

static void walk_seq(W *w, pfile *f, const char *section, void (*fn)(W *, const mctl_ynode *))
{
	const mctl_ynode *s = mctl__ymap_get(f->root, section);
	if (!s)
		return;
	size_t old = path_key(w, section);
	if (s->kind == MCTL_Y_SCALAR && s->len == 0 && s->plain) {
		/* empty section */
	} else if (need_kind(w, s, MCTL_Y_SEQ, "a list")) {
		for (size_t i = 0; i < s->n && !w->nomem; i++) {
			size_t o2 = path_index(w, i);
			fn(w, s->kids[i]);
			path_restore(w, o2);
		}
	}
	path_restore(w, old);
}

static const mctl_pos **positions(W *w, mctl_vec *v, size_t stride, size_t pos_off)
{
	const mctl_pos **pp = mctl__calloc(w->ar->al, v->len ? v->len : 1, sizeof *pp);
	if (!pp) {
		w->nomem = true;
		return NULL;
	}
	for (size_t i = 0; i < v->len; i++)
		pp[i] = (const mctl_pos *)((const char *)v->data + i * stride + pos_off);
	return pp;
}

#define BUILD_INDEX(w, vec, type, idfield, what, outidx, outn)                                    \
	do {                                                                                        \
		const char **ids_ = mctl__calloc((w)->ar->al, (vec)->len ? (vec)->len : 1, sizeof *ids_); \
		const mctl_pos **pos_ = positions(w, vec, sizeof(type), offsetof(type, pos));         \
		if (ids_ && pos_) {                                                                 \
			for (size_t i_ = 0; i_ < (vec)->len; i_++)                                        \
				ids_[i_] = MCTL_VEC_AT(vec, type, i_).idfield ? MCTL_VEC_AT(vec, type, i_).idfield : ""; \
			outidx = build_index(w, ids_, (vec)->len, pos_, what, &(outn));                 \
		} else {                                                                            \
			(w)->nomem = true;                                                              \
		}                                                                                   \
		mctl__free((w)->ar->al, ids_);                                                      \
		mctl__free((w)->ar->al, pos_);                                                      \
	} while (0)

static void *vec_to_arena(W *w, mctl_vec *v, size_t *n)
{
	*n = v->len;
	void *a = arena_array(w, v->len ? v->len : 1, v->elem);
	if (a && v->len)
		memcpy(a, v->data, v->len * v->elem);
	return a;
}

/* A diagnostic and where it belongs in reading order. */
/* Index of the file a diagnostic names, in reading order (files without a name last). */
static size_t file_rank(const W *w, const mctl_error *e)
{
	const char *file = mctl_error_file(e);
	const pfile *fs = w->files.data;
	for (size_t k = 0; file && k < w->files.len; k++)
		if (fs[k].src.name && strcmp(fs[k].src.name, file) == 0)
			return k;
	return w->files.len;
}

static int errcmp(const mctl_error *a, const mctl_error *b, void *ctx)
{
	size_t fa = file_rank(ctx, a), fb = file_rank(ctx, b);
	if (fa != fb)
		return fa < fb ? -1 : 1;
	size_t oa = mctl_error_offset(a), ob = mctl_error_offset(b);
	return oa < ob ? -1 : oa > ob;
}

/*
 * Puts the diagnostics in file order (the files in reading order, then the
 * position in the file): checks run section by section and some (duplicate
 * ids, duplicate keys) only at the end. Diagnostics with the same position
 * keep the order they were found in. A list cut short at the error limit is
 * left as it is, its last entry saying so.
 */
static void sort_errors(W *w, mctl_errlist *errs)
{
	if (errs->count < (errs->max ? errs->max : 1000))
		mctl__errlist_sort(errs, errcmp, w);
}

int mctl_load_options_init(mctl_load_options *opts)
{
	if (!opts)
		return MCTL_EINVAL;
	mctl_load_options d = MCTL_LOAD_OPTIONS_INIT;
	*opts = d;
	return MCTL_OK;
}

int mctl_policy_load(mctl_policy **out, const char *path, const mctl_load_options *opts, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!out || !path)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_policy_load: out and path are required");
	*out = NULL;
	mctl_load_options dflt = MCTL_LOAD_OPTIONS_INIT;
	if (!opts)
		opts = &dflt;
	if (opts->version != 1 && opts->version != MCTL_LOAD_OPTIONS_VERSION)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_load_options: unknown version %u", opts->version);
	const mctl_trust *trust = opts->version >= 2 ? opts->trust : NULL;

	mctl_alloc al;
	mctl__alloc_init(&al, opts->ctx);
	mctl_policy *p = mctl__calloc(&al, 1, sizeof *p);
	if (!p)
		return mctl__error_set(err, MCTL_ENOMEM, "out of memory");
	p->al = al;
	atomic_init(&p->refs, 1);
	mctl__arena_init(&p->arena, &p->al);

	mctl_errlist errs;
	mctl__errlist_init(&errs, &p->al);
	W w;
	memset(&w, 0, sizeof w);
	w.p = p;
	w.ar = &p->arena;
	w.errs = &errs;
	w.opts = opts;
	w.alias_budget = opts->version >= 2 ? opts->alias_budget : 0;
	w.max_pattern = opts->version >= 2 && opts->max_pattern ? opts->max_pattern : MAX_PATTERN_BYTES;
	mctl__arena_init(&w.tmp, &p->al);
	mctl__vec_init(&w.files, &p->al, sizeof(pfile));
	mctl__vec_init(&w.concepts, &p->al, sizeof(mctl_concept));
	mctl__vec_init(&w.anns, &p->al, sizeof(mctl_announcement));
	mctl__vec_init(&w.groups, &p->al, sizeof(mctl_group));
	mctl__vec_init(&w.items, &p->al, sizeof(mctl_item));

	/* Resolve the manifest: a directory means DIR/bundle.yaml. */
	struct stat st;
	char *manifest = NULL, *dir = NULL;
	int rc = MCTL_OK;
	if (stat(path, &st) != 0) {
		mctl_pos pos = { path, 0, 0, 0 };
		mctl__errlist_add(&errs, MCTL_EIO, &pos, NULL, "cannot open policy: %s", strerror(errno));
		rc = MCTL_EIO;
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		size_t n = strlen(path) + sizeof "/bundle.yaml";
		manifest = mctl__malloc(&al, n);
		dir = mctl__strndup(&al, path, strlen(path));
		if (!manifest || !dir) {
			rc = MCTL_ENOMEM;
			goto done;
		}
		snprintf(manifest, n, "%s/bundle.yaml", path);
	} else {
		manifest = mctl__strndup(&al, path, strlen(path));
		const char *slash = strrchr(path, '/');
		dir = slash ? mctl__strndup(&al, path, (size_t)(slash - path)) : mctl__strndup(&al, ".", 1);
		if (!manifest || !dir) {
			rc = MCTL_ENOMEM;
			goto done;
		}
	}
	w.dir = dir;
	add_file(&w, manifest, NULL);
	pfile *mf = w.files.len ? w.files.data : NULL;
	if (mf && mf->root)
		load_manifest(&w, mf, dir);
	if (w.digests && !w.nomem)
		check_digests(&w);

	/* Pass A: definitions. */
	for (size_t i = 0; i < w.files.len && !w.nomem; i++) {
		pfile *f = &MCTL_VEC_AT(&w.files, pfile, i);
		if (f->root)
			walk_sections_a(&w, f);
	}
	if (!w.nomem) {
		BUILD_INDEX(&w, &w.anns, mctl_announcement, id, "announcement", w.aidx, w.naidx);
		BUILD_INDEX(&w, &w.concepts, mctl_concept, id, "concept", w.cidx, w.ncidx);
		BUILD_INDEX(&w, &w.groups, mctl_group, name, "group", w.gidx, w.ngidx);
	}
	/* Pass B: items, then rules (which refer to items). */
	for (size_t i = 0; i < w.files.len && !w.nomem; i++) {
		pfile *f = &MCTL_VEC_AT(&w.files, pfile, i);
		if (f->root)
			walk_seq(&w, f, "items", load_item);
	}
	if (!w.nomem) {
		size_t max = opts->max_items ? opts->max_items : DEFAULT_MAX_ITEMS;
		if (w.items.len > max)
			w.items.len = max;
		BUILD_INDEX(&w, &w.items, mctl_item, id, "item", w.iidx, w.niidx);
	}
	for (size_t i = 0; i < w.files.len && !w.nomem; i++) {
		pfile *f = &MCTL_VEC_AT(&w.files, pfile, i);
		if (f->root)
			walk_seq(&w, f, "rules", load_rule);
	}
	if (!w.nomem && errs.count == 0 && w.items.len == 0) {
		mctl_pos pos = { mf ? mf->src.name : path, 1, 1, 0 }; /* the whole file: point at its start */
		mctl__errlist_add(&errs, MCTL_EPOLICY, &pos, NULL, "the bundle defines no items");
	}
	/* Signatures last: they are checked only on a bundle that is otherwise sound. */
	if (!w.nomem && errs.count == 0 && trust && mf)
		mctl__verify_signatures(trust, manifest, p->bundle, p->version, mf->sha256, w.digests != NULL, &errs);

	if (w.nomem) {
		rc = MCTL_ENOMEM;
		goto done;
	}
	if (errs.count) {
		bool lim = false, syn = false, io = false, trusted = true;
		for (const mctl_error *e = errs.head; e; e = mctl_error_next(e)) {
			trusted = trusted && mctl_error_code(e) != MCTL_ETRUST;
			lim = lim || mctl_error_code(e) == MCTL_ELIMIT;
			syn = syn || mctl_error_code(e) == MCTL_ESYNTAX;
			io = io || mctl_error_code(e) == MCTL_EIO;
		}
		rc = !trusted ? MCTL_ETRUST : lim ? MCTL_ELIMIT : syn ? MCTL_ESYNTAX : io ? MCTL_EIO : MCTL_EPOLICY;
		goto done;
	}
	record_files(&w, p);
	p->concepts = vec_to_arena(&w, &w.concepts, &p->nconcepts);
	p->anns = vec_to_arena(&w, &w.anns, &p->nanns);
	p->groups = vec_to_arena(&w, &w.groups, &p->ngroups);
	p->items = vec_to_arena(&w, &w.items, &p->nitems);
	if (w.nomem) {
		rc = MCTL_ENOMEM;
		goto done;
	}
	/* Items point at announcements inside the vector: re-point into the arena copy. */
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].ann)
			p->items[i].ann = p->anns + (p->items[i].ann - (const mctl_announcement *)w.anns.data);
	/* Positions refer to file names in the temporary arena: keep copies. */
	rc = mctl__policy_compile(p, &errs);
	if (rc == MCTL_OK && errs.count)
		rc = MCTL_EPOLICY;

done:
	if (rc != MCTL_OK && rc != MCTL_ENOMEM)
		sort_errors(&w, &errs);
	mctl__free(&al, manifest);
	mctl__free(&al, dir);
	mctl__vec_free(&w.files);
	mctl__vec_free(&w.concepts);
	mctl__vec_free(&w.anns);
	mctl__vec_free(&w.groups);
	mctl__vec_free(&w.items);
	if (rc == MCTL_ENOMEM && errs.count == 0) {
		mctl_errlist e2;
		mctl__errlist_init(&e2, &p->al);
		mctl__errlist_add(&e2, MCTL_ENOMEM, NULL, NULL, "out of memory while loading '%s'", path);
		mctl__errlist_finish(&errs, NULL);
		errs = e2;
	}
	/* Diagnostics must outlive the temporary arena: they copy their file names. */
	mctl__errlist_finish(&errs, err);
	if (rc != MCTL_OK) {
		mctl__arena_free(&w.tmp);
		mctl__policy_destroy(p);
		return rc;
	}
	mctl__arena_free(&w.tmp);
	*out = p;
	return MCTL_OK;
}
