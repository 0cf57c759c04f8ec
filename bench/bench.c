/*
 * make bench: classify throughput and policy compile cost, as ratios against
 * a baseline measured in the same run (ICU's NFKC case fold alone over the
 * same lines). Not part of 'make check': timings vary with the machine.
 *
 * usage: bench POLICY [TARIFF_DIR] [RECORDS]
 * The corpus is RECORDS (default 1,000,000) short descriptions (about 80
 * bytes) cut from real tariff wording in four languages when TARIFF_DIR is
 * given, else generated from templates in several languages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <mineralctl.h>

typedef struct corpus {
	char **line;
	size_t *len;
	size_t n, bytes;
} corpus;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, res = 0;
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &res) != 2)
			res = 0;
		fclose(f);
	}
	return res * 4;
}

/* Cuts a description to at most ~80 bytes at a UTF-8 boundary. */
static size_t cut(const char *s, size_t n)
{
	if (n <= 80)
		return n;
	size_t k = 80;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return k;
}

static void add(corpus *c, const char *s, size_t n)
{
	c->line[c->n] = malloc(n + 1);
	memcpy(c->line[c->n], s, n);
	c->line[c->n][n] = '\0';
	c->len[c->n] = n;
	c->bytes += n;
	c->n++;
}

static size_t load_tariffs(corpus *pool, const char *dir)
{
	static const char *const files[] = { "tw_ccc10_en.txt", "tw_ccc10_zh-Hant.txt", "eaeu_tnved10_ru.tsv",
	                                     "hs_harmonized-system.csv" };
	char path[4096], *line = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		while (getline(&line, &cap, f) > 0 && pool->n < 60000) {
			line[strcspn(line, "\r\n")] = '\0';
			const char *d = line + strcspn(line, i == 2 ? "\t" : i == 3 ? "," : " ");
			if (!*d)
				continue;
			d++;
			if (i == 3) {
				d = strchr(d, ',');
				if (!d)
					continue;
				d++;
			}
			while (*d == ' ' || *d == '-' || *d == '"' || (unsigned char)*d == 0xC2 || (unsigned char)*d == 0xA0)
				d++;
			if (strlen(d) >= 8)
				add(pool, d, cut(d, strlen(d)));
		}
		fclose(f);
	}
	free(line);
	return pool->n;
}

static void generate(corpus *pool)
{
	static const char *const goods[] = { "Gallium metal ingots", "金属镓锭", "Германий слитки", "germanium wafers",
	                                     "cotton T-shirts", "steel hex bolts M8", "氮化鎵晶片", "ガリウム",
	                                     "LED lamps E27", "Wolframpulver", "antimony trioxide", "tin ingots",
	                                     "oak dining table", "硅片", "lithium battery cells", "spare parts" };
	static const char *const extra[] = { " 99.99%", " 4N", " 25 kg", " for electronics", ", 2 pcs", " sample",
	                                     " 纯度99.999%", " 5N5", " 3 micron", " free shipping" };
	char buf[256];
	for (size_t i = 0; i < 4096; i++) {
		snprintf(buf, sizeof buf, "%s%s%s", goods[i % 16], extra[(i / 16) % 10], extra[(i / 160) % 10]);
		add(pool, buf, strlen(buf));
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s POLICY [TARIFF_DIR] [RECORDS]\n", argv[0]);
		return 2;
	}
	size_t nrec = argc > 3 ? (size_t)atol(argv[3]) : 1000000;

	/* compile cost: median of 5 loads, and the resident memory of one policy */
	double t[5];
	mctl_policy *p = NULL;
	long rss0 = rss_kb(), rss1 = 0;
	for (int i = 0; i < 5; i++) {
		mctl_policy *q = NULL;
		mctl_error *err = NULL;
		double a = now();
		if (mctl_policy_load(&q, argv[1], NULL, &err) != MCTL_OK) {
			char b[512];
			mctl_error_format(err, b, sizeof b);
			fprintf(stderr, "bench: %s\n", b);
			return 2;
		}
		t[i] = now() - a;
		if (i == 0) {
			p = q;
			rss1 = rss_kb();
		} else {
			mctl_policy_unref(q);
		}
	}
	for (int i = 0; i < 5; i++)
		for (int j = i + 1; j < 5; j++)
			if (t[j] < t[i]) {
				double x = t[i];
				t[i] = t[j];
				t[j] = x;
			}

	corpus pool = { malloc(70000 * sizeof(char *)), malloc(70000 * sizeof(size_t)), 0, 0 };
	const char *source = "generated templates";
	if (argc > 2 && load_tariffs(&pool, argv[2]) > 1000)
		source = "tariff wording (en, zh-Hant, ru)";
	else {
		pool.n = pool.bytes = 0;
		generate(&pool);
	}
	size_t bytes = 0;
	for (size_t i = 0; i < nrec; i++)
		bytes += pool.len[i % pool.n];

	/* baseline: ICU NFKC case fold alone, UTF-8 -> UTF-16 -> normalized, same lines */
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&st);
	UChar src[512], dst[1024];
	size_t sink = 0;
	double a = now();
	for (size_t i = 0; i < nrec; i++) {
		int32_t n = 0;
		st = U_ZERO_ERROR;
		u_strFromUTF8(src, 512, &n, pool.line[i % pool.n], (int32_t)pool.len[i % pool.n], &st);
		sink += (size_t)unorm2_normalize(nf, src, n, dst, 1024, &st);
	}
	double t_icu = now() - a;

	/* full classification: record, classify, result freed */
	mctl_record *r = NULL;
	mctl_record_new(&r, NULL);
	size_t flagged = 0;
	a = now();
	for (size_t i = 0; i < nrec; i++) {
		mctl_record_set(r, MCTL_FIELD_DESCRIPTION, pool.line[i % pool.n], pool.len[i % pool.n], NULL);
		mctl_result *res = NULL;
		if (mctl_classify(p, r, &res, NULL) == MCTL_OK)
			flagged += mctl_result_verdict(res) != MCTL_VERDICT_CLEAR;
		mctl_result_free(res);
	}
	double t_full = now() - a;

	double mb = (double)bytes / 1e6;
	printf("libmineralctl %s benchmark, one core\n", mctl_version());
	printf("corpus: %zu records, %.1f MB, %.1f bytes/record, from %s (%zu distinct lines)\n", nrec, mb,
	       (double)bytes / (double)nrec, source, pool.n);
	printf("policy: %s %s, %zu items\n", mctl_policy_bundle(p), mctl_policy_version(p), mctl_policy_item_count(p));
	printf("\n%-34s %12s %10s %8s\n", "", "records/s", "MB/s", "ratio");
	printf("%-34s %12.0f %10.1f %8.2f\n", "ICU NFKC case fold alone (baseline)", (double)nrec / t_icu, mb / t_icu, 1.0);
	printf("%-34s %12.0f %10.1f %8.2f\n", "mctl_classify (full)", (double)nrec / t_full, mb / t_full, t_icu / t_full);
	printf("\ncompile (load + compile, median of 5): %.1f ms\n", t[2] * 1e3);
	printf("resident memory added by the first load: %.1f MB (%ld kB before, %ld kB after)\n",
	       (double)(rss1 - rss0) / 1024.0, rss0, rss1);
	printf("(%zu records not clear; checksum %zu)\n", flagged, sink % 1000);
	mctl_record_free(r);
	mctl_policy_unref(p);
	for (size_t i = 0; i < pool.n; i++)
		free(pool.line[i]);
	free(pool.line);
	free(pool.len);
	return 0;
}
