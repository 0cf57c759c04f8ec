/*
 * mineralctl/holder.h - the current policy of a running screen, replaceable
 * while other threads classify (hot reload).
 *
 * A holder owns one reference to the current policy. Threads that classify
 * take their own reference with mctl_holder_acquire(), use it for as long as
 * they like (a record, a batch) and drop it with mctl_policy_unref().
 * Publishing a new policy is atomic: an acquire sees either the old policy
 * or the new one, never a mix, and the old policy is freed only when its
 * last user drops it. A reload that fails leaves the current policy in
 * place and says why. All functions are thread-safe; see doc/THREADING.md.
 */
#ifndef MINERALCTL_HOLDER_H
#define MINERALCTL_HOLDER_H

#include <mineralctl/common.h>
#include <mineralctl/policy.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mctl_holder mctl_holder;

/**
 * Creates a holder. `initial` (may be NULL: no policy yet) gains a reference
 * held by the holder; the caller keeps its own. Returns MCTL_OK or MCTL_ENOMEM.
 */
MCTL_EXTERN int mctl_holder_new(mctl_holder **out, mctl_policy *initial);
/** Drops the holder's reference; policies acquired from it stay valid. NULL is a no-op. */
MCTL_EXTERN void mctl_holder_free(mctl_holder *h);

/**
 * A new reference to the current policy (release it with mctl_policy_unref()),
 * or NULL when the holder has none.
 */
MCTL_EXTERN mctl_policy *mctl_holder_acquire(mctl_holder *h);

/**
 * Publishes p (the holder takes a reference; p may be NULL to empty it).
 * Returns the generation now current (1 for the first policy published, +1
 * each time), or 0 when h is NULL.
 */
MCTL_EXTERN unsigned long mctl_holder_set(mctl_holder *h, mctl_policy *p);

/**
 * Loads the policy at path (as mctl_policy_load()) and publishes it. On any
 * failure the current policy stays, a negative status is returned and *err
 * (when err is not NULL) holds every problem found.
 */
MCTL_EXTERN int mctl_holder_reload(mctl_holder *h, const char *path, const mctl_load_options *opts,
                                   mctl_error **err);

/** Number of policies published so far (0: none yet). */
MCTL_EXTERN unsigned long mctl_holder_generation(const mctl_holder *h);

#ifdef __cplusplus
}
#endif
#endif
