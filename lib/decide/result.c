/* Public accessors of a classification result. */
#include "decide/result.h"
#include "policy/model.h"

static const char *const flag_names[MCTL_FLAG_COUNT_] = {
	"code_description_mismatch", "controlled_code_vague_description", "ambiguous_code",
	"obfuscated_text", "transshipment_risk", "invalid_code", "invalid_utf8", "truncated_scan",
};

const char *mctl_verdict_name(mctl_verdict v)
{
	switch (v) {
	case MCTL_VERDICT_CLEAR: return "clear";
	case MCTL_VERDICT_REVIEW: return "review";
	case MCTL_VERDICT_LICENSE_REQUIRED: return "license_required";
	case MCTL_VERDICT_PROHIBITED: return "prohibited";
	}
	return "unknown";
}

const char *mctl_flag_name(mctl_flag f)
{
	return (unsigned)f < MCTL_FLAG_COUNT_ ? flag_names[f] : "unknown";
}

const char *mctl_match_name(mctl_match m)
{
	switch (m) {
	case MCTL_MATCH_TEXT: return "text";
	case MCTL_MATCH_CODE: return "code";
	case MCTL_MATCH_TEXT_CODE: return "text+code";
	}
	return "unknown";
}

void mctl_result_free(mctl_result *res)
{
	if (!res)
		return;
	mctl_alloc al = res->al;
	mctl_policy_unref(res->policy);
	mctl__arena_free(&res->ar);
	mctl__free(&al, res);
}

mctl_verdict mctl_result_verdict(const mctl_result *r) { return r ? r->verdict : MCTL_VERDICT_CLEAR; }
const mctl_policy *mctl_result_policy(const mctl_result *r) { return r ? r->policy : NULL; }
const char *mctl_result_id(const mctl_result *r) { return r ? r->id : NULL; }
const char *mctl_result_date(const mctl_result *r) { return r ? r->date : NULL; }
int mctl_result_in_jurisdiction(const mctl_result *r) { return r ? r->in_jur : 0; }
const char *mctl_result_note(const mctl_result *r) { return r ? r->note : NULL; }
size_t mctl_result_item_count(const mctl_result *r) { return r ? r->nitems : 0; }

static const mctl_res_item *ritem(const mctl_result *r, size_t i)
{
	return r && i < r->nitems ? &r->items[i] : NULL;
}

size_t mctl_result_item_index(const mctl_result *r, size_t i)
{
	const mctl_res_item *it = ritem(r, i);
	return it ? it->index : (size_t)-1;
}

const char *mctl_result_item_id(const mctl_result *r, size_t i)
{
	const mctl_res_item *it = ritem(r, i);
	return it ? r->policy->items[it->index].id : NULL;
}

mctl_action mctl_result_item_action(const mctl_result *r, size_t i)
{
	const mctl_res_item *it = ritem(r, i);
	return it ? it->action : MCTL_ACTION_NONE;
}

mctl_match mctl_result_item_match(const mctl_result *r, size_t i)
{
	const mctl_res_item *it = ritem(r, i);
	return it ? it->match : (mctl_match)0;
}

size_t mctl_result_item_mineral_count(const mctl_result *r, size_t i)
{
	const mctl_res_item *it = ritem(r, i);
	return it ? r->policy->items[it->index].minerals.n : 0;
}

const char *mctl_result_item_mineral(const mctl_result *r, size_t i, size_t j)
{
	const mctl_res_item *it = ritem(r, i);
	if (!it || j >= r->policy->items[it->index].minerals.n)
		return NULL;
	return r->policy->items[it->index].minerals.v[j];
}

size_t mctl_result_flag_count(const mctl_result *r) { return r ? r->nflags : 0; }

mctl_flag mctl_result_flag_at(const mctl_result *r, size_t i)
{
	return r && i < r->nflags ? r->flags[i] : MCTL_FLAG_COUNT_;
}

int mctl_result_has_flag(const mctl_result *r, mctl_flag f)
{
	for (size_t i = 0; r && i < r->nflags; i++)
		if (r->flags[i] == f)
			return 1;
	return 0;
}

size_t mctl_result_evidence_count(const mctl_result *r) { return r ? r->nev : 0; }

mctl_field mctl_result_evidence_field(const mctl_result *r, size_t i)
{
	return r && i < r->nev ? r->ev[i].field : MCTL_FIELD_COUNT_;
}

size_t mctl_result_evidence_start(const mctl_result *r, size_t i) { return r && i < r->nev ? r->ev[i].start : 0; }
size_t mctl_result_evidence_end(const mctl_result *r, size_t i) { return r && i < r->nev ? r->ev[i].end : 0; }
const char *mctl_result_evidence_text(const mctl_result *r, size_t i) { return r && i < r->nev ? r->ev[i].text : NULL; }
const char *mctl_result_evidence_concept(const mctl_result *r, size_t i) { return r && i < r->nev ? r->ev[i].concept : NULL; }

int mctl_result_evidence_negated(const mctl_result *r, size_t i) { return r && i < r->nev ? r->ev[i].negated : 0; }
int mctl_result_evidence_approximate(const mctl_result *r, size_t i) { return r && i < r->nev ? r->ev[i].approximate : 0; }
