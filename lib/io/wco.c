/*
 * WCO Data Model customs declarations (DEC-DMS XML, as the UK Customs
 * Declaration Service uses them) in: every GovernmentAgencyGoodsItem of a
 * Declaration becomes one record. README.md "Input formats" has the mapping
 * table; doc/decisions.md says why each choice was made.
 *
 * Streaming in constant memory: elements arrive from xml_safe.c's SAX2 push
 * parser, declaration-level data (reference, dates, route, destination,
 * export country) is kept while its Declaration is open, and each goods item
 * is turned into a record when its end tag is read. The DEC-DMS schema puts
 * all of those declaration-level elements before the goods items; one that
 * comes after them is reported, since the items already read went without it.
 *
 * Namespaces are matched by URI, never by prefix: the Declaration must be in
 * urn:wco:datamodel:WCO:DEC-DMS:2 (or in no namespace at all), its elements
 * in the same namespace, DateTimeString also in the Declaration_DS one.
 * Wrappers around it (DocumentMetaData, SOAP-like envelopes) are looked
 * through. DMS responses (Response, e.g. tax notifications) describe no goods
 * and are skipped.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/reader.h"
#include "io/xml_safe.h"

#define NS_DEC "urn:wco:datamodel:WCO:DEC-DMS:2"
#define NS_DS "urn:wco:datamodel:WCO:Declaration_DS:DMS:2"
#define NS_RES "urn:wco:datamodel:WCO:RES-DMS:2"

#define CHUNK 16384          /* bytes handed to the parser at a time: bounds the queue */
#define MAX_CLASSIFICATIONS 24

enum ns { NS_NONE, NS_DECL, NS_DSNS, NS_RESP, NS_OTHER };

/* Element local names the mapping uses. */
enum el {
	E_OTHER = 0, E_ACCEPTANCE_DT, E_CLASSIFICATION, E_COMMODITY, E_CONSIGNMENT, E_COUNTRY_CODE,
	E_CUSTOMS_VALUE, E_DT_STRING, E_DECLARATION, E_DESCRIPTION, E_DESTINATION, E_EXPORT_COUNTRY,
	E_FUNC_REF, E_GOODS_MEASURE, E_GOODS_SHIPMENT, E_ITEM, E_GROSS_MASS, E_ID, E_ID_TYPE, E_INVOICE_LINE,
	E_ISSUE_DT, E_ITEM_CHARGE, E_ITINERARY, E_NET_MASS, E_ORIGIN, E_RESPONSE, E_ROUTING_CC, E_SEQ,
	E_STAT_VALUE, E_TYPE_CODE,
};

static const struct { const char *name; uint8_t el; } el_names[] = {
	{ "AcceptanceDateTime", E_ACCEPTANCE_DT }, { "Classification", E_CLASSIFICATION },
	{ "Commodity", E_COMMODITY }, { "Consignment", E_CONSIGNMENT }, { "CountryCode", E_COUNTRY_CODE },
	{ "CustomsValueAmount", E_CUSTOMS_VALUE }, { "DateTimeString", E_DT_STRING },
	{ "Declaration", E_DECLARATION }, { "Description", E_DESCRIPTION }, { "Destination", E_DESTINATION },
	{ "ExportCountry", E_EXPORT_COUNTRY }, { "FunctionalReferenceID", E_FUNC_REF },
	{ "GoodsMeasure", E_GOODS_MEASURE }, { "GoodsShipment", E_GOODS_SHIPMENT },
	{ "GovernmentAgencyGoodsItem", E_ITEM }, { "GrossMassMeasure", E_GROSS_MASS }, { "ID", E_ID },
	{ "IdentificationTypeCode", E_ID_TYPE }, { "InvoiceLine", E_INVOICE_LINE },
	{ "IssueDateTime", E_ISSUE_DT }, { "ItemChargeAmount", E_ITEM_CHARGE }, { "Itinerary", E_ITINERARY },
	{ "NetNetWeightMeasure", E_NET_MASS }, { "Origin", E_ORIGIN }, { "Response", E_RESPONSE },
	{ "RoutingCountryCode", E_ROUTING_CC }, { "SequenceNumeric", E_SEQ },
	{ "StatisticalValueAmount", E_STAT_VALUE }, { "TypeCode", E_TYPE_CODE },
};

/* Text values kept, each from one element path. */
enum slot {
	S_NONE = 0,
	/* declaration level */
	S_REF, S_DECL_ID, S_ACCEPT, S_ISSUE, S_DECL_TO, S_DECL_FROM,
	/* one Itinerary */
	S_ROUTE_SEQ, S_ROUTE_CC,
	/* one goods item */
	S_SEQ, S_DESC, S_TO, S_FROM, S_NET, S_GROSS, S_STAT, S_CHARGE, S_CUSTOMS,
	/* one Classification, one Origin */
	S_CL_ID, S_CL_TYPE, S_ORIGIN_CC, S_ORIGIN_TYPE,
	S_COUNT_
};

enum attr { A_NONE, A_UNIT, A_CURRENCY, A_FORMAT };

/* Paths below the Declaration element. */
#define GS E_GOODS_SHIPMENT
#define IT E_ITEM
static const struct rule {
	uint8_t n, path[5], slot, attr;
} rules[] = {
	{ 1, { E_FUNC_REF }, S_REF, A_NONE },
	{ 1, { E_ID }, S_DECL_ID, A_NONE },
	{ 2, { E_ACCEPTANCE_DT, E_DT_STRING }, S_ACCEPT, A_FORMAT },
	{ 2, { E_ISSUE_DT, E_DT_STRING }, S_ISSUE, A_FORMAT },
	{ 3, { E_CONSIGNMENT, E_ITINERARY, E_SEQ }, S_ROUTE_SEQ, A_NONE },
	{ 3, { E_CONSIGNMENT, E_ITINERARY, E_ROUTING_CC }, S_ROUTE_CC, A_NONE },
	{ 3, { GS, E_DESTINATION, E_COUNTRY_CODE }, S_DECL_TO, A_NONE },
	{ 3, { GS, E_EXPORT_COUNTRY, E_ID }, S_DECL_FROM, A_NONE },
	{ 3, { GS, IT, E_SEQ }, S_SEQ, A_NONE },
	{ 4, { GS, IT, E_COMMODITY, E_DESCRIPTION }, S_DESC, A_NONE },
	{ 5, { GS, IT, E_COMMODITY, E_CLASSIFICATION, E_ID }, S_CL_ID, A_NONE },
	{ 5, { GS, IT, E_COMMODITY, E_CLASSIFICATION, E_ID_TYPE }, S_CL_TYPE, A_NONE },
	{ 4, { GS, IT, E_DESTINATION, E_COUNTRY_CODE }, S_TO, A_NONE },
	{ 4, { GS, IT, E_EXPORT_COUNTRY, E_ID }, S_FROM, A_NONE },
	{ 4, { GS, IT, E_ORIGIN, E_COUNTRY_CODE }, S_ORIGIN_CC, A_NONE },
	{ 4, { GS, IT, E_ORIGIN, E_TYPE_CODE }, S_ORIGIN_TYPE, A_NONE },
	{ 5, { GS, IT, E_COMMODITY, E_GOODS_MEASURE, E_NET_MASS }, S_NET, A_UNIT },
	{ 5, { GS, IT, E_COMMODITY, E_GOODS_MEASURE, E_GROSS_MASS }, S_GROSS, A_UNIT },
	{ 3, { GS, IT, E_STAT_VALUE }, S_STAT, A_CURRENCY },
	{ 5, { GS, IT, E_COMMODITY, E_INVOICE_LINE, E_ITEM_CHARGE }, S_CHARGE, A_CURRENCY },
	{ 3, { GS, IT, E_CUSTOMS_VALUE }, S_CUSTOMS, A_CURRENCY },
};
static const uint8_t P_ITINERARY[] = { E_CONSIGNMENT, E_ITINERARY };
static const uint8_t P_ITEM[] = { GS, IT };
static const uint8_t P_CLASSIFICATION[] = { GS, IT, E_COMMODITY, E_CLASSIFICATION };
static const uint8_t P_ORIGIN[] = { GS, IT, E_ORIGIN };

/* How messages name the declaration-level values. */
static const char *const slot_names[S_COUNT_] = {
	[S_REF] = "FunctionalReferenceID", [S_DECL_ID] = "ID", [S_ACCEPT] = "AcceptanceDateTime",
	[S_ISSUE] = "IssueDateTime", [S_DECL_TO] = "GoodsShipment/Destination/CountryCode",
	[S_DECL_FROM] = "GoodsShipment/ExportCountry/ID", [S_ROUTE_CC] = "Consignment/Itinerary",
	[S_SEQ] = "SequenceNumeric", [S_TO] = "Destination/CountryCode", [S_FROM] = "ExportCountry/ID",
	[S_NET] = "NetNetWeightMeasure", [S_GROSS] = "GrossMassMeasure", [S_STAT] = "StatisticalValueAmount",
	[S_CHARGE] = "InvoiceLine/ItemChargeAmount", [S_CUSTOMS] = "CustomsValueAmount",
};

/*
 * UK CDS "continental shelf" country codes (CDS Appendix 13, Table 3a), read
 * as the coastal state whose shelf it is. Only the ones the published HMRC
 * samples themselves explain are listed; others stay errors.
 */
static const char shelf_codes[][2][3] = {
	{ "ZF", "FR" }, { "ZG", "DE" }, { "ZL", "IT" }, { "ZN", "NO" }, { "ZU", "GB" },
};

typedef struct val {
	mctl_buf b;
	bool set;
	unsigned line, col;
	char attr[16];
} val;

typedef struct route_entry {
	unsigned long seq;     /* ULONG_MAX when absent or not a number */
	size_t order;          /* place in the document */
	char cc[8];
	unsigned line, col;
} route_entry;

typedef struct classification {
	char type[32], id[32];
	unsigned line, col;
} classification;

typedef struct entry {
	struct entry *next;
	int status;
	bool fatal;
	unsigned line;
	mctl_record *rec;
	mctl_error *err;
} entry;

typedef struct wco {
	mctl_reader *rd;
	mctl_xml *x;
	bool finished;
	entry *head, *tail, *spare;
	/* element stack */
	unsigned depth;
	uint8_t el[260];
	unsigned skip_depth;   /* > 0: inside a subtree that is not read */
	/* the open declaration */
	unsigned decl_depth;   /* 0 when none is open */
	enum ns decl_ns;
	unsigned decl_items;   /* goods items already turned into records */
	mctl_io_problem decl_err;
	route_entry route[MCTL_MAX_ROUTE];
	size_t nroute;
	/* the open goods item */
	bool in_item;
	unsigned item_line, item_col, item_ordinal;
	mctl_io_problem item_err;
	classification cl[MAX_CLASSIFICATIONS];
	size_t ncl;
	val origin;            /* chosen Origin/CountryCode; attr holds its TypeCode */
	/* values, and the one being captured */
	val v[S_COUNT_];
	int cap_slot;
	unsigned cap_depth;
	mctl_buf cap;
	char cap_attr[16];
	unsigned cap_line, cap_col;
	char id[160];          /* id of the item being built, for messages */
} wco;

/* ---- queue ---- */

static entry *entry_new(wco *w)
{
	entry *e = w->spare;
	if (e) {
		w->spare = e->next;
	} else {
		e = mctl__calloc(&w->rd->al, 1, sizeof *e);
		if (!e)
			return NULL;
		mctl_context cx = { w->rd->al.a };
		if (mctl_record_new(&e->rec, &cx) != MCTL_OK) {
			mctl__free(&w->rd->al, e);
			return NULL;
		}
	}
	e->next = NULL;
	e->status = MCTL_OK;
	e->fatal = false;
	e->err = NULL;
	mctl_record_clear(e->rec);
	return e;
}

static void entry_push(wco *w, entry *e)
{
	if (w->tail)
		w->tail->next = e;
	else
		w->head = e;
	w->tail = e;
}

static void entry_recycle(wco *w, entry *e)
{
	mctl_error_free(e->err);
	e->err = NULL;
	e->next = w->spare;
	w->spare = e;
}

static void entries_free(wco *w, entry *e)
{
	while (e) {
		entry *n = e->next;
		mctl_error_free(e->err);
		mctl_record_free(e->rec);
		mctl__free(&w->rd->al, e);
		e = n;
	}
}

/* Queues an error that is not a record (fatal: nothing after it). */
static void queue_error(wco *w, int code, bool fatal, unsigned line, unsigned col, const char *fmt, ...)
	MCTL_PRINTF(6, 7);
static void queue_error(wco *w, int code, bool fatal, unsigned line, unsigned col, const char *fmt, ...)
{
	entry *e = entry_new(w);
	if (!e) {
		mctl__xml_stop(w->x, MCTL_ENOMEM, line, col, "out of memory");
		return;
	}
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	e->status = code;
	e->fatal = fatal;
	e->line = line;
	mctl__io_error(w->rd, &e->err, code, line, col, (size_t)-1, "%s", msg);
	entry_push(w, e);
}

/* ---- values ---- */

static void val_reset(val *v)
{
	v->b.len = 0;
	v->set = false;
	v->attr[0] = '\0';
}

static const char *val_text(const val *v)
{
	return v->set && v->b.data ? v->b.data : "";
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trims XML white space; with collapse, also turns each inner run into one space. */
static size_t squeeze(char *s, size_t n, bool collapse)
{
	size_t o = 0;
	bool pending = false;
	for (size_t i = 0; i < n; i++) {
		if (is_blank(s[i])) {
			pending = o > 0;
			if (!collapse && o > 0)
				s[o++] = s[i];
			continue;
		}
		if (pending && collapse)
			s[o++] = ' ';
		pending = false;
		s[o++] = s[i];
	}
	while (o && is_blank(s[o - 1]))
		o--;
	s[o] = '\0';
	return o;
}

static bool is_decl_slot(int s)
{
	return s >= S_REF && s <= S_DECL_FROM;
}

static bool is_item_slot(int s)
{
	return s >= S_SEQ && s <= S_CUSTOMS;
}

/* Stores the captured text of slot s. */
static void store(wco *w, int s)
{
	if (!w->cap.len || !w->cap.data)
		return; /* an empty element says nothing (and "" must not be written to) */
	char *t = w->cap.data;
	size_t n = squeeze(t, w->cap.len, s == S_DESC);
	w->cap.len = n;
	if (n == 0)
		return; /* an empty element says nothing */
	val *v = &w->v[s];
	if (is_decl_slot(s) && w->decl_items)
		queue_error(w, MCTL_EINVAL, false, w->cap_line, w->cap_col,
		            "%s comes after %u goods item(s) of its declaration (DEC-DMS puts it before them): "
		            "they were read without it", slot_names[s], w->decl_items);
	if (v->set && s == S_DESC) { /* a second description: both are screened */
		if (mctl__buf_append(&v->b, "; ", 2) || mctl__buf_append(&v->b, t, n))
			mctl__xml_stop(w->x, MCTL_ENOMEM, w->cap_line, w->cap_col, "out of memory");
		return;
	}
	if (v->set && (is_decl_slot(s) || is_item_slot(s))) {
		if (v->b.len == n && memcmp(v->b.data, t, n) == 0 && strcmp(v->attr, w->cap_attr) == 0)
			return;
		mctl__io_problem_set(is_decl_slot(s) ? &w->decl_err : &w->item_err, MCTL_EINVAL, w->cap_line, w->cap_col,
		            "%s given twice, '%.40s' (line %u) and '%.40s'", slot_names[s], val_text(v), v->line, t);
		return;
	}
	v->b.len = 0;
	if (mctl__buf_append(&v->b, t, n)) {
		mctl__xml_stop(w->x, MCTL_ENOMEM, w->cap_line, w->cap_col, "out of memory");
		return;
	}
	v->set = true;
	v->line = w->cap_line;
	v->col = w->cap_col;
	memcpy(v->attr, w->cap_attr, sizeof v->attr);
}

/* ---- element events ---- */

static int el_lookup(const char *local)
{
	size_t lo = 0, hi = sizeof el_names / sizeof el_names[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(local, el_names[mid].name);
		if (c == 0)
			return el_names[mid].el;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return E_OTHER;
}

static enum ns ns_of(const char *uri)
{
	if (!*uri)
		return NS_NONE;
	if (strcmp(uri, NS_DEC) == 0)
		return NS_DECL;
	if (strcmp(uri, NS_DS) == 0)
		return NS_DSNS;
	if (strcmp(uri, NS_RES) == 0)
		return NS_RESP;
	return NS_OTHER;
}

/* Whether the path below the Declaration is exactly path[0..n). */
static bool at(const wco *w, const uint8_t *path, unsigned n)
{
	return w->decl_depth && w->depth - w->decl_depth == n && memcmp(&w->el[w->decl_depth + 1], path, n) == 0;
}

static void item_begin(wco *w, unsigned line, unsigned col)
{
	w->in_item = true;
	w->item_line = line;
	w->item_col = col;
	w->item_ordinal++;
	w->item_err.code = 0;
	w->ncl = 0;
	val_reset(&w->origin);
	for (int s = S_SEQ; s <= S_CUSTOMS; s++)
		val_reset(&w->v[s]);
}

static void decl_begin(wco *w, enum ns ns)
{
	w->decl_depth = w->depth;
	w->decl_ns = ns;
	w->decl_items = 0;
	w->decl_err.code = 0;
	w->nroute = 0;
	w->item_ordinal = 0;
	w->in_item = false;
	for (int s = 0; s < S_COUNT_; s++)
		val_reset(&w->v[s]);
}

static const char *attr_get(int nattrs, const char *const *attrs, const char *name)
{
	for (int i = 0; i < nattrs; i++)
		if (strcmp(attrs[2 * i], name) == 0)
			return attrs[2 * i + 1];
	return NULL;
}

static void on_start(void *user, const char *local, const char *uri, int nattrs, const char *const *attrs,
                     unsigned line, unsigned col)
{
	wco *w = user;
	w->depth++;
	if (w->depth >= sizeof w->el)
		return; /* cannot happen: xml_safe bounds the depth at 256 */
	w->el[w->depth] = E_OTHER;
	if (w->skip_depth)
		return;
	enum ns ns = ns_of(uri);
	int el = el_lookup(local);
	if (!w->decl_depth) {
		if (el == E_DECLARATION && (ns == NS_DECL || ns == NS_NONE)) {
			w->el[w->depth] = E_DECLARATION;
			decl_begin(w, ns);
		} else if (el == E_RESPONSE && (ns == NS_RESP || ns == NS_NONE)) {
			w->skip_depth = w->depth; /* a DMS response: no goods to screen */
		} else if (el == E_DECLARATION) {
			w->skip_depth = w->depth;
			queue_error(w, MCTL_EINVAL, false, line, col,
			            "Declaration in namespace '%.100s' is not a WCO DEC-DMS declaration (" NS_DEC "): "
			            "its goods items are not read", uri);
		}
		return;
	}
	/* inside a declaration: its own vocabulary only */
	if (ns == w->decl_ns || (el == E_DT_STRING && ns == NS_DSNS))
		w->el[w->depth] = (uint8_t)el;
	if (at(w, P_ITEM, 2)) {
		item_begin(w, line, col);
	} else if (at(w, P_ITINERARY, 2)) {
		val_reset(&w->v[S_ROUTE_SEQ]);
		val_reset(&w->v[S_ROUTE_CC]);
	} else if (at(w, P_CLASSIFICATION, 4)) {
		val_reset(&w->v[S_CL_ID]);
		val_reset(&w->v[S_CL_TYPE]);
	} else if (at(w, P_ORIGIN, 3)) {
		val_reset(&w->v[S_ORIGIN_CC]);
		val_reset(&w->v[S_ORIGIN_TYPE]);
	}
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		if (!at(w, rules[i].path, rules[i].n))
			continue;
		w->cap_slot = rules[i].slot;
		w->cap_depth = w->depth;
		w->cap.len = 0;
		w->cap_line = line;
		w->cap_col = col;
		w->cap_attr[0] = '\0';
		const char *a = rules[i].attr == A_UNIT ? attr_get(nattrs, attrs, "unitCode")
		                : rules[i].attr == A_CURRENCY ? attr_get(nattrs, attrs, "currencyID")
		                : rules[i].attr == A_FORMAT ? attr_get(nattrs, attrs, "formatCode") : NULL;
		if (a) {
			size_t n = strlen(a);
			if (n >= sizeof w->cap_attr)
				n = sizeof w->cap_attr - 1;
			memcpy(w->cap_attr, a, n);
			squeeze(w->cap_attr, n, false);
		}
		break;
	}
}

static void on_text(void *user, const char *s, size_t len)
{
	wco *w = user;
	if (!w->cap_slot || w->depth != w->cap_depth || w->skip_depth)
		return;
	if (w->cap.len + len > w->rd->max_text) {
		mctl__xml_stop(w->x, MCTL_ELIMIT, w->cap_line, w->cap_col, "text longer than the limit of %zu bytes",
		               w->rd->max_text);
		return;
	}
	if (mctl__buf_append(&w->cap, s, len))
		mctl__xml_stop(w->x, MCTL_ENOMEM, w->cap_line, w->cap_col, "out of memory");
}

static void itinerary_done(wco *w)
{
	val *cc = &w->v[S_ROUTE_CC], *seq = &w->v[S_ROUTE_SEQ];
	if (!cc->set)
		return;
	if (w->decl_items)
		queue_error(w, MCTL_EINVAL, false, cc->line, cc->col,
		            "%s comes after %u goods item(s) of its declaration (DEC-DMS puts it before them): "
		            "they were read without it", slot_names[S_ROUTE_CC], w->decl_items);
	if (w->nroute >= MCTL_MAX_ROUTE) {
		mctl__io_problem_set(&w->decl_err, MCTL_ELIMIT, cc->line, cc->col, "route: more than %d countries", MCTL_MAX_ROUTE);
		return;
	}
	route_entry *re = &w->route[w->nroute];
	re->order = w->nroute++;
	re->seq = ULONG_MAX;
	if (seq->set) {
		double d;
		if (mctl__io_parse_number(val_text(seq), seq->b.len, &d) == 0 && d < 1e9 && d == (double)(unsigned long)d)
			re->seq = (unsigned long)d;
	}
	snprintf(re->cc, sizeof re->cc, "%s", val_text(cc));
	re->line = cc->line;
	re->col = cc->col;
}

static void classification_done(wco *w)
{
	val *id = &w->v[S_CL_ID], *type = &w->v[S_CL_TYPE];
	if (!id->set)
		return;
	if (w->ncl >= MAX_CLASSIFICATIONS) {
		mctl__io_problem_set(&w->item_err, MCTL_ELIMIT, id->line, id->col, "more than %d classification codes",
		            MAX_CLASSIFICATIONS);
		return;
	}
	classification *c = &w->cl[w->ncl++];
	snprintf(c->id, sizeof c->id, "%s", val_text(id));
	snprintf(c->type, sizeof c->type, "%s", type->set ? val_text(type) : "");
	c->line = id->line;
	c->col = id->col;
}

/* Origin with TypeCode 1 (non-preferential, DE 5/15) wins over others (preferential, DE 5/16). */
static void origin_done(wco *w)
{
	val *cc = &w->v[S_ORIGIN_CC], *type = &w->v[S_ORIGIN_TYPE];
	if (!cc->set)
		return;
	bool nonpref = type->set && strcmp(val_text(type), "1") == 0;
	if (w->origin.set && (!nonpref || strcmp(w->origin.attr, "1") == 0))
		return;
	w->origin.b.len = 0;
	if (mctl__buf_append(&w->origin.b, cc->b.data, cc->b.len)) {
		mctl__xml_stop(w->x, MCTL_ENOMEM, cc->line, cc->col, "out of memory");
		return;
	}
	w->origin.set = true;
	w->origin.line = cc->line;
	w->origin.col = cc->col;
	snprintf(w->origin.attr, sizeof w->origin.attr, "%s", nonpref ? "1" : "");
}

/* ---- a goods item becomes a record ---- */

static int item_fail(wco *w, mctl_error **err, int code, unsigned line, unsigned col, const char *fmt, ...)
	MCTL_PRINTF(6, 7);
static int item_fail(wco *w, mctl_error **err, int code, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return mctl__io_error(w->rd, err, code, line, col, (size_t)-1, "goods item %s: %s", w->id, msg);
}

/* Sets a country field from a DEC-DMS code, reading continental-shelf codes as their coastal state. */
static int set_country(wco *w, mctl_record *r, mctl_field f, const val *v, mctl_error **err)
{
	const char *cc = val_text(v);
	for (size_t i = 0; i < sizeof shelf_codes / sizeof shelf_codes[0]; i++)
		if (strcasecmp(cc, shelf_codes[i][0]) == 0)
			cc = shelf_codes[i][1];
	mctl_error *e = NULL;
	int rc = mctl_record_set(r, f, cc, (size_t)-1, &e);
	if (rc != MCTL_OK) {
		item_fail(w, err, rc, v->line, v->col, "%s", e ? mctl_error_message(e) : "bad country");
		mctl_error_free(e);
	}
	return rc;
}

static int set_number(wco *w, mctl_record *r, bool quantity, const val *v, const char *name, mctl_error **err)
{
	double d;
	if (mctl__io_parse_number(val_text(v), v->b.len, &d) != 0)
		return item_fail(w, err, MCTL_EINVAL, v->line, v->col, "%s '%.40s' is not a non-negative number", name,
		                 val_text(v));
	int rc = quantity ? mctl_record_set_quantity(r, d) : mctl_record_set_value(r, d);
	if (rc != MCTL_OK)
		return item_fail(w, err, rc, v->line, v->col, "%s '%.40s' is out of range", name, val_text(v));
	return MCTL_OK;
}

static int cmp_route(const void *a, const void *b)
{
	const route_entry *x = a, *y = b;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int build(wco *w, mctl_record *r, mctl_error **err)
{
	const val *ref = w->v[S_REF].set ? &w->v[S_REF] : &w->v[S_DECL_ID];
	char seq[40];
	if (w->v[S_SEQ].set)
		snprintf(seq, sizeof seq, "%.32s", val_text(&w->v[S_SEQ]));
	else
		snprintf(seq, sizeof seq, "%u", w->item_ordinal);
	if (ref->set)
		snprintf(w->id, sizeof w->id, "%.100s/%s", val_text(ref), seq);
	else
		snprintf(w->id, sizeof w->id, "%s", seq);
	if (w->item_err.code)
		return item_fail(w, err, w->item_err.code, w->item_err.line, w->item_err.col, "%s", w->item_err.msg);
	if (w->decl_err.code)
		return item_fail(w, err, w->decl_err.code, w->decl_err.line, w->decl_err.col, "declaration: %s",
		                 w->decl_err.msg);
	int rc;
	mctl_error *e = NULL;
	if ((rc = mctl_record_set(r, MCTL_FIELD_ID, w->id, (size_t)-1, NULL)) != MCTL_OK)
		return rc;
	if ((rc = mctl_record_set(r, MCTL_FIELD_CHANNEL, "customs", (size_t)-1, NULL)) != MCTL_OK)
		return rc;
	const val *desc = &w->v[S_DESC];
	if (desc->set && (rc = mctl_record_set(r, MCTL_FIELD_DESCRIPTION, val_text(desc), desc->b.len, NULL)))
		return rc;

	/* Commodity code: the CN code (TSP, DE 6/14) and the TARIC code (TRC, DE 6/15) together. */
	const classification *tsp = NULL, *trc = NULL;
	for (size_t i = 0; i < w->ncl; i++) {
		if (!tsp && strcmp(w->cl[i].type, "TSP") == 0)
			tsp = &w->cl[i];
		else if (!trc && strcmp(w->cl[i].type, "TRC") == 0)
			trc = &w->cl[i];
	}
	if (tsp && trc && strlen(tsp->id) != 8)
		trc = NULL; /* a TARIC suffix completes only an 8-digit CN code: kept as an extra code */
	if (tsp) {
		char code[80];
		snprintf(code, sizeof code, "%s%s", tsp->id, trc ? trc->id : "");
		if ((rc = mctl_record_set(r, MCTL_FIELD_CODE, code, (size_t)-1, NULL)) != MCTL_OK)
			return rc;
	}
	for (size_t i = 0; i < w->ncl; i++) {
		const classification *c = &w->cl[i];
		if (c == tsp || c == trc)
			continue;
		rc = mctl_record_add_code(r, c->type[0] ? c->type : "unspecified", c->id, &e);
		if (rc != MCTL_OK) {
			item_fail(w, err, rc, c->line, c->col, "Classification: %s", e ? mctl_error_message(e) : "bad code");
			mctl_error_free(e);
			return rc;
		}
	}

	/* Countries: the item's own, else the declaration's. */
	const val *to = w->v[S_TO].set ? &w->v[S_TO] : &w->v[S_DECL_TO];
	const val *from = w->v[S_FROM].set ? &w->v[S_FROM] : &w->v[S_DECL_FROM];
	if (to->set && (rc = set_country(w, r, MCTL_FIELD_TO, to, err)))
		return rc;
	if (from->set && (rc = set_country(w, r, MCTL_FIELD_FROM, from, err)))
		return rc;
	if (w->origin.set && (rc = set_country(w, r, MCTL_FIELD_ORIGIN, &w->origin, err)))
		return rc;
	route_entry sorted[MCTL_MAX_ROUTE];
	memcpy(sorted, w->route, w->nroute * sizeof sorted[0]);
	bool all_seq = true;
	for (size_t i = 0; i < w->nroute; i++)
		all_seq = all_seq && sorted[i].seq != ULONG_MAX;
	if (all_seq && w->nroute > 1)
		qsort(sorted, w->nroute, sizeof sorted[0], cmp_route);
	for (size_t i = 0; i < w->nroute; i++) {
		const char *cc = sorted[i].cc;
		for (size_t k = 0; k < sizeof shelf_codes / sizeof shelf_codes[0]; k++)
			if (strcasecmp(cc, shelf_codes[k][0]) == 0)
				cc = shelf_codes[k][1];
		rc = mctl_record_add_route(r, cc, &e);
		if (rc != MCTL_OK) {
			item_fail(w, err, rc, sorted[i].line, sorted[i].col, "%s", e ? mctl_error_message(e) : "bad route");
			mctl_error_free(e);
			return rc;
		}
	}

	/* Date: acceptance, else issue (format 102 CCYYMMDD or 304 CCYYMMDDHHMMSS[zone]: the date as written). */
	const val *dt = w->v[S_ACCEPT].set ? &w->v[S_ACCEPT] : w->v[S_ISSUE].set ? &w->v[S_ISSUE] : NULL;
	if (dt) {
		const char *s = val_text(dt);
		bool digits = dt->b.len >= 8;
		for (int i = 0; digits && i < 8; i++)
			digits = s[i] >= '0' && s[i] <= '9';
		if (dt->attr[0] && strcmp(dt->attr, "102") != 0 && strcmp(dt->attr, "304") != 0)
			return item_fail(w, err, MCTL_EINVAL, dt->line, dt->col,
			                 "%s: formatCode '%s' is not 102 (CCYYMMDD) or 304 (CCYYMMDDHHMMSS)",
			                 dt == &w->v[S_ACCEPT] ? "AcceptanceDateTime" : "IssueDateTime", dt->attr);
		char date[11];
		snprintf(date, sizeof date, "%.4s-%.2s-%.2s", s, digits ? s + 4 : "", digits ? s + 6 : "");
		if (!digits || mctl_record_set(r, MCTL_FIELD_DATE, date, 10, NULL) != MCTL_OK)
			return item_fail(w, err, MCTL_EINVAL, dt->line, dt->col, "%s '%.40s' is not a date CCYYMMDD...",
			                 dt == &w->v[S_ACCEPT] ? "AcceptanceDateTime" : "IssueDateTime", s);
	}

	/* Quantity: net mass, else gross mass (kilograms unless unitCode says otherwise). */
	const val *mass = w->v[S_NET].set ? &w->v[S_NET] : w->v[S_GROSS].set ? &w->v[S_GROSS] : NULL;
	if (mass) {
		if ((rc = set_number(w, r, true, mass, slot_names[mass == &w->v[S_NET] ? S_NET : S_GROSS], err)))
			return rc;
		const char *unit = !mass->attr[0] || strcmp(mass->attr, "KGM") == 0 ? "kg"
		                   : strcmp(mass->attr, "GRM") == 0 ? "g" : strcmp(mass->attr, "TNE") == 0 ? "t" : mass->attr;
		if ((rc = mctl_record_set(r, MCTL_FIELD_UNIT, unit, (size_t)-1, NULL)) != MCTL_OK)
			return rc;
	}
	/* Value: statistical value, else the item price, else the customs value. */
	int vs = w->v[S_STAT].set ? S_STAT : w->v[S_CHARGE].set ? S_CHARGE : w->v[S_CUSTOMS].set ? S_CUSTOMS : 0;
	if (vs) {
		if ((rc = set_number(w, r, false, &w->v[vs], slot_names[vs], err)))
			return rc;
		if (w->v[vs].attr[0] &&
		    (rc = mctl_record_set(r, MCTL_FIELD_CURRENCY, w->v[vs].attr, (size_t)-1, NULL)) != MCTL_OK)
			return rc;
	}
	const char *why = mctl__io_record_problem(r);
	if (why)
		return item_fail(w, err, MCTL_EINVAL, w->item_line, w->item_col,
		                 "%s (no Commodity/Description, no Classification)", why);
	return MCTL_OK;
}

static void item_done(wco *w)
{
	w->in_item = false;
	entry *e = entry_new(w);
	if (!e) {
		mctl__xml_stop(w->x, MCTL_ENOMEM, w->item_line, w->item_col, "out of memory");
		return;
	}
	e->line = w->item_line;
	e->status = build(w, e->rec, &e->err);
	if (e->status == MCTL_ENOMEM) {
		entry_recycle(w, e);
		mctl__xml_stop(w->x, MCTL_ENOMEM, w->item_line, w->item_col, "out of memory");
		return;
	}
	entry_push(w, e);
	w->decl_items++;
}

static void on_end(void *user, const char *local, const char *uri)
{
	wco *w = user;
	(void)local;
	(void)uri;
	if (w->skip_depth) {
		if (w->depth == w->skip_depth)
			w->skip_depth = 0;
		w->depth--;
		return;
	}
	if (w->cap_slot && w->depth == w->cap_depth) {
		store(w, w->cap_slot);
		w->cap_slot = S_NONE;
	}
	if (w->decl_depth) {
		if (w->depth == w->decl_depth)
			w->decl_depth = 0;
		else if (at(w, P_ITEM, 2))
			item_done(w);
		else if (at(w, P_ITINERARY, 2))
			itinerary_done(w);
		else if (at(w, P_CLASSIFICATION, 4))
			classification_done(w);
		else if (at(w, P_ORIGIN, 3))
			origin_done(w);
	}
	w->depth--;
}

/* ---- module ---- */

static int wco_init(mctl_reader *rd)
{
	wco *w = mctl__calloc(&rd->al, 1, sizeof *w);
	if (!w)
		return MCTL_ENOMEM;
	w->rd = rd;
	rd->state = w;
	for (int s = 0; s < S_COUNT_; s++)
		mctl__buf_init(&w->v[s].b, &rd->al);
	mctl__buf_init(&w->origin.b, &rd->al);
	mctl__buf_init(&w->cap, &rd->al);
	mctl_xml_handler h = { w, on_start, on_end, on_text };
	return mctl__xml_new(&w->x, rd, &h);
}

static void wco_free(mctl_reader *rd)
{
	wco *w = rd->state;
	mctl__xml_free(w->x);
	entries_free(w, w->head);
	entries_free(w, w->spare);
	for (int s = 0; s < S_COUNT_; s++)
		mctl__buf_free(&w->v[s].b);
	mctl__buf_free(&w->origin.b);
	mctl__buf_free(&w->cap);
	mctl__free(&rd->al, w);
	rd->state = NULL;
}

/* Hands the parser the next piece of input; queues a fatal error when it stops. */
static void feed(wco *w)
{
	mctl_reader *rd = w->rd;
	long n = mctl__io_fill(rd);
	int rc;
	if (n < 0 || (n == 0 && rd->io_errno)) {
		w->finished = true;
		queue_error(w, MCTL_EIO, true, mctl__xml_line(w->x), 0, "read error: %s", strerror(rd->io_errno));
		return;
	}
	if (n == 0) {
		rc = mctl__xml_feed(w->x, NULL, 0, true);
		w->finished = true;
	} else {
		size_t take = (size_t)n < CHUNK ? (size_t)n : CHUNK;
		const char *p = (const char *)rd->buf + rd->pos;
		rd->pos += take;
		rc = mctl__xml_feed(w->x, p, take, false);
	}
	if (rc != MCTL_OK) {
		w->finished = true;
		entry *e = entry_new(w);
		mctl_error *err = mctl__xml_take_error(w->x);
		if (!e) {
			mctl_error_free(err);
			rd->fatal = true; /* reported as MCTL_ENOMEM by wco_next */
			return;
		}
		e->status = rc;
		e->fatal = true;
		e->err = err;
		e->line = mctl_error_line(err);
		entry_push(w, e);
	}
}

static int wco_next(mctl_reader *rd, mctl_record *r, mctl_error **err)
{
	wco *w = rd->state;
	while (!w->head && !w->finished)
		feed(w);
	if (!w->head)
		return rd->fatal ? MCTL_ENOMEM : MCTL_DONE;
	entry *e = w->head;
	w->head = e->next;
	if (!w->head)
		w->tail = NULL;
	rd->line = e->line;
	int rc = e->status;
	if (rc == MCTL_OK) {
		rc = mctl__record_copy(r, e->rec);
	} else {
		if (err)
			*err = e->err;
		else
			mctl_error_free(e->err);
		e->err = NULL;
		if (e->fatal)
			rd->fatal = true;
	}
	entry_recycle(w, e);
	return rc;
}

const mctl_io_ops mctl__wco_ops = { wco_init, wco_next, wco_free, NULL, NULL };
