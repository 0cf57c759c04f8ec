#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>
#include "policy/yaml.h"

#define DEFAULT_MAX_FILE (4u << 20)
#define DEFAULT_MAX_DEPTH 64

typedef struct frame {
	mctl_ynode *node;
	mctl_vec kids; /* mctl_ynode * */
	size_t weight; /* nodes so far, aliases expanded */
} frame;

typedef struct anchor {
	const char *name;
	mctl_ynode *node;
	bool open; /* still being read: an alias to it would make a cycle */
} anchor;

static const unsigned char *anchor_of(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT: return ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT: return ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT: return ev->data.mapping_start.anchor;
	default: return NULL;
	}
}

/* The latest definition of an anchor (YAML lets a later one override). */
static anchor *find_anchor(mctl_vec *anchors, const char *name)
{
	for (size_t i = anchors->len; i-- > 0;) {
		anchor *a = &MCTL_VEC_AT(anchors, anchor, i);
		if (strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

/* Byte offset of a libyaml mark (0-based line, 0-based column in characters). */
static size_t mark_offset(mctl_ysource *src, const mctl_alloc *al, size_t line, size_t col)
{
	if (!src->line_starts) {
		size_t n = 1;
		for (size_t i = 0; i < src->len; i++)
			if (src->text[i] == '\n' || (src->text[i] == '\r' && (i + 1 >= src->len || src->text[i + 1] != '\n')))
				n++;
		src->line_starts = mctl__calloc(al, n, sizeof(size_t));
		if (!src->line_starts)
			return (size_t)-1;
		size_t k = 0;
		src->line_starts[k++] = 0;
		for (size_t i = 0; i < src->len; i++)
			if (src->text[i] == '\n' || (src->text[i] == '\r' && (i + 1 >= src->len || src->text[i + 1] != '\n')))
				src->line_starts[k++] = i + 1;
		src->nlines = k;
	}
	if (line >= src->nlines)
		return src->len;
	size_t off = src->line_starts[line];
	/* Skip a UTF-8 BOM on the first line: libyaml does not count it. */
	if (line == 0 && src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	while (col > 0 && off < src->len) {
		off++;
		while (off < src->len && ((unsigned char)src->text[off] & 0xC0) == 0x80)
			off++;
		col--;
	}
	return off;
}

static void set_pos(mctl_pos *pos, mctl_ysource *src, const mctl_alloc *al, yaml_mark_t m)
{
	pos->file = src->name;
	pos->line = (unsigned)m.line + 1;
	pos->col = (unsigned)m.column + 1;
	pos->offset = mark_offset(src, al, m.line, m.column);
}

/*
 * Position of a byte offset. libyaml reports decoding errors (invalid UTF-8,
 * control characters) with a byte offset only, its mark left at the start.
 */
static void set_pos_offset(mctl_pos *pos, const mctl_ysource *src, size_t offset)
{
	if (offset > src->len)
		offset = src->len;
	size_t line = 1, col = 1, i = 0;
	if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 && offset >= 3)
		i = 3; /* the BOM is not a column */
	for (; i < offset; i++) {
		unsigned char c = (unsigned char)src->text[i];
		if (c == '\n' || (c == '\r' && (i + 1 >= src->len || src->text[i + 1] != '\n'))) {
			line++;
			col = 1;
		} else if (c != '\r' && (c & 0xC0) != 0x80) {
			col++;
		}
	}
	pos->file = src->name;
	pos->line = (unsigned)line;
	pos->col = (unsigned)col;
	pos->offset = offset;
}

static bool tag_ok(const unsigned char *tag)
{
	static const char *const ok[] = {
		"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
		"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq",
		"tag:yaml.org,2002:map", "!",
	};
	if (!tag)
		return true;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp((const char *)tag, ok[i]) == 0)
			return true;
	return false;
}

static int keycmp(const void *a, const void *b)
{
	const mctl_ynode *ka = *(mctl_ynode *const *)a, *kb = *(mctl_ynode *const *)b;
	size_t n = ka->len < kb->len ? ka->len : kb->len;
	int c = memcmp(ka->str, kb->str, n);
	if (c)
		return c;
	if (ka->len != kb->len)
		return ka->len < kb->len ? -1 : 1;
	/* equal keys: order by position so the later one is reported */
	return ka->pos.offset < kb->pos.offset ? -1 : ka->pos.offset > kb->pos.offset;
}

/* Reports keys that are not scalars, and duplicates (the later occurrence). */
static int check_map_keys(mctl_ynode *map, const mctl_alloc *al, mctl_errlist *errs)
{
	int rc = MCTL_OK;
	if (map->n == 0)
		return rc;
	mctl_ynode **keys = mctl__calloc(al, map->n, sizeof *keys);
	if (!keys)
		return MCTL_ENOMEM;
	size_t nk = 0;
	for (size_t i = 0; i < map->n; i++) {
		mctl_ynode *k = map->kids[2 * i];
		if (k->kind != MCTL_Y_SCALAR) {
			mctl__errlist_add(errs, MCTL_ESYNTAX, &k->pos, NULL, "mapping keys must be plain text");
			rc = MCTL_ESYNTAX;
			continue;
		}
		keys[nk++] = k;
	}
	qsort(keys, nk, sizeof *keys, keycmp);
	for (size_t i = 1; i < nk; i++)
		if (keys[i]->len == keys[i - 1]->len && memcmp(keys[i]->str, keys[i - 1]->str, keys[i]->len) == 0) {
			mctl__errlist_add(errs, MCTL_ESYNTAX, &keys[i]->pos, NULL,
			                  "duplicate key '%s' (first defined at line %u)", keys[i]->str,
			                  keys[i - 1]->pos.line);
			rc = MCTL_ESYNTAX;
		}
	mctl__free(al, keys);
	return rc;
}

static int parse(mctl_ynode **root, mctl_ysource *src, const mctl_ylimits *lim, mctl_arena *ar,
                 mctl_errlist *errs)
{
	const mctl_alloc *al = ar->al;
	unsigned max_depth = lim && lim->max_depth ? lim->max_depth : DEFAULT_MAX_DEPTH;
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = MCTL_OK;
	frame *stack = NULL;
	unsigned depth = 0, docs = 0;
	mctl_ynode *top = NULL;
	size_t budget = lim ? lim->alias_budget : 0, expanded = 0;
	mctl_vec anchors;
	mctl__vec_init(&anchors, al, sizeof(anchor));

	*root = NULL;
	if (!yaml_parser_initialize(&parser))
		return MCTL_ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->text, src->len);
	stack = mctl__calloc(al, max_depth + 1, sizeof *stack);
	if (!stack) {
		yaml_parser_delete(&parser);
		return MCTL_ENOMEM;
	}

	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			mctl_pos pos;
			if (parser.error == YAML_READER_ERROR)
				set_pos_offset(&pos, src, parser.problem_offset);
			else
				set_pos(&pos, src, al, parser.problem_mark);
			if (parser.context)
				mctl__errlist_add(errs, MCTL_ESYNTAX, &pos, NULL, "YAML syntax: %s %s",
				                  parser.problem ? parser.problem : "error", parser.context);
			else
				mctl__errlist_add(errs, MCTL_ESYNTAX, &pos, NULL, "YAML syntax: %s",
				                  parser.problem ? parser.problem : "error");
			rc = parser.error == YAML_MEMORY_ERROR ? MCTL_ENOMEM : MCTL_ESYNTAX;
			break;
		}
		yaml_event_type_t type = ev.type;
		mctl_ynode *node = NULL;
		const unsigned char *tag = NULL;

		switch (type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				mctl_pos pos;
				set_pos(&pos, src, al, ev.start_mark);
				mctl__errlist_add(errs, MCTL_ESYNTAX, &pos, NULL,
				                  "a policy file holds one YAML document; found a second one");
				rc = MCTL_ESYNTAX;
			}
			break;
		case YAML_ALIAS_EVENT: {
			mctl_pos pos;
			set_pos(&pos, src, al, ev.start_mark);
			const char *name = ev.data.alias.anchor ? (const char *)ev.data.alias.anchor : "";
			if (budget == 0) {
				mctl__errlist_add(errs, MCTL_ESYNTAX, &pos, NULL,
				                  "YAML aliases (*%s) are not allowed in policy files; write the value out",
				                  name);
				rc = MCTL_ESYNTAX;
				break;
			}
			anchor *a = find_anchor(&anchors, name);
			if (!a || a->open) {
				mctl__errlist_add(errs, MCTL_ESYNTAX, &pos, NULL,
				                  a ? "alias *%s refers to a node that contains it"
				                    : "alias *%s refers to no anchor defined before it", name);
				rc = MCTL_ESYNTAX;
				break;
			}
			if (a->node->weight > budget - expanded) {
				mctl__errlist_add(errs, MCTL_ELIMIT, &pos, NULL,
				                  "aliases expand to more than %zu nodes (the alias budget)", budget);
				rc = MCTL_ELIMIT;
				yaml_event_delete(&ev);
				goto out;
			}
			expanded += a->node->weight;
			if (depth > 0) {
				mctl_ynode **slot = mctl__vec_push(&stack[depth - 1].kids);
				if (!slot)
					goto nomem;
				*slot = a->node;
				stack[depth - 1].weight += a->node->weight;
			}
			break;
		}
		case YAML_SCALAR_EVENT:
			tag = ev.data.scalar.tag;
			node = mctl__arena_alloc(ar, sizeof *node);
			if (!node)
				goto nomem;
			node->kind = MCTL_Y_SCALAR;
			node->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			node->str = mctl__arena_strndup(ar, (const char *)ev.data.scalar.value, ev.data.scalar.length);
			if (!node->str)
				goto nomem;
			node->len = ev.data.scalar.length;
			node->weight = 1;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			tag = type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.tag : ev.data.mapping_start.tag;
			node = mctl__arena_alloc(ar, sizeof *node);
			if (!node)
				goto nomem;
			node->kind = type == YAML_SEQUENCE_START_EVENT ? MCTL_Y_SEQ : MCTL_Y_MAP;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			frame *f = &stack[--depth];
			mctl_ynode *n = f->node;
			size_t cnt = f->kids.len;
			n->weight = f->weight;
			if (depth > 0)
				stack[depth - 1].weight += n->weight;
			for (size_t i = anchors.len; i-- > 0;)
				if (MCTL_VEC_AT(&anchors, anchor, i).node == n)
					MCTL_VEC_AT(&anchors, anchor, i).open = false;
			n->kids = mctl__arena_alloc(ar, (cnt ? cnt : 1) * sizeof *n->kids);
			if (!n->kids) {
				mctl__vec_free(&f->kids);
				goto nomem;
			}
			if (cnt)
				memcpy(n->kids, f->kids.data, cnt * sizeof *n->kids);
			mctl__vec_free(&f->kids);
			if (n->kind == MCTL_Y_MAP) {
				n->n = cnt / 2;
				int krc = check_map_keys(n, al, errs);
				if (krc == MCTL_ENOMEM)
					goto nomem;
				if (krc)
					rc = krc;
			} else {
				n->n = cnt;
			}
			break;
		}
		case YAML_STREAM_END_EVENT:
		case YAML_NO_EVENT:
			break;
		}

		if (node) {
			yaml_mark_t m = ev.start_mark;
			set_pos(&node->pos, src, al, m);
			if (!tag_ok(tag)) {
				mctl__errlist_add(errs, MCTL_ESYNTAX, &node->pos, NULL,
				                  "YAML tag '%s' is not allowed in policy files", (const char *)tag);
				rc = MCTL_ESYNTAX;
			}
			if (depth > 0) {
				mctl_ynode **slot = mctl__vec_push(&stack[depth - 1].kids);
				if (!slot)
					goto nomem;
				*slot = node;
				if (node->kind == MCTL_Y_SCALAR)
					stack[depth - 1].weight += 1;
			} else if (!top) {
				top = node;
			}
			const unsigned char *an = anchor_of(&ev);
			if (an && budget > 0) {
				anchor *a = mctl__vec_push(&anchors);
				if (!a)
					goto nomem;
				a->name = mctl__arena_strndup(ar, (const char *)an, strlen((const char *)an));
				a->node = node;
				a->open = node->kind != MCTL_Y_SCALAR;
				if (!a->name)
					goto nomem;
			}
			if (node->kind != MCTL_Y_SCALAR) {
				if (depth >= max_depth) {
					mctl__errlist_add(errs, MCTL_ELIMIT, &node->pos, NULL,
					                  "nesting deeper than %u levels", max_depth);
					rc = MCTL_ELIMIT;
					yaml_event_delete(&ev);
					break;
				}
				stack[depth].node = node;
				stack[depth].weight = 1;
				mctl__vec_init(&stack[depth].kids, al, sizeof(mctl_ynode *));
				depth++;
			}
		}
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT)
			break;
		continue;
	nomem:
		yaml_event_delete(&ev);
		rc = MCTL_ENOMEM;
		break;
	}

out:
	while (depth > 0)
		mctl__vec_free(&stack[--depth].kids);
	mctl__vec_free(&anchors);
	mctl__free(al, stack);
	mctl__free(al, src->line_starts);
	src->line_starts = NULL;
	yaml_parser_delete(&parser);
	if (rc == MCTL_OK)
		*root = top;
	return rc;
}

int mctl__yaml_load_buffer(mctl_ynode **root, mctl_ysource *src, const char *name,
                           const char *text, size_t len, const mctl_ylimits *lim,
                           mctl_arena *ar, mctl_errlist *errs)
{
	memset(src, 0, sizeof *src);
	src->name = name;
	size_t max = lim && lim->max_file_size ? lim->max_file_size : DEFAULT_MAX_FILE;
	if (len > max) {
		mctl_pos pos = { src->name, 0, 0, 0 };
		mctl__errlist_add(errs, MCTL_ELIMIT, &pos, NULL, "file is %zu bytes, over the limit of %zu", len, max);
		return MCTL_ELIMIT;
	}
	src->text = (char *)text;
	src->len = len;
	return parse(root, src, lim, ar, errs);
}

int mctl__yaml_load_file(mctl_ynode **root, mctl_ysource *src, const char *path,
                         const mctl_ylimits *lim, mctl_arena *ar, mctl_errlist *errs)
{
	*root = NULL;
	memset(src, 0, sizeof *src);
	src->name = path;
	mctl_pos pos = { src->name, 0, 0, 0 };
	size_t max = lim && lim->max_file_size ? lim->max_file_size : DEFAULT_MAX_FILE;
	FILE *f = fopen(path, "rb");
	if (!f) {
		mctl__errlist_add(errs, MCTL_EIO, &pos, NULL, "cannot open: %s", strerror(errno));
		return MCTL_EIO;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		mctl__errlist_add(errs, MCTL_EIO, &pos, NULL, "is a directory, not a policy file");
		return MCTL_EIO;
	}
	/* Read at most max + 1 bytes: never trust st_size (pipes, growing files). */
	mctl_buf b;
	mctl__buf_init(&b, ar->al);
	char chunk[65536];
	size_t got;
	int err = 0;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + got > max) {
			b.len = max + 1;
			break;
		}
		if (mctl__buf_append(&b, chunk, got)) {
			fclose(f);
			mctl__buf_free(&b);
			return MCTL_ENOMEM;
		}
	}
	err = ferror(f);
	fclose(f);
	size_t len = b.len;
	if (err || len > max) {
		mctl__buf_free(&b);
		if (err)
			mctl__errlist_add(errs, MCTL_EIO, &pos, NULL, "read error");
		else
			mctl__errlist_add(errs, MCTL_ELIMIT, &pos, NULL, "file is larger than the limit of %zu bytes", max);
		return err ? MCTL_EIO : MCTL_ELIMIT;
	}
	char *text = mctl__arena_alloc(ar, len + 1);
	if (!text) {
		mctl__buf_free(&b);
		return MCTL_ENOMEM;
	}
	if (len)
		memcpy(text, b.data, len);
	mctl__buf_free(&b);
	text[len] = '\0';
	src->text = text;
	src->len = len;
	return parse(root, src, lim, ar, errs);
}

const mctl_ynode *mctl__ymap_get(const mctl_ynode *map, const char *key)
{
	if (!map || map->kind != MCTL_Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++) {
		const mctl_ynode *k = map->kids[2 * i];
		if (k->kind == MCTL_Y_SCALAR && strcmp(k->str, key) == 0)
			return map->kids[2 * i + 1];
	}
	return NULL;
}
