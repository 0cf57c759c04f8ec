#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/internal.h"

static void *std_malloc(size_t n, void *u) { (void)u; return malloc(n); }
static void *std_realloc(void *p, size_t n, void *u) { (void)u; return realloc(p, n); }
static void std_free(void *p, void *u) { (void)u; free(p); }

void mctl__alloc_init(mctl_alloc *al, const mctl_context *ctx)
{
	if (ctx) {
		al->a = ctx->alloc;
	} else {
		al->a.malloc_fn = std_malloc;
		al->a.realloc_fn = std_realloc;
		al->a.free_fn = std_free;
		al->a.user = NULL;
	}
}

void *mctl__malloc(const mctl_alloc *al, size_t n)
{
	return al->a.malloc_fn(n ? n : 1, al->a.user);
}

void *mctl__calloc(const mctl_alloc *al, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	size_t total = n * size;
	void *p = mctl__malloc(al, total);
	if (p && total)
		memset(p, 0, total);
	return p;
}

void *mctl__realloc(const mctl_alloc *al, void *p, size_t n)
{
	return al->a.realloc_fn(p, n ? n : 1, al->a.user);
}

void mctl__free(const mctl_alloc *al, void *p)
{
	if (p)
		al->a.free_fn(p, al->a.user);
}

char *mctl__strndup(const mctl_alloc *al, const char *s, size_t n)
{
	char *d = mctl__malloc(al, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* ---- arena ---- */

struct mctl_arena_chunk {
	mctl_arena_chunk *next;
	size_t pad; /* keeps data 16-byte aligned */
	_Alignas(16) unsigned char data[];
};

void mctl__arena_init(mctl_arena *ar, const mctl_alloc *al)
{
	memset(ar, 0, sizeof *ar);
	ar->al = al;
}

void *mctl__arena_alloc(mctl_arena *ar, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	if (!ar->head || ar->cap - ar->used < n) {
		size_t cap = n > 8192 ? n : 8192;
		mctl_arena_chunk *c = mctl__malloc(ar->al, sizeof *c + cap);
		if (!c)
			return NULL;
		c->next = ar->head;
		ar->head = c;
		ar->used = 0;
		ar->cap = cap;
		ar->total += cap;
	}
	void *p = ar->head->data + ar->used;
	ar->used += n;
	memset(p, 0, n);
	return p;
}

char *mctl__arena_strndup(mctl_arena *ar, const char *s, size_t n)
{
	char *d = mctl__arena_alloc(ar, n + 1);
	if (d)
		memcpy(d, s, n);
	return d;
}

char *mctl__arena_strdup(mctl_arena *ar, const char *s)
{
	return s ? mctl__arena_strndup(ar, s, strlen(s)) : NULL;
}

void mctl__arena_free(mctl_arena *ar)
{
	mctl_arena_chunk *c = ar->head;
	while (c) {
		mctl_arena_chunk *n = c->next;
		mctl__free(ar->al, c);
		c = n;
	}
	ar->head = NULL;
	ar->used = ar->cap = ar->total = 0;
}

/* ---- buffer ---- */

void mctl__buf_init(mctl_buf *b, const mctl_alloc *al)
{
	memset(b, 0, sizeof *b);
	b->al = al;
}

int mctl__buf_reserve(mctl_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		return MCTL_ENOMEM;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return MCTL_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *d = mctl__realloc(b->al, b->data, cap);
	if (!d)
		return MCTL_ENOMEM;
	b->data = d;
	b->cap = cap;
	return MCTL_OK;
}

int mctl__buf_append(mctl_buf *b, const void *p, size_t n)
{
	if (mctl__buf_reserve(b, n))
		return MCTL_ENOMEM;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return MCTL_OK;
}

int mctl__buf_putc(mctl_buf *b, char c)
{
	return mctl__buf_append(b, &c, 1);
}

void mctl__buf_free(mctl_buf *b)
{
	mctl__free(b->al, b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* ---- vector ---- */

void mctl__vec_init(mctl_vec *v, const mctl_alloc *al, size_t elem)
{
	memset(v, 0, sizeof *v);
	v->al = al;
	v->elem = elem;
}

void *mctl__vec_push(mctl_vec *v)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		if (cap > SIZE_MAX / v->elem)
			return NULL;
		void *d = mctl__realloc(v->al, v->data, cap * v->elem);
		if (!d)
			return NULL;
		v->data = d;
		v->cap = cap;
	}
	void *p = (char *)v->data + v->len * v->elem;
	memset(p, 0, v->elem);
	v->len++;
	return p;
}

void mctl__vec_free(mctl_vec *v)
{
	mctl__free(v->al, v->data);
	v->data = NULL;
	v->len = v->cap = 0;
}
