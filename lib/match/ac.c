#include <string.h>
#include "mineralctl/common.h"
#include "match/ac.h"

typedef struct tnode {
	uint32_t child, sibling; /* trie links during build (0 = none; root is 0) */
	uint32_t fail, dict;     /* failure link; nearest fail-ancestor with output (UINT32_MAX = none) */
	uint32_t out;            /* first pattern ending here (UINT32_MAX = none) */
	uint8_t byte;
} tnode;

struct mctl_ac {
	const mctl_alloc *al;
	mctl_alloc alc;
	tnode *nodes;
	size_t nnodes, capnodes;
	/* patterns */
	uint32_t *pid, *plen, *pnext;
	size_t npat, cappat;
	/* DFA */
	uint8_t cls[256];
	uint32_t nclass;
	uint32_t *delta;   /* transitions, or NULL when delta16 holds them */
	uint16_t *delta16; /* the same in half the memory, for automata of < 65536 states */
	int built;
};

#define NONE UINT32_MAX

int mctl__ac_new(mctl_ac **out, const mctl_alloc *al)
{
	mctl_ac *ac = mctl__calloc(al, 1, sizeof *ac);
	*out = NULL;
	if (!ac)
		return MCTL_ENOMEM;
	ac->alc = *al;
	ac->al = &ac->alc;
	ac->nodes = mctl__calloc(ac->al, 64, sizeof *ac->nodes);
	if (!ac->nodes) {
		mctl__free(al, ac);
		return MCTL_ENOMEM;
	}
	ac->capnodes = 64;
	ac->nnodes = 1;
	ac->nodes[0].out = NONE;
	ac->nodes[0].dict = NONE;
	*out = ac;
	return MCTL_OK;
}

static uint32_t child_of(const mctl_ac *ac, uint32_t s, uint8_t b)
{
	for (uint32_t c = ac->nodes[s].child; c; c = ac->nodes[c].sibling)
		if (ac->nodes[c].byte == b)
			return c;
	return 0;
}

int mctl__ac_add(mctl_ac *ac, const unsigned char *pat, size_t len, uint32_t id)
{
	if (ac->built || len == 0 || len > UINT32_MAX)
		return MCTL_EINVAL;
	uint32_t s = 0;
	for (size_t i = 0; i < len; i++) {
		uint32_t c = child_of(ac, s, pat[i]);
		if (!c) {
			if (ac->nnodes == ac->capnodes) {
				tnode *n = mctl__realloc(ac->al, ac->nodes, ac->capnodes * 2 * sizeof *n);
				if (!n)
					return MCTL_ENOMEM;
				ac->nodes = n;
				ac->capnodes *= 2;
			}
			c = (uint32_t)ac->nnodes++;
			memset(&ac->nodes[c], 0, sizeof ac->nodes[c]);
			ac->nodes[c].byte = pat[i];
			ac->nodes[c].out = NONE;
			ac->nodes[c].dict = NONE;
			ac->nodes[c].sibling = ac->nodes[s].child;
			ac->nodes[s].child = c;
		}
		s = c;
	}
	if (ac->npat == ac->cappat) {
		size_t cap = ac->cappat ? ac->cappat * 2 : 32;
		uint32_t *a = mctl__realloc(ac->al, ac->pid, cap * sizeof *a);
		if (!a)
			return MCTL_ENOMEM;
		ac->pid = a;
		a = mctl__realloc(ac->al, ac->plen, cap * sizeof *a);
		if (!a)
			return MCTL_ENOMEM;
		ac->plen = a;
		a = mctl__realloc(ac->al, ac->pnext, cap * sizeof *a);
		if (!a)
			return MCTL_ENOMEM;
		ac->pnext = a;
		ac->cappat = cap;
	}
	uint32_t k = (uint32_t)ac->npat++;
	ac->pid[k] = id;
	ac->plen[k] = (uint32_t)len;
	ac->pnext[k] = ac->nodes[s].out;
	ac->nodes[s].out = k;
	return MCTL_OK;
}

int mctl__ac_build(mctl_ac *ac)
{
	if (ac->built)
		return MCTL_OK;
	/* byte classes: every byte used in a pattern gets its own class; the rest share class 0 */
	memset(ac->cls, 0, sizeof ac->cls);
	uint32_t ncls = 1;
	for (size_t i = 1; i < ac->nnodes; i++) {
		uint8_t b = ac->nodes[i].byte;
		if (!ac->cls[b])
			ac->cls[b] = (uint8_t)ncls++;
	}
	/* 256 distinct bytes would overflow uint8_t: class numbers go to 255 at most */
	if (ncls > 256)
		return MCTL_EINTERNAL;
	ac->nclass = ncls;
	if (ac->nnodes > SIZE_MAX / ncls / sizeof(uint32_t))
		return MCTL_ENOMEM;
	mctl__free(ac->al, ac->delta); /* a build retried after a failure starts afresh */
	ac->delta = mctl__calloc(ac->al, ac->nnodes * ncls, sizeof(uint32_t));
	uint32_t *queue = mctl__calloc(ac->al, ac->nnodes, sizeof(uint32_t));
	if (!ac->delta || !queue) {
		mctl__free(ac->al, queue);
		return MCTL_ENOMEM;
	}
	size_t qh = 0, qt = 0;
	/* root: missing edges loop to root */
	for (uint32_t c = ac->nodes[0].child; c; c = ac->nodes[c].sibling) {
		ac->nodes[c].fail = 0;
		ac->delta[ac->cls[ac->nodes[c].byte]] = c;
		queue[qt++] = c;
	}
	while (qh < qt) {
		uint32_t s = queue[qh++];
		uint32_t f = ac->nodes[s].fail;
		/* inherit transitions of the failure state, then override with own children */
		memcpy(&ac->delta[(size_t)s * ncls], &ac->delta[(size_t)f * ncls], ncls * sizeof(uint32_t));
		ac->nodes[s].dict = ac->nodes[f].out != NONE ? f : ac->nodes[f].dict;
		for (uint32_t c = ac->nodes[s].child; c; c = ac->nodes[c].sibling) {
			uint32_t cl = ac->cls[ac->nodes[c].byte];
			ac->nodes[c].fail = ac->delta[(size_t)f * ncls + cl];
			if (ac->nodes[c].fail == c)
				ac->nodes[c].fail = 0;
			ac->delta[(size_t)s * ncls + cl] = c;
			queue[qt++] = c;
		}
	}
	mctl__free(ac->al, queue);
	if (ac->nnodes <= UINT16_MAX) {
		size_t n = ac->nnodes * ncls;
		uint16_t *d16 = mctl__malloc(ac->al, n * sizeof *d16);
		if (d16) { /* else keep the wide table */
			for (size_t i = 0; i < n; i++)
				d16[i] = (uint16_t)ac->delta[i];
			mctl__free(ac->al, ac->delta);
			ac->delta = NULL;
			ac->delta16 = d16;
		}
	}
	ac->built = 1;
	return MCTL_OK;
}

int mctl__ac_scan(const mctl_ac *ac, const unsigned char *text, size_t len, mctl_ac_cb cb, void *ctx)
{
	if (!ac->built || ac->npat == 0)
		return 0;
	const uint32_t ncls = ac->nclass;
	uint32_t s = 0;
	for (size_t i = 0; i < len; i++) {
		size_t at = (size_t)s * ncls + ac->cls[text[i]];
		s = ac->delta16 ? ac->delta16[at] : ac->delta[at];
		for (uint32_t t = ac->nodes[s].out != NONE ? s : ac->nodes[s].dict; t != NONE; t = ac->nodes[t].dict) {
			for (uint32_t k = ac->nodes[t].out; k != NONE; k = ac->pnext[k]) {
				int r = cb(ctx, ac->pid[k], i + 1 - ac->plen[k], i + 1);
				if (r)
					return r;
			}
		}
	}
	return 0;
}

size_t mctl__ac_states(const mctl_ac *ac)
{
	return ac ? ac->nnodes : 0;
}

void mctl__ac_free(mctl_ac *ac)
{
	if (!ac)
		return;
	const mctl_alloc al = ac->alc;
	mctl__free(&al, ac->nodes);
	mctl__free(&al, ac->pid);
	mctl__free(&al, ac->plen);
	mctl__free(&al, ac->pnext);
	mctl__free(&al, ac->delta);
	mctl__free(&al, ac->delta16);
	mctl__free(&al, ac);
}
