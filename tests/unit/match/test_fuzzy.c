/* Near-miss spellings: the deletion index and the OSA distance. */
#include <stdlib.h>
#include "../../common.h"
#include "match/fuzzy.h"
#include "mineralctl/common.h"

static mctl_alloc al;

static int collect(void *ctx, uint32_t id)
{
	unsigned *mask = ctx;
	*mask |= 1u << id;
	return 0;
}

static unsigned lookup(const mctl_fuzzy *fz, const char *w)
{
	unsigned mask = 0;
	cr_assert_eq(mctl__fuzzy_lookup(fz, w, strlen(w), collect, &mask), 0);
	return mask;
}

Test(fuzzy, osa_distance)
{
	cr_assert_eq(mctl__osa_distance("gallium", 7, "gallium", 7, 3), 0);
	cr_assert_eq(mctl__osa_distance("galium", 6, "gallium", 7, 3), 1);      /* deletion */
	cr_assert_eq(mctl__osa_distance("germanuim", 9, "germanium", 9, 3), 1); /* transposition */
	cr_assert_eq(mctl__osa_distance("antimonny", 9, "antimony", 8, 3), 1);  /* insertion */
	cr_assert_eq(mctl__osa_distance("tungstem", 8, "tungsten", 8, 3), 1);   /* substitution */
	cr_assert_eq(mctl__osa_distance("germany", 7, "germanium", 9, 3), 3); /* "y" against "ium" */
	cr_assert_eq(mctl__osa_distance("antinomy", 8, "antimony", 8, 3), 2);   /* m and n are not neighbours */
	cr_assert_eq(mctl__osa_distance("gallery", 7, "gallium", 7, 1), 2);     /* capped at cap + 1 */
}

Test(fuzzy, lookup_finds_exactly_one_edit)
{
	mctl__alloc_init(&al, NULL);
	mctl_fuzzy *fz = NULL;
	cr_assert_eq(mctl__fuzzy_new(&fz, &al), MCTL_OK);
	cr_assert_eq(mctl__fuzzy_add(fz, "gallium", 7, 0), MCTL_OK);
	cr_assert_eq(mctl__fuzzy_add(fz, "germanium", 9, 1), MCTL_OK);
	cr_assert_eq(mctl__fuzzy_add(fz, "antimony", 8, 2), MCTL_OK);
	cr_assert_eq(mctl__fuzzy_add(fz, "indium", 6, 3), MCTL_OK);      /* too short: ignored */
	cr_assert_eq(mctl__fuzzy_add(fz, "ga-llium", 8, 4), MCTL_OK);    /* not [a-z]: ignored */
	cr_assert_eq(mctl__fuzzy_build(fz), MCTL_OK);
	cr_assert_eq(lookup(fz, "galium"), 1u << 0);
	cr_assert_eq(lookup(fz, "gallimu"), 1u << 0);
	cr_assert_eq(lookup(fz, "gallixum"), 1u << 0);
	cr_assert_eq(lookup(fz, "germanuim"), 1u << 1);
	cr_assert_eq(lookup(fz, "antimonny"), 1u << 2);
	cr_assert_eq(lookup(fz, "gallium"), 0u, "an exact match is not a near miss");
	cr_assert_eq(lookup(fz, "gallery"), 0u);
	cr_assert_eq(lookup(fz, "germany"), 0u);
	cr_assert_eq(lookup(fz, "antimonopoly"), 0u);
	cr_assert_eq(lookup(fz, "antinomy"), 0u);
	cr_assert_eq(lookup(fz, "indiumx"), 0u);
	cr_assert_eq(lookup(fz, "indum"), 0u);
	mctl__fuzzy_free(fz);
	mctl__fuzzy_free(NULL);
}
