/*
 * The jsonl reader on any bytes; see fuzz_reader.h for what is checked.
 * Also: reading and parsing apart (mctl_reader_next_text, then
 * mctl_reader_parse_text on a copy) gives what mctl_reader_next gives,
 * status for status, field for field, error position for error position.
 */
#include "fuzz_reader.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return reader_init();
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void split_equals_next(const uint8_t *data, size_t size)
{
	mctl_reader_options o;
	mctl_reader_options_init(&o);
	o.format = MCTL_FORMAT_JSONL;
	o.max_record_bytes = 1 << 16;
	o.max_field_bytes = 1 << 12;
	o.date = "2026-12-01";
	mctl_reader *a = NULL, *b = NULL;
	FUZZ_CHECK(mctl_reader_open_memory(&a, "fuzz-input", data, size, &o, NULL) == MCTL_OK);
	FUZZ_CHECK(mctl_reader_open_memory(&b, "fuzz-input", data, size, &o, NULL) == MCTL_OK);
	mctl_record *ra = NULL, *rb = NULL;
	FUZZ_CHECK(mctl_record_new(&ra, NULL) == MCTL_OK && mctl_record_new(&rb, NULL) == MCTL_OK);
	for (size_t calls = 0;; calls++) {
		FUZZ_CHECK(calls <= size + 2);
		mctl_error *ea = NULL, *eb = NULL;
		int rca = mctl_reader_next(a, ra, &ea);
		const char *t = NULL;
		size_t len = 0;
		unsigned long long off = 0;
		int rcb = mctl_reader_next_text(b, &t, &len, &off, &eb);
		if (rcb == MCTL_OK) {
			char *copy = malloc(len + 1);
			FUZZ_CHECK(copy != NULL);
			memcpy(copy, t, len);
			copy[len] = '\0';
			rcb = mctl_reader_parse_text(b, copy, len, mctl_reader_line(b), off, rb, &eb);
			free(copy);
		}
		FUZZ_CHECK(rca == rcb);
		FUZZ_CHECK(mctl_reader_line(a) == mctl_reader_line(b));
		if (rca == MCTL_OK) {
			for (int f = 0; f < MCTL_FIELD_COUNT_; f++)
				FUZZ_CHECK(same(mctl_record_get(ra, (mctl_field)f, NULL), mctl_record_get(rb, (mctl_field)f, NULL)));
			FUZZ_CHECK(mctl_record_route_count(ra) == mctl_record_route_count(rb));
			FUZZ_CHECK(mctl_record_code_count(ra) == mctl_record_code_count(rb));
			FUZZ_CHECK(mctl_record_component_count(ra) == mctl_record_component_count(rb));
		} else if (rca < 0) {
			FUZZ_CHECK(ea && eb);
			FUZZ_CHECK(mctl_error_line(ea) == mctl_error_line(eb));
			FUZZ_CHECK(mctl_error_column(ea) == mctl_error_column(eb));
			FUZZ_CHECK(mctl_error_offset(ea) == mctl_error_offset(eb));
			FUZZ_CHECK(strcmp(mctl_error_message(ea), mctl_error_message(eb)) == 0);
		}
		mctl_error_free(ea);
		mctl_error_free(eb);
		if (rca == MCTL_DONE)
			break;
	}
	mctl_record_free(ra);
	mctl_record_free(rb);
	mctl_reader_free(a);
	mctl_reader_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	split_equals_next(data, size);
	return reader_run(MCTL_FORMAT_JSONL, data, size);
}
