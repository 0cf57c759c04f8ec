/* Internal: shared by the report modules. */
#ifndef MCTL_REPORT_REPORT_H
#define MCTL_REPORT_REPORT_H

#include "util/alloc.h"

/* JSON pieces: a string with RFC 8785 escaping, an ECMAScript number. */
int mctl__json_string(mctl_buf *b, const char *s, size_t n);
size_t mctl__json_number(double x, char out[32]);

#endif
