/*
 * Internal: a safe YAML reader (libyaml event API) producing a small tree
 * with positions. Aliases are refused unless an alias budget allows them
 * (then an alias shares its anchor's node, and the nodes aliases add,
 * counted through nested aliases, must stay within the budget: no billion
 * laughs), depth and size are bounded,
 * duplicate keys and unknown tags are errors.
 */
#ifndef MCTL_POLICY_YAML_H
#define MCTL_POLICY_YAML_H

#include <stdbool.h>
#include "util/alloc.h"
#include "util/internal.h"

enum { MCTL_Y_SCALAR = 1, MCTL_Y_SEQ = 2, MCTL_Y_MAP = 3 };

typedef struct mctl_ynode {
	int kind;
	mctl_pos pos;
	bool plain;        /* scalar written without quotes */
	const char *str;   /* scalar value, NUL-terminated */
	size_t len;
	struct mctl_ynode **kids; /* seq items; map: key0, val0, key1, val1 ... */
	size_t n;          /* seq: items; map: pairs */
	size_t weight;     /* nodes in this subtree, aliases expanded */
} mctl_ynode;

typedef struct mctl_ylimits {
	size_t max_file_size;
	unsigned max_depth;
	size_t alias_budget; /* nodes that aliases may add; 0 refuses aliases */
} mctl_ylimits;

/* A file's text, kept for positions (line -> byte offset). */
typedef struct mctl_ysource {
	const char *name;  /* borrowed: must outlive the tree (positions point at it) */
	char *text;
	size_t len;
	size_t *line_starts; /* lazily built */
	size_t nlines;
} mctl_ysource;

/*
 * Reads and parses `path` into *root (NULL for an empty document). Nodes
 * live in `ar`; `path` must outlive them; problems go to errs. Returns MCTL_OK, MCTL_EIO,
 * MCTL_ESYNTAX, MCTL_ELIMIT or MCTL_ENOMEM.
 */
int mctl__yaml_load_file(mctl_ynode **root, mctl_ysource *src, const char *path,
                         const mctl_ylimits *lim, mctl_arena *ar, mctl_errlist *errs);
/* Same from memory (name used in messages). */
int mctl__yaml_load_buffer(mctl_ynode **root, mctl_ysource *src, const char *name,
                           const char *text, size_t len, const mctl_ylimits *lim,
                           mctl_arena *ar, mctl_errlist *errs);

/* Value of key in a map node, or NULL. */
const mctl_ynode *mctl__ymap_get(const mctl_ynode *map, const char *key);

#endif
