/* Internal: the record as the classifier reads it. */
#ifndef MCTL_RECORD_RECORD_H
#define MCTL_RECORD_RECORD_H

#include <stdbool.h>
#include "mineralctl/record.h"
#include "util/alloc.h"

#define MCTL_MAX_ROUTE 64
#define MCTL_MAX_COMPONENTS 32
#define MCTL_DEFAULT_MAX_FIELD ((size_t)1 << 20)
#define MCTL_MAX_CODES 16
#define MCTL_CODE_CHARS 32 /* 31 characters and the NUL */

typedef struct mctl_component {
	char material[64];
	char origin[3];        /* "" when unknown */
	double value_share;    /* percent, < 0 when unknown */
	double weight_share;
} mctl_component;

struct mctl_record {
	mctl_alloc al;
	mctl_buf f[MCTL_FIELD_COUNT_];
	bool set[MCTL_FIELD_COUNT_];
	char route[MCTL_MAX_ROUTE][3];
	size_t nroute;
	double qty, value;
	bool has_qty, has_value;
	mctl_component comp[MCTL_MAX_COMPONENTS];
	size_t ncomp;
	size_t max_field; /* bytes per text field */
	char code_type[MCTL_MAX_CODES][MCTL_CODE_CHARS];
	char code_value[MCTL_MAX_CODES][MCTL_CODE_CHARS];
	size_t ncodes;
	/* classification buffers kept between calls (owned by classify.c) */
	void *cache;
	void (*cache_free)(void *cache, const mctl_alloc *al);
};

/*
 * Copies every field, the route, components, extra codes, quantity and value
 * of src into dst (dst is cleared first; its classification buffers are
 * kept). Returns MCTL_OK or MCTL_ENOMEM (dst is then cleared).
 */
int mctl__record_copy(mctl_record *dst, const mctl_record *src);

#endif
