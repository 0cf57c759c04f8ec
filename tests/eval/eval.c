/*
 * make eval: how well the screen recognises controlled minerals.
 *
 *  1. The labelled set (tests/eval/records.jsonl): for every record, the
 *     minerals the screen recognises (evidence of material concepts, not
 *     negated) against the minerals labelled; precision and recall per
 *     category and per language, and how often a record labelled
 *     `controlled` gets a verdict other than clear.
 *  2. A false-positive run over real tariff wording (shared/fixtures/tariffs):
 *     every line that names no controlled mineral (by an independent keyword
 *     list, below) must come out clear.
 *
 * usage: eval POLICY RECORDS [TARIFF_DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <mineralctl.h>
#include "policy/model.h"

#define MAXKEY 64

typedef struct stat {
	char key[MAXKEY];
	long records, tp, fp, fn, negatives, neg_alarm;
} stat;

static stat cats[64], langs[64];
static size_t ncats, nlangs;

static stat *get(stat *arr, size_t *n, const char *key)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(arr[i].key, key) == 0)
			return &arr[i];
	if (*n == 64)
		return &arr[63];
	stat *s = &arr[(*n)++];
	memset(s, 0, sizeof *s);
	snprintf(s->key, sizeof s->key, "%s", key);
	return s;
}

/* The minerals a concept names: its `minerals`, else its own id. */
static void concept_minerals(const mctl_policy *p, const char *id, const char **out, size_t *n, size_t max)
{
	for (size_t i = 0; i < p->nconcepts; i++) {
		const mctl_concept *c = &p->concepts[i];
		if (strcmp(c->id, id) != 0 || c->kind != MCTL_CONCEPT_MATERIAL)
			continue;
		if (c->minerals.n == 0 && *n < max)
			out[(*n)++] = c->id;
		for (size_t k = 0; k < c->minerals.n && *n < max; k++)
			out[(*n)++] = c->minerals.v[k];
		return;
	}
}

static bool has(const char **set, size_t n, const char *m)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(set[i], m) == 0)
			return true;
	return false;
}

static void print_table(const char *title, stat *arr, size_t n)
{
	printf("\n%-22s %7s %5s %5s %5s %9s %7s %9s\n", title, "records", "TP", "FP", "FN", "precision", "recall",
	       "neg.alarm");
	stat total = { "TOTAL", 0, 0, 0, 0, 0, 0 };
	for (size_t i = 0; i <= n; i++) {
		stat *s = i < n ? &arr[i] : &total;
		if (i < n) {
			total.records += s->records;
			total.tp += s->tp;
			total.fp += s->fp;
			total.fn += s->fn;
			total.negatives += s->negatives;
			total.neg_alarm += s->neg_alarm;
		}
		char prec[16] = "-", rec[16] = "-", alarm[24] = "-";
		if (s->tp + s->fp)
			snprintf(prec, sizeof prec, "%.3f", (double)s->tp / (double)(s->tp + s->fp));
		if (s->tp + s->fn)
			snprintf(rec, sizeof rec, "%.3f", (double)s->tp / (double)(s->tp + s->fn));
		if (s->negatives)
			snprintf(alarm, sizeof alarm, "%ld/%ld", s->neg_alarm, s->negatives);
		printf("%-22s %7ld %5ld %5ld %5ld %9s %7s %9s\n", s->key, s->records, s->tp, s->fp, s->fn, prec, rec, alarm);
	}
}

static int eval_records(const mctl_policy *p, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "eval: cannot open %s\n", path);
		return 1;
	}
	mctl_record *r = NULL;
	mctl_record_new(&r, NULL);
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0, ctrl = 0, ctrl_flagged = 0, unctrl = 0, unctrl_clear = 0;
	printf("== recognition on %s (policy %s %s)\n", path, mctl_policy_bundle(p), mctl_policy_version(p));
	printf("misses and false alarms:\n");
	long shown = 0;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		json_error_t je;
		json_t *o = json_loads(line, 0, &je);
		if (!o) {
			fprintf(stderr, "eval: %s:%ld: %s\n", path, lineno, je.text);
			continue;
		}
		const char *desc = json_string_value(json_object_get(o, "description"));
		const char *code = json_string_value(json_object_get(o, "code"));
		const char *cat = json_string_value(json_object_get(o, "category"));
		const char *lang = json_string_value(json_object_get(o, "lang"));
		json_t *labels = json_object_get(o, "minerals");
		if (!desc || !cat || !lang || !json_is_array(labels)) {
			json_decref(o);
			continue;
		}
		mctl_record_clear(r);
		mctl_record_set(r, MCTL_FIELD_DESCRIPTION, desc, (size_t)-1, NULL);
		if (code)
			mctl_record_set(r, MCTL_FIELD_CODE, code, (size_t)-1, NULL);
		mctl_record_set(r, MCTL_FIELD_DATE, "2026-06-01", (size_t)-1, NULL);
		mctl_result *res = NULL;
		if (mctl_classify(p, r, &res, NULL) != MCTL_OK) {
			json_decref(o);
			continue;
		}
		const char *found[64];
		size_t nfound = 0;
		for (size_t i = 0; i < mctl_result_evidence_count(res); i++) {
			mctl_field fd = mctl_result_evidence_field(res, i);
			if ((fd != MCTL_FIELD_DESCRIPTION && fd != MCTL_FIELD_DESCRIPTION2) || mctl_result_evidence_negated(res, i))
				continue;
			const char *ms[16];
			size_t nm = 0;
			concept_minerals(p, mctl_result_evidence_concept(res, i), ms, &nm, 16);
			for (size_t k = 0; k < nm; k++)
				if (!has(found, nfound, ms[k]) && nfound < 64)
					found[nfound++] = ms[k];
		}
		const char *want[32];
		size_t nwant = 0;
		for (size_t i = 0; i < json_array_size(labels) && nwant < 32; i++)
			if (json_is_string(json_array_get(labels, i)))
				want[nwant++] = json_string_value(json_array_get(labels, i));
		long tp = 0, fp = 0, fn = 0;
		for (size_t i = 0; i < nfound; i++)
			has(want, nwant, found[i]) ? tp++ : fp++;
		for (size_t i = 0; i < nwant; i++)
			if (!has(found, nfound, want[i]))
				fn++;
		stat *sc = get(cats, &ncats, cat), *sl = get(langs, &nlangs, lang);
		stat *both[2] = { sc, sl };
		for (int k = 0; k < 2; k++) {
			both[k]->records++;
			both[k]->tp += tp;
			both[k]->fp += fp;
			both[k]->fn += fn;
			if (nwant == 0) {
				both[k]->negatives++;
				both[k]->neg_alarm += nfound > 0;
			}
		}
		if ((fp || fn) && shown < 400) {
			shown++;
			printf("  %-10s %-14s %-5s %s%s%s | want:", json_string_value(json_object_get(o, "id")), cat, lang, desc,
			       code ? " | code " : "", code ? code : "");
			for (size_t i = 0; i < nwant; i++)
				printf(" %s", want[i]);
			printf(" | found:");
			for (size_t i = 0; i < nfound; i++)
				printf(" %s", found[i]);
			printf("\n");
		}
		json_t *c = json_object_get(o, "controlled");
		if (json_is_true(c)) {
			ctrl++;
			ctrl_flagged += mctl_result_verdict(res) != MCTL_VERDICT_CLEAR;
		} else if (json_is_false(c)) {
			unctrl++;
			unctrl_clear += mctl_result_verdict(res) == MCTL_VERDICT_CLEAR;
		}
		mctl_result_free(res);
		json_decref(o);
	}
	free(line);
	fclose(f);
	mctl_record_free(r);
	print_table("category", cats, ncats);
	print_table("language", langs, nlangs);
	printf("\nverdicts with this policy: %ld/%ld records labelled controlled are not clear; "
	       "%ld/%ld labelled not controlled are clear\n", ctrl_flagged, ctrl, unctrl_clear, unctrl);
	return 0;
}

/* ---------- false positives on tariff wording ---------- */

/*
 * An independent list (not the policy's lexicon) of words that name a
 * controlled mineral, in the tariff files' languages: a line holding one is
 * left out of the false-positive run.
 */
static const char *const mineral_words[] = {
	"gallium", "germanium", "antimon", "graphite", "diamond", "tungsten", "wolfram", "tellur", "bismuth", "molybden",
	"indium", "samarium", "gadolinium", "terbium", "dysprosium", "lutetium", "scandium", "yttrium", "holmium",
	"erbium", "thulium", "europium", "ytterbium", "rare-earth", "rare earth", "boron nitride", "cermet",
	"鎵", "鍺", "銻", "石墨", "鑽石", "金剛石", "鎢", "碲", "鉍", "鉬", "銦", "稀土", "釤", "釓", "鋱", "鏑", "鎦", "鑥",
	"鈧", "釔", "鈥", "鉺", "銩", "銪", "鐿", "氮化硼",
	"галли", "германи", "сурьм", "графит", "алмаз", "вольфрам", "теллур", "висмут", "молибден", "инди",
	"редкоземельн", "самари", "гадолини", "терби", "диспрози", "лютеци", "скандий", "скандия", "иттри", "гольми",
	"эрби", "тули", "европи", "иттерби", "нитрид бора", "металлокерамик",
};

static bool names_mineral(const char *s)
{
	char low[4096];
	size_t n = 0;
	for (; *s && n + 1 < sizeof low; s++, n++)
		low[n] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	low[n] = '\0';
	/* Russian upper case: the file writes headings in capitals */
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned char a = (unsigned char)low[i], b = (unsigned char)low[i + 1];
		if (a == 0xD0 && b >= 0x90 && b <= 0x9F)
			low[i + 1] = (char)(b + 0x20);
		else if (a == 0xD0 && b >= 0xA0 && b <= 0xAF) {
			low[i] = (char)0xD1;
			low[i + 1] = (char)(b - 0x20);
		}
	}
	for (size_t i = 0; i < sizeof mineral_words / sizeof mineral_words[0]; i++)
		if (strstr(low, mineral_words[i]))
			return true;
	return false;
}

static void tariff_file(const mctl_policy *p, const char *dir, const char *name, int sep, long *lines, long *fps,
                        long *skipped)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("  %s: missing, skipped\n", name);
		return;
	}
	mctl_record *r = NULL;
	mctl_record_new(&r, NULL);
	char *line = NULL;
	size_t cap = 0;
	long n = 0, bad = 0, skip = 0, shown = 0;
	bool header = true;
	while (getline(&line, &cap, f) > 0) {
		if (header) {
			header = false;
			continue;
		}
		line[strcspn(line, "\r\n")] = '\0';
		const char *desc = line;
		if (sep == ',') { /* section,hscode,description,parent,level */
			const char *a = strchr(line, ',');
			a = a ? strchr(a + 1, ',') : NULL;
			if (!a)
				continue;
			desc = a + 1;
			char *e = strrchr(line, ',');
			if (e)
				*e = '\0';
			e = strrchr(line, ',');
			if (e && e > desc)
				*e = '\0';
		} else {
			size_t k = strcspn(line, sep == '\t' ? "\t" : " ");
			if (!line[k])
				continue;
			desc = line + k + 1;
		}
		while (*desc == ' ' || *desc == '"')
			desc++;
		if (names_mineral(desc)) {
			skip++;
			continue;
		}
		n++;
		mctl_record_clear(r);
		mctl_record_set(r, MCTL_FIELD_DESCRIPTION, desc, (size_t)-1, NULL);
		mctl_record_set(r, MCTL_FIELD_DATE, "2026-06-01", (size_t)-1, NULL);
		mctl_result *res = NULL;
		if (mctl_classify(p, r, &res, NULL) == MCTL_OK && mctl_result_verdict(res) != MCTL_VERDICT_CLEAR) {
			bad++;
			if (shown++ < 15) {
				printf("    FP %-16s %s  [", mctl_verdict_name(mctl_result_verdict(res)), desc);
				for (size_t i = 0; i < mctl_result_item_count(res); i++)
					printf("%s ", mctl_result_item_id(res, i));
				for (size_t i = 0; i < mctl_result_flag_count(res); i++)
					printf("%s ", mctl_flag_name(mctl_result_flag_at(res, i)));
				printf("]\n");
			}
		}
		mctl_result_free(res);
	}
	printf("  %-26s %6ld lines screened, %5ld naming a controlled mineral left out, %ld not clear\n", name, n, skip, bad);
	*lines += n;
	*fps += bad;
	*skipped += skip;
	free(line);
	fclose(f);
	mctl_record_free(r);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s POLICY RECORDS [TARIFF_DIR]\n", argv[0]);
		return 2;
	}
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	if (mctl_policy_load(&p, argv[1], NULL, &err) != MCTL_OK) {
		char buf[1024];
		mctl_error_format(err, buf, sizeof buf);
		fprintf(stderr, "eval: %s\n", buf);
		return 2;
	}
	int rc = eval_records(p, argv[2]);
	if (argc > 3) {
		printf("\n== false positives on tariff wording in %s\n", argv[3]);
		long lines = 0, fps = 0, skipped = 0;
		tariff_file(p, argv[3], "hs_harmonized-system.csv", ',', &lines, &fps, &skipped);
		tariff_file(p, argv[3], "tw_ccc10_en.txt", ' ', &lines, &fps, &skipped);
		tariff_file(p, argv[3], "tw_ccc10_zh-Hant.txt", ' ', &lines, &fps, &skipped);
		tariff_file(p, argv[3], "eaeu_tnved10_ru.tsv", '\t', &lines, &fps, &skipped);
		printf("  total: %ld lines that name no controlled mineral, %ld not clear (%.3f %%)\n", lines, fps,
		       lines ? 100.0 * (double)fps / (double)lines : 0.0);
		if (fps)
			rc = 1;
	} else {
		printf("\n== false positives on tariff wording: skipped (no ../shared/fixtures/tariffs; set MINERALCTL_SHARED)\n");
	}
	mctl_policy_unref(p);
	return rc;
}
