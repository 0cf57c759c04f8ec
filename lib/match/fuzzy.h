/*
 * Internal: near-miss spellings of long Latin-script names ("galium",
 * "germanuim", "antimonny"): one edit (insertion, deletion, substitution or
 * transposition of neighbours) away from a name of 7 letters or more.
 * A deletion-neighbourhood index built at compile time; read-only after.
 */
#ifndef MCTL_MATCH_FUZZY_H
#define MCTL_MATCH_FUZZY_H

#include <stddef.h>
#include <stdint.h>
#include "util/alloc.h"

#define MCTL_FUZZY_MIN 7   /* shortest name that gets near misses */
#define MCTL_FUZZY_MAX 32  /* longest */

typedef struct mctl_fuzzy mctl_fuzzy;

int mctl__fuzzy_new(mctl_fuzzy **out, const mctl_alloc *al);
/* Adds a lower-case ASCII name (only [a-z], MCTL_FUZZY_MIN..MCTL_FUZZY_MAX long; others are ignored). */
int mctl__fuzzy_add(mctl_fuzzy *fz, const char *name, size_t len, uint32_t id);
int mctl__fuzzy_build(mctl_fuzzy *fz);
/*
 * Calls cb(ctx, id) for every name exactly one edit away from word[0..len)
 * (never for an exact match). Returns the first non-zero cb result.
 */
typedef int (*mctl_fuzzy_cb)(void *ctx, uint32_t id);
int mctl__fuzzy_lookup(const mctl_fuzzy *fz, const char *word, size_t len, mctl_fuzzy_cb cb, void *ctx);
void mctl__fuzzy_free(mctl_fuzzy *fz);
/* Optimal-string-alignment distance, capped at cap + 1. */
size_t mctl__osa_distance(const char *a, size_t la, const char *b, size_t lb, size_t cap);

#endif
