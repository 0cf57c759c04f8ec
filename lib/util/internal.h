/* Internal: definitions shared by every module (never installed). */
#ifndef MCTL_UTIL_INTERNAL_H
#define MCTL_UTIL_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include "mineralctl/common.h"

#if defined(__GNUC__)
#  define MCTL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#  define MCTL_PRINTF(a, b)
#endif

struct mctl_context {
	mctl_allocator alloc;
};

/* A position in a source file. */
typedef struct mctl_pos {
	const char *file; /* borrowed */
	unsigned line, col;
	size_t offset;
} mctl_pos;

/*
 * Error lists. Diagnostics are appended in order; a failed allocation while
 * reporting drops the diagnostic but never the status.
 */
typedef struct mctl_errlist {
	const void *al; /* const mctl_alloc * */
	mctl_error *head, *tail;
	size_t count;
	size_t max; /* stop collecting after this many (0 = 1000) */
} mctl_errlist;

struct mctl_alloc;
void mctl__errlist_init(mctl_errlist *l, const struct mctl_alloc *al);
void mctl__errlist_add(mctl_errlist *l, int code, const mctl_pos *pos, const char *path,
                       const char *fmt, ...) MCTL_PRINTF(5, 6);
void mctl__errlist_vadd(mctl_errlist *l, int code, const mctl_pos *pos, const char *path,
                        const char *fmt, va_list ap);
/* Hands the chain to *out (or frees it when out is NULL). */
void mctl__errlist_finish(mctl_errlist *l, mctl_error **out);
/* Sorts the chain with cmp (stable: equal entries keep their order). */
typedef int (*mctl_errcmp)(const mctl_error *a, const mctl_error *b, void *ctx);
void mctl__errlist_sort(mctl_errlist *l, mctl_errcmp cmp, void *ctx);
/* One-shot error for simple calls. Returns code. */
int mctl__error_set(mctl_error **out, int code, const char *fmt, ...) MCTL_PRINTF(3, 4);

#endif
