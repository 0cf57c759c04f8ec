/*
 * Internal: libxml2 as a streaming, hardened SAX2 push parser.
 *
 * Debian 12 ships libxml2 2.9.14, older than its own entity-amplification
 * limits, so the parser is set up to never need them: no NOENT, DTDLOAD,
 * DTDATTR, DTDVALID, XINCLUDE or HUGE; NONET always; any DOCTYPE is refused
 * as soon as its name is read (before an internal subset is parsed), so no
 * entity is ever declared; element depth, text nodes, attribute values and
 * comments are bounded by the reader's limits. libxml2's diagnostics are
 * routed into mctl_error (the first fatal one) and the reader's warnings:
 * nothing is printed.
 *
 * Nothing here knows about declarations: wco.c receives elements and text.
 */
#ifndef MCTL_IO_XML_SAFE_H
#define MCTL_IO_XML_SAFE_H

#include "io/reader.h"

typedef struct mctl_xml mctl_xml;

typedef struct mctl_xml_handler {
	void *user;
	/*
	 * An element starts. `uri` is its namespace ("" for none); attrs holds
	 * nattrs unqualified attributes as name, value pairs (NUL-terminated,
	 * valid during the call); line and col are where its start tag begins.
	 */
	void (*start)(void *user, const char *local, const char *uri, int nattrs, const char *const *attrs,
	              unsigned line, unsigned col);
	void (*end)(void *user, const char *local, const char *uri);
	/* Character data (and CDATA) directly inside the current element, in pieces. */
	void (*text)(void *user, const char *s, size_t len);
} mctl_xml_handler;

int mctl__xml_new(mctl_xml **out, mctl_reader *rd, const mctl_xml_handler *h);
void mctl__xml_free(mctl_xml *x);

/*
 * Parses the next len bytes (terminate: they are the last). Returns MCTL_OK,
 * or the negative status of the fatal error that stopped parsing, which
 * mctl__xml_take_error() hands over (with file, line and column); every
 * later call returns it again without parsing.
 */
int mctl__xml_feed(mctl_xml *x, const char *buf, size_t len, bool terminate);
mctl_error *mctl__xml_take_error(mctl_xml *x);

/* From a handler: stops parsing with a fatal error. */
void mctl__xml_stop(mctl_xml *x, int code, unsigned line, unsigned col, const char *fmt, ...) MCTL_PRINTF(5, 6);

/* Where the parser is now. */
unsigned mctl__xml_line(const mctl_xml *x);

#endif
