/*
 * mineralctl - screen goods records against export-control policies.
 * Uses the public API only. This file: the small commands and main();
 * screen.c: screen; source.c: reading records; audit.c: audit and replay.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/stat.h>
#include <jansson.h>
#include <yaml.h>
#include <mineralctl.h>
#include "cli.h"

const char *prog = "mineralctl";

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: %s COMMAND [OPTIONS]\n"
	        "\n"
	        "commands:\n"
	        "  classify [--policy PATH] [--date D] [--from CC] [--to CC] [--origin CC]\n"
	        "           [--route CC,CC..] [--code CODE] [--channel customs|postal|platform]\n"
	        "           [--end-use USE] [--format text|json] DESCRIPTION...\n"
	        "  screen   [--policy PATH] [--date D] [--format jsonl|csv|xml|table] [--only-flagged]\n"
	        "           [-j N] [--audit FILE [--audit-records]] [--input jsonl] [FILE|DIR|-]...\n"
	        "  replay   [--policy PATH] [--as-of D] AUDIT...   re-decide audited records, list changes\n"
	        "  lint     [PATH]          check a policy bundle, list every problem\n"
	        "  test     [BUNDLE | --policy PATH FILE|DIR...]  run policy tests (default: the bundle's tests/)\n"
	        "  list     [--policy PATH] [--date D]   items in force on a date\n"
	        "  explain  [--policy PATH] [--format text|json] ITEM...   an item's codes, conditions, controls\n"
	        "  codes    [--policy PATH] [--date D] CODE...   which items a commodity code points to\n"
	        "  diff     [--format text|json] OLD NEW   items added, removed or changed between two bundles\n"
	        "  bundle seal DIR          write the sha256 of every file into DIR/bundle.yaml\n"
	        "  bundle keygen NAME OUT   a signing key pair: OUT.pub (share) and OUT.key (secret, 0600)\n"
	        "  bundle sign DIR KEY      sign a sealed bundle: appends to DIR/bundle.yaml.sig\n"
	        "  bundle verify DIR        load DIR with the trust given (--trust); say why it fails\n"
	        "  version\n"
	        "\n"
	        "global options, before the command:\n"
	        "  --trust FILE             trusted public keys (repeatable; also $MINERALCTL_TRUST, ':'-separated):\n"
	        "                           every policy must then be signed by them\n"
	        "  --quorum N               distinct trusted signers required (default 1; $MINERALCTL_QUORUM)\n"
	        "  --alias-budget N         YAML nodes that aliases may add per policy file (default 0: refused)\n"
	        "  --max-pattern N          bytes per lexicon name (default 256)\n"
	        "\n"
	        "The policy is --policy, else $MINERALCTL_POLICY, else the installed bundle.\n",
	        prog);
}

int cli_append(char **buf, size_t *len, size_t *cap, size_t first, const void *p, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : first;
		while (c < *len + n + 1)
			c *= 2;
		char *b = realloc(*buf, c);
		if (!b)
			return -1;
		*buf = b;
		*cap = c;
	}
	if (n)
		memcpy(*buf + *len, p, n);
	*len += n;
	return 0;
}

void print_errors(const mctl_error *e)
{
	for (; e; e = mctl_error_next(e)) {
		char buf[2048];
		mctl_error_format(e, buf, sizeof buf);
		fprintf(stderr, "%s\n", buf);
	}
}

/* The default bundle: the source tree's when run from the build tree. */
const char *default_policy(void)
{
	const char *env = getenv("MINERALCTL_POLICY");
	if (env && *env)
		return env;
#ifdef __linux__
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		size_t bl = strlen(MCTL_BUILD_DIR);
		if (strncmp(exe, MCTL_BUILD_DIR, bl) == 0 && exe[bl] == '/')
			return MCTL_SRC_POLICY_DIR "/cn";
	}
#endif
	return MCTL_POLICY_DIR "/cn";
}

mctl_load_options cli_load_options = MCTL_LOAD_OPTIONS_INIT;

mctl_policy *load_policy(const char *path)
{
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	if (!path)
		path = default_policy();
	int rc = mctl_policy_load(&p, path, &cli_load_options, &err);
	if (rc != MCTL_OK) {
		fprintf(stderr, "%s: cannot load policy '%s': %s\n", prog, path, mctl_strerror(rc));
		print_errors(err);
		mctl_error_free(err);
		return NULL;
	}
	return p;
}

bool valid_date(const char *d)
{
	mctl_record *r = NULL;
	if (mctl_record_new(&r, NULL))
		return false;
	int rc = mctl_record_set(r, MCTL_FIELD_DATE, d, (size_t)-1, NULL);
	mctl_record_free(r);
	return rc == MCTL_OK;
}

/* ---------------- output ---------------- */

static void print_text(const mctl_result *res)
{
	const mctl_policy *p = mctl_result_policy(res);
	printf("verdict: %s\n", mctl_verdict_name(mctl_result_verdict(res)));
	size_t n = mctl_result_item_count(res);
	printf("items:%s\n", n ? "" : " none");
	for (size_t i = 0; i < n; i++) {
		size_t idx = mctl_result_item_index(res, i);
		const char *cc = mctl_policy_item_control_code(p, idx);
		printf("  %s  %s\n    action: %s (matched by %s)%s%s\n    announcement: %s\n",
		       mctl_result_item_id(res, i), mctl_policy_item_title(p, idx, "en"),
		       mctl_action_name(mctl_result_item_action(res, i)), mctl_match_name(mctl_result_item_match(res, i)),
		       cc ? "  control code: " : "", cc ? cc : "", mctl_policy_item_announcement(p, idx));
	}
	n = mctl_result_flag_count(res);
	printf("flags:%s", n ? "" : " none");
	for (size_t i = 0; i < n; i++)
		printf(" %s", mctl_flag_name(mctl_result_flag_at(res, i)));
	printf("\n");
	n = mctl_result_evidence_count(res);
	if (n)
		printf("evidence:\n");
	for (size_t i = 0; i < n; i++)
		printf("  %s[%zu..%zu] \"%s\" -> %s\n", mctl_field_name(mctl_result_evidence_field(res, i)),
		       mctl_result_evidence_start(res, i), mctl_result_evidence_end(res, i),
		       mctl_result_evidence_text(res, i), mctl_result_evidence_concept(res, i));
	if (mctl_result_note(res))
		printf("note: %s\n", mctl_result_note(res));
	printf("policy: %s %s, evaluated for %s\n", mctl_policy_bundle(p), mctl_policy_version(p), mctl_result_date(res));
}

/* ---------------- classify ---------------- */

static int set_field(mctl_record *r, mctl_field f, const char *v)
{
	mctl_error *err = NULL;
	int rc = mctl_record_set(r, f, v, (size_t)-1, &err);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, mctl_error_message(err));
		mctl_error_free(err);
	}
	return rc;
}

static int set_route_list(mctl_record *r, const char *list)
{
	char *dup = strdup(list), *save = NULL;
	if (!dup)
		return MCTL_ENOMEM;
	int rc = MCTL_OK;
	for (char *t = strtok_r(dup, ", ", &save); t && !rc; t = strtok_r(NULL, ", ", &save)) {
		mctl_error *err = NULL;
		rc = mctl_record_add_route(r, t, &err);
		if (rc)
			fprintf(stderr, "%s: %s\n", prog, mctl_error_message(err));
		mctl_error_free(err);
	}
	free(dup);
	return rc;
}

static int cmd_classify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'p' }, { "date", required_argument, NULL, 'd' },
		{ "from", required_argument, NULL, 'f' },   { "to", required_argument, NULL, 't' },
		{ "origin", required_argument, NULL, 'o' }, { "route", required_argument, NULL, 'r' },
		{ "code", required_argument, NULL, 'c' },   { "channel", required_argument, NULL, 'C' },
		{ "end-use", required_argument, NULL, 'e' }, { "format", required_argument, NULL, 'F' },
		{ "description2", required_argument, NULL, '2' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *policy = NULL;
	bool json = false;
	mctl_record *r = NULL;
	if (mctl_record_new(&r, NULL))
		return EXIT_USAGE;
	int c, bad = 0;
	while ((c = getopt_long(argc, argv, "p:d:f:t:o:r:c:C:e:F:2:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': policy = optarg; break;
		case 'd': bad |= set_field(r, MCTL_FIELD_DATE, optarg); break;
		case 'f': bad |= set_field(r, MCTL_FIELD_FROM, optarg); break;
		case 't': bad |= set_field(r, MCTL_FIELD_TO, optarg); break;
		case 'o': bad |= set_field(r, MCTL_FIELD_ORIGIN, optarg); break;
		case 'r': bad |= set_route_list(r, optarg); break;
		case 'c': bad |= set_field(r, MCTL_FIELD_CODE, optarg); break;
		case 'C': bad |= set_field(r, MCTL_FIELD_CHANNEL, optarg); break;
		case 'e': bad |= set_field(r, MCTL_FIELD_END_USE, optarg); break;
		case '2': bad |= set_field(r, MCTL_FIELD_DESCRIPTION2, optarg); break;
		case 'F':
			if (strcmp(optarg, "text") == 0)
				json = false;
			else if (strcmp(optarg, "json") == 0)
				json = true;
			else {
				fprintf(stderr, "%s: --format is text or json\n", prog);
				bad = 1;
			}
			break;
		case 'h': usage(stdout); mctl_record_free(r); return 0;
		default: bad = 1;
		}
	}
	/* the description is every remaining argument, joined by spaces */
	size_t total = 0;
	for (int i = optind; i < argc; i++)
		total += strlen(argv[i]) + 1;
	size_t clen;
	if (!bad && total == 0 && !mctl_record_get(r, MCTL_FIELD_CODE, &clen)) {
		fprintf(stderr, "%s classify: give a DESCRIPTION or --code\n", prog);
		bad = 1;
	}
	if (bad) {
		mctl_record_free(r);
		return EXIT_USAGE;
	}
	if (total) {
		char *desc = malloc(total);
		if (!desc) {
			mctl_record_free(r);
			return EXIT_USAGE;
		}
		desc[0] = '\0';
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				strcat(desc, " ");
			strcat(desc, argv[i]);
		}
		set_field(r, MCTL_FIELD_DESCRIPTION, desc);
		free(desc);
	}
	mctl_policy *p = load_policy(policy);
	if (!p) {
		mctl_record_free(r);
		return EXIT_USAGE;
	}
	mctl_result *res = NULL;
	mctl_error *err = NULL;
	int rc = mctl_classify(p, r, &res, &err);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, mctl_error_message(err));
		mctl_error_free(err);
	} else if (json) {
		mctl_result_write_json(res, stdout);
		fputc('\n', stdout);
	} else {
		print_text(res);
	}
	mctl_result_free(res);
	mctl_record_free(r);
	mctl_policy_unref(p);
	return rc ? EXIT_USAGE : 0;
}

/* ---------------- test ---------------- */

typedef struct ydoc {
	yaml_document_t doc;
	const char *file;
} ydoc;

static yaml_node_t *ynode(ydoc *d, yaml_node_item_t i)
{
	return yaml_document_get_node(&d->doc, i);
}

static yaml_node_t *yget(ydoc *d, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = ynode(d, pr->key);
		if (k && k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, key) == 0)
			return ynode(d, pr->value);
	}
	return NULL;
}

static const char *yscalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Whether scalar s is in sequence n. */
static int yseq_has(ydoc *d, yaml_node_t *n, const char *s)
{
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return 0;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		const char *v = yscalar(ynode(d, *it));
		if (v && strcmp(v, s) == 0)
			return 1;
	}
	return 0;
}

static int record_from_yaml(ydoc *d, mctl_record *r, yaml_node_t *rec, char *msg, size_t msz)
{
	static const struct { const char *key; mctl_field f; } keys[] = {
		{ "id", MCTL_FIELD_ID }, { "description", MCTL_FIELD_DESCRIPTION },
		{ "description2", MCTL_FIELD_DESCRIPTION2 }, { "code", MCTL_FIELD_CODE },
		{ "origin", MCTL_FIELD_ORIGIN }, { "from", MCTL_FIELD_FROM }, { "to", MCTL_FIELD_TO },
		{ "date", MCTL_FIELD_DATE }, { "channel", MCTL_FIELD_CHANNEL }, { "end_use", MCTL_FIELD_END_USE },
		{ "unit", MCTL_FIELD_UNIT }, { "currency", MCTL_FIELD_CURRENCY },
	};
	mctl_record_clear(r);
	if (!rec || rec->type != YAML_MAPPING_NODE) {
		snprintf(msg, msz, "'record' must be a mapping");
		return -1;
	}
	for (yaml_node_pair_t *pr = rec->data.mapping.pairs.start; pr < rec->data.mapping.pairs.top; pr++) {
		const char *k = yscalar(ynode(d, pr->key));
		yaml_node_t *v = ynode(d, pr->value);
		size_t i;
		for (i = 0; k && i < sizeof keys / sizeof keys[0]; i++)
			if (strcmp(k, keys[i].key) == 0)
				break;
		mctl_error *err = NULL;
		if (k && i < sizeof keys / sizeof keys[0]) {
			const char *val = yscalar(v);
			if (!val || mctl_record_set(r, keys[i].f, val, (size_t)-1, &err) != MCTL_OK) {
				snprintf(msg, msz, "record.%s: %s", k, err ? mctl_error_message(err) : "expected text");
				mctl_error_free(err);
				return -1;
			}
		} else if (k && strcmp(k, "route") == 0 && v && v->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
				const char *cc = yscalar(ynode(d, *it));
				if (!cc || mctl_record_add_route(r, cc, &err) != MCTL_OK) {
					snprintf(msg, msz, "record.route: %s", err ? mctl_error_message(err) : "expected country codes");
					mctl_error_free(err);
					return -1;
				}
			}
		} else if (k && strcmp(k, "components") == 0 && v && v->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
				yaml_node_t *c = ynode(d, *it);
				const char *mat = yscalar(yget(d, c, "material")), *org = yscalar(yget(d, c, "origin"));
				const char *vs = yscalar(yget(d, c, "value_share")), *ws = yscalar(yget(d, c, "weight_share"));
				if (!mat || mctl_record_add_component(r, mat, org, vs ? strtod(vs, NULL) : -1, ws ? strtod(ws, NULL) : -1,
				                                      &err) != MCTL_OK) {
					snprintf(msg, msz, "record.components: %s", err ? mctl_error_message(err) : "a material is required");
					mctl_error_free(err);
					return -1;
				}
			}
		} else if (k && (strcmp(k, "quantity") == 0 || strcmp(k, "value") == 0) && yscalar(v)) {
			double x = strtod(yscalar(v), NULL);
			if ((k[0] == 'q' ? mctl_record_set_quantity(r, x) : mctl_record_set_value(r, x)) != MCTL_OK) {
				snprintf(msg, msz, "record.%s: not a non-negative number", k);
				return -1;
			}
		} else {
			snprintf(msg, msz, "record: unknown key '%s'", k ? k : "?");
			return -1;
		}
	}
	return 0;
}

/* Runs one test; returns 1 passed, 0 failed (msg says why). */
static int run_test(ydoc *d, const mctl_policy *p, mctl_record *r, yaml_node_t *t, char *msg, size_t msz)
{
	yaml_node_t *exp = yget(d, t, "expect");
	const char *verdict = yscalar(yget(d, exp, "verdict"));
	if (!verdict) {
		snprintf(msg, msz, "expect.verdict is missing");
		return 0;
	}
	if (record_from_yaml(d, r, yget(d, t, "record"), msg, msz))
		return 0;
	mctl_result *res = NULL;
	mctl_error *err = NULL;
	if (mctl_classify(p, r, &res, &err) != MCTL_OK) {
		snprintf(msg, msz, "classify: %s", mctl_error_message(err));
		mctl_error_free(err);
		return 0;
	}
	int ok = 1;
	size_t o = 0;
	msg[0] = '\0';
#define WHY(...) do { ok = 0; int n_ = snprintf(msg + o, msz - o, __VA_ARGS__); if (n_ > 0 && (size_t)n_ < msz - o) o += (size_t)n_; } while (0)
	const char *got = mctl_verdict_name(mctl_result_verdict(res));
	if (strcmp(got, verdict) != 0)
		WHY("verdict %s, expected %s; ", got, verdict);
	yaml_node_t *items = yget(d, exp, "items"), *not_items = yget(d, exp, "not_items"), *flags = yget(d, exp, "flags");
	if (items && items->type == YAML_SEQUENCE_NODE)
		for (yaml_node_item_t *it = items->data.sequence.items.start; it < items->data.sequence.items.top; it++) {
			const char *want = yscalar(ynode(d, *it));
			int found = 0;
			for (size_t i = 0; want && i < mctl_result_item_count(res) && !found; i++)
				found = strcmp(mctl_result_item_id(res, i), want) == 0;
			if (!found)
				WHY("item %s did not fire; ", want ? want : "?");
		}
	if (not_items && not_items->type == YAML_SEQUENCE_NODE)
		for (size_t i = 0; i < mctl_result_item_count(res); i++)
			if (yseq_has(d, not_items, mctl_result_item_id(res, i)))
				WHY("item %s fired; ", mctl_result_item_id(res, i));
	if (flags) {
		size_t nwant = flags->type == YAML_SEQUENCE_NODE ? (size_t)(flags->data.sequence.items.top - flags->data.sequence.items.start) : 0;
		int same = nwant == mctl_result_flag_count(res);
		for (size_t i = 0; i < mctl_result_flag_count(res) && same; i++)
			same = yseq_has(d, flags, mctl_flag_name(mctl_result_flag_at(res, i)));
		if (!same) {
			WHY("flags [");
			for (size_t i = 0; i < mctl_result_flag_count(res); i++)
				WHY("%s%s", i ? " " : "", mctl_flag_name(mctl_result_flag_at(res, i)));
			WHY("] differ from the expected; ");
		}
	}
	if (!ok) {
		WHY("fired:");
		for (size_t i = 0; i < mctl_result_item_count(res); i++)
			WHY(" %s(%s)", mctl_result_item_id(res, i), mctl_action_name(mctl_result_item_action(res, i)));
	}
#undef WHY
	mctl_result_free(res);
	return ok;
}

static void test_file(const char *path, const mctl_policy *p, mctl_record *r, size_t *passed, size_t *failed)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0 || st.st_size > (4 << 20)) {
		printf("FAIL - %s: cannot read (or larger than 4 MiB)\n", path);
		(*failed)++;
		if (f)
			fclose(f);
		return;
	}
	yaml_parser_t parser;
	ydoc d = { .file = path };
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &d.doc)) {
		printf("FAIL - %s:%zu:%zu: YAML: %s\n", path, parser.problem_mark.line + 1, parser.problem_mark.column + 1,
		       parser.problem ? parser.problem : "error");
		(*failed)++;
		yaml_parser_delete(&parser);
		fclose(f);
		return;
	}
	yaml_node_t *tests = yget(&d, yaml_document_get_root_node(&d.doc), "tests");
	if (!tests || tests->type != YAML_SEQUENCE_NODE) {
		printf("FAIL - %s: expected a top-level 'tests:' list\n", path);
		(*failed)++;
	} else {
		for (yaml_node_item_t *it = tests->data.sequence.items.start; it < tests->data.sequence.items.top; it++) {
			yaml_node_t *t = ynode(&d, *it);
			const char *name = yscalar(yget(&d, t, "name"));
			char msg[2048];
			int ok = t && t->type == YAML_MAPPING_NODE && run_test(&d, p, r, t, msg, sizeof msg);
			if (!t || t->type != YAML_MAPPING_NODE)
				snprintf(msg, sizeof msg, "a test is a mapping {name, record, expect}");
			printf("%s - %s:%zu %s%s%s\n", ok ? "ok  " : "FAIL", path, t ? t->start_mark.line + 1 : 0,
			       name ? name : "(unnamed)", ok ? "" : ": ", ok ? "" : msg);
			ok ? (*passed)++ : (*failed)++;
		}
	}
	yaml_document_delete(&d.doc);
	yaml_parser_delete(&parser);
	fclose(f);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every *.yaml of a directory (in name order) or one file. */
static void test_path(const char *path, const mctl_policy *p, mctl_record *r, size_t *passed, size_t *failed)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		printf("FAIL - %s: %s\n", path, strerror(errno));
		(*failed)++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		test_file(path, p, r, passed, failed);
		return;
	}
	DIR *dir = opendir(path);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".yaml") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof *names);
		}
		size_t need = strlen(path) + l + 2;
		names[n] = malloc(need);
		snprintf(names[n++], need, "%s/%s", path, e->d_name);
	}
	if (dir)
		closedir(dir);
	qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		test_file(names[i], p, r, passed, failed);
		free(names[i]);
	}
	free(names);
}

static int cmd_test(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'p' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *policy = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': policy = optarg; break;
		case 'h': usage(stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	/* "mineralctl test BUNDLE_DIR" runs that bundle's own tests */
	char manifest[4096];
	struct stat mst;
	if (!policy && argc - optind == 1 &&
	    snprintf(manifest, sizeof manifest, "%s/bundle.yaml", argv[optind]) < (int)sizeof manifest &&
	    stat(manifest, &mst) == 0) {
		policy = argv[optind];
		optind++;
	}
	if (!policy)
		policy = default_policy();
	mctl_policy *p = load_policy(policy);
	mctl_record *r = NULL;
	if (!p || mctl_record_new(&r, NULL) != MCTL_OK) {
		mctl_policy_unref(p);
		return EXIT_USAGE;
	}
	size_t passed = 0, failed = 0;
	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			test_path(argv[i], p, r, &passed, &failed);
	} else {
		char dir[4096];
		struct stat st;
		if (stat(policy, &st) == 0 && S_ISDIR(st.st_mode))
			snprintf(dir, sizeof dir, "%s/tests", policy);
		else {
			snprintf(dir, sizeof dir, "%s", policy);
			char *slash = strrchr(dir, '/');
			snprintf(slash ? slash + 1 : dir, sizeof dir - (size_t)(slash ? slash + 1 - dir : 0), "tests");
		}
		test_path(dir, p, r, &passed, &failed);
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	mctl_record_free(r);
	mctl_policy_unref(p);
	return failed ? 1 : 0;
}

/* ---------------- explain, codes ---------------- */

static const char *jstr(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static void print_list(json_t *a)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) printf("%s%s", i ? ", " : "", json_string_value(v));
}

static void explain_text(json_t *o)
{
	printf("%s", jstr(o, "id"));
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(o, "title"), k, v) printf("  %s: %s", k, json_string_value(v));
	printf("\n");
	json_t *a = json_object_get(o, "announcement");
	if (a)
		printf("  announcement: %s, %s (issued %s, effective %s)%s%s\n", jstr(a, "id"), jstr(a, "title"),
		       json_is_string(json_object_get(a, "issued")) ? jstr(a, "issued") : "?",
		       json_is_string(json_object_get(a, "effective")) ? jstr(a, "effective") : "?",
		       json_is_string(json_object_get(a, "source")) ? "\n  source: " : "", jstr(a, "source"));
	printf("  clause: %s   control code: %s   minerals: ", json_is_string(json_object_get(o, "clause")) ? jstr(o, "clause") : "-",
	       json_is_string(json_object_get(o, "control_code")) ? jstr(o, "control_code") : "-");
	print_list(json_object_get(o, "minerals"));
	printf("\n");
	if (json_is_false(json_object_get(o, "confirmed")))
		printf("  UNCONFIRMED: not seen in an official text; gives at most 'review'\n");
	size_t i;
	json_array_foreach(json_object_get(o, "codes"), i, v) {
		printf("  code %s%s%s", jstr(v, "code"), json_is_true(json_object_get(v, "alias")) ? " (alias)" : "",
		       json_is_false(json_object_get(v, "confirmed")) ? " UNCONFIRMED" : "");
		if (json_is_string(json_object_get(v, "from")) || json_is_string(json_object_get(v, "until")))
			printf(" valid %s .. %s", json_is_string(json_object_get(v, "from")) ? jstr(v, "from") : "",
			       json_is_string(json_object_get(v, "until")) ? jstr(v, "until") : "");
		if (json_is_string(json_object_get(v, "note")))
			printf(" -- %s", jstr(v, "note"));
		printf("\n");
	}
	json_t *w = json_object_get(o, "when");
	if (json_is_object(w)) {
		static const char *const parts[] = { "all", "any", "none" };
		printf("  text:");
		for (int p = 0; p < 3; p++)
			if (json_array_size(json_object_get(w, parts[p]))) {
				printf(" %s of [", parts[p]);
				print_list(json_object_get(w, parts[p]));
				printf("]");
			}
		printf("\n");
	} else {
		printf("  text: none (matches by code only)\n");
	}
	json_array_foreach(json_object_get(o, "parameters"), i, v)
		printf("  parameter %s %s %g %s%s%s\n", jstr(v, "name"), jstr(v, "op"), json_number_value(json_object_get(v, "value")),
		       jstr(v, "unit"), json_is_true(json_object_get(v, "read_from_text")) ? " (read from the description)" : " (recorded)",
		       json_is_false(json_object_get(v, "confirmed")) ? " UNCONFIRMED" : "");
	json_array_foreach(json_object_get(o, "controls"), i, v) {
		printf("  control: %s", jstr(v, "action"));
		if (json_is_string(json_object_get(v, "flag")))
			printf(" (flag %s)", jstr(v, "flag"));
		if (json_is_array(json_object_get(v, "destinations"))) {
			printf(" to ");
			print_list(json_object_get(v, "destinations"));
		}
		if (json_is_array(json_object_get(v, "route"))) {
			printf(" via ");
			print_list(json_object_get(v, "route"));
		}
		if (json_is_array(json_object_get(v, "channels"))) {
			printf(" on ");
			print_list(json_object_get(v, "channels"));
		}
		if (json_is_array(json_object_get(v, "end_use"))) {
			printf(" for end use ");
			print_list(json_object_get(v, "end_use"));
		}
		if (json_is_true(json_object_get(v, "abroad")))
			printf(" for exports from other countries");
		json_t *cj = json_object_get(v, "components");
		if (json_is_object(cj)) {
			printf(" when a component is ");
			print_list(json_object_get(cj, "minerals"));
			if (json_is_array(json_object_get(cj, "origin"))) {
				printf(" of origin ");
				print_list(json_object_get(cj, "origin"));
			}
			if (json_is_number(json_object_get(cj, "min_value_share")))
				printf(" worth >= %g %% of the value", json_number_value(json_object_get(cj, "min_value_share")));
		}
		printf(" from %s", json_is_string(json_object_get(v, "from")) ? jstr(v, "from") : "always");
		if (json_is_string(json_object_get(v, "until")))
			printf(" until %s", jstr(v, "until"));
		size_t q;
		json_t *sp;
		json_array_foreach(json_object_get(v, "suspended"), q, sp)
			printf("; suspended %s .. %s%s%s", jstr(sp, "from"), jstr(sp, "until"),
			       json_is_string(json_object_get(sp, "by")) ? " by " : "", jstr(sp, "by"));
		if (json_is_string(json_object_get(v, "rule")))
			printf("  [rule %s]", jstr(v, "rule"));
		printf("\n");
	}
	if (json_is_string(json_object_get(o, "note")))
		printf("  note: %s\n", jstr(o, "note"));
}

static int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'p' }, { "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *policy = NULL;
	int json = 0, c;
	while ((c = getopt_long(argc, argv, "p:F:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': policy = optarg; break;
		case 'F': json = strcmp(optarg, "json") == 0; break;
		case 'h': usage(stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: %s explain [--policy PATH] [--format text|json] ITEM...\n", prog);
		return EXIT_USAGE;
	}
	mctl_policy *p = load_policy(policy);
	if (!p)
		return EXIT_USAGE;
	int rc = 0;
	for (int i = optind; i < argc; i++) {
		size_t idx = mctl_policy_item_find(p, argv[i]);
		char *text = NULL;
		if (idx == (size_t)-1 || mctl_policy_item_to_json(p, idx, &text) != MCTL_OK) {
			fprintf(stderr, "%s: no item '%s' in %s %s\n", prog, argv[i], mctl_policy_bundle(p), mctl_policy_version(p));
			rc = 1;
			continue;
		}
		if (json) {
			printf("%s\n", text);
		} else {
			json_t *o = json_loads(text, 0, NULL);
			if (o)
				explain_text(o);
			json_decref(o);
		}
		free(text);
	}
	mctl_policy_unref(p);
	return rc;
}

static int cmd_codes(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'p' }, { "date", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *policy = NULL, *date = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "p:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': policy = optarg; break;
		case 'd': date = optarg; break;
		case 'h': usage(stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc || (date && !valid_date(date))) {
		fprintf(stderr, "usage: %s codes [--policy PATH] [--date YYYY-MM-DD] CODE...\n", prog);
		return EXIT_USAGE;
	}
	mctl_policy *p = load_policy(policy);
	mctl_record *r = NULL;
	if (!p || mctl_record_new(&r, NULL) != MCTL_OK) {
		mctl_policy_unref(p);
		return EXIT_USAGE;
	}
	int rc = 0;
	for (int i = optind; i < argc; i++) {
		mctl_record_clear(r);
		mctl_record_set(r, MCTL_FIELD_CODE, argv[i], (size_t)-1, NULL);
		if (date)
			mctl_record_set(r, MCTL_FIELD_DATE, date, (size_t)-1, NULL);
		mctl_result *res = NULL;
		if (mctl_classify(p, r, &res, NULL) != MCTL_OK) {
			rc = 1;
			continue;
		}
		printf("%s:", argv[i]);
		if (mctl_result_has_flag(res, MCTL_FLAG_INVALID_CODE)) {
			printf(" not a commodity code (6, 8 or 10 digits)\n");
			rc = 1;
		} else if (mctl_result_has_flag(res, MCTL_FLAG_AMBIGUOUS_CODE)) {
			printf(" ambiguous: it covers listed codes");
			for (size_t e = 0; e < mctl_result_evidence_count(res); e++)
				if (mctl_result_evidence_field(res, e) == MCTL_FIELD_CODE)
					printf(" %s", mctl_result_evidence_concept(res, e));
			printf(" and other goods; the full code decides\n");
		} else if (mctl_result_item_count(res) == 0) {
			printf(" no controlled item on %s\n", mctl_result_date(res));
		} else {
			printf("\n");
			for (size_t k = 0; k < mctl_result_item_count(res); k++) {
				const char *listed = NULL;
				for (size_t e = 0; e < mctl_result_evidence_count(res); e++)
					if (mctl_result_evidence_field(res, e) == MCTL_FIELD_CODE)
						listed = mctl_result_evidence_concept(res, e);
				size_t idx = mctl_result_item_index(res, k);
				printf("  %-28s %-17s %s%s  %s\n", mctl_result_item_id(res, k),
				       mctl_action_name(mctl_result_item_action(res, k)), listed ? "listed " : "", listed ? listed : "",
				       mctl_policy_item_title(mctl_result_policy(res), idx, "en"));
			}
		}
		mctl_result_free(res);
	}
	mctl_record_free(r);
	mctl_policy_unref(p);
	return rc;
}

/* ---------------- diff ---------------- */

/* Every item of p as id -> JSON object. */
static json_t *items_by_id(const mctl_policy *p)
{
	json_t *all = json_object();
	for (size_t i = 0; all && i < mctl_policy_item_count(p); i++) {
		char *text = NULL;
		if (mctl_policy_item_to_json(p, i, &text) != MCTL_OK)
			continue;
		json_t *o = json_loads(text, 0, NULL);
		free(text);
		if (o)
			json_object_set_new(all, mctl_policy_item_id(p, i), o);
	}
	return all;
}

static int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	int json = 0, c;
	while ((c = getopt_long(argc, argv, "F:h", opts, NULL)) != -1) {
		switch (c) {
		case 'F': json = strcmp(optarg, "json") == 0; break;
		case 'h': usage(stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: %s diff [--format text|json] OLD NEW\n", prog);
		return EXIT_USAGE;
	}
	mctl_policy *a = load_policy(argv[optind]), *b = a ? load_policy(argv[optind + 1]) : NULL;
	if (!a || !b) {
		mctl_policy_unref(a);
		return EXIT_USAGE;
	}
	json_t *ia = items_by_id(a), *ib = items_by_id(b);
	json_t *added = json_array(), *removed = json_array(), *changed = json_array();
	const char *id;
	json_t *oa, *ob;
	json_object_foreach(ia, id, oa) {
		ob = json_object_get(ib, id);
		if (!ob) {
			json_array_append_new(removed, json_string(id));
			continue;
		}
		if (json_equal(oa, ob))
			continue;
		json_t *ch = json_object(), *fields = json_object();
		json_object_set_new(ch, "id", json_string(id));
		const char *k;
		json_t *va;
		json_object_foreach(oa, k, va) {
			json_t *vb = json_object_get(ob, k);
			if (!vb || !json_equal(va, vb)) {
				json_t *d = json_object();
				json_object_set(d, "old", va);
				json_object_set(d, "new", vb ? vb : json_null());
				json_object_set_new(fields, k, d);
			}
		}
		json_object_set_new(ch, "fields", fields);
		json_array_append_new(changed, ch);
	}
	json_object_foreach(ib, id, ob)
		if (!json_object_get(ia, id))
			json_array_append_new(added, json_string(id));
	if (json) {
		json_t *out = json_pack("{s:{s:s,s:s},s:{s:s,s:s},s:o,s:o,s:o}", "old", "bundle", mctl_policy_bundle(a),
		                        "version", mctl_policy_version(a), "new", "bundle", mctl_policy_bundle(b), "version",
		                        mctl_policy_version(b), "added", added, "removed", removed, "changed", changed);
		if (out) {
			json_dumpf(out, stdout, JSON_INDENT(2));
			printf("\n");
			json_decref(out);
		}
	} else {
		printf("# %s %s -> %s %s: %zu added, %zu removed, %zu changed\n", mctl_policy_bundle(a), mctl_policy_version(a),
		       mctl_policy_bundle(b), mctl_policy_version(b), json_array_size(added), json_array_size(removed),
		       json_array_size(changed));
		size_t i;
		json_t *v;
		json_array_foreach(added, i, v) {
			size_t idx = mctl_policy_item_find(b, json_string_value(v));
			printf("+ %s  %s\n", json_string_value(v), mctl_policy_item_title(b, idx, "en"));
		}
		json_array_foreach(removed, i, v) {
			size_t idx = mctl_policy_item_find(a, json_string_value(v));
			printf("- %s  %s\n", json_string_value(v), mctl_policy_item_title(a, idx, "en"));
		}
		json_array_foreach(changed, i, v) {
			printf("~ %s\n", json_string_value(json_object_get(v, "id")));
			const char *k;
			json_t *d;
			json_object_foreach(json_object_get(v, "fields"), k, d) {
				if (strcmp(k, "codes") == 0) { /* the codes by number: added and removed */
					json_t *co = json_object_get(d, "old"), *cn = json_object_get(d, "new");
					size_t x, y;
					json_t *e, *f;
					printf("    codes:");
					json_array_foreach(cn, x, e) {
						int seen = 0;
						json_array_foreach(co, y, f) seen = seen || json_equal(e, f);
						if (!seen)
							printf(" +%s", jstr(e, "code"));
					}
					json_array_foreach(co, x, e) {
						int seen = 0;
						json_array_foreach(cn, y, f) seen = seen || json_equal(e, f);
						if (!seen)
							printf(" -%s", jstr(e, "code"));
					}
					printf("\n");
					continue;
				}
				char *o = json_dumps(json_object_get(d, "old"), JSON_COMPACT | JSON_ENCODE_ANY);
				char *n = json_dumps(json_object_get(d, "new"), JSON_COMPACT | JSON_ENCODE_ANY);
				printf("    %s:\n      was: %s\n      now: %s\n", k, o ? o : "?", n ? n : "?");
				free(o);
				free(n);
			}
		}
		json_decref(added);
		json_decref(removed);
		json_decref(changed);
	}
	json_decref(ia);
	json_decref(ib);
	mctl_policy_unref(a);
	mctl_policy_unref(b);
	return 0;
}

/* ---------------- bundle seal ---------------- */

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0;
	char *b = malloc(cap + 1);
	size_t got;
	while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *nb = cap < (64u << 20) ? realloc(b, cap * 2 + 1) : NULL;
			if (!nb) {
				free(b);
				b = NULL;
				break;
			}
			b = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (b) {
		b[n] = '\0';
		*len = n;
	}
	return b;
}

/* Writes the manifest anew: everything but an old digests block, then the digests of every file. */
/* Writes text to path, created with mode (never over an existing file when excl). 0, or -1 after a message. */
static int write_new(const char *path, const char *text, mode_t mode, bool excl)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | (excl ? O_EXCL : 0), mode);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot create %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	size_t n = strlen(text);
	bool ok = write(fd, text, n) == (ssize_t)n;
	ok = close(fd) == 0 && ok;
	if (!ok)
		fprintf(stderr, "%s: cannot write %s: %s\n", prog, path, strerror(errno));
	return ok ? 0 : -1;
}

/* bundle keygen NAME OUT: OUT.pub (share it) and OUT.key (mode 0600, keep it secret). */
static int bundle_keygen(const char *name, const char *out)
{
	char *pub = NULL, *sec = NULL, pp[4096], sp[4096];
	mctl_error *err = NULL;
	if (mctl_keygen(name, &pub, &sec, &err) != MCTL_OK) {
		fprintf(stderr, "%s: %s\n", prog, err ? mctl_error_message(err) : "cannot make a key");
		mctl_error_free(err);
		return EXIT_USAGE;
	}
	snprintf(pp, sizeof pp, "%s.pub", out);
	snprintf(sp, sizeof sp, "%s.key", out);
	int rc = write_new(sp, sec, 0600, true) == 0 && write_new(pp, pub, 0644, true) == 0 ? 0 : 1;
	if (rc == 0)
		printf("%s: public key (give it to every screen that must trust this signer)\n%s: secret key (keep it private)\n",
		       pp, sp);
	memset(sec, 0, strlen(sec));
	free(sec);
	free(pub);
	return rc;
}

/* bundle sign DIR KEYFILE: appends a signature to DIR/bundle.yaml.sig. */
static int bundle_sign(const char *dir, const char *keyfile)
{
	size_t len = 0;
	char *key = read_all(keyfile, &len);
	if (!key) {
		fprintf(stderr, "%s: cannot read %s\n", prog, keyfile);
		return EXIT_USAGE;
	}
	mctl_load_options o = MCTL_LOAD_OPTIONS_INIT; /* signing needs no trust: it creates it */
	o.alias_budget = cli_load_options.alias_budget;
	o.max_pattern = cli_load_options.max_pattern;
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	char *line = NULL;
	int rc = mctl_policy_load(&p, dir, &o, &err);
	if (rc == MCTL_OK)
		rc = mctl_policy_sign(p, key, &line, &err);
	memset(key, 0, len);
	free(key);
	if (rc != MCTL_OK) {
		print_errors(err);
		mctl_error_free(err);
		mctl_policy_unref(p);
		return 1;
	}
	char path[4096];
	struct stat st;
	snprintf(path, sizeof path, "%s%s", dir, stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? "/bundle.yaml.sig" : ".sig");
	FILE *f = fopen(path, "a");
	bool ok = f && fputs(line, f) >= 0;
	ok = f && fclose(f) == 0 && ok;
	if (ok)
		printf("%s: signed bundle %s %s (%s)\n", path, mctl_policy_bundle(p), mctl_policy_version(p), mctl_policy_digest(p));
	else
		fprintf(stderr, "%s: cannot append to %s: %s\n", prog, path, strerror(errno));
	free(line);
	mctl_policy_unref(p);
	return ok ? 0 : 1;
}

/* bundle verify DIR: loads it with the trust given (--trust, --quorum), says why not. */
static int bundle_verify(const char *dir)
{
	if (!cli_load_options.trust) {
		fprintf(stderr, "%s: bundle verify needs trusted keys: %s --trust KEYS.pub [--quorum N] bundle verify DIR\n",
		        prog, prog);
		return EXIT_USAGE;
	}
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, dir, &cli_load_options, &err);
	if (rc != MCTL_OK) {
		fprintf(stderr, "%s: %s: %s\n", prog, dir, mctl_strerror(rc));
		print_errors(err);
		mctl_error_free(err);
		return 1;
	}
	printf("%s: OK: bundle %s %s, signed as required; digest %s\n", dir, mctl_policy_bundle(p), mctl_policy_version(p),
	       mctl_policy_digest(p));
	mctl_policy_unref(p);
	return 0;
}

static int cmd_bundle(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "keygen") == 0)
		return bundle_keygen(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "sign") == 0)
		return bundle_sign(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "verify") == 0)
		return bundle_verify(argv[2]);
	if (argc != 3 || strcmp(argv[1], "seal") != 0) {
		fprintf(stderr, "usage: %s bundle seal DIR | keygen NAME OUT | sign DIR KEY | verify DIR\n", prog);
		return EXIT_USAGE;
	}
	const char *dir = argv[2];
	mctl_load_options o = MCTL_LOAD_OPTIONS_INIT;
	o.flags = MCTL_LOAD_NO_DIGESTS;
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	if (mctl_policy_load(&p, dir, &o, &err) != MCTL_OK) {
		print_errors(err);
		mctl_error_free(err);
		fprintf(stderr, "%s: fix the bundle before sealing it\n", prog);
		return 1;
	}
	char path[4096], tmp[4200];
	snprintf(path, sizeof path, "%s/bundle.yaml", dir);
	size_t len = 0;
	char *text = read_all(path, &len);
	if (!text) {
		fprintf(stderr, "%s: cannot read %s\n", prog, path);
		mctl_policy_unref(p);
		return 1;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *out = fopen(tmp, "wb");
	if (!out) {
		fprintf(stderr, "%s: cannot write %s: %s\n", prog, tmp, strerror(errno));
		free(text);
		mctl_policy_unref(p);
		return 1;
	}
	static const char mark[] = "# sha256 of every file of the bundle, written by `mineralctl bundle seal`: do not edit\n";
	bool skipping = false;
	for (char *line = text; *line;) {
		char *nl = strchr(line, '\n');
		size_t l = nl ? (size_t)(nl - line + 1) : strlen(line);
		bool top = line[0] != ' ' && line[0] != '\t' && line[0] != '\n' && line[0] != '#';
		if (top)
			skipping = strncmp(line, "digests:", 8) == 0;
		bool is_mark = l == sizeof mark - 1 && memcmp(line, mark, l) == 0;
		if (!skipping && !is_mark)
			fwrite(line, 1, l, out);
		line += l;
	}
	if (len && text[len - 1] != '\n')
		fputc('\n', out);
	fputs(mark, out);
	fputs("digests:\n", out);
	for (size_t i = 1; i < mctl_policy_file_count(p); i++)
		fprintf(out, "  %s: sha256:%s\n", mctl_policy_file_path(p, i), mctl_policy_file_sha256(p, i));
	int bad = ferror(out);
	bad |= fclose(out);
	free(text);
	size_t nfiles = mctl_policy_file_count(p) - 1;
	mctl_policy_unref(p);
	if (bad || rename(tmp, path) != 0) {
		fprintf(stderr, "%s: cannot replace %s: %s\n", prog, path, strerror(errno));
		remove(tmp);
		return 1;
	}
	/* prove it: load again, checking every digest */
	p = NULL;
	if (mctl_policy_load(&p, dir, NULL, &err) != MCTL_OK) {
		print_errors(err);
		mctl_error_free(err);
		return 1;
	}
	printf("%s: sealed %zu files; bundle %s %s, digest %s\n", dir, nfiles, mctl_policy_bundle(p), mctl_policy_version(p),
	       mctl_policy_digest(p));
	mctl_policy_unref(p);
	return 0;
}

/* ---------------- lint, list, version ---------------- */

static int cmd_lint(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1])) {
		if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			usage(stdout);
			return 0;
		}
		fprintf(stderr, "usage: %s lint [PATH]\n", prog);
		return EXIT_USAGE;
	}
	const char *path = argc == 2 ? argv[1] : default_policy();
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, path, NULL, &err);
	if (rc != MCTL_OK) {
		print_errors(err);
		fprintf(stderr, "%s: %zu problem%s in '%s'\n", prog, mctl_error_count(err),
		        mctl_error_count(err) == 1 ? "" : "s", path);
		mctl_error_free(err);
		return 1;
	}
	printf("%s: OK: bundle %s version %s (%s), %zu items\n", path, mctl_policy_bundle(p), mctl_policy_version(p),
	       mctl_policy_jurisdiction(p), mctl_policy_item_count(p));
	printf("%s: %s, digest %s\n", path, mctl_policy_sealed(p) ? "sealed: every file matches its digest" : "not sealed",
	       mctl_policy_digest(p));
	mctl_policy_unref(p);
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'p' }, { "date", required_argument, NULL, 'd' },
		{ "all", no_argument, NULL, 'a' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *policy = NULL, *date = NULL;
	bool all = false;
	int c;
	while ((c = getopt_long(argc, argv, "p:d:ah", opts, NULL)) != -1) {
		switch (c) {
		case 'p': policy = optarg; break;
		case 'd': date = optarg; break;
		case 'a': all = true; break;
		case 'h': usage(stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	char today[11];
	if (!date) {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
		date = today;
	}
	if (!valid_date(date)) {
		fprintf(stderr, "%s: --date: '%s' is not a calendar date YYYY-MM-DD\n", prog, date);
		return EXIT_USAGE;
	}
	mctl_policy *p = load_policy(policy);
	if (!p)
		return EXIT_USAGE;
	printf("# %s %s: items in force on %s\n", mctl_policy_bundle(p), mctl_policy_version(p), date);
	printf("%-28s %-10s %-17s %s\n", "item", "control", "base action", "title");
	size_t shown = 0;
	for (size_t i = 0; i < mctl_policy_item_count(p); i++) {
		int in = mctl_policy_item_in_force(p, i, date);
		if (in <= 0 && !all)
			continue;
		int base = mctl_policy_item_base_action(p, i, date);
		const char *cc = mctl_policy_item_control_code(p, i);
		printf("%-28s %-10s %-17s %s\n", mctl_policy_item_id(p, i), cc ? cc : "-",
		       in > 0 ? mctl_action_name((mctl_action)(base < 0 ? 0 : base)) : "not in force",
		       mctl_policy_item_title(p, i, "en"));
		printf("%-28s source: %s\n", "", mctl_policy_item_announcement(p, i));
		shown++;
	}
	printf("# %zu of %zu items\n", shown, mctl_policy_item_count(p));
	mctl_policy_unref(p);
	return 0;
}

/* Adds the public keys of every file in a list separated by ':' to t. 0, or -1 after a message. */
static int add_trust_files(mctl_trust *t, const char *list)
{
	char *copy = strdup(list), *save = NULL;
	int rc = copy ? 0 : -1;
	for (char *f = copy ? strtok_r(copy, ":", &save) : NULL; f && rc == 0; f = strtok_r(NULL, ":", &save)) {
		mctl_error *err = NULL;
		if (mctl_trust_add_key_file(t, f, &err) != MCTL_OK) {
			fprintf(stderr, "%s: trust: %s\n", prog, err ? mctl_error_message(err) : "cannot read keys");
			rc = -1;
		}
		mctl_error_free(err);
	}
	free(copy);
	return rc;
}

static int parse_count(const char *what, const char *v, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(v, &end, 10);
	if (errno || *end || !*v || v[0] == '-') {
		fprintf(stderr, "%s: %s: '%s' is not a number\n", prog, what, v);
		return -1;
	}
	*out = n;
	return 0;
}

/*
 * Global options, before the command: --trust FILE (repeatable; public keys,
 * one per line), --quorum N, --alias-budget N, --max-pattern N. Trust also
 * comes from $MINERALCTL_TRUST (files separated by ':') and $MINERALCTL_QUORUM.
 * Returns the number of arguments used, or -1 after a message.
 */
static int global_options(int argc, char **argv, mctl_trust **trust)
{
	int i = 1;
	unsigned long quorum = 0, n;
	const char *env = getenv("MINERALCTL_TRUST");
	if ((env && *env) || (i < argc && strcmp(argv[i], "--trust") == 0)) {
		if (mctl_trust_new(trust, NULL) != MCTL_OK)
			return -1;
		if (env && *env && add_trust_files(*trust, env) != 0)
			return -1;
	}
	env = getenv("MINERALCTL_QUORUM");
	if (env && *env && parse_count("MINERALCTL_QUORUM", env, &quorum) != 0)
		return -1;
	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		const char *o = argv[i], *v = argv[i + 1];
		if (strcmp(o, "--trust") == 0) {
			if (!*trust && mctl_trust_new(trust, NULL) != MCTL_OK)
				return -1;
			if (add_trust_files(*trust, v) != 0)
				return -1;
		} else if (strcmp(o, "--quorum") == 0) {
			if (parse_count("--quorum", v, &quorum) != 0)
				return -1;
		} else if (strcmp(o, "--alias-budget") == 0) {
			if (parse_count("--alias-budget", v, &n) != 0)
				return -1;
			cli_load_options.alias_budget = n;
		} else if (strcmp(o, "--max-pattern") == 0) {
			if (parse_count("--max-pattern", v, &n) != 0 || n == 0)
				return -1;
			cli_load_options.max_pattern = n;
		} else {
			break; /* --help, --version ... */
		}
	}
	if (quorum && !*trust) {
		fprintf(stderr, "%s: a quorum needs trusted keys (--trust FILE or $MINERALCTL_TRUST)\n", prog);
		return -1;
	}
	if (*trust && quorum)
		mctl_trust_set_quorum(*trust, (unsigned)quorum);
	cli_load_options.trust = *trust;
	return i - 1;
}

static int run_command(int argc, char **argv);

int main(int argc, char **argv)
{
	mctl_trust *trust = NULL;
	int used = global_options(argc, argv, &trust);
	if (used < 0) {
		mctl_trust_free(trust);
		return EXIT_USAGE;
	}
	argv[used] = argv[0];
	int rc = run_command(argc - used, argv + used);
	mctl_trust_free(trust);
	return rc;
}

static int run_command(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	argc--;
	argv++;
	if (strcmp(cmd, "classify") == 0)
		return cmd_classify(argc, argv);
	if (strcmp(cmd, "screen") == 0)
		return cmd_screen(argc, argv);
	if (strcmp(cmd, "replay") == 0)
		return cmd_replay(argc, argv);
	if (strcmp(cmd, "lint") == 0)
		return cmd_lint(argc, argv);
	if (strcmp(cmd, "test") == 0)
		return cmd_test(argc, argv);
	if (strcmp(cmd, "explain") == 0)
		return cmd_explain(argc, argv);
	if (strcmp(cmd, "codes") == 0)
		return cmd_codes(argc, argv);
	if (strcmp(cmd, "diff") == 0)
		return cmd_diff(argc, argv);
	if (strcmp(cmd, "bundle") == 0)
		return cmd_bundle(argc, argv);
	if (strcmp(cmd, "list") == 0)
		return cmd_list(argc, argv);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("mineralctl %s (libmineralctl %s)\n", MCTL_VERSION_STRING, mctl_version());
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "%s: unknown command '%s'\n", prog, cmd);
	usage(stderr);
	return EXIT_USAGE;
}
