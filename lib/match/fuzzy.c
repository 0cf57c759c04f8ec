#include <stdbool.h>
#include <string.h>
#include "mineralctl/common.h"
#include "match/fuzzy.h"

/*
 * Every name and each of its one-deletion variants is a key; a key lists
 * the names it came from. Two words are one edit apart only if they share a
 * key (w = n, w in del(n), n in del(w), or del(w) and del(n) meet), so a
 * lookup probes the word and its deletions, then verifies the distance.
 */
typedef struct entry {
	uint32_t hash;
	uint32_t key;   /* offset of the key in strs, NUL-terminated; UINT32_MAX = empty slot */
	uint32_t names; /* first link in links, UINT32_MAX = none */
} entry;

typedef struct link {
	uint32_t name, next;
} link;

typedef struct name {
	uint32_t str, len, id;
} name;

struct mctl_fuzzy {
	mctl_alloc al;
	mctl_buf strs;
	mctl_vec names; /* name */
	mctl_vec links; /* link */
	entry *tab;
	size_t cap, used;
};

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

int mctl__fuzzy_new(mctl_fuzzy **out, const mctl_alloc *al)
{
	mctl_fuzzy *fz = mctl__calloc(al, 1, sizeof *fz);
	*out = fz;
	if (!fz)
		return MCTL_ENOMEM;
	fz->al = *al;
	mctl__buf_init(&fz->strs, &fz->al);
	mctl__vec_init(&fz->names, &fz->al, sizeof(name));
	mctl__vec_init(&fz->links, &fz->al, sizeof(link));
	return MCTL_OK;
}

int mctl__fuzzy_add(mctl_fuzzy *fz, const char *s, size_t len, uint32_t id)
{
	if (len < MCTL_FUZZY_MIN || len > MCTL_FUZZY_MAX)
		return MCTL_OK;
	for (size_t i = 0; i < len; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return MCTL_OK;
	name *n = mctl__vec_push(&fz->names);
	if (!n)
		return MCTL_ENOMEM;
	n->str = (uint32_t)fz->strs.len;
	n->len = (uint32_t)len;
	n->id = id;
	if (mctl__buf_append(&fz->strs, s, len) || mctl__buf_putc(&fz->strs, '\0'))
		return MCTL_ENOMEM;
	return MCTL_OK;
}

static entry *slot(entry *tab, size_t cap, const char *strs, const char *key, size_t n, uint32_t h)
{
	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
		entry *e = &tab[i];
		if (e->key == UINT32_MAX)
			return e;
		if (e->hash == h && strlen(strs + e->key) == n && memcmp(strs + e->key, key, n) == 0)
			return e;
	}
}

static int insert(mctl_fuzzy *fz, const char *key, size_t n, uint32_t name_idx)
{
	uint32_t h = fnv(key, n);
	entry *e = slot(fz->tab, fz->cap, fz->strs.data, key, n, h);
	if (e->key == UINT32_MAX) {
		size_t off = fz->strs.len;
		if (mctl__buf_append(&fz->strs, key, n) || mctl__buf_putc(&fz->strs, '\0'))
			return MCTL_ENOMEM;
		e->key = (uint32_t)off;
		e->hash = h;
		e->names = UINT32_MAX;
		fz->used++;
	}
	for (uint32_t l = e->names; l != UINT32_MAX; l = MCTL_VEC_AT(&fz->links, link, l).next)
		if (MCTL_VEC_AT(&fz->links, link, l).name == name_idx)
			return MCTL_OK;
	link *lk = mctl__vec_push(&fz->links);
	if (!lk)
		return MCTL_ENOMEM;
	lk->name = name_idx;
	lk->next = e->names;
	e->names = (uint32_t)(fz->links.len - 1);
	return MCTL_OK;
}

int mctl__fuzzy_build(mctl_fuzzy *fz)
{
	size_t keys = 0;
	for (size_t i = 0; i < fz->names.len; i++)
		keys += MCTL_VEC_AT(&fz->names, name, i).len + 1;
	size_t cap = 16;
	while (cap < keys * 2 + 16)
		cap *= 2;
	mctl__free(&fz->al, fz->tab);
	fz->tab = mctl__malloc(&fz->al, cap * sizeof *fz->tab);
	if (!fz->tab)
		return MCTL_ENOMEM;
	for (size_t i = 0; i < cap; i++)
		fz->tab[i].key = UINT32_MAX;
	fz->cap = cap;
	fz->used = 0;
	char buf[MCTL_FUZZY_MAX + 1];
	for (uint32_t i = 0; i < fz->names.len; i++) {
		name nm = MCTL_VEC_AT(&fz->names, name, i);
		memcpy(buf, fz->strs.data + nm.str, nm.len);
		int rc = insert(fz, buf, nm.len, i);
		for (size_t d = 0; d < nm.len && !rc; d++) {
			memcpy(buf, fz->strs.data + nm.str, d);
			memcpy(buf + d, fz->strs.data + nm.str + d + 1, nm.len - d - 1);
			rc = insert(fz, buf, nm.len - 1, i);
		}
		if (rc)
			return rc;
	}
	return MCTL_OK;
}

size_t mctl__osa_distance(const char *a, size_t la, const char *b, size_t lb, size_t cap)
{
	if (la > MCTL_FUZZY_MAX + 2 || lb > MCTL_FUZZY_MAX + 2)
		return cap + 1;
	size_t d[MCTL_FUZZY_MAX + 3][MCTL_FUZZY_MAX + 3];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb] > cap ? cap + 1 : d[la][lb];
}

static int probe(const mctl_fuzzy *fz, const char *key, size_t n, const char *word, size_t wl,
                 uint32_t *seen, size_t *nseen, mctl_fuzzy_cb cb, void *ctx)
{
	const entry *e = slot(fz->tab, fz->cap, fz->strs.data, key, n, fnv(key, n));
	if (e->key == UINT32_MAX)
		return 0;
	for (uint32_t l = e->names; l != UINT32_MAX; l = MCTL_VEC_AT(&fz->links, link, l).next) {
		uint32_t ni = MCTL_VEC_AT(&fz->links, link, l).name;
		bool dup = false;
		for (size_t k = 0; k < *nseen && !dup; k++)
			dup = seen[k] == ni;
		if (dup)
			continue;
		if (*nseen < 64)
			seen[(*nseen)++] = ni;
		const name *nm = &MCTL_VEC_AT(&fz->names, name, ni);
		if (mctl__osa_distance(word, wl, fz->strs.data + nm->str, nm->len, 1) == 1) {
			int r = cb(ctx, nm->id);
			if (r)
				return r;
		}
	}
	return 0;
}

int mctl__fuzzy_lookup(const mctl_fuzzy *fz, const char *word, size_t len, mctl_fuzzy_cb cb, void *ctx)
{
	if (!fz || !fz->tab || len < MCTL_FUZZY_MIN - 1 || len > MCTL_FUZZY_MAX + 1)
		return 0;
	uint32_t seen[64];
	size_t nseen = 0;
	char buf[MCTL_FUZZY_MAX + 2];
	int r = probe(fz, word, len, word, len, seen, &nseen, cb, ctx);
	for (size_t d = 0; d < len && !r; d++) {
		if (d > 0 && word[d] == word[d - 1])
			continue; /* same deletion as the previous one */
		memcpy(buf, word, d);
		memcpy(buf + d, word + d + 1, len - d - 1);
		r = probe(fz, buf, len - 1, word, len, seen, &nseen, cb, ctx);
	}
	return r;
}

void mctl__fuzzy_free(mctl_fuzzy *fz)
{
	if (!fz)
		return;
	mctl_alloc al = fz->al;
	mctl__buf_free(&fz->strs);
	mctl__vec_free(&fz->names);
	mctl__vec_free(&fz->links);
	mctl__free(&al, fz->tab);
	mctl__free(&al, fz);
}
