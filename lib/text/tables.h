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

/* Fast path: code points without a normalization boundary before them (need ICU). */
extern const unsigned char mctl__nbb_bits[0x110000 / 8];
/* Per mode (0 = MCTL_NORM_FOLD, 1 = MCTL_NORM_NFKC): code points with a boundary before them
 * whose normalized form differs from themselves, and that form. */
extern const unsigned char mctl__mapped_bits_0[0x110000 / 8], mctl__mapped_bits_1[0x110000 / 8];
typedef struct mctl_fastmap {
	int32_t cp;
	uint32_t off, len; /* UTF-8 bytes in mctl__fast_pool */
} mctl_fastmap;
extern const mctl_fastmap mctl__fast_map_0[], mctl__fast_map_1[];
extern const size_t mctl__fast_map_len_0, mctl__fast_map_len_1;
extern const unsigned char mctl__fast_pool[];

#endif
