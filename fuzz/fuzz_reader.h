/*
 * The body shared by the three reader targets (fuzz_jsonl, fuzz_csv,
 * fuzz_wco): any bytes through one format. The reader must end (MCTL_DONE)
 * within a number of calls bounded by the input size, every record it
 * returns must hold a description or a code, every bad record must come
 * with a diagnostic naming the input and a line, and each record must
 * classify against a small policy.
 */
#ifndef MCTL_FUZZ_READER_H
#define MCTL_FUZZ_READER_H

#include <string.h>
#include "fuzz.h"
#include <mineralctl.h>

static mctl_policy *reader_policy;

static int reader_init(void)
{
	const char *path = getenv("MINERALCTL_POLICY");
	if (!path || !*path)
		path = MCTL_SRC_POLICY_DIR "/cn";
	if (mctl_policy_load(&reader_policy, path, NULL, NULL) != MCTL_OK) {
		fprintf(stderr, "fuzz reader: cannot load %s\n", path);
		exit(2);
	}
	return 0;
}

static int reader_run(mctl_format fmt, const uint8_t *data, size_t size)
{
	mctl_reader_options o;
	mctl_reader_options_init(&o);
	o.format = fmt;
	o.max_record_bytes = 1 << 16; /* small limits reach the limit paths */
	o.max_field_bytes = 1 << 12;
	mctl_reader *rd = NULL;
	mctl_error *err = NULL;
	int rc = mctl_reader_open_memory(&rd, "fuzz-input", data, size, &o, &err);
	FUZZ_CHECK((rc == MCTL_OK) == (rd != NULL));
	mctl_error_free(err);
	if (rc != MCTL_OK)
		return 0;
	mctl_record *r = NULL;
	FUZZ_CHECK(mctl_record_new(&r, NULL) == MCTL_OK);
	size_t calls = 0;
	for (;;) {
		FUZZ_CHECK(++calls <= size + 2); /* every call consumes input or ends */
		err = NULL;
		rc = mctl_reader_next(rd, r, &err);
		if (rc == MCTL_DONE) {
			FUZZ_CHECK(err == NULL);
			break;
		}
		if (rc == MCTL_OK) {
			FUZZ_CHECK(err == NULL);
			size_t l1 = 0, l2 = 0, l3 = 0;
			const char *d1 = mctl_record_get(r, MCTL_FIELD_DESCRIPTION, &l1);
			const char *d2 = mctl_record_get(r, MCTL_FIELD_DESCRIPTION2, &l2);
			const char *c = mctl_record_get(r, MCTL_FIELD_CODE, &l3);
			FUZZ_CHECK((d1 && l1) || (d2 && l2) || (c && l3) || mctl_record_code_count(r) > 0);
			mctl_result *res = NULL;
			FUZZ_CHECK(mctl_classify(reader_policy, r, &res, NULL) == MCTL_OK);
			mctl_result_free(res);
		} else {
			FUZZ_CHECK(rc < 0 && err != NULL);
			FUZZ_CHECK(mctl_error_message(err)[0] != '\0');
			if (rc != MCTL_ENOMEM) {
				FUZZ_CHECK(mctl_error_file(err) && strcmp(mctl_error_file(err), "fuzz-input") == 0);
				FUZZ_CHECK(mctl_error_line(err) > 0);
			}
			mctl_error_free(err);
		}
	}
	mctl_record_free(r);
	mctl_reader_free(rd);
	return 0;
}

#endif
