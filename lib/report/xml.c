/*
 * XML report through libxml2's xmlTextWriter. The shape is fixed by
 * doc/report.xsd:
 *
 * <screening xmlns="urn:libmineralctl:report:1" library="0.1.0">
 *   <result file="in.jsonl" line="1" id="A1" verdict="prohibited" date="2026-12-01" in_jurisdiction="true">
 *     <policy bundle="..." version="..." digest="sha256:..."/>
 *     <item id="..." action="prohibited" match="text+code" control_code="..." [confirmed="false"]>
 *       <title>...</title><announcement>...</announcement><mineral>gallium</mineral>...
 *     </item>
 *     <flag>obfuscated_text</flag>...
 *     <evidence field="description" start="0" end="7" concept="gallium" [negated="true"] [approximate="true"]>gallium</evidence>...
 *     <note>...</note>
 *   </result>
 *   <error file="in.jsonl" line="2">invalid JSON ...</error>
 *   <summary records="3" prohibited="1" license_required="1" review="0" clear="1" errors="1"/>
 * </screening>
 *
 * Text is cleaned first: XML 1.0 cannot hold most control characters, and
 * libxml2 would write them as character references a parser then refuses.
 */
#include <string.h>
#include <libxml/xmlwriter.h>
#include "policy/model.h"
#include "report/report.h"
#include "util/internal.h"

#define NS "urn:libmineralctl:report:1"

static int xml_write(void *ctx, const char *buf, int len)
{
	mctl_writer *w = ctx;
	if (len > 0 && fwrite(buf, 1, (size_t)len, w->fp) != (size_t)len)
		return -1;
	return len;
}

static int xml_close(void *ctx)
{
	(void)ctx; /* the stream stays the caller's */
	return 0;
}

/* s cleaned for XML, valid until the next call. NULL when out of memory. */
static const xmlChar *x(mctl_writer *w, const char *s)
{
	w->cell.len = 0;
	if (mctl__text_clean(&w->cell, s, strlen(s), MCTL_CLEAN_XML) || mctl__buf_putc(&w->cell, '\0')) {
		w->nomem = true;
		return NULL;
	}
	return (const xmlChar *)w->cell.data;
}

/* The status of a piece of output that went wrong or not. */
static int status(const mctl_writer *w, int bad)
{
	return w->nomem ? MCTL_ENOMEM : bad ? MCTL_EIO : MCTL_OK;
}

/* Attribute name = s (left out when s is NULL). 0 or -1. */
static int attr(mctl_writer *w, const char *name, const char *s)
{
	if (!s)
		return 0;
	const xmlChar *v = x(w, s);
	return v && xmlTextWriterWriteAttribute(w->state, (const xmlChar *)name, v) >= 0 ? 0 : -1;
}

static int attr_num(mctl_writer *w, const char *name, size_t n)
{
	char num[32];
	snprintf(num, sizeof num, "%zu", n);
	return attr(w, name, num);
}

/* <name>s</name> */
static int elem(mctl_writer *w, const char *name, const char *s)
{
	const xmlChar *v = x(w, s);
	return v && xmlTextWriterWriteElement(w->state, (const xmlChar *)name, v) >= 0 ? 0 : -1;
}

static int start(mctl_writer *w, const char *name)
{
	return xmlTextWriterStartElement(w->state, (const xmlChar *)name) >= 0 ? 0 : -1;
}

static int end(mctl_writer *w)
{
	return xmlTextWriterEndElement(w->state) >= 0 ? 0 : -1;
}

static int position(mctl_writer *w, const char *file, size_t line)
{
	int bad = attr(w, "file", file);
	if (line)
		bad |= attr_num(w, "line", line);
	return bad;
}

static int xml_begin(mctl_writer *w)
{
	xmlOutputBufferPtr out = xmlOutputBufferCreateIO(xml_write, xml_close, w, NULL);
	if (!out)
		return MCTL_ENOMEM;
	w->state = xmlNewTextWriter(out); /* owns out from here */
	if (!w->state) {
		xmlOutputBufferClose(out);
		return MCTL_ENOMEM;
	}
	int bad = xmlTextWriterSetIndent(w->state, 1) < 0;
	bad |= xmlTextWriterSetIndentString(w->state, (const xmlChar *)"  ") < 0;
	bad |= xmlTextWriterStartDocument(w->state, NULL, "UTF-8", NULL) < 0;
	bad |= start(w, "screening");
	bad |= attr(w, "xmlns", NS);
	bad |= attr(w, "library", mctl_version());
	return status(w, bad);
}

static int xml_result(mctl_writer *w, const mctl_result *res, const char *file, size_t line)
{
	const mctl_policy *p = mctl_result_policy(res);
	int bad = start(w, "result");
	bad |= position(w, file, line);
	bad |= attr(w, "id", mctl_result_id(res));
	bad |= attr(w, "verdict", mctl_verdict_name(mctl_result_verdict(res)));
	bad |= attr(w, "date", mctl_result_date(res));
	bad |= attr(w, "in_jurisdiction", mctl_result_in_jurisdiction(res) ? "true" : "false");

	bad |= start(w, "policy");
	bad |= attr(w, "bundle", mctl_policy_bundle(p));
	bad |= attr(w, "version", mctl_policy_version(p));
	bad |= attr(w, "digest", mctl_policy_digest(p));
	bad |= end(w);

	for (size_t i = 0; i < mctl_result_item_count(res) && !bad; i++) {
		size_t idx = mctl_result_item_index(res, i);
		const char *title = mctl_policy_item_title(p, idx, "en");
		const char *ann = mctl_policy_item_announcement(p, idx);
		bad |= start(w, "item");
		bad |= attr(w, "id", mctl_result_item_id(res, i));
		bad |= attr(w, "action", mctl_action_name(mctl_result_item_action(res, i)));
		bad |= attr(w, "match", mctl_match_name(mctl_result_item_match(res, i)));
		bad |= attr(w, "control_code", mctl_policy_item_control_code(p, idx));
		if (!p->items[idx].confirmed)
			bad |= attr(w, "confirmed", "false");
		if (title)
			bad |= elem(w, "title", title);
		if (ann)
			bad |= elem(w, "announcement", ann);
		for (size_t j = 0; j < mctl_result_item_mineral_count(res, i); j++)
			bad |= elem(w, "mineral", mctl_result_item_mineral(res, i, j));
		bad |= end(w);
	}
	for (size_t i = 0; i < mctl_result_flag_count(res); i++)
		bad |= elem(w, "flag", mctl_flag_name(mctl_result_flag_at(res, i)));
	for (size_t i = 0; i < mctl_result_evidence_count(res) && !bad; i++) {
		bad |= start(w, "evidence");
		bad |= attr(w, "field", mctl_field_name(mctl_result_evidence_field(res, i)));
		bad |= attr_num(w, "start", mctl_result_evidence_start(res, i));
		bad |= attr_num(w, "end", mctl_result_evidence_end(res, i));
		bad |= attr(w, "concept", mctl_result_evidence_concept(res, i));
		if (mctl_result_evidence_negated(res, i))
			bad |= attr(w, "negated", "true");
		if (mctl_result_evidence_approximate(res, i))
			bad |= attr(w, "approximate", "true");
		const xmlChar *t = x(w, mctl_result_evidence_text(res, i));
		bad |= !t || xmlTextWriterWriteString(w->state, t) < 0;
		bad |= end(w);
	}
	if (mctl_result_note(res))
		bad |= elem(w, "note", mctl_result_note(res));
	bad |= end(w);
	return status(w, bad);
}

static int xml_error(mctl_writer *w, const char *file, size_t line, const char *msg)
{
	int bad = start(w, "error");
	bad |= position(w, file, line);
	const xmlChar *t = x(w, msg);
	bad |= !t || xmlTextWriterWriteString(w->state, t) < 0;
	bad |= end(w);
	return status(w, bad);
}

static int xml_flush(mctl_writer *w)
{
	return xmlTextWriterFlush(w->state) >= 0 ? MCTL_OK : MCTL_EIO;
}

static int xml_end(mctl_writer *w)
{
	int bad = start(w, "summary");
	size_t all = w->counts[0] + w->counts[1] + w->counts[2] + w->counts[3];
	bad |= attr_num(w, "records", all);
	for (int v = MCTL_VERDICT_PROHIBITED; v >= MCTL_VERDICT_CLEAR; v--)
		bad |= attr_num(w, mctl_verdict_name((mctl_verdict)v), w->counts[v]);
	bad |= attr_num(w, "errors", w->nerrors);
	bad |= end(w);
	bad |= xmlTextWriterEndDocument(w->state) < 0; /* closes <screening>, flushes */
	return status(w, bad);
}

static void xml_release(mctl_writer *w)
{
	if (w->state)
		xmlFreeTextWriter(w->state);
	w->state = NULL;
}

const mctl_writer_ops mctl__report_xml_ops = { xml_begin, xml_result, xml_error, xml_flush, xml_end, xml_release };
