/*
 * mineralctl: the audit trail of screen (--audit FILE) and its replay.
 *
 * One JSON line per decision, appended: time (UTC), file, line, id,
 * record_sha256 (mctl_record_digest), bundle, bundle_version, bundle_digest,
 * library, date (the date evaluated), verdict, items [{id, action}], flags,
 * and, with --audit-records, the canonical record itself.
 */
#ifndef MINERALCTL_AUDIT_H
#define MINERALCTL_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <mineralctl.h>

typedef struct audit audit;

/* Opens path for appending (created 0644 when missing). 0, or -1 with msg filled. */
int audit_open(audit **out, const char *path, char *msg, size_t msz);
/*
 * Adds the line of one decision to the pending batch: the result, where the
 * record came from, its sha256 (hex) and its canonical JSON (NULL to leave
 * the record out). 0, or -1 out of memory.
 */
int audit_add(audit *a, const mctl_result *res, const char *file, size_t line, const char *sha256,
              const char *record_json);
/* Appends the pending lines to the file in one write(2), so concurrent screens never interleave lines. 0 or -1 (errno). */
int audit_flush(audit *a);
/* Flushes and closes. 0 or -1 (errno). NULL is a no-op. */
int audit_close(audit *a);

#endif
