/*
 * Policy loading: the input is one stand-alone policy file. It must load or
 * be refused with diagnostics (each with a message, and a position when it
 * names the file); a policy that loads must classify a record.
 * The bytes reach the loader as policy.yaml in a private directory of their
 * own (so that a fuzzed `files:` list can only name files of that directory).
 */
#include <string.h>
#include <unistd.h>
#include "fuzz.h"
#include <mineralctl.h>

static char dir[4096], path[4200];

static void cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/mctl-fuzz-policy-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("fuzz_policy: mkdtemp");
		exit(2);
	}
	snprintf(path, sizeof path, "%s/policy.yaml", dir);
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	mctl_policy *p = NULL;
	mctl_error *err = NULL;
	int rc = mctl_policy_load(&p, path, NULL, &err);
	if (rc == MCTL_OK) {
		FUZZ_CHECK(p != NULL && err == NULL);
		mctl_record *r = NULL;
		mctl_result *res = NULL;
		FUZZ_CHECK(mctl_record_new(&r, NULL) == MCTL_OK);
		mctl_record_set(r, MCTL_FIELD_DESCRIPTION, "gallium metal 99.99%, antimony ingots", (size_t)-1, NULL);
		mctl_record_set(r, MCTL_FIELD_CODE, "8112929090", (size_t)-1, NULL);
		FUZZ_CHECK(mctl_classify(p, r, &res, NULL) == MCTL_OK);
		mctl_result_free(res);
		mctl_record_free(r);
		mctl_policy_unref(p);
	} else {
		FUZZ_CHECK(p == NULL);
		FUZZ_CHECK(rc == MCTL_ESYNTAX || rc == MCTL_EPOLICY || rc == MCTL_ELIMIT || rc == MCTL_ENOMEM ||
		           rc == MCTL_EIO);
		FUZZ_CHECK(err != NULL || rc == MCTL_ENOMEM);
		for (const mctl_error *e = err; e; e = mctl_error_next(e)) {
			FUZZ_CHECK(mctl_error_message(e)[0] != '\0');
			if (mctl_error_file(e) && strcmp(mctl_error_file(e), path) == 0 && mctl_error_code(e) != MCTL_EIO)
				FUZZ_CHECK(mctl_error_line(e) > 0);
		}
	}
	mctl_error_free(err);
	return 0;
}
