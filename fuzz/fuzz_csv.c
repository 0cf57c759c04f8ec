/* The csv reader on any bytes; see fuzz_reader.h for what is checked. */
#include "fuzz_reader.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return reader_init();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return reader_run(MCTL_FORMAT_CSV, data, size);
}
