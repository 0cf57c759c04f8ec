/* Internal: per-code-point folding tables generated at build time (tools/gen-tables.c). */
#ifndef MCTL_TEXT_TABLES_H
#define MCTL_TEXT_TABLES_H

#include <stddef.h>
#include <stdint.h>

typedef struct mctl_cpmap {
	int32_t from, to;
} mctl_cpmap;

/* After NFKC case folding: Traditional->Simplified, Latin diacritics, Cyrillic/Greek look-alikes (lower case). */
extern const mctl_cpmap mctl__fold_table[];
extern const size_t mctl__fold_table_len;
/* Case kept: Cyrillic/Greek look-alikes of Latin letters (for case-sensitive formulas). */
extern const mctl_cpmap mctl__confusable_table[];
extern const size_t mctl__confusable_table_len;

#endif
