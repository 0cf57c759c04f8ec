#include <math.h>
#include <string.h>
#include "record/record.h"
#include "util/data.h"
#include "util/internal.h"

static const char *const field_names[MCTL_FIELD_COUNT_] = {
	"id", "description", "description2", "code", "origin", "from", "to",
	"date", "channel", "end_use", "unit", "currency",
};

const char *mctl_field_name(mctl_field f)
{
	return (unsigned)f < MCTL_FIELD_COUNT_ ? field_names[f] : NULL;
}

int mctl_record_new(mctl_record **out, const mctl_context *ctx)
{
	if (!out)
		return MCTL_EINVAL;
	mctl_alloc al;
	mctl__alloc_init(&al, ctx);
	mctl_record *r = mctl__calloc(&al, 1, sizeof *r);
	*out = r;
	if (!r)
		return MCTL_ENOMEM;
	r->al = al;
	r->max_field = MCTL_DEFAULT_MAX_FIELD;
	for (int i = 0; i < MCTL_FIELD_COUNT_; i++)
		mctl__buf_init(&r->f[i], &r->al);
	return MCTL_OK;
}

int mctl_record_set_max_field(mctl_record *r, size_t max)
{
	if (!r)
		return MCTL_EINVAL;
	r->max_field = max ? max : MCTL_DEFAULT_MAX_FIELD;
	return MCTL_OK;
}

void mctl_record_free(mctl_record *r)
{
	if (!r)
		return;
	for (int i = 0; i < MCTL_FIELD_COUNT_; i++)
		mctl__buf_free(&r->f[i]);
	if (r->cache && r->cache_free)
		r->cache_free(r->cache, &r->al);
	mctl_alloc al = r->al;
	mctl__free(&al, r);
}

void mctl_record_clear(mctl_record *r)
{
	if (!r)
		return;
	for (int i = 0; i < MCTL_FIELD_COUNT_; i++) {
		r->f[i].len = 0;
		r->set[i] = false;
	}
	r->nroute = 0;
	r->ncomp = 0;
	r->ncodes = 0;
	r->has_qty = r->has_value = false;
}

int mctl__record_copy(mctl_record *dst, const mctl_record *src)
{
	mctl_record_clear(dst);
	for (int i = 0; i < MCTL_FIELD_COUNT_; i++) {
		if (!src->set[i])
			continue;
		if (mctl__buf_append(&dst->f[i], src->f[i].data ? src->f[i].data : "", src->f[i].len)) {
			mctl_record_clear(dst);
			return MCTL_ENOMEM;
		}
		dst->set[i] = true;
	}
	memcpy(dst->route, src->route, src->nroute * sizeof src->route[0]);
	dst->nroute = src->nroute;
	memcpy(dst->comp, src->comp, src->ncomp * sizeof src->comp[0]);
	dst->ncomp = src->ncomp;
	memcpy(dst->code_type, src->code_type, src->ncodes * sizeof src->code_type[0]);
	memcpy(dst->code_value, src->code_value, src->ncodes * sizeof src->code_value[0]);
	dst->ncodes = src->ncodes;
	dst->qty = src->qty;
	dst->has_qty = src->has_qty;
	dst->value = src->value;
	dst->has_value = src->has_value;
	return MCTL_OK;
}

int mctl_record_add_component(mctl_record *r, const char *material, const char *origin, double value_share,
                              double weight_share, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!r || !material || !*material || strlen(material) >= sizeof r->comp[0].material)
		return mctl__error_set(err, MCTL_EINVAL, "component: a material name (up to 63 bytes) is required");
	if (!isfinite(value_share) || value_share > 100 || !isfinite(weight_share) || weight_share > 100)
		return mctl__error_set(err, MCTL_EINVAL, "component: shares are percentages up to 100");
	char cc[3] = "";
	if (origin && *origin && mctl__country_canon(origin, strlen(origin), cc) != 0)
		return mctl__error_set(err, MCTL_EINVAL, "component: '%.40s' is not an ISO 3166-1 alpha-2 country code", origin);
	if (r->ncomp >= MCTL_MAX_COMPONENTS)
		return mctl__error_set(err, MCTL_ELIMIT, "component: more than %d components", MCTL_MAX_COMPONENTS);
	mctl_component *c = &r->comp[r->ncomp++];
	memset(c, 0, sizeof *c);
	for (size_t i = 0; material[i]; i++) /* mineral names are lower-case ids */
		c->material[i] = (char)(material[i] >= 'A' && material[i] <= 'Z' ? material[i] - 'A' + 'a' : material[i]);
	memcpy(c->origin, cc, 3);
	c->value_share = value_share;
	c->weight_share = weight_share;
	return MCTL_OK;
}

size_t mctl_record_component_count(const mctl_record *r)
{
	return r ? r->ncomp : 0;
}

/* 1 when s is 1 to MCTL_CODE_CHARS - 1 printable ASCII characters, no spaces. */
static int code_text_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if ((unsigned char)s[n] <= 0x20 || (unsigned char)s[n] >= 0x7f || n + 1 >= MCTL_CODE_CHARS)
			return 0;
	return n > 0;
}

int mctl_record_add_code(mctl_record *r, const char *type, const char *code, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!r || !type || !code)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_record_add_code: bad argument");
	if (!code_text_ok(type))
		return mctl__error_set(err, MCTL_EINVAL, "code type '%.40s' is not 1 to %d printable ASCII characters",
		                       type, MCTL_CODE_CHARS - 1);
	if (!code_text_ok(code))
		return mctl__error_set(err, MCTL_EINVAL, "%s code '%.40s' is not 1 to %d printable ASCII characters",
		                       type, code, MCTL_CODE_CHARS - 1);
	if (r->ncodes >= MCTL_MAX_CODES)
		return mctl__error_set(err, MCTL_ELIMIT, "more than %d extra codes", MCTL_MAX_CODES);
	strcpy(r->code_type[r->ncodes], type);
	strcpy(r->code_value[r->ncodes], code);
	r->ncodes++;
	return MCTL_OK;
}

size_t mctl_record_code_count(const mctl_record *r)
{
	return r ? r->ncodes : 0;
}

const char *mctl_record_code_type(const mctl_record *r, size_t i)
{
	return r && i < r->ncodes ? r->code_type[i] : NULL;
}

const char *mctl_record_code_value(const mctl_record *r, size_t i)
{
	return r && i < r->ncodes ? r->code_value[i] : NULL;
}

static int set_bytes(mctl_record *r, mctl_field f, const char *s, size_t len)
{
	r->f[f].len = 0;
	if (mctl__buf_append(&r->f[f], s, len))
		return MCTL_ENOMEM;
	r->set[f] = true;
	return MCTL_OK;
}

int mctl_record_set(mctl_record *r, mctl_field f, const char *utf8, size_t len, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!r || (unsigned)f >= MCTL_FIELD_COUNT_)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_record_set: bad record or field");
	if (!utf8) {
		r->f[f].len = 0;
		r->set[f] = false;
		return MCTL_OK;
	}
	if (len == (size_t)-1)
		len = strlen(utf8);
	if (len > r->max_field)
		return mctl__error_set(err, MCTL_ELIMIT, "%s: %zu bytes, over the field limit of %zu bytes", field_names[f],
		                       len, r->max_field);
	switch (f) {
	case MCTL_FIELD_ORIGIN:
	case MCTL_FIELD_FROM:
	case MCTL_FIELD_TO: {
		char cc[3];
		if (mctl__country_canon(utf8, len, cc) != 0)
			return mctl__error_set(err, MCTL_EINVAL, "%s: '%.*s' is not an ISO 3166-1 alpha-2 country code",
			                       field_names[f], (int)(len > 40 ? 40 : len), utf8);
		return set_bytes(r, f, cc, 2);
	}
	case MCTL_FIELD_DATE: {
		int32_t d;
		if (mctl__date_parse(utf8, len, &d) != 0)
			return mctl__error_set(err, MCTL_EINVAL, "date: '%.*s' is not a calendar date YYYY-MM-DD",
			                       (int)(len > 40 ? 40 : len), utf8);
		return set_bytes(r, f, utf8, len);
	}
	case MCTL_FIELD_CHANNEL: {
		static const char *const ch[] = { "customs", "postal", "platform" };
		for (int i = 0; i < 3; i++)
			if (len == strlen(ch[i]) && strncmp(utf8, ch[i], len) == 0)
				return set_bytes(r, f, utf8, len);
		return mctl__error_set(err, MCTL_EINVAL, "channel: '%.*s' is not one of customs, postal, platform",
		                       (int)(len > 40 ? 40 : len), utf8);
	}
	default:
		return set_bytes(r, f, utf8, len);
	}
}

int mctl_record_add_route(mctl_record *r, const char *country, mctl_error **err)
{
	if (err)
		*err = NULL;
	if (!r || !country)
		return mctl__error_set(err, MCTL_EINVAL, "mctl_record_add_route: bad argument");
	char cc[3];
	if (mctl__country_canon(country, strlen(country), cc) != 0)
		return mctl__error_set(err, MCTL_EINVAL, "route: '%.40s' is not an ISO 3166-1 alpha-2 country code", country);
	if (r->nroute >= MCTL_MAX_ROUTE)
		return mctl__error_set(err, MCTL_ELIMIT, "route: more than %d countries", MCTL_MAX_ROUTE);
	memcpy(r->route[r->nroute++], cc, 3);
	return MCTL_OK;
}

int mctl_record_set_quantity(mctl_record *r, double q)
{
	if (!r || !isfinite(q) || q < 0)
		return MCTL_EINVAL;
	r->qty = q;
	r->has_qty = true;
	return MCTL_OK;
}

int mctl_record_set_value(mctl_record *r, double v)
{
	if (!r || !isfinite(v) || v < 0)
		return MCTL_EINVAL;
	r->value = v;
	r->has_value = true;
	return MCTL_OK;
}

const char *mctl_record_get(const mctl_record *r, mctl_field f, size_t *len)
{
	if (!r || (unsigned)f >= MCTL_FIELD_COUNT_ || !r->set[f]) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = r->f[f].len;
	return r->f[f].data ? r->f[f].data : "";
}

size_t mctl_record_route_count(const mctl_record *r) { return r ? r->nroute : 0; }

const char *mctl_record_route_at(const mctl_record *r, size_t i)
{
	return r && i < r->nroute ? r->route[i] : NULL;
}

int mctl_record_get_quantity(const mctl_record *r, double *out)
{
	if (!r || !r->has_qty)
		return 0;
	if (out)
		*out = r->qty;
	return 1;
}

int mctl_record_get_value(const mctl_record *r, double *out)
{
	if (!r || !r->has_value)
		return 0;
	if (out)
		*out = r->value;
	return 1;
}
