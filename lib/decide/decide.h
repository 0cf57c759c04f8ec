/* Internal: from matches to a verdict. */
#ifndef MCTL_DECIDE_DECIDE_H
#define MCTL_DECIDE_DECIDE_H

#include "decide/result.h"
#include "match/params.h"
#include "match/text.h"
#include "policy/model.h"
#include "record/record.h"

/* What the matching stage found, plus the movement's facts. */
typedef struct mctl_facts {
	int32_t day;
	int from_idx, to_idx;          /* country indices, -1 when unknown */
	const int *route_idx;
	size_t nroute;
	unsigned channel;              /* MCTL_CHANNEL_* bit, 0 when unknown */
	const char *end_use;           /* as declared, or NULL */
	size_t end_use_len;
	const char *text[MCTL_FIELD_COUNT_]; /* original field bytes (for evidence) */
	size_t len[MCTL_FIELD_COUNT_];
	const mctl_hit *hits;
	size_t nhits;
	const mctl_qty *qtys;          /* quantities stated in the text */
	size_t nqtys;
	bool has_desc;                 /* a description or description2 was given */
	bool code_present, code_valid;
	char code[11];
	size_t code_len, code_start, code_end;
	bool invalid_utf8;
	bool truncated; /* a field had more hits than MCTL_MAX_HITS: the rest were dropped */
	void *work;                    /* mctl__decide_work_size() bytes of scratch, or NULL */
	uint32_t epoch;                /* with work: this call's number (never 0) */
	bool work_fresh;               /* with work: its bytes are not yet initialised */
	const mctl_component *comp;    /* the goods' components, as declared */
	size_t ncomp;
} mctl_facts;

/* Scratch bytes mctl__decide needs for p (reused between calls by the caller). */
size_t mctl__decide_work_size(const mctl_policy *p);

/* Fills res (whose arena and policy are set). MCTL_OK or MCTL_ENOMEM. */
int mctl__decide(const mctl_policy *p, const mctl_facts *f, mctl_result *res);

#endif
