/* Internal: the result of a classification (built by decide/, read by report/). */
#ifndef MCTL_DECIDE_RESULT_H
#define MCTL_DECIDE_RESULT_H

#include <stdbool.h>
#include "mineralctl/classify.h"
#include "util/alloc.h"

typedef struct mctl_res_item {
	uint32_t index;
	mctl_action action;
	mctl_match match;
} mctl_res_item;

typedef struct mctl_res_ev {
	mctl_field field;
	size_t start, end;
	const char *text;    /* valid UTF-8 copy */
	const char *concept; /* concept id or listed code */
	bool negated;        /* the text says the goods are free of it */
	bool approximate;    /* a near-miss spelling of a name */
} mctl_res_ev;

struct mctl_result {
	mctl_alloc al;
	mctl_arena ar;
	mctl_policy *policy;
	mctl_verdict verdict;
	char date[11];
	bool in_jur;
	const char *note, *id;
	mctl_res_item *items;
	size_t nitems;
	mctl_flag flags[MCTL_FLAG_COUNT_];
	size_t nflags;
	mctl_res_ev *ev;
	size_t nev;
};

#endif
