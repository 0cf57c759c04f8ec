/*
 * Finding lexicon concepts in one text field.
 *
 * Three views of the field are scanned with the policy's automata:
 *  1. the folded text (NFKC case fold + tables): names, CAS numbers;
 *  2. the NFKC text with case kept: formulas, and element symbols, which
 *     count only in chemical context (a purity, a grade, a form word);
 *  3. when the text holds them, a "squeezed" copy of view 1 with the tricks
 *     undone: letter-spacing ("G a l l i u m"), punctuation inside a word
 *     ("Dys.pro.sium"), spaces inside CJK ("金 属 镓") and digits for letters
 *     ("Antim0ny"). A concept found only there is marked obfuscated.
 * Then every hit is checked for negation ("gallium-free", "不含镓", "ohne
 * Antimon") and for mixed scripts inside the matched word.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "match/ac.h"
#include "match/fuzzy.h"
#include "match/params.h"
#include "match/text.h"
#include "text/chars.h"

void mctl__match_scratch_init(mctl_match_scratch *s, const mctl_alloc *al)
{
	memset(s, 0, sizeof *s);
	mctl__ntext_init(&s->fold, al);
	mctl__ntext_init(&s->nfkc, al);
	mctl__buf_init(&s->sq, al);
	mctl__vec_init(&s->starts, al, sizeof(size_t));
	mctl__buf_init(&s->spans, al);
	mctl__vec_init(&s->hits, al, sizeof(mctl_hit));
	mctl__vec_init(&s->qtys, al, sizeof(mctl_qty));
	mctl__buf_init(&s->work, al);
}

void mctl__match_scratch_free(mctl_match_scratch *s)
{
	const mctl_alloc *al = s->sq.al;
	mctl__ntext_free(&s->fold);
	mctl__ntext_free(&s->nfkc);
	mctl__free(al, s->sq_os);
	mctl__free(al, s->sq_oe);
	mctl__free(al, s->sq_src);
	mctl__free(al, s->sq_alt);
	mctl__buf_free(&s->sq);
	mctl__vec_free(&s->starts);
	mctl__buf_free(&s->spans);
	mctl__vec_free(&s->hits);
	mctl__vec_free(&s->qtys);
	mctl__buf_free(&s->work);
	s->sq_os = s->sq_oe = s->sq_src = NULL;
	s->sq_alt = NULL;
	s->sq_cap = 0;
}

/* ---------- views and boundaries ---------- */

typedef struct view {
	const char *s;
	size_t len;
	const size_t *ostart, *oend; /* per byte: original span */
	const uint8_t *altered;      /* per byte: 1 when a trick was undone here (squeezed view) */
} view;

static bool bounded(const mctl_pattern *pt, const view *v, size_t start, size_t end)
{
	bool (*blocks)(int32_t) = pt->type == MCTL_PAT_NAME ? mctl__is_spaced_letter : mctl__is_token_char;
	if (pt->bound_start && blocks(mctl__cp_before(v->s, start)))
		return false;
	if (pt->bound_end && blocks(mctl__cp_at(v->s, v->len, end)))
		return false;
	return true;
}

typedef struct scan_ctx {
	const mctl_policy *p;
	const mctl_pattern *pats;
	const view *v;
	mctl_vec *hits;
	int field;
	bool squeezed;
	mctl_vec *starts; /* NULL, or where compound parts begin */
	size_t first;     /* the field's first hit */
	bool *truncated;  /* set when the field reached MCTL_MAX_HITS */
} scan_ctx;

static bool duplicate(const mctl_vec *hits, const mctl_hit *h)
{
	for (size_t i = 0; i < hits->len; i++) {
		const mctl_hit *o = &MCTL_VEC_AT(hits, mctl_hit, i);
		if (o->concept == h->concept && o->field == h->field && o->start == h->start && o->end == h->end)
			return true;
	}
	return false;
}

static int on_match(void *vctx, uint32_t id, size_t start, size_t end)
{
	scan_ctx *c = vctx;
	const mctl_pattern *pt = &c->pats[id];
	if (c->starts && pt->compound) {
		size_t *st = mctl__vec_push(c->starts);
		if (!st)
			return MCTL_ENOMEM;
		*st = start;
	}
	if (!bounded(pt, c->v, start, end))
		return 0;
	if (c->hits->len - c->first >= MCTL_MAX_HITS) {
		*c->truncated = true;
		return 0;
	}
	bool altered = false;
	if (c->squeezed) {
		for (size_t i = start; i < end && !altered; i++)
			altered = c->v->altered[i];
		if (!altered)
			return 0; /* the plain view has it already */
	}
	mctl_hit h = { 0 };
	h.concept = pt->concept;
	h.field = (uint8_t)c->field;
	h.type = pt->type;
	h.start = c->v->ostart[start];
	h.end = c->v->oend[end - 1];
	h.vs = start;
	h.ve = end;
	h.obfuscated = altered;
	h.pending = pt->compound && mctl__is_spaced_letter(mctl__cp_at(c->v->s, c->v->len, end));
	if (c->squeezed && duplicate(c->hits, &h))
		return 0;
	mctl_hit *slot = mctl__vec_push(c->hits);
	if (!slot)
		return MCTL_ENOMEM;
	*slot = h;
	return 0;
}

static int scan(scan_ctx *c, const mctl_ac *ac)
{
	return mctl__ac_scan(ac, (const unsigned char *)c->v->s, c->v->len, on_match, c);
}

/* ---------- the squeezed view ---------- */

static bool is_sep(int32_t c)
{
	switch (c) {
	case ' ': case '\t': case '-': case '.': case '_': case '*': case '/': case '\\':
	case '|': case '\'': case '"': case ',': case '+': case '~': case ':': case ';':
	case 0x00B7: case 0x2022: case 0x2027: case 0x30FB: case 0x2010: case 0x2011:
	case 0x2012: case 0x2013: case 0x2014: case 0x3001: case 0x3002:
		return true;
	default:
		return false;
	}
}

static bool is_space(int32_t c)
{
	return c == ' ' || c == '\t';
}

static bool is_cjk(int32_t c)
{
	return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x2FFFF);
}

static bool is_word(int32_t c)
{
	return c >= 0 && (mctl__is_token_char(c) || is_cjk(c));
}

static int leet(int32_t c)
{
	switch (c) {
	case '0': return 'o';
	case '1': return 'i';
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	case '@': return 'a';
	case '$': return 's';
	default: return 0;
	}
}

static bool letter(int32_t c)
{
	return c >= 0 && mctl__is_spaced_letter(c);
}

/* Length in code points of the word of the folded text that ends at byte end (or starts at byte start). */
static size_t word_len_before(const char *s, size_t end)
{
	size_t n = 0;
	while (end > 0) {
		int32_t c = mctl__cp_before(s, end);
		if (!is_word(c))
			break;
		n++;
		while (end > 0 && ((unsigned char)s[--end] & 0xC0) == 0x80)
			;
		if (n > 1)
			break;
	}
	return n;
}

static size_t word_len_after(const char *s, size_t len, size_t start)
{
	size_t n = 0;
	while (start < len) {
		int32_t c = mctl__cp_at(s, len, start);
		if (!is_word(c))
			break;
		n++;
		start++;
		while (start < len && ((unsigned char)s[start] & 0xC0) == 0x80)
			start++;
		if (n > 1)
			break;
	}
	return n;
}

static void *grow(const mctl_alloc *al, void *p, size_t n, size_t size, bool *fail)
{
	void *q = mctl__realloc(al, p, n * size);
	if (!q)
		*fail = true;
	return q ? q : p;
}

/* Room for a squeezed copy of n bytes (never longer than the folded text). */
static int sq_reserve(mctl_match_scratch *s, size_t n)
{
	if (n + 1 <= s->sq_cap)
		return MCTL_OK;
	size_t cap = s->sq_cap ? s->sq_cap : 256;
	while (cap < n + 1)
		cap *= 2;
	bool fail = false;
	const mctl_alloc *al = s->sq.al;
	s->sq_os = grow(al, s->sq_os, cap, sizeof *s->sq_os, &fail);
	s->sq_oe = grow(al, s->sq_oe, cap, sizeof *s->sq_oe, &fail);
	s->sq_src = grow(al, s->sq_src, cap, sizeof *s->sq_src, &fail);
	s->sq_alt = grow(al, s->sq_alt, cap, sizeof *s->sq_alt, &fail);
	if (fail || mctl__buf_reserve(&s->sq, cap))
		return MCTL_ENOMEM;
	s->sq_cap = cap;
	return MCTL_OK;
}

/* Appends n bytes of the folded text starting at src (no allocation: sq_reserve ran). */
static inline void sq_push(mctl_match_scratch *s, const char *bytes, size_t n, size_t src, bool altered)
{
	size_t k = s->sq.len;
	memcpy(s->sq.data + k, bytes, n);
	for (size_t i = 0; i < n; i++) {
		s->sq_os[k + i] = s->fold.ostart[src];
		s->sq_oe[k + i] = s->fold.oend[src + (n > 1 ? i : 0)];
		s->sq_src[k + i] = src + (n > 1 ? i : 0);
		s->sq_alt[k + i] = altered;
	}
	s->sq.len = k + n;
}

static bool ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * A cheap look at the bytes for anything squeeze() could undo: punctuation
 * between two word characters, a single ASCII character between spaces, a
 * space between two non-ASCII characters (CJK, spaced Cyrillic), a digit
 * between letters, or a non-ASCII separator. Most texts have none.
 */
static bool maybe_tricks(const char *t, size_t len)
{
	const unsigned char *u = (const unsigned char *)t;
	for (size_t i = 1; i + 1 < len; i++) {
		unsigned char c = u[i], a = u[i - 1], b = u[i + 1];
		if (c >= 0x80) {
			if ((c == 0xC2 && b == 0xB7) || (c == 0xE2 && b == 0x80) || (c == 0xE3 && (b == 0x80 || b == 0x83)))
				return true; /* · ‐–—• 、。・ */
			continue;
		}
		if (c == ' ' || c == '\t') {
			if ((a >= 0x80 && b >= 0x80) || (ascii_alnum(a) && (i == 1 || u[i - 2] == ' ')))
				return true;
		} else if (c >= '0' && c <= '9') {
			bool la = ((a | 0x20) >= 'a' && (a | 0x20) <= 'z') || a >= 0x80;
			bool lb = ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || b >= 0x80;
			if (leet(c) && la && lb)
				return true;
		} else if (c == '@' || c == '$') {
			if (ascii_alnum(a) && ascii_alnum(b))
				return true;
		} else if (!ascii_alnum(c) && is_sep(c) && (ascii_alnum(a) || a >= 0x80) && (ascii_alnum(b) || b >= 0x80)) {
			return true;
		}
	}
	return false;
}

/*
 * Builds the squeezed copy of the folded text. Returns MCTL_OK with
 * *changed false when no trick was found (the usual case: no second scan).
 */
static int squeeze(mctl_match_scratch *s, bool *changed)
{
	const char *t = s->fold.s;
	size_t len = s->fold.len;
	*changed = false;
	s->sq.len = 0;
	if (!maybe_tricks(t, len))
		return MCTL_OK;
	if (sq_reserve(s, len))
		return MCTL_ENOMEM;
	for (size_t i = 0; i < len;) {
		int32_t c = mctl__cp_at(t, len, i);
		size_t cl = 1;
		while (i + cl < len && ((unsigned char)t[i + cl] & 0xC0) == 0x80)
			cl++;
		if (is_sep(c)) {
			/* a run of separators between two word characters */
			size_t j = i, spaces = 0, run = 0;
			bool list = false; /* a list separator: "镨、钕、铁、硼", "Pr,Nd,Fe,B" are lists, not tricks */
			while (j < len && is_sep(mctl__cp_at(t, len, j)) && run < 3) {
				int32_t sc = mctl__cp_at(t, len, j);
				spaces += is_space(sc);
				list = list || sc == ',' || sc == ';' || sc == ':' || sc == 0x3001 || sc == 0x3002;
				j++;
				while (j < len && ((unsigned char)t[j] & 0xC0) == 0x80)
					j++;
				run++;
			}
			int32_t before = mctl__cp_before(t, i), after = mctl__cp_at(t, len, j);
			bool drop = false;
			if (!list && is_word(before) && is_word(after) && j < len) {
				if (is_cjk(before) && is_cjk(after))
					drop = true;                     /* 金 属 镓 */
				else if (spaces == 0 && letter(before) && letter(after))
					drop = true;                     /* Dys.pro.sium, G-e-r-m */
				else if (word_len_before(t, i) == 1 && word_len_after(t, len, j) == 1)
					drop = true;                     /* G a l l i u m */
			}
			if (drop) {
				*changed = true;
				/* the next kept byte carries the mark */
				s->sq_pending = true;
				i = j;
				continue;
			}
			for (size_t k = i; k < j; k++)
				sq_push(s, t + k, 1, k, false);
			i = j;
			continue;
		}
		int l = leet(c);
		if (l && letter(mctl__cp_before(t, i)) && letter(mctl__cp_at(t, len, i + 1))) {
			char ch = (char)l;
			sq_push(s, &ch, 1, i, true);
			*changed = true;
		} else {
			sq_push(s, t + i, cl, i, s->sq_pending);
		}
		s->sq_pending = false;
		i += cl;
	}
	s->sq_pending = false;
	return MCTL_OK;
}

/* ---------- symbols in chemical context ---------- */

/* A purity or grade right after the symbol ("Ga 99.99%", "Ge:5N", "In-6N5") or before it ("6N Ga"). */
static bool purity_after(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == ':' || s[i] == '-'))
		i++;
	size_t d = i;
	while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ','))
		i++;
	if (i == d)
		return false;
	if (i - d == 1 && i < len && s[i] == 'N')
		return true; /* 4N, 5N5 */
	while (i < len && s[i] == ' ')
		i++;
	return i < len && s[i] == '%';
}

static bool purity_before(const char *s, size_t i)
{
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '-'))
		i--;
	size_t e = i;
	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	if (i > 0 && s[i - 1] == 'N' && i >= 2 && s[i - 2] >= '2' && s[i - 2] <= '9')
		return true; /* "6N5 Ga" */
	return e > 0 && s[e - 1] == 'N' && e >= 2 && s[e - 2] >= '2' && s[e - 2] <= '9' &&
	       (e < 3 || !mctl__is_token_char((unsigned char)s[e - 3]));
}

/* A form word ("ingot", "粉末") of the lexicon touching the symbol in the original text. */
static bool form_near(const mctl_policy *p, const mctl_vec *hits, size_t nfold, int field, const char *orig,
                      size_t start, size_t end)
{
	for (size_t i = 0; i < nfold; i++) {
		const mctl_hit *h = &MCTL_VEC_AT(hits, mctl_hit, i);
		if (h->field != field || p->concepts[h->concept].kind != MCTL_CONCEPT_FORM)
			continue;
		size_t a = h->start >= end ? end : h->end, b = h->start >= end ? h->start : start;
		if (h->start < end && h->end > start)
			continue;
		if (b < a || b - a > 3)
			continue;
		bool gap = true;
		for (size_t k = a; k < b; k++)
			gap = gap && (orig[k] == ' ' || orig[k] == '-' || orig[k] == ':');
		if (gap)
			return true;
	}
	return false;
}

/* ---------- negation ---------- */

static bool ends_with(const char *s, size_t end, const char *cue)
{
	size_t n = strlen(cue);
	return end >= n && memcmp(s + end - n, cue, n) == 0;
}

static bool starts_with(const char *s, size_t len, size_t at, const char *cue)
{
	size_t n = strlen(cue);
	return at + n <= len && memcmp(s + at, cue, n) == 0;
}

/*
 * Negation cues, written as people write them and folded once, at first
 * use, by the same normalizer as the text (so "без" and "không chứa" meet
 * their folded forms).
 */
static const char *const before_raw[] = {
	"without ", "free of ", "free from ", "no ", "non-", "non ", "zero ", "0% ", "nor ", "neither ",
	"不含", "无", "無", "不含有", "免", "零", "без ", "не содержит ", "не содержат ", "ohne ", "frei von ",
	"sans ", "exempt de ", "ni ", "sin ", "libre de ", "libres de ", "exento de ", "senza ", "privo di ", "sem ",
	"livre de ", "không có ", "không chứa ", "zonder ", "utan ", "uden ", "bez ", "무",
};
static const char *const after_raw[] = {
	"-free", " free", "free", "-frei", "frei", "-less", " 0%", "フリー", "不使用", "を含まない", "무함유",
	" 무함유", "미함유", " 미함유", "미사용", " 미사용", "무첨가", " 프리", "프리", "-vrij", "vrij", "-fri",
};
#define NBEFORE (sizeof before_raw / sizeof before_raw[0])
#define NAFTER (sizeof after_raw / sizeof after_raw[0])
static char *before_cue[NBEFORE], *after_cue[NAFTER];
static pthread_once_t cues_once = PTHREAD_ONCE_INIT;

static char *fold_cue(const char *raw)
{
	mctl_alloc al;
	mctl__alloc_init(&al, NULL);
	mctl_ntext nt;
	mctl__ntext_init(&nt, &al);
	char *out = NULL;
	if (mctl__normalize(&nt, raw, strlen(raw), MCTL_NORM_FOLD) == MCTL_OK)
		out = mctl__strndup(&al, nt.s, nt.len);
	mctl__ntext_free(&nt);
	return out;
}

static void fold_cues(void)
{
	for (size_t i = 0; i < NBEFORE; i++)
		before_cue[i] = fold_cue(before_raw[i]);
	for (size_t i = 0; i < NAFTER; i++)
		after_cue[i] = fold_cue(after_raw[i]);
}

/*
 * Whether the hit at [a, b) of the folded text is negated: a cue right
 * before it ("without", "不含", "без") or right after ("-free", "frei", "フリー").
 */
static bool negated(const char *s, size_t len, size_t a, size_t b)
{
	pthread_once(&cues_once, fold_cues);
	for (size_t i = 0; i < NBEFORE; i++)
		if (before_cue[i] && ends_with(s, a, before_cue[i])) {
			/* a cue that ends a word must start one too ("piano " is not "no ") */
			size_t st = a - strlen(before_cue[i]);
			if (st == 0 || !mctl__is_spaced_letter(mctl__cp_before(s, st)) || !mctl__is_spaced_letter(mctl__cp_at(s, len, st)))
				return true;
		}
	/* "free shipping" sells the goods; "gallium-free" describes them */
	static const char *const not_after_free[] = {
		" shipping", " delivery", " postage", " gift", " sample", " samples", " returns", " of charge",
	};
	for (size_t i = 0; i < NAFTER; i++)
		if (after_cue[i] && starts_with(s, len, b, after_cue[i])) {
			size_t e = b + strlen(after_cue[i]);
			if (mctl__is_spaced_letter(mctl__cp_at(s, len, e)) && mctl__is_spaced_letter(mctl__cp_before(s, e)))
				continue;
			bool sale = false;
			for (size_t k = 0; k < sizeof not_after_free / sizeof not_after_free[0] && !sale; k++)
				sale = starts_with(s, len, e, not_after_free[k]);
			if (!sale)
				return true;
		}
	return false;
}

/* The text between two hits only joins them ("gallium or germanium", "镝铽", "Dy/Tb"). */
static bool conjunction(const char *s, size_t a, size_t b)
{
	static const char *const joins[] = { "", " ", ", ", ",", "/", " / ", " or ", " and ", " nor ", " & ", "、", "或",
	                                     "和", "及", "与", " oder ", " und ", " ou ", " et ", " o ", " y ", " e ",
	                                     " или ", " и ", " ni ", " noch ", " hay ", " và " };
	if (b < a || b - a > 12)
		return false;
	for (size_t i = 0; i < sizeof joins / sizeof joins[0]; i++)
		if (strlen(joins[i]) == b - a && memcmp(s + a, joins[i], b - a) == 0)
			return true;
	return false;
}

static int by_start(const void *x, const void *y)
{
	const mctl_hit *a = x, *b = y;
	return a->vs < b->vs ? -1 : a->vs > b->vs ? 1 : (a->ve > b->ve) - (a->ve < b->ve);
}

/*
 * Hits of the field in text order; a negation carries over a list of
 * materials ("no gallium or germanium", "不含镝铽"), and a false friend
 * that covers a material hides it ("石墨烯" is graphene, "graphite grey" a colour).
 */
static void carry_negation_and_hide(const mctl_policy *p, const char *s, mctl_vec *hits, size_t first)
{
	size_t n = hits->len - first;
	if (n == 0)
		return; /* before indexing: an empty vector may have no storage at all */
	mctl_hit *h = &MCTL_VEC_AT(hits, mctl_hit, first);
	qsort(h, n, sizeof *h, by_start);
	for (size_t i = 1; i < n; i++) {
		if (h[i].negated || p->concepts[h[i].concept].kind != MCTL_CONCEPT_MATERIAL)
			continue;
		for (size_t j = i; j-- > 0;) {
			if (h[j].ve > h[i].vs || p->concepts[h[j].concept].kind != MCTL_CONCEPT_MATERIAL)
				continue; /* overlapping, or not a material */
			if (h[j].negated && conjunction(s, h[j].ve, h[i].vs))
				h[i].negated = true;
			break;
		}
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool hidden = false;
		if (p->concepts[h[i].concept].kind == MCTL_CONCEPT_MATERIAL)
			for (size_t j = 0; j < n && !hidden; j++)
				hidden = p->concepts[h[j].concept].kind == MCTL_CONCEPT_FALSE_FRIEND && h[j].vs <= h[i].vs &&
				         h[j].ve >= h[i].ve && (h[j].ve - h[j].vs) > (h[i].ve - h[i].vs);
		if (!hidden)
			h[k++] = h[i];
	}
	hits->len = first + k;
}

/* ---------- mixed scripts ---------- */

static int script_of(int32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF))
		return 1;
	if (c >= 0x400 && c <= 0x52F)
		return 2;
	if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF))
		return 4;
	return 0;
}

/* Letters of two of Latin, Cyrillic and Greek inside one matched span of the original text. */
static bool mixed_scripts(const char *s, size_t a, size_t b)
{
	int seen = 0;
	for (size_t i = a; i < b;) {
		int32_t c;
		bool ok;
		i += mctl__utf8_decode((const unsigned char *)s + i, b - i, &c, &ok);
		seen |= script_of(c);
	}
	return seen != 0 && (seen & (seen - 1)) != 0;
}

/* ---------- compounds ---------- */

/*
 * A name of a compounding language followed by more letters ("Wolframpulver")
 * counts when another such name starts right there ("pulver"), or when a
 * grammatical or chemical suffix ends the word ("Wolframs", "Tellurid",
 * "Antimonit"). "Antimonopoly" and "Gallia" do not.
 */
/* Length of a suffix that ends the word at s[at..], or 0. */
static size_t suffix_ends_word(const char *s, size_t len, size_t at)
{
	static const char *const suffixes[] = { "s", "e", "n", "en", "es", "er", "ern", "ens", "id", "ide", "at",
	                                        "ate", "it", "ite", "ium" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t n = strlen(suffixes[i]);
		if (at + n <= len && memcmp(s + at, suffixes[i], n) == 0 && !mctl__is_spaced_letter(mctl__cp_at(s, len, at + n)))
			return n;
	}
	return 0;
}

static void resolve_compounds(const mctl_ntext *nt, mctl_vec *hits, size_t first, const mctl_vec *starts)
{
	size_t k = first;
	for (size_t i = first; i < hits->len; i++) {
		mctl_hit *h = &MCTL_VEC_AT(hits, mctl_hit, i);
		if (h->pending) {
			size_t suffix = suffix_ends_word(nt->s, nt->len, h->ve);
			bool ok = suffix > 0;
			for (size_t j = 0; j < starts->len && !ok; j++)
				ok = MCTL_VEC_AT(starts, size_t, j) == h->ve;
			if (!ok)
				continue;
			if (suffix) { /* the whole word is the mention ("Graphite-free" is negated after it) */
				h->ve += suffix;
				h->end = nt->oend[h->ve - 1];
			}
			h->pending = false;
		}
		MCTL_VEC_AT(hits, mctl_hit, k++) = *h;
	}
	hits->len = k;
}

/* ---------- near misses ---------- */

typedef struct fuzzy_ctx {
	const mctl_policy *p;
	const mctl_ntext *nt;
	mctl_vec *hits;
	int field;
	size_t a, b; /* the word in the folded text */
	size_t first;    /* the field's first hit */
	bool *truncated; /* set when the field reached MCTL_MAX_HITS */
} fuzzy_ctx;

static int on_fuzzy(void *vctx, uint32_t id)
{
	fuzzy_ctx *c = vctx;
	mctl_hit h = { 0 };
	h.concept = c->p->pats_fold[id].concept;
	h.field = (uint8_t)c->field;
	h.type = MCTL_PAT_NAME;
	h.approximate = true;
	h.start = c->nt->ostart[c->a];
	h.end = c->nt->oend[c->b - 1];
	h.vs = c->a;
	h.ve = c->b;
	if (c->hits->len - c->first >= MCTL_MAX_HITS) {
		*c->truncated = true;
		return 0;
	}
	if (duplicate(c->hits, &h))
		return 0;
	mctl_hit *slot = mctl__vec_push(c->hits);
	if (!slot)
		return MCTL_ENOMEM;
	*slot = h;
	return 0;
}

typedef struct span {
	size_t vs, ve;
} span;

static int by_vs(const void *x, const void *y)
{
	const span *a = x, *b = y;
	return a->vs < b->vs ? -1 : a->vs > b->vs;
}

/*
 * Every ASCII word of the folded text that no name matched exactly, looked
 * up for near misses. Words come in text order, so one sweep over the
 * exact hits sorted by start tells whether one lies inside a word: some hit
 * starting before the word's end ends after its start.
 */
static int near_misses(const mctl_policy *p, mctl_match_scratch *sc, mctl_vec *hits, size_t first, int field,
                       bool *truncated)
{
	const mctl_ntext *nt = &sc->fold;
	const char *s = nt->s;
	size_t nexact = hits->len - first, next = 0, maxve = 0;
	sc->spans.len = 0; /* the record's scratch: no allocation once it has grown */
	if (mctl__buf_reserve(&sc->spans, (nexact ? nexact : 1) * sizeof(span)))
		return MCTL_ENOMEM;
	span *ex = (span *)(void *)sc->spans.data;
	for (size_t k = 0; k < nexact; k++) {
		const mctl_hit *h = &MCTL_VEC_AT(hits, mctl_hit, first + k);
		ex[k].vs = h->vs;
		ex[k].ve = h->ve;
	}
	qsort(ex, nexact, sizeof *ex, by_vs);
	int rc = MCTL_OK;
	for (size_t i = 0; i < nt->len && rc == MCTL_OK;) {
		if (s[i] < 'a' || s[i] > 'z') {
			i++;
			continue;
		}
		size_t a = i;
		while (i < nt->len && s[i] >= 'a' && s[i] <= 'z')
			i++;
		size_t n = i - a;
		if (n < MCTL_FUZZY_MIN - 1 || n > MCTL_FUZZY_MAX + 1)
			continue;
		if (mctl__is_spaced_letter(mctl__cp_before(s, a)) || mctl__is_spaced_letter(mctl__cp_at(s, nt->len, i)))
			continue; /* part of a longer word in another script */
		while (next < nexact && ex[next].vs < i) {
			if (ex[next].ve > maxve)
				maxve = ex[next].ve;
			next++;
		}
		if (maxve > a)
			continue; /* a name was found inside this word */
		fuzzy_ctx c = { p, nt, hits, field, a, i, first, truncated };
		rc = mctl__fuzzy_lookup(p->fuzzy, s + a, n, on_fuzzy, &c);
	}
	return rc;
}

/* The span of the folded text that covers the original span of h (maps are monotonic). */
static void fold_span(const mctl_ntext *nt, mctl_hit *h)
{
	size_t lo = 0, hi = nt->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (nt->ostart[mid] < h->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	h->vs = lo;
	hi = nt->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (nt->oend[mid] <= h->end)
			lo = mid + 1;
		else
			hi = mid;
	}
	h->ve = lo < h->vs ? h->vs : lo;
}

/* ---------- the field ---------- */

int mctl__match_text(const mctl_policy *p, const char *text, size_t len, int field,
                     mctl_match_scratch *s, mctl_vec *hits, mctl_vec *qtys, bool *invalid_utf8, bool *truncated)
{
	size_t first = hits->len;
	int rc = mctl__normalize(&s->fold, text, len, MCTL_NORM_FOLD);
	if (rc)
		return rc;
	if (s->fold.invalid_utf8)
		*invalid_utf8 = true;
	view vf = { s->fold.s, s->fold.len, s->fold.ostart, s->fold.oend, NULL };
	s->starts.len = 0;
	scan_ctx c = { p, p->pats_fold, &vf, hits, field, false, &s->starts, first, truncated };
	if ((rc = scan(&c, p->ac_fold)))
		return rc;
	resolve_compounds(&s->fold, hits, first, &s->starts);
	size_t nfold = hits->len;

	/* the squeezed view, only when the text holds a trick to undo */
	bool changed = false;
	if ((rc = squeeze(s, &changed)))
		return rc;
	if (changed) {
		view vs = { s->sq.data, s->sq.len, s->sq_os, s->sq_oe, s->sq_alt };
		scan_ctx c2 = { p, p->pats_fold, &vs, hits, field, true, NULL, first, truncated };
		size_t before = hits->len;
		if ((rc = scan(&c2, p->ac_fold)))
			return rc;
		/* positions in the folded text, for the negation check below */
		for (size_t i = before; i < hits->len; i++) {
			mctl_hit *h = &MCTL_VEC_AT(hits, mctl_hit, i);
			h->vs = s->sq_src[h->vs];
			h->ve = s->sq_src[h->ve - 1] + 1;
		}
		nfold = hits->len;
	}

	/*
	 * The case-kept view. Plain ASCII is its own NFKC form, mapped one to one
	 * like the folded view: borrow the caller's bytes and the folded maps.
	 */
	mctl_ntext ascii = s->fold;
	const mctl_ntext *cased = &s->nfkc;
	s->nfkc.len = 0;
	if (!s->fold.non_ascii) {
		ascii.s = (char *)text;
		cased = &ascii;
	} else if (p->npats_case || strpbrk(s->fold.s, "0123456789")) {
		if ((rc = mctl__normalize(&s->nfkc, text, len, MCTL_NORM_NFKC)))
			return rc;
	}
	if (p->npats_case) {
		view vc = { cased->s, cased->len, cased->ostart, cased->oend, NULL };
		scan_ctx c3 = { p, p->pats_case, &vc, hits, field, false, NULL, first, truncated };
		size_t before = hits->len;
		if ((rc = scan(&c3, p->ac_case)))
			return rc;
		/* symbols count only in chemical context */
		size_t k = before;
		for (size_t i = before; i < hits->len; i++) {
			mctl_hit *h = &MCTL_VEC_AT(hits, mctl_hit, i);
			if (h->type == MCTL_PAT_SYMBOL &&
			    !purity_after(cased->s, cased->len, h->ve) && !purity_before(cased->s, h->vs) &&
			    !form_near(p, hits, nfold, field, text, h->start, h->end))
				continue;
			/* positions in the folded text, for the negation check below */
			fold_span(&s->fold, h);
			MCTL_VEC_AT(hits, mctl_hit, k++) = *h;
		}
		hits->len = k;
	}

	if (p->fuzzy && (rc = near_misses(p, s, hits, first, field, truncated)))
		return rc;

	/* negation and mixed scripts, judged on the folded text around each hit */
	for (size_t i = first; i < hits->len; i++) {
		mctl_hit *h = &MCTL_VEC_AT(hits, mctl_hit, i);
		h->negated = negated(s->fold.s, s->fold.len, h->vs, h->ve);
		if (h->type == MCTL_PAT_NAME && mixed_scripts(text, h->start, h->end))
			h->obfuscated = true;
	}
	carry_negation_and_hide(p, s->fold.s, hits, first);
	/* quantities only when an item has a threshold to test them against */
	if (qtys && p->reads_quantities && (rc = mctl__extract_quantities(p, &s->fold, cased, hits, first, field, qtys)))
		return rc;
	return MCTL_OK;
}
