/*
 * Text normalization: any bytes, both modes. Checks what the matcher relies
 * on: the output is valid, NUL-terminated UTF-8, and every output byte maps
 * back to a non-empty range inside the input, in order.
 */
#include <stdbool.h>
#include "fuzz.h"
#include "text/normalize.h"
#include "mineralctl/common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mctl_alloc al;
	mctl__alloc_init(&al, NULL);
	for (int mode = MCTL_NORM_FOLD; mode <= MCTL_NORM_NFKC; mode++) {
		mctl_ntext nt;
		mctl__ntext_init(&nt, &al);
		int rc = mctl__normalize(&nt, (const char *)data, size, mode);
		FUZZ_CHECK(rc == MCTL_OK || rc == MCTL_ENOMEM || rc == MCTL_EUNICODE);
		if (rc == MCTL_OK) {
			FUZZ_CHECK(nt.s != NULL && nt.s[nt.len] == '\0');
			FUZZ_CHECK(mctl__utf8_valid(nt.s, nt.len));
			FUZZ_CHECK(nt.invalid_utf8 == !mctl__utf8_valid((const char *)data, size));
			size_t prev = 0;
			for (size_t i = 0; i < nt.len; i++) {
				FUZZ_CHECK(nt.ostart[i] < nt.oend[i] && nt.oend[i] <= size);
				FUZZ_CHECK(nt.ostart[i] >= prev);
				prev = nt.ostart[i];
			}
		}
		mctl__ntext_free(&nt);
	}
	return 0;
}
