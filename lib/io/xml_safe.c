/*
 * libxml2, hardened: see xml_safe.h for what is refused and bounded.
 *
 * A SAX2 push parser rather than xmlTextReader: its internalSubset callback
 * fires as soon as "<!DOCTYPE name ..." is read, before any declaration of
 * an internal subset is parsed, so a DOCTYPE is refused before an entity can
 * exist; and depth, text and comment sizes are checked in the callbacks
 * without a tree being built.
 */
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include "io/xml_safe.h"

/* libxml2's own depth bound without XML_PARSE_HUGE (xmlParserMaxDepth). */
#define LIBXML_MAX_DEPTH 256

struct mctl_xml {
	mctl_reader *rd;
	mctl_xml_handler h;
	xmlParserCtxtPtr ctxt;
	unsigned depth;
	const xmlChar *open_name[LIBXML_MAX_DEPTH + 2]; /* libxml2's dictionary names of open elements */
	unsigned open_line[LIBXML_MAX_DEPTH + 2];
	size_t text_run;       /* bytes of the text node being read */
	int status;            /* first fatal status, MCTL_OK while none */
	mctl_error *error;
	bool stopped;
	mctl_buf attr_text;    /* unqualified attribute values of the current start tag */
	mctl_vec attr_ptrs;    /* const char *: name, value, name, value ... */
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
	xmlInitParser();
}

unsigned mctl__xml_line(const mctl_xml *x)
{
	return x->ctxt ? (unsigned)xmlSAX2GetLineNumber(x->ctxt) : 0;
}

static void vstop(mctl_xml *x, int code, unsigned line, unsigned col, const char *fmt, va_list ap)
{
	if (x->status == MCTL_OK) {
		mctl_errlist l;
		mctl__errlist_init(&l, &x->rd->al);
		/* libxml2 says line 0 before it has read a line (e.g. a bad encoding) */
		mctl_pos pos = { x->rd->name, line ? line : 1, col, (size_t)-1 };
		mctl__errlist_vadd(&l, code, &pos, NULL, fmt, ap);
		mctl__errlist_finish(&l, &x->error);
		x->status = code;
	}
	if (x->ctxt && !x->stopped) {
		x->stopped = true;
		xmlStopParser(x->ctxt);
	}
}

void mctl__xml_stop(mctl_xml *x, int code, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vstop(x, code, line, col, fmt, ap);
	va_end(ap);
}

static void stop(mctl_xml *x, int code, unsigned line, unsigned col, const char *fmt, ...) MCTL_PRINTF(5, 6);
static void stop(mctl_xml *x, int code, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vstop(x, code, line, col, fmt, ap);
	va_end(ap);
}

/*
 * Line and column where the markup ending at the parser's current position
 * starts: back from the cursor to its '<' (which no attribute value can
 * hold). Falls back to the parser's position when the '<' left the buffer.
 */
static void markup_pos(mctl_xml *x, unsigned *line, unsigned *col)
{
	xmlParserInputPtr in = x->ctxt ? x->ctxt->input : NULL;
	*line = mctl__xml_line(x);
	*col = 0;
	if (!in || !in->base || !in->cur || in->cur < in->base)
		return;
	const xmlChar *p = in->cur;
	unsigned nl = 0;
	while (p > in->base && *p != '<') {
		p--;
		nl += *p == '\n';
	}
	if (*p != '<')
		return;
	if (nl == 0) {
		unsigned between = mctl__io_chars((const char *)p, (size_t)(in->cur - p));
		*col = in->col > 0 && (unsigned)in->col > between ? (unsigned)in->col - between : 0;
		return;
	}
	*line -= nl < *line ? nl : *line - 1;
	const xmlChar *q = p;
	while (q > in->base && q[-1] != '\n')
		q--;
	if (q > in->base || (in->consumed == 0 && *line == 1))
		*col = mctl__io_chars((const char *)q, (size_t)(p - q)) + 1;
}

/* ---- SAX callbacks ---- */

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                     const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
	mctl_xml *x = ctx;
	(void)prefix;
	(void)nns;
	(void)ns;
	(void)ndefaulted;
	if (x->stopped)
		return;
	unsigned line, col;
	markup_pos(x, &line, &col);
	x->text_run = 0;
	if (x->depth >= x->rd->max_depth) {
		stop(x, MCTL_ELIMIT, line, col, "elements nested deeper than the limit of %u", x->rd->max_depth);
		return;
	}
	x->depth++;
	x->open_name[x->depth] = local;
	x->open_line[x->depth] = line;
	x->attr_text.len = 0;
	x->attr_ptrs.len = 0;
	int kept = 0;
	for (int i = 0; i < nattrs; i++) {
		const xmlChar *const *a = attrs + 5 * i; /* localname, prefix, URI, value, end */
		size_t vlen = (size_t)(a[4] - a[3]);
		if (vlen > x->rd->max_text) {
			stop(x, MCTL_ELIMIT, line, col, "attribute '%s' longer than the limit of %zu bytes", (const char *)a[0],
			     x->rd->max_text);
			return;
		}
		if (a[2])
			continue; /* qualified attributes are not ours */
		size_t nlen = strlen((const char *)a[0]);
		if (mctl__buf_reserve(&x->attr_text, nlen + vlen + 2)) {
			stop(x, MCTL_ENOMEM, line, col, "out of memory");
			return;
		}
		mctl__buf_append(&x->attr_text, a[0], nlen + 1);
		mctl__buf_append(&x->attr_text, a[3], vlen);
		mctl__buf_putc(&x->attr_text, '\0');
		kept++;
	}
	const char **ptrs = NULL;
	if (kept) {
		for (int i = 0; i < 2 * kept; i++)
			if (!mctl__vec_push(&x->attr_ptrs)) {
				stop(x, MCTL_ENOMEM, line, col, "out of memory");
				return;
			}
		ptrs = x->attr_ptrs.data;
		const char *s = x->attr_text.data;
		for (int i = 0; i < 2 * kept; i++) {
			ptrs[i] = s;
			s += strlen(s) + 1;
		}
	}
	if (x->h.start)
		x->h.start(x->h.user, (const char *)local, uri ? (const char *)uri : "", kept, ptrs, line, col);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	mctl_xml *x = ctx;
	(void)prefix;
	if (x->stopped)
		return;
	x->text_run = 0;
	if (x->depth)
		x->depth--;
	if (x->h.end)
		x->h.end(x->h.user, (const char *)local, uri ? (const char *)uri : "");
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
	mctl_xml *x = ctx;
	if (x->stopped || len <= 0)
		return;
	x->text_run += (size_t)len;
	if (x->text_run > x->rd->max_text) {
		stop(x, MCTL_ELIMIT, mctl__xml_line(x), 0, "text longer than the limit of %zu bytes", x->rd->max_text);
		return;
	}
	if (x->h.text && x->depth)
		x->h.text(x->h.user, (const char *)s, (size_t)len);
}

static void on_comment(void *ctx, const xmlChar *value)
{
	mctl_xml *x = ctx;
	if (!x->stopped && value && strlen((const char *)value) > x->rd->max_text)
		stop(x, MCTL_ELIMIT, mctl__xml_line(x), 0, "comment longer than the limit of %zu bytes", x->rd->max_text);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	mctl_xml *x = ctx;
	(void)target;
	if (!x->stopped && data && strlen((const char *)data) > x->rd->max_text)
		stop(x, MCTL_ELIMIT, mctl__xml_line(x), 0, "processing instruction longer than the limit of %zu bytes",
		     x->rd->max_text);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
	mctl_xml *x = ctx;
	(void)name;
	(void)external_id;
	(void)system_id;
	unsigned line, col;
	markup_pos(x, &line, &col);
	stop(x, MCTL_ESYNTAX, line, col, "DOCTYPE not allowed (entity and DTD processing are disabled)");
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
	/* Unreachable while every DOCTYPE is refused; a second lock on the door. */
	mctl_xml *x = ctx;
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	stop(x, MCTL_ESYNTAX, mctl__xml_line(x), 0, "entity declaration '%s' not allowed", (const char *)name);
}

static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	(void)name;
	return NULL; /* only the five predefined entities exist (libxml2 answers those itself) */
}

static xmlParserInputPtr on_resolve(void *ctx, const xmlChar *public_id, const xmlChar *system_id)
{
	mctl_xml *x = ctx;
	(void)public_id;
	stop(x, MCTL_ESYNTAX, mctl__xml_line(x), 0, "external resource '%s' not allowed",
	     system_id ? (const char *)system_id : "");
	return NULL;
}

/* One line of text from a libxml2 message (it ends them with '\n' and may wrap). */
static void clean_message(const char *in, char *out, size_t size)
{
	size_t n = 0;
	for (; in && *in && n + 1 < size; in++) {
		char c = *in == '\n' || *in == '\r' || *in == '\t' ? ' ' : *in;
		if (c == ' ' && (n == 0 || out[n - 1] == ' '))
			continue;
		out[n++] = c;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	mctl_xml *x = ctx;
	if (!e)
		return;
	char msg[512];
	clean_message(e->message, msg, sizeof msg);
	unsigned line = e->line > 0 ? (unsigned)e->line : mctl__xml_line(x);
	unsigned col = e->int2 > 0 ? (unsigned)e->int2 : 0;
	if (e->level == XML_ERR_WARNING) {
		mctl__io_warn(x->rd, MCTL_ESYNTAX, line, col, "XML: %s", msg);
		return;
	}
	if (e->code == XML_ERR_USER_STOP || x->status != MCTL_OK)
		return;
	/*
	 * Never xmlStopParser() from inside libxml2's error path: 2.9.14 frees the
	 * input buffer an encoding error is still using (a crash found by
	 * fuzz_wco, fuzz/regressions/wco). Mark the parse stopped instead: the
	 * SAX callbacks ignore the rest of the chunk and feed() sends no more.
	 */
	x->stopped = true;
	if (e->code == XML_ERR_NO_MEMORY) {
		stop(x, MCTL_ENOMEM, line, col, "out of memory (libxml2)");
	} else if (e->code == XML_ERR_INVALID_CHAR && strstr(msg, "UTF-8")) {
		const char *bytes = strstr(msg, "Bytes:");
		stop(x, MCTL_ESYNTAX, line, col, "bytes that are not UTF-8 in a document read as UTF-8 (declare its real "
		     "encoding in <?xml ... encoding=\"...\"?>)%s%s", bytes ? ": " : "", bytes ? bytes + 7 : "");
	} else if (e->code == XML_ERR_DOCUMENT_END && x->depth > 0) {
		stop(x, MCTL_ESYNTAX, line, col, "premature end of the document: <%s> (line %u) is not closed; is the file "
		     "truncated?", (const char *)x->open_name[x->depth], x->open_line[x->depth]);
	} else {
		stop(x, MCTL_ESYNTAX, line, col, "XML not well-formed: %s", msg);
	}
}

/* libxml2 reports a few errors outside any parser context: keep them quiet. */
static void on_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* ---- parser ---- */

int mctl__xml_new(mctl_xml **out, mctl_reader *rd, const mctl_xml_handler *h)
{
	pthread_once(&init_once, init_libxml);
	mctl_xml *x = mctl__calloc(&rd->al, 1, sizeof *x);
	*out = x;
	if (!x)
		return MCTL_ENOMEM;
	x->rd = rd;
	x->h = *h;
	mctl__buf_init(&x->attr_text, &rd->al);
	mctl__vec_init(&x->attr_ptrs, &rd->al, sizeof(const char *));
	return MCTL_OK;
}

void mctl__xml_free(mctl_xml *x)
{
	if (!x)
		return;
	if (x->ctxt)
		xmlFreeParserCtxt(x->ctxt);
	mctl_error_free(x->error);
	mctl__buf_free(&x->attr_text);
	mctl__vec_free(&x->attr_ptrs);
	mctl__free(&x->rd->al, x);
}

mctl_error *mctl__xml_take_error(mctl_xml *x)
{
	mctl_error *e = x->error;
	x->error = NULL;
	return e;
}

typedef struct saved_handlers {
	xmlStructuredErrorFunc s;
	void *sctx;
	xmlGenericErrorFunc g;
	void *gctx;
} saved_handlers;

/*
 * libxml2's process-wide handlers are per thread: borrowed for the length of
 * one call into the parser, so that no message reaches stderr, and given back.
 */
static void quiet(saved_handlers *sv, mctl_xml *x)
{
	sv->s = xmlStructuredError;
	sv->sctx = xmlStructuredErrorContext;
	sv->g = xmlGenericError;
	sv->gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(x, on_error);
	xmlSetGenericErrorFunc(x, on_generic);
}

static void unquiet(const saved_handlers *sv)
{
	xmlSetStructuredErrorFunc(sv->sctx, sv->s);
	xmlSetGenericErrorFunc(sv->gctx, sv->g);
}

static int create(mctl_xml *x, const char *buf, size_t len)
{
	xmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.comment = on_comment;
	sax.processingInstruction = on_pi;
	sax.internalSubset = on_doctype;
	sax.externalSubset = on_doctype;
	sax.entityDecl = on_entity_decl;
	sax.getEntity = on_get_entity;
	sax.getParameterEntity = on_get_entity;
	sax.resolveEntity = on_resolve;
	sax.serror = on_error;
	/* The first 4 bytes let libxml2 detect the encoding; the rest follows in feed. */
	x->ctxt = xmlCreatePushParserCtxt(&sax, x, buf, (int)(len < 4 ? len : 4), x->rd->name);
	if (!x->ctxt)
		return -1;
	/*
	 * NONET and nothing else: no NOENT (entities stay unexpanded), no DTDLOAD,
	 * DTDATTR or DTDVALID (no DTD is read), no XINCLUDE, no HUGE (libxml2's
	 * own limits stay on).
	 */
	xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET);
	return (int)(len < 4 ? len : 4);
}

int mctl__xml_feed(mctl_xml *x, const char *buf, size_t len, bool terminate)
{
	if (x->status != MCTL_OK)
		return x->status;
	saved_handlers sv;
	quiet(&sv, x);
	if (!x->ctxt) {
		int used = create(x, buf, len);
		if (used < 0) {
			unquiet(&sv);
			stop(x, MCTL_ENOMEM, 0, 0, "out of memory (libxml2)");
			return x->status;
		}
		if (used > 0) { /* buf may be NULL for an empty first chunk */
			buf += used;
			len -= (size_t)used;
		}
	}
	while (x->status == MCTL_OK && (len || terminate)) {
		int n = len > (1u << 30) ? 1 << 30 : (int)len;
		int rc = xmlParseChunk(x->ctxt, buf, n, terminate && (size_t)n == len);
		if (n)
			buf += n;
		len -= (size_t)n;
		if (rc != 0 && x->status == MCTL_OK) /* an error libxml2 did not report through on_error */
			stop(x, MCTL_ESYNTAX, mctl__xml_line(x), 0, "XML not well-formed (libxml2 error %d)", rc);
		if (!len)
			break;
	}
	unquiet(&sv);
	return x->status;
}
