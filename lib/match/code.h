/* Internal: commodity code normalization and lookup in the policy's code index. */
#ifndef MCTL_MATCH_CODE_H
#define MCTL_MATCH_CODE_H

#include <stddef.h>
#include "policy/model.h"

/*
 * Normalizes a declared code: surrounding blanks dropped, '.', ' ' and '-'
 * between digit groups dropped; the result must be 6, 8 or 10 digits.
 * *start and *end receive the byte span of the code in the input.
 * Returns 0 and fills out (NUL-terminated) or -1 when it is not a code.
 */
int mctl__code_normalize(const char *in, size_t len, char out[11], size_t *olen, size_t *start, size_t *end);

enum {
	MCTL_CODE_UNDER = 1,  /* the declared code lies under the listed one */
	MCTL_CODE_ABOVE = 2   /* the declared code is shorter: it covers the listed one and more */
};
typedef void (*mctl_code_cb)(void *ctx, const mctl_code_ref *ref, int relation);
/* Calls cb for every listed code related to the declared digits. */
void mctl__code_lookup(const mctl_policy *p, const char *digits, size_t len, mctl_code_cb cb, void *ctx);

#endif
