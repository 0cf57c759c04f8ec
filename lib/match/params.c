#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "match/params.h"
#include "text/chars.h"

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parses a number at s[i..]: digits with one '.' or decimal ',' part. Returns the end, or i. */
static size_t number(const char *s, size_t len, size_t i, double *out)
{
	size_t j = i;
	while (j < len && digit(s[j]))
		j++;
	size_t intlen = j - i;
	if (intlen == 0 || intlen > 9)
		return i;
	char buf[32];
	memcpy(buf, s + i, intlen);
	size_t n = intlen;
	if (j + 1 < len && (s[j] == '.' || s[j] == ',') && digit(s[j + 1])) {
		size_t k = j + 1;
		while (k < len && digit(s[k]))
			k++;
		/* "1,000" is a thousands group, "99,99" a decimal comma */
		size_t pct = k;
		while (pct < len && s[pct] == ' ')
			pct++;
		bool thousands = s[j] == ',' && k - j - 1 == 3 && intlen <= 3 && !(pct < len && s[pct] == '%');
		if (!thousands && k - j - 1 <= 12) {
			buf[n++] = '.';
			memcpy(buf + n, s + j + 1, k - j - 1);
			n += k - j - 1;
			j = k;
		}
	}
	buf[n] = '\0';
	*out = strtod(buf, NULL);
	return j;
}

static bool starts(const char *s, size_t len, size_t i, const char *w)
{
	size_t n = strlen(w);
	return i + n <= len && memcmp(s + i, w, n) == 0;
}

/* Whether one of the cues appears in s[from..to). */
static bool cue_in(const char *s, size_t from, size_t to, const char *const *cues, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		size_t cl = strlen(cues[k]);
		for (size_t i = from; i + cl <= to; i++)
			if (memcmp(s + i, cues[k], cl) == 0)
				return true;
	}
	return false;
}

static const char *const purity_cues[] = {
	"purity", "pure", "reinheit", "pureza", "purete", "purezza", "чистот", "纯度", "純度", "纯", "純", "순도", "純度",
};
static const char *const content_cues[] = {
	"content", "contain", "weight", "wt", "gehalt", "anteil", "teneur", "contenido", "содержан", "含量", "含",
	"함량", "mass", "by wt",
};

static int push(mctl_vec *out, int kind, int field, double v, int32_t concept, size_t start, size_t end)
{
	mctl_qty *q = mctl__vec_push(out);
	if (!q)
		return MCTL_ENOMEM;
	q->kind = (uint8_t)kind;
	q->field = (uint8_t)field;
	q->value = v;
	q->concept = concept;
	q->start = start;
	q->end = end;
	return MCTL_OK;
}

/* The material named nearest to [a, b) of the original text, within 48 bytes. */
static int32_t nearest_material(const mctl_policy *p, const mctl_vec *hits, size_t first, size_t a, size_t b)
{
	int32_t best = -1;
	size_t bestd = 49;
	for (size_t i = first; i < hits->len; i++) {
		const mctl_hit *h = &MCTL_VEC_AT(hits, mctl_hit, i);
		if (h->negated || p->concepts[h->concept].kind != MCTL_CONCEPT_MATERIAL)
			continue;
		size_t d = h->end <= a ? a - h->end : h->start >= b ? h->start - b : 0;
		if (d < bestd) {
			bestd = d;
			best = (int32_t)h->concept;
		}
	}
	return best;
}

/* Alloy notation in the case-kept text: "Sn42Bi58", "W90Ni7Fe3" -> content of each element. */
static int alloys(const mctl_policy *p, const mctl_ntext *c, int field, mctl_vec *out)
{
	const char *s = c->s;
	size_t len = c->len;
	for (size_t i = 0; i < len;) {
		if (!(s[i] >= 'A' && s[i] <= 'Z') || (i > 0 && mctl__is_token_char((unsigned char)s[i - 1]))) {
			i++;
			continue;
		}
		/* one token of Element+number pairs */
		size_t j = i, parts = 0;
		struct { size_t a, b; double v; char sym[3]; } part[8];
		while (j < len && s[j] >= 'A' && s[j] <= 'Z' && parts < 8) {
			size_t k = j + 1;
			if (k < len && s[k] >= 'a' && s[k] <= 'z')
				k++;
			double v;
			size_t e = number(s, len, k, &v);
			if (e == k)
				break;
			part[parts].a = j;
			part[parts].b = e;
			part[parts].v = v;
			memcpy(part[parts].sym, s + j, k - j);
			part[parts].sym[k - j] = '\0';
			parts++;
			j = e;
		}
		bool token_end = j >= len || !mctl__is_token_char((unsigned char)s[j]);
		if (parts >= 2 && token_end) {
			double sum = 0;
			for (size_t k = 0; k < parts; k++)
				sum += part[k].v;
			if (sum > 90 && sum <= 100.5)
				for (size_t k = 0; k < parts; k++)
					for (uint32_t ci = 0; ci < p->nconcepts; ci++)
						for (size_t sy = 0; sy < p->concepts[ci].symbols.n; sy++)
							if (strcmp(p->concepts[ci].symbols.v[sy], part[k].sym) == 0 &&
							    push(out, MCTL_PARAM_CONTENT, field, part[k].v, (int32_t)ci, c->ostart[part[k].a],
							         c->oend[part[k].b - 1]))
								return MCTL_ENOMEM;
		}
		i = j > i ? j : i + 1;
	}
	return MCTL_OK;
}

int mctl__extract_quantities(const mctl_policy *p, const mctl_ntext *nt, const mctl_ntext *cased,
                             const mctl_vec *hits, size_t first, int field, mctl_vec *out)
{
	const char *s = nt->s;
	size_t len = nt->len;
	for (size_t i = 0; i < len; i++) {
		if (!digit(s[i]) || (i > 0 && (digit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',')))
			continue;
		double v;
		size_t e = number(s, len, i, &v);
		if (e == i)
			continue;
		size_t u = e;
		while (u < len && s[u] == ' ')
			u++;
		size_t a = nt->ostart[i];
		int rc = MCTL_OK;
		/* grades: 4N = 99.99 %, 5N5 = 99.9995 % */
		if (e == i + 1 && v >= 2 && v <= 9 && u == e && u < len && s[u] == 'n') {
			size_t g = u + 1;
			double extra = 0;
			if (g < len && digit(s[g])) {
				extra = s[g] - '0';
				g++;
			}
			if (g >= len || !mctl__is_token_char(mctl__cp_at(s, len, g))) {
				double pur = 100.0 - pow(10.0, 2.0 - v) + extra * pow(10.0, 1.0 - v);
				rc = push(out, MCTL_PARAM_PURITY, field, pur, -1, a, nt->oend[g - 1]);
			}
		} else if (u < len && s[u] == '%') {
			size_t from = i > 24 ? i - 24 : 0;
			size_t to = u + 16 < len ? u + 16 : len;
			bool pur = cue_in(s, from, i, purity_cues, sizeof purity_cues / sizeof purity_cues[0]);
			bool con = cue_in(s, from, to, content_cues, sizeof content_cues / sizeof content_cues[0]);
			if (v > 100)
				continue;
			if (pur || (!con && v >= 90))
				rc = push(out, MCTL_PARAM_PURITY, field, v, -1, a, nt->oend[u]);
			else
				rc = push(out, MCTL_PARAM_CONTENT, field, v, nearest_material(p, hits, first, a, nt->oend[u]), a,
				          nt->oend[u]);
		} else {
			static const struct { const char *unit; double factor; int kind; } units[] = {
				{ "\xce\xbcm", 1, MCTL_PARAM_PARTICLE_SIZE }, { "um", 1, MCTL_PARAM_PARTICLE_SIZE },
				{ "micron", 1, MCTL_PARAM_PARTICLE_SIZE }, { "mkm", 1, MCTL_PARAM_PARTICLE_SIZE },
				{ "\xd0\xbc\xd0\xba\xd0\xbc", 1, MCTL_PARAM_PARTICLE_SIZE }, /* мкм */
				{ "微米", 1, MCTL_PARAM_PARTICLE_SIZE }, { "nm", 0.001, MCTL_PARAM_PARTICLE_SIZE },
				{ "wh/kg", 1, MCTL_PARAM_ENERGY_DENSITY },
			};
			for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
				size_t ul = strlen(units[k].unit);
				if (!starts(s, len, u, units[k].unit))
					continue;
				size_t end = u + ul;
				if (units[k].unit[0] == 'm' && end < len && s[end] == 's')
					end++; /* microns */
				if (end < len && mctl__is_spaced_letter(mctl__cp_at(s, len, end)) &&
				    strcmp(units[k].unit, "micron") != 0)
					continue;
				rc = push(out, units[k].kind, field, v * units[k].factor, -1, a, nt->oend[end - 1]);
				break;
			}
		}
		if (rc)
			return rc;
		i = e - 1;
	}
	return cased && cased->len ? alloys(p, cased, field, out) : MCTL_OK;
}
