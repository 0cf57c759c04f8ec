/* Public accessors of a loaded policy; reference counting. */
#include <string.h>
#include "policy/model.h"

mctl_policy *mctl_policy_ref(mctl_policy *p)
{
	if (p)
		atomic_fetch_add_explicit(&p->refs, 1, memory_order_relaxed);
	return p;
}

void mctl_policy_unref(mctl_policy *p)
{
	if (p && atomic_fetch_sub_explicit(&p->refs, 1, memory_order_acq_rel) == 1)
		mctl__policy_destroy(p);
}

const char *mctl_policy_bundle(const mctl_policy *p) { return p ? p->bundle : NULL; }
const char *mctl_policy_version(const mctl_policy *p) { return p ? p->version : NULL; }
const char *mctl_policy_jurisdiction(const mctl_policy *p) { return p ? p->jurisdiction : NULL; }
size_t mctl_policy_item_count(const mctl_policy *p) { return p ? p->nitems : 0; }

const char *mctl_action_name(mctl_action a)
{
	switch (a) {
	case MCTL_ACTION_NONE: return "none";
	case MCTL_ACTION_REVIEW: return "review";
	case MCTL_ACTION_LICENSE: return "license_required";
	case MCTL_ACTION_PROHIBITED: return "prohibited";
	}
	return "unknown";
}

static const mctl_item *item(const mctl_policy *p, size_t i)
{
	return p && i < p->nitems ? &p->items[i] : NULL;
}

const char *mctl_policy_item_id(const mctl_policy *p, size_t i)
{
	const mctl_item *it = item(p, i);
	return it ? it->id : NULL;
}

const char *mctl_policy_item_title(const mctl_policy *p, size_t i, const char *lang)
{
	const mctl_item *it = item(p, i);
	if (!it || it->ntitles == 0)
		return NULL;
	const char *want[2] = { lang, "en" };
	for (int k = 0; k < 2; k++)
		for (size_t t = 0; want[k] && t < it->ntitles; t++)
			if (strcmp(it->titles[t].lang, want[k]) == 0)
				return it->titles[t].text;
	return it->titles[0].text;
}

const char *mctl_policy_item_announcement(const mctl_policy *p, size_t i)
{
	const mctl_item *it = item(p, i);
	return it && it->ann ? (it->ann->title ? it->ann->title : it->ann->id) : NULL;
}

const char *mctl_policy_item_control_code(const mctl_policy *p, size_t i)
{
	const mctl_item *it = item(p, i);
	return it ? it->control_code : NULL;
}

bool mctl__control_in_force(const mctl_control *c, int32_t day)
{
	if (day < c->active.from || day > c->active.until)
		return false;
	for (size_t i = 0; i < c->nsusp; i++)
		if (day >= c->susp[i].from && day <= c->susp[i].until)
			return false;
	return true;
}

bool mctl__item_controlled_on(const mctl_item *it, int32_t day)
{
	for (size_t k = 0; k < it->ncontrols; k++)
		if (!it->controls[k].rule_id && !it->controls[k].abroad && mctl__control_in_force(&it->controls[k], day))
			return true;
	return false;
}

int mctl_policy_item_in_force(const mctl_policy *p, size_t i, const char *date)
{
	const mctl_item *it = item(p, i);
	int32_t day;
	if (!it || !date || mctl__date_parse(date, strlen(date), &day))
		return MCTL_EINVAL;
	return mctl__item_controlled_on(it, day);
}

int mctl_policy_item_base_action(const mctl_policy *p, size_t i, const char *date)
{
	const mctl_item *it = item(p, i);
	int32_t day;
	if (!it || !date || mctl__date_parse(date, strlen(date), &day))
		return MCTL_EINVAL;
	int best = MCTL_ACTION_NONE;
	bool own = mctl__item_controlled_on(it, day);
	for (size_t k = 0; k < it->ncontrols; k++) {
		const mctl_control *c = &it->controls[k];
		if (c->has_dest || c->has_route || c->channels || c->end_use.n || c->abroad || (c->rule_id && !own))
			continue;
		if (mctl__control_in_force(c, day) && (int)c->action > best)
			best = (int)c->action;
	}
	if (!it->confirmed && best > MCTL_ACTION_REVIEW)
		best = MCTL_ACTION_REVIEW;
	return best;
}

const char *mctl_policy_digest(const mctl_policy *p) { return p ? p->digest : NULL; }
int mctl_policy_sealed(const mctl_policy *p) { return p ? p->sealed : 0; }
size_t mctl_policy_file_count(const mctl_policy *p) { return p ? p->nfiles : 0; }
const char *mctl_policy_file_path(const mctl_policy *p, size_t i) { return p && i < p->nfiles ? p->files[i].rel : NULL; }
const char *mctl_policy_file_sha256(const mctl_policy *p, size_t i)
{
	return p && i < p->nfiles ? p->files[i].sha256 : NULL;
}
