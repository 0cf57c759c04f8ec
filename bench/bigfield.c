/*
 * bench/bigfield: huge descriptions. Classification must take time linear
 * in the field size and memory bounded by it, or refuse the field at the
 * limit at once; never hang. Prints, for descriptions of 1, 2, 4, 8 and 16
 * MiB (field limit raised for the run), the time per MiB and the peak RSS
 * growth, as ratios against the 1 MiB run measured here, then shows that a
 * 100 MiB description is refused by the default limit without being read.
 *
 * usage: bigfield POLICY
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <mineralctl.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Realistic text: a declaration line repeated, with a controlled name now and then. */
static char *make_text(size_t n)
{
	static const char *const parts[] = {
		"Cotton T-shirts, knitted, 100% cotton, size M; ",
		"Steel bolts M8 zinc plated, 500 pcs; ",
		"Gallium metal ingots 4N, 1 kg; ",
		"Ceramic mugs 350 ml, boxed; ",
		"金属镓 样品 99.99%; ",
		"Plastic toys, assorted; ",
	};
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	size_t k = 0, i = 0;
	while (k < n) {
		const char *p = parts[i++ % 6];
		size_t l = strlen(p);
		if (l > n - k)
			l = n - k;
		memcpy(s + k, p, l);
		k += l;
	}
	/* Do not end inside a UTF-8 sequence. */
	while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
		k--;
	if (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0xC0)
		k--;
	s[k] = '\0';
	return s;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bigfield POLICY\n");
		return 2;
	}
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	if (mctl_policy_load(&p, argv[1], NULL, &err) != MCTL_OK) {
		fprintf(stderr, "bigfield: cannot load %s: %s\n", argv[1], err ? mctl_error_message(err) : "?");
		return 1;
	}
	printf("bigfield: one description of N MiB, classified once (field limit raised to 16 MiB)\n");
	printf("%8s %10s %12s %14s %12s %12s\n", "MiB", "seconds", "s/MiB", "ratio vs 1MiB", "RSS+ MiB", "RSS+/MiB");
	double base = 0;
	for (size_t mib = 1; mib <= 16; mib *= 2) {
		size_t n = mib << 20;
		char *text = make_text(n);
		mctl_record *r = NULL;
		mctl_result *res = NULL;
		if (!text || mctl_record_new(&r, NULL) != MCTL_OK)
			return 1;
		mctl_record_set_max_field(r, (size_t)16 << 20);
		long rss0 = peak_rss_kb();
		double t0 = now();
		if (mctl_record_set(r, MCTL_FIELD_DESCRIPTION, text, (size_t)-1, &err) != MCTL_OK ||
		    mctl_classify(p, r, &res, &err) != MCTL_OK) {
			fprintf(stderr, "bigfield: %zu MiB: %s\n", mib, err ? mctl_error_message(err) : "failed");
			return 1;
		}
		double dt = now() - t0;
		long rss1 = peak_rss_kb();
		double per = dt / (double)mib;
		if (mib == 1)
			base = per;
		printf("%8zu %10.3f %12.4f %14.2f %12.1f %12.1f   %s, %zu items\n", mib, dt, per, per / base,
		       (rss1 - rss0) / 1024.0, (rss1 - rss0) / 1024.0 / (double)mib,
		       mctl_verdict_name(mctl_result_verdict(res)), mctl_result_item_count(res));
		mctl_result_free(res);
		mctl_record_free(r);
		free(text);
	}
	/* 100 MiB with the default 1 MiB limit: refused before any work. */
	size_t n = (size_t)100 << 20;
	char *big = malloc(n);
	if (!big)
		return 1;
	memset(big, 'a', n);
	mctl_record *r = NULL;
	mctl_record_new(&r, NULL);
	double t0 = now();
	int rc = mctl_record_set(r, MCTL_FIELD_DESCRIPTION, big, n, &err);
	printf("100 MiB with the default limit: %s in %.6f s (%s)\n", mctl_strerror(rc), now() - t0,
	       err ? mctl_error_message(err) : "accepted");
	mctl_error_free(err);
	mctl_record_free(r);
	free(big);
	mctl_policy_unref(p);
	return rc == MCTL_ELIMIT ? 0 : 1;
}
