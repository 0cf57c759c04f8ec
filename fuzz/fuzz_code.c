/*
 * Commodity-code parsing: any bytes. The normalized code is 6, 8 or 10 ASCII
 * digits taken from inside the input, and parsing is idempotent.
 */
#include <string.h>
#include "fuzz.h"
#include "match/code.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[11];
	size_t olen = 0, start = 0, end = 0;
	int rc = mctl__code_normalize((const char *)data, size, out, &olen, &start, &end);
	if (rc != 0)
		return 0;
	FUZZ_CHECK(olen == 6 || olen == 8 || olen == 10);
	for (size_t i = 0; i < olen; i++)
		FUZZ_CHECK(out[i] >= '0' && out[i] <= '9');
	FUZZ_CHECK(start <= end && end <= size);
	char again[11];
	size_t l2 = 0, s2 = 0, e2 = 0;
	if (olen > 0) {
		FUZZ_CHECK(mctl__code_normalize(out, olen, again, &l2, &s2, &e2) == 0);
		FUZZ_CHECK(l2 == olen && memcmp(again, out, olen) == 0);
	}
	return 0;
}
