/*
 * The README's ten-line example as a complete program:
 *   cc classify.c $(pkg-config --cflags --libs mineralctl)
 *   ./classify POLICY "DESCRIPTION" [DESTINATION] [DATE]
 */
#include <stdio.h>
#include <mineralctl.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s POLICY DESCRIPTION [DESTINATION] [DATE]\n", argv[0]);
		return 2;
	}
	mctl_policy *p; mctl_record *r; mctl_result *res; mctl_error *err = NULL;
	if (mctl_policy_load(&p, argv[1], NULL, &err) != MCTL_OK)
		{ char b[512]; mctl_error_format(err, b, sizeof b); puts(b); mctl_error_free(err); return 1; }
	mctl_record_new(&r, NULL);
	mctl_record_set(r, MCTL_FIELD_DESCRIPTION, argv[2], -1, NULL);
	mctl_record_set(r, MCTL_FIELD_TO, argc > 3 ? argv[3] : NULL, -1, NULL);
	mctl_record_set(r, MCTL_FIELD_DATE, argc > 4 ? argv[4] : NULL, -1, NULL);
	mctl_classify(p, r, &res, NULL);      /* any number of threads may share p */
	printf("%s\n", mctl_verdict_name(mctl_result_verdict(res)));
	mctl_result_free(res); mctl_record_free(r); mctl_policy_unref(p);
	return 0;
}
