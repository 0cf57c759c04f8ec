/*
 * Internal: a byte-level Aho-Corasick automaton compiled into a DFA over
 * byte classes. Built once at policy compile time, then read-only: any
 * number of threads may scan with it at once.
 */
#ifndef MCTL_MATCH_AC_H
#define MCTL_MATCH_AC_H

#include <stddef.h>
#include <stdint.h>
#include "util/alloc.h"

typedef struct mctl_ac mctl_ac;

int mctl__ac_new(mctl_ac **out, const mctl_alloc *al);
/* Adds pattern bytes (len >= 1) reported with `id`. */
int mctl__ac_add(mctl_ac *ac, const unsigned char *pat, size_t len, uint32_t id);
/* Finishes the automaton; no more adds. */
int mctl__ac_build(mctl_ac *ac);
/*
 * Reports every occurrence (overlapping ones too) as cb(ctx, id, start, end).
 * A non-zero return from cb stops the scan and is returned.
 */
typedef int (*mctl_ac_cb)(void *ctx, uint32_t id, size_t start, size_t end);
int mctl__ac_scan(const mctl_ac *ac, const unsigned char *text, size_t len, mctl_ac_cb cb, void *ctx);
void mctl__ac_free(mctl_ac *ac);
size_t mctl__ac_states(const mctl_ac *ac);

#endif
