/*
 * Internal: the in-memory policy. Built by policy/load.c, completed by
 * policy/compile.c, read (never written) by match/ and decide/.
 * Everything lives in the policy's arena.
 */
#ifndef MCTL_POLICY_MODEL_H
#define MCTL_POLICY_MODEL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "mineralctl/policy.h"
#include "util/alloc.h"
#include "util/data.h"
#include "util/internal.h"

typedef struct mctl_ac mctl_ac;
typedef struct mctl_fuzzy mctl_fuzzy;

/* false_friend: real words that look like a name ("allium"): found, so never taken for a near miss, and otherwise ignored */
enum { MCTL_CONCEPT_MATERIAL = 0, MCTL_CONCEPT_FORM = 1, MCTL_CONCEPT_VAGUE = 2, MCTL_CONCEPT_FALSE_FRIEND = 3 };
enum { MCTL_CHANNEL_CUSTOMS = 1, MCTL_CHANNEL_POSTAL = 2, MCTL_CHANNEL_PLATFORM = 4 };

typedef struct mctl_text {
	const char *lang; /* language tag, or NULL */
	const char *text;
} mctl_text;

typedef struct mctl_strs {
	const char **v;
	size_t n;
} mctl_strs;

typedef struct mctl_concept {
	const char *id;
	int kind;
	mctl_text *names;
	size_t nnames;
	mctl_strs formulas, symbols, cas;
	mctl_strs minerals; /* the controlled minerals this concept names (may be empty) */
	mctl_pos pos;
} mctl_concept;

typedef struct mctl_announcement {
	const char *id, *title, *source, *note;
	int32_t issued, effective; /* MCTL_DAY_MIN when absent */
	mctl_pos pos;
} mctl_announcement;

typedef struct mctl_group {
	const char *name;
	mctl_cset set;
	mctl_pos pos;
} mctl_group;

typedef struct mctl_period {
	int32_t from, until; /* inclusive; MCTL_DAY_MIN / MCTL_DAY_MAX when open */
	const char *by, *note;
} mctl_period;

typedef struct mctl_control {
	mctl_action action; /* MCTL_ACTION_NONE for a control that only raises a flag */
	int flag;           /* mctl_flag raised when the control applies, or -1 */
	bool has_dest, has_route;
	mctl_cset dest, route;
	unsigned channels;  /* 0 = every channel */
	mctl_strs end_use;  /* lower-case; empty = any */
	mctl_period active;
	mctl_period *susp;
	size_t nsusp;
	const char *rule_id; /* the rule it came from, or NULL */
	const char *note;
	bool abroad;         /* governs exports from other countries (extraterritorial), and only those */
	bool has_components; /* applies only when a component matches: */
	mctl_strs comp_minerals;
	bool has_comp_origin;
	mctl_cset comp_origin;
	double comp_min_value, comp_min_weight; /* percent, < 0 = no minimum */
} mctl_control;

typedef struct mctl_code {
	char digits[11];
	uint8_t len;
	bool alias, confirmed;
	int32_t from, until;
	const char *note;
} mctl_code;

/* Parameters the classifier reads from text; others are recorded only. */
enum { MCTL_PARAM_OTHER = 0, MCTL_PARAM_PURITY, MCTL_PARAM_CONTENT, MCTL_PARAM_PARTICLE_SIZE,
       MCTL_PARAM_ENERGY_DENSITY };
enum { MCTL_OP_GE = 0, MCTL_OP_GT, MCTL_OP_LE, MCTL_OP_LT, MCTL_OP_EQ };

typedef struct mctl_param {
	const char *name, *op, *unit, *mineral;
	int kind, opk;
	double value;
	bool confirmed;
} mctl_param;

typedef struct mctl_cond {
	bool present;
	uint32_t *all, *any, *none; /* concept indices */
	size_t nall, nany, nnone;
} mctl_cond;

typedef struct mctl_item {
	const char *id;
	mctl_text *titles;
	size_t ntitles;
	const mctl_announcement *ann;
	const char *clause, *control_code, *note;
	mctl_strs minerals;
	bool confirmed;
	mctl_code *codes;
	size_t ncodes;
	mctl_cond when;
	mctl_param *params;
	size_t nparams;
	mctl_control *controls; /* own controls, then those of rules */
	size_t ncontrols;
	mctl_pos pos;
} mctl_item;

/* A compiled text pattern: which concept, and how it must be bounded. */
enum { MCTL_PAT_NAME = 0, MCTL_PAT_FORMULA = 1, MCTL_PAT_CAS = 2, MCTL_PAT_SYMBOL = 3 };
typedef struct mctl_pattern {
	uint32_t concept;
	uint8_t type;
	bool bound_start, bound_end; /* needs a word boundary on that side */
	bool compound; /* a name of a compounding language: may start a compound word */
	uint32_t len;  /* bytes, normalized */
} mctl_pattern;

/* Code index entry: listed code -> item. Sorted by digits. */
typedef struct mctl_code_ref {
	const char *digits; /* points into the item's mctl_code */
	uint8_t len;
	uint32_t item, code;
} mctl_code_ref;

typedef struct mctl_pfile_info {
	const char *rel;    /* path relative to the bundle */
	char sha256[65];    /* hex */
} mctl_pfile_info;

struct mctl_policy {
	atomic_uint refs;
	mctl_alloc al;
	mctl_arena arena;
	const char *bundle, *version, *title;
	const char *digest;       /* "sha256:..." over all files */
	bool sealed;
	mctl_pfile_info *files;
	size_t nfiles;
	char jurisdiction[3];
	int jurisdiction_idx;

	mctl_concept *concepts;
	size_t nconcepts;
	mctl_announcement *anns;
	size_t nanns;
	mctl_group *groups;
	size_t ngroups;
	mctl_item *items;
	size_t nitems;

	/* compiled */
	mctl_ac *ac_fold;      /* case-folded names and CAS numbers */
	mctl_ac *ac_case;      /* formulas, case-sensitive */
	mctl_fuzzy *fuzzy;     /* near misses of long Latin names -> pats_fold index */
	mctl_pattern *pats_fold, *pats_case;
	size_t npats_fold, npats_case;
	mctl_code_ref *coderefs;
	size_t ncoderefs;
	uint32_t *vague;       /* indices of vague concepts */
	bool reads_quantities; /* some item has a threshold read from text (purity ...) */
	uint32_t *concept_items_off; /* nconcepts + 1 offsets into concept_items */
	uint32_t *concept_items;     /* per concept, the items naming it in when.all / when.any */
	size_t nvague;
};

/* policy/compile.c: builds the automata and code index. MCTL_OK or status. */
int mctl__policy_compile(mctl_policy *p, mctl_errlist *errs);
void mctl__policy_destroy(mctl_policy *p);

/* Whether control c is in force on day (dates and suspensions only). */
bool mctl__control_in_force(const mctl_control *c, int32_t day);
/* Whether one of the item's own controls (not a rule's) is in force on day: rules apply only then. */
bool mctl__item_controlled_on(const mctl_item *it, int32_t day);

#endif
