#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/internal.h"
#include "util/alloc.h"

struct mctl_error {
	mctl_error *next;
	mctl_alloc al;
	int code;
	unsigned line, col;
	size_t offset;
	char *message, *file, *path; /* all in one block after the struct */
};

static mctl_error *error_new(const mctl_alloc *al, int code, const mctl_pos *pos,
                             const char *path, const char *msg)
{
	size_t ml = strlen(msg) + 1;
	size_t fl = pos && pos->file ? strlen(pos->file) + 1 : 0;
	size_t pl = path && *path ? strlen(path) + 1 : 0;
	mctl_error *e = mctl__malloc(al, sizeof *e + ml + fl + pl);
	if (!e)
		return NULL;
	memset(e, 0, sizeof *e);
	e->al = *al;
	e->code = code;
	e->offset = (size_t)-1;
	char *s = (char *)(e + 1);
	e->message = memcpy(s, msg, ml);
	s += ml;
	if (fl) {
		e->file = memcpy(s, pos->file, fl);
		s += fl;
	}
	if (pl)
		e->path = memcpy(s, path, pl);
	if (pos) {
		e->line = pos->line;
		e->col = pos->col;
		e->offset = pos->file ? pos->offset : (size_t)-1;
	}
	return e;
}

void mctl__errlist_init(mctl_errlist *l, const struct mctl_alloc *al)
{
	memset(l, 0, sizeof *l);
	l->al = al;
}

void mctl__errlist_vadd(mctl_errlist *l, int code, const mctl_pos *pos, const char *path,
                        const char *fmt, va_list ap)
{
	size_t max = l->max ? l->max : 1000;
	l->count++;
	if (l->count > max)
		return;
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (l->count == max)
		snprintf(msg, sizeof msg, "too many errors; stopping here");
	mctl_error *e = error_new(l->al, code, pos, path, msg);
	if (!e)
		return;
	if (l->tail)
		l->tail->next = e;
	else
		l->head = e;
	l->tail = e;
}

void mctl__errlist_add(mctl_errlist *l, int code, const mctl_pos *pos, const char *path,
                       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mctl__errlist_vadd(l, code, pos, path, fmt, ap);
	va_end(ap);
}

void mctl__errlist_finish(mctl_errlist *l, mctl_error **out)
{
	if (out)
		*out = l->head;
	else
		mctl_error_free(l->head);
	l->head = l->tail = NULL;
}

/* Stable merge sort of the chain (no allocation). */
static mctl_error *merge_sort(mctl_error *h, mctl_errcmp cmp, void *ctx)
{
	if (!h || !h->next)
		return h;
	mctl_error *slow = h, *fast = h->next;
	while (fast && fast->next) {
		slow = slow->next;
		fast = fast->next->next;
	}
	mctl_error *b = slow->next;
	slow->next = NULL;
	mctl_error *a = merge_sort(h, cmp, ctx);
	b = merge_sort(b, cmp, ctx);
	mctl_error head, *t = &head;
	while (a && b) {
		if (cmp(b, a, ctx) < 0) {
			t->next = b;
			b = b->next;
		} else {
			t->next = a;
			a = a->next;
		}
		t = t->next;
	}
	t->next = a ? a : b;
	return head.next;
}

void mctl__errlist_sort(mctl_errlist *l, mctl_errcmp cmp, void *ctx)
{
	l->head = merge_sort(l->head, cmp, ctx);
	l->tail = l->head;
	while (l->tail && l->tail->next)
		l->tail = l->tail->next;
}

int mctl__error_set(mctl_error **out, int code, const char *fmt, ...)
{
	if (!out)
		return code;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	mctl_alloc al;
	mctl__alloc_init(&al, NULL);
	*out = error_new(&al, code, NULL, NULL, msg);
	return code;
}

int mctl_error_code(const mctl_error *e) { return e ? e->code : MCTL_OK; }
const char *mctl_error_message(const mctl_error *e) { return e ? e->message : ""; }
const char *mctl_error_file(const mctl_error *e) { return e ? e->file : NULL; }
unsigned mctl_error_line(const mctl_error *e) { return e ? e->line : 0; }
unsigned mctl_error_column(const mctl_error *e) { return e ? e->col : 0; }
size_t mctl_error_offset(const mctl_error *e) { return e ? e->offset : (size_t)-1; }
const char *mctl_error_path(const mctl_error *e) { return e ? e->path : NULL; }
const mctl_error *mctl_error_next(const mctl_error *e) { return e ? e->next : NULL; }

size_t mctl_error_count(const mctl_error *e)
{
	size_t n = 0;
	for (; e; e = e->next)
		n++;
	return n;
}

size_t mctl_error_format(const mctl_error *e, char *buf, size_t size)
{
	if (!e) {
		if (size)
			buf[0] = '\0';
		return 0;
	}
	char pos[64] = "";
	if (e->line && e->col)
		snprintf(pos, sizeof pos, ":%u:%u", e->line, e->col);
	else if (e->line)
		snprintf(pos, sizeof pos, ":%u", e->line);
	int n = snprintf(buf, size, "%s%s%serror: %s%s%s%s", e->file ? e->file : "",
	                 e->file ? pos : "", e->file ? ": " : "", e->message,
	                 e->path ? " (in " : "", e->path ? e->path : "", e->path ? ")" : "");
	return n < 0 ? 0 : (size_t)n;
}

void mctl_error_free(mctl_error *e)
{
	while (e) {
		mctl_error *n = e->next;
		mctl_alloc al = e->al;
		mctl__free(&al, e);
		e = n;
	}
}

const char *mctl_strerror(int status)
{
	switch (status) {
	case MCTL_DONE: return "no more records";
	case MCTL_OK: return "success";
	case MCTL_ENOMEM: return "out of memory";
	case MCTL_EINVAL: return "invalid argument";
	case MCTL_EIO: return "input/output error";
	case MCTL_ESYNTAX: return "syntax error";
	case MCTL_EPOLICY: return "invalid policy";
	case MCTL_ELIMIT: return "limit exceeded";
	case MCTL_EUNICODE: return "text processing error";
	case MCTL_EINTERNAL: return "internal error";
	case MCTL_ETRUST: return "untrusted policy";
	default: return "unknown error";
	}
}

const char *mctl_version(void)
{
	return MCTL_VERSION_STRING;
}

int mctl_context_new(mctl_context **out, const mctl_allocator *alloc)
{
	if (!out)
		return MCTL_EINVAL;
	*out = NULL;
	if (alloc && (!alloc->malloc_fn || !alloc->realloc_fn || !alloc->free_fn))
		return MCTL_EINVAL;
	mctl_alloc al;
	if (alloc)
		al.a = *alloc;
	else
		mctl__alloc_init(&al, NULL);
	mctl_context *c = mctl__malloc(&al, sizeof *c);
	if (!c)
		return MCTL_ENOMEM;
	c->alloc = al.a;
	*out = c;
	return MCTL_OK;
}

void mctl_context_free(mctl_context *ctx)
{
	if (!ctx)
		return;
	mctl_alloc al = { ctx->alloc };
	mctl__free(&al, ctx);
}
