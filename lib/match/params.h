/*
 * Internal: quantities read from a description — purity ("99.99%", "4N",
 * "5N5", "纯度≥99.999%"), content of a material ("containing 95% by weight of
 * tungsten", "Dy 3%", "Sn42Bi58"), particle size ("≤ 50 µm", "3 micron") and
 * energy density ("320 Wh/kg") — so items can test their thresholds.
 */
#ifndef MCTL_MATCH_PARAMS_H
#define MCTL_MATCH_PARAMS_H

#include "match/text.h"

typedef struct mctl_qty {
	uint8_t kind;      /* MCTL_PARAM_* */
	uint8_t field;
	double value;      /* %, µm or Wh/kg */
	int32_t concept;   /* content: the material it is the content of; -1 unknown */
	size_t start, end; /* original bytes */
} mctl_qty;

/*
 * Appends the quantities of one field to out. `nt` is the folded text of
 * the field, `cased` its NFKC text (for alloy notation), hits[first..] the
 * field's concept hits.
 */
int mctl__extract_quantities(const mctl_policy *p, const mctl_ntext *nt, const mctl_ntext *cased,
                             const mctl_vec *hits, size_t first, int field, mctl_vec *out);

#endif
