/* Internal: dates, countries, small string helpers. */
#ifndef MCTL_UTIL_DATA_H
#define MCTL_UTIL_DATA_H

#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01. Open bounds of periods: */
#define MCTL_DAY_MIN INT32_MIN
#define MCTL_DAY_MAX INT32_MAX

/* Parses exactly "YYYY-MM-DD" (a real calendar day, years 1..9999). 0 ok, -1 bad. */
int mctl__date_parse(const char *s, size_t len, int32_t *out);
/* Formats into buf (>= 11 bytes). */
void mctl__date_format(int32_t day, char *buf);
/* Today in UTC. */
int32_t mctl__date_today(void);

/* Country sets: one bit per alpha-2 code AA..ZZ. */
typedef struct mctl_cset {
	uint64_t bits[11];
} mctl_cset;

/* Index 0..675 of an upper-case alpha-2 code, or -1. Does not check ISO. */
int mctl__country_index(const char *cc, size_t len);
/* 1 when cc (upper case, 2 letters) is an ISO 3166-1 alpha-2 code (or XK). */
int mctl__country_valid(const char *cc, size_t len);
/* Canonicalises any-case input into out[3]; 0 ok (valid code), -1 otherwise. */
int mctl__country_canon(const char *s, size_t len, char out[3]);
void mctl__cset_add(mctl_cset *s, int idx);
int mctl__cset_has(const mctl_cset *s, int idx);
void mctl__cset_union(mctl_cset *dst, const mctl_cset *src);

/* Levenshtein distance (bytes), capped at cap+1. */
size_t mctl__edit_distance(const char *a, const char *b, size_t cap);

#endif
