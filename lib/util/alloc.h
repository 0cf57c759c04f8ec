/* Internal: allocator hooks, arenas and growable buffers. */
#ifndef MCTL_UTIL_ALLOC_H
#define MCTL_UTIL_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include "mineralctl/common.h"

/* An allocator copied into each object (see mctl_context). */
typedef struct mctl_alloc {
	mctl_allocator a;
} mctl_alloc;

void mctl__alloc_init(mctl_alloc *al, const mctl_context *ctx);
void *mctl__malloc(const mctl_alloc *al, size_t n);
void *mctl__calloc(const mctl_alloc *al, size_t n, size_t size);
void *mctl__realloc(const mctl_alloc *al, void *p, size_t n);
void mctl__free(const mctl_alloc *al, void *p);
char *mctl__strndup(const mctl_alloc *al, const char *s, size_t n);

/* Arena: many small allocations freed together. */
typedef struct mctl_arena_chunk mctl_arena_chunk;
typedef struct mctl_arena {
	const mctl_alloc *al;
	mctl_arena_chunk *head;
	size_t used, cap;
	size_t total; /* bytes reserved, for limits */
} mctl_arena;

void mctl__arena_init(mctl_arena *ar, const mctl_alloc *al);
void *mctl__arena_alloc(mctl_arena *ar, size_t n); /* 16-byte aligned, zeroed */
char *mctl__arena_strndup(mctl_arena *ar, const char *s, size_t n);
char *mctl__arena_strdup(mctl_arena *ar, const char *s);
void mctl__arena_free(mctl_arena *ar);

/* Growable byte buffer. */
typedef struct mctl_buf {
	const mctl_alloc *al;
	char *data;
	size_t len, cap;
} mctl_buf;

void mctl__buf_init(mctl_buf *b, const mctl_alloc *al);
int mctl__buf_reserve(mctl_buf *b, size_t extra); /* MCTL_OK / MCTL_ENOMEM */
int mctl__buf_append(mctl_buf *b, const void *p, size_t n);
int mctl__buf_putc(mctl_buf *b, char c);
void mctl__buf_free(mctl_buf *b);

/* Growable array of fixed-size elements. */
typedef struct mctl_vec {
	const mctl_alloc *al;
	void *data;
	size_t len, cap, elem;
} mctl_vec;

void mctl__vec_init(mctl_vec *v, const mctl_alloc *al, size_t elem);
void *mctl__vec_push(mctl_vec *v); /* zeroed new element or NULL */
void mctl__vec_free(mctl_vec *v);
#define MCTL_VEC_AT(v, type, i) (((type *)(v)->data)[i])

#endif
