/* Internal: checking a bundle's signatures while it loads (see sign.c). */
#ifndef MCTL_POLICY_SIGN_H
#define MCTL_POLICY_SIGN_H

#include <stdbool.h>
#include "mineralctl/policy.h"
#include "util/internal.h"

/*
 * Adds an MCTL_ETRUST diagnostic to errs for each reason the bundle whose
 * manifest is manifest_path (with that sha256, hex) does not satisfy t: not
 * sealed, no MANIFEST.sig, a trusted key's signature that does not verify,
 * or fewer valid signatures from distinct trusted keys than the quorum.
 */
void mctl__verify_signatures(const mctl_trust *t, const char *manifest_path, const char *bundle, const char *version,
                             const char *manifest_sha256, bool sealed, mctl_errlist *errs);

#endif
