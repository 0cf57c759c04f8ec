/*
 * The policy holder: one mutex around a pointer swap. Users never hold the
 * lock while classifying: they take a reference under it (one atomic add)
 * and let go at once, so a reload never waits for a classification and a
 * classification never waits for a reload's load and compile, which run
 * before the lock is taken.
 */
#include <pthread.h>
#include <stdlib.h>
#include <mineralctl/holder.h>

struct mctl_holder {
	pthread_mutex_t lock;
	mctl_policy *current;
	unsigned long generation;
};

int mctl_holder_new(mctl_holder **out, mctl_policy *initial)
{
	if (!out)
		return MCTL_EINVAL;
	*out = NULL;
	mctl_holder *h = calloc(1, sizeof *h);
	if (!h)
		return MCTL_ENOMEM;
	if (pthread_mutex_init(&h->lock, NULL) != 0) {
		free(h);
		return MCTL_ENOMEM;
	}
	if (initial) {
		h->current = mctl_policy_ref(initial);
		h->generation = 1;
	}
	*out = h;
	return MCTL_OK;
}

void mctl_holder_free(mctl_holder *h)
{
	if (!h)
		return;
	mctl_policy_unref(h->current);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

mctl_policy *mctl_holder_acquire(mctl_holder *h)
{
	if (!h)
		return NULL;
	pthread_mutex_lock(&h->lock);
	mctl_policy *p = mctl_policy_ref(h->current);
	pthread_mutex_unlock(&h->lock);
	return p;
}

unsigned long mctl_holder_set(mctl_holder *h, mctl_policy *p)
{
	if (!h)
		return 0;
	mctl_policy_ref(p);
	pthread_mutex_lock(&h->lock);
	mctl_policy *old = h->current;
	h->current = p;
	unsigned long g = ++h->generation;
	pthread_mutex_unlock(&h->lock);
	mctl_policy_unref(old); /* freed here only if no user holds it */
	return g;
}

int mctl_holder_reload(mctl_holder *h, const char *path, const mctl_load_options *opts, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!h || !path)
		return MCTL_EINVAL;
	mctl_policy *p = NULL;
	int rc = mctl_policy_load(&p, path, opts, err);
	if (rc != MCTL_OK)
		return rc;
	mctl_holder_set(h, p);
	mctl_policy_unref(p);
	return MCTL_OK;
}

unsigned long mctl_holder_generation(const mctl_holder *h)
{
	if (!h)
		return 0;
	pthread_mutex_lock((pthread_mutex_t *)&h->lock);
	unsigned long g = h->generation;
	pthread_mutex_unlock((pthread_mutex_t *)&h->lock);
	return g;
}
