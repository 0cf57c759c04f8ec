/*
 * Hostile and broken XML (tests/data/xml/): each is a clear error with its
 * file and line, nothing is printed, nothing outside the file is read, and
 * the other files of a batch are still read.
 */
#include <fcntl.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include "io_test.h"

static void expect_only_error(const char *rel, int code, unsigned line, unsigned col, const char *part)
{
	mctl_reader *rd = open_src(rel, NULL);
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	expect_error(rd, r, code, line, col, part);
	expect_done(rd, r);
	cr_assert(strstr(mctl_reader_name(rd), strrchr(rel, '/') + 1), "the error names the file");
	mctl_record_free(r);
	mctl_reader_free(rd);
}

Test(xml_safe, doctype_with_external_entity_is_refused)
{
	expect_only_error("tests/data/xml/xxe.xml", MCTL_ESYNTAX, 2, 1,
	                  "DOCTYPE not allowed (entity and DTD processing are disabled)");
}

Test(xml_safe, doctype_with_internal_subset_is_refused_before_its_entities)
{
	expect_only_error("tests/data/xml/xxe-internal.xml", MCTL_ESYNTAX, 3, 1, "DOCTYPE not allowed");
}

Test(xml_safe, billion_laughs_is_refused, .timeout = 10)
{
	expect_only_error("tests/data/xml/billion-laughs.xml", MCTL_ESYNTAX, 2, 1, "DOCTYPE not allowed");
}

Test(xml_safe, undeclared_entities_are_errors)
{
	static const char doc[] = "<Declaration xmlns='urn:wco:datamodel:WCO:DEC-DMS:2'>\n<ID>&x;</ID></Declaration>";
	mctl_reader *rd = open_text("entity.xml", doc, (size_t)-1, NULL);
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	expect_error(rd, r, MCTL_ESYNTAX, 2, 0, "Entity 'x' not defined");
	expect_done(rd, r);
	mctl_reader_free(rd);
	mctl_record_free(r);
}

/* Items finished before the cut are kept; the error says where reading stopped. */
Test(xml_safe, truncated_file)
{
	mctl_reader *rd = open_src("tests/data/xml/truncated.xml", NULL);
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	expect_record(rd, r, 6);
	expect_field(r, MCTL_FIELD_ID, "TRUNC-1/1");
	expect_field(r, MCTL_FIELD_TO, "US");
	/* the file ends after "<Description>Germanium" on line 13 (column 27) */
	expect_error(rd, r, MCTL_ESYNTAX, 13, 27, "premature end of the document: <Description> (line 13) is not closed");
	expect_done(rd, r);
	mctl_record_free(r);
	mctl_reader_free(rd);
}

Test(xml_safe, latin1_bytes_in_a_utf8_file)
{
	/* line 6: four tabs, "<Description>Fil de tungst", then the byte 0xE8 at column 31 */
	expect_only_error("tests/data/xml/bad-encoding.xml", MCTL_ESYNTAX, 6, 31, "not UTF-8");
}

/*
 * Bytes that cannot be converted from the detected encoding: a UTF-16 high
 * surrogate followed by a non-surrogate, and UCS-4-looking zeros. libxml2
 * 2.9.14 reports them from inside its conversion code; both once crashed
 * the reader (fuzz_wco). Each is a clear error on line 1 (no line read yet).
 */
Test(xml_safe, unconvertible_bytes_at_the_start)
{
	static const char utf16[] = "\xfe\xff\xd8\x22\xfc\x22";
	static const char zeros[] = "<\0\0\0";
	const struct { const char *name, *doc; size_t len; const char *bytes; } cases[] = {
		{ "utf16.xml", utf16, sizeof utf16 - 1, "bytes 0xD8 0x22 0xFC 0x22" },
		{ "zeros.xml", zeros, sizeof zeros - 1, "bytes 0x00 0x00 0x00 0x00" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		mctl_reader *rd = open_text(cases[i].name, cases[i].doc, cases[i].len, NULL);
		mctl_record *r = NULL;
		cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
		expect_error(rd, r, MCTL_ESYNTAX, 1, 0, cases[i].bytes);
		expect_done(rd, r);
		mctl_record_free(r);
		mctl_reader_free(rd);
	}
}

Test(xml_safe, declared_encodings_are_honoured)
{
	mctl_reader *rd = open_src("tests/data/xml/latin1.xml", NULL);
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	expect_record(rd, r, 5);
	expect_field(r, MCTL_FIELD_DESCRIPTION, "Fil de tungst\xc3\xa8ne"); /* è in UTF-8 */
	expect_done(rd, r);
	mctl_reader_free(rd);

	/* UTF-16LE with a BOM: "<Declaration ...><GoodsShipment><GovernmentAgencyGoodsItem>..." */
	static const char ascii[] = "<Declaration xmlns='urn:wco:datamodel:WCO:DEC-DMS:2'><GoodsShipment>\n"
	                            "<GovernmentAgencyGoodsItem><Commodity><Description>W</Description></Commodity>"
	                            "</GovernmentAgencyGoodsItem></GoodsShipment></Declaration>\n";
	char u16[2 * sizeof ascii + 2];
	u16[0] = (char)0xff;
	u16[1] = (char)0xfe;
	for (size_t i = 0; i < sizeof ascii - 1; i++) {
		u16[2 + 2 * i] = ascii[i];
		u16[3 + 2 * i] = 0;
	}
	rd = open_text(NULL, u16, 2 * (sizeof ascii - 1) + 2, NULL);
	cr_assert_eq(mctl_reader_format(rd), MCTL_FORMAT_WCO);
	expect_record(rd, r, 2);
	expect_field(r, MCTL_FIELD_DESCRIPTION, "W");
	expect_done(rd, r);
	mctl_reader_free(rd);
	mctl_record_free(r);
}

static char *nested(int depth)
{
	char *s = malloc((size_t)depth * 8 + 2);
	cr_assert_not_null(s);
	size_t n = 0;
	for (int i = 0; i < depth; i++)
		n += (size_t)sprintf(s + n, "<a>");
	for (int i = 0; i < depth; i++)
		n += (size_t)sprintf(s + n, "</a>");
	s[n] = '\0';
	return s;
}

Test(xml_safe, deep_nesting_is_bounded)
{
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	char *deep = nested(100000);
	mctl_reader *rd = open_text("deep.xml", deep, (size_t)-1, NULL);
	/* the 129th <a> opens at column 3 * 128 + 1 */
	expect_error(rd, r, MCTL_ELIMIT, 1, 385, "elements nested deeper than the limit of 128");
	expect_done(rd, r);
	mctl_reader_free(rd);
	free(deep);

	mctl_reader_options o = MCTL_READER_OPTIONS_INIT;
	o.max_xml_depth = 5;
	char *five = nested(5), *six = nested(6);
	rd = open_text("five.xml", five, (size_t)-1, &o);
	expect_done(rd, r);
	mctl_reader_free(rd);
	rd = open_text("six.xml", six, (size_t)-1, &o);
	expect_error(rd, r, MCTL_ELIMIT, 1, 16, "deeper than the limit of 5");
	mctl_reader_free(rd);
	free(five);
	free(six);
	mctl_record_free(r);
}

Test(xml_safe, text_attribute_and_comment_sizes_are_bounded)
{
	mctl_reader_options o = MCTL_READER_OPTIONS_INIT;
	o.max_xml_text = 16;
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	static const char fits[] = "<Declaration xmlns='urn:wco:datamodel:WCO:DEC-DMS:2'><GoodsShipment>"
	                           "<GovernmentAgencyGoodsItem><Commodity><Description>0123456789abcdef</Description>"
	                           "</Commodity></GovernmentAgencyGoodsItem></GoodsShipment></Declaration>";
	mctl_reader *rd = open_text("fits.xml", fits, (size_t)-1, &o);
	expect_record(rd, r, 1);
	expect_field(r, MCTL_FIELD_DESCRIPTION, "0123456789abcdef");
	expect_done(rd, r);
	mctl_reader_free(rd);

	static const char *const over[] = {
		"<a>\n0123456789abcdefg</a>",
		"<a>\n<b x='0123456789abcdefg'/></a>",
		"<a>\n<!--0123456789abcdefg--></a>",
		"<a>\n<?pi 0123456789abcdefg?></a>",
	};
	static const char *const what[] = { "text longer", "attribute 'x' longer", "comment longer",
		                            "processing instruction longer" };
	for (int i = 0; i < 4; i++) {
		rd = open_text("over.xml", over[i], (size_t)-1, &o);
		expect_error(rd, r, MCTL_ELIMIT, 2, 0, what[i]);
		expect_done(rd, r);
		mctl_reader_free(rd);
	}
	mctl_record_free(r);
}

static const char *const attacks[] = {
	"tests/data/xml/xxe.xml", "tests/data/xml/xxe-internal.xml", "tests/data/xml/billion-laughs.xml",
	"tests/data/xml/truncated.xml", "tests/data/xml/bad-encoding.xml",
};

/* libxml2 never writes to stderr: every message becomes an mctl_error. */
Test(xml_safe, nothing_is_printed)
{
	char tmpl[] = "/tmp/mctl-stderr-XXXXXX";
	int fd = mkstemp(tmpl);
	cr_assert(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	cr_assert(dup2(fd, 2) >= 0);
	mctl_record *r = NULL;
	mctl_record_new(&r, NULL);
	int errors = 0;
	for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
		mctl_reader *rd = open_src(attacks[i], NULL);
		int rc;
		while ((rc = mctl_reader_next(rd, r, NULL)) != MCTL_DONE)
			errors += rc < 0;
		mctl_reader_free(rd);
	}
	mctl_reader *rd = open_text("ns.xml", "<a xmlns='not absolute'><b:c/></a>", (size_t)-1, NULL);
	while (mctl_reader_next(rd, r, NULL) != MCTL_DONE)
		errors++;
	mctl_reader_free(rd);
	mctl_record_free(r);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	off_t size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(tmpl);
	cr_assert_eq(errors, 6);
	cr_assert_eq(size, 0, "libxml2 printed %ld bytes", (long)size);
}

static void app_handler(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* The caller's own libxml2 error handlers are left as they were. */
Test(xml_safe, callers_handlers_are_restored)
{
	int ctx;
	xmlSetStructuredErrorFunc(&ctx, app_handler);
	mctl_record *r = NULL;
	mctl_record_new(&r, NULL);
	mctl_reader *rd = open_src("tests/data/xml/bad-encoding.xml", NULL);
	cr_assert_lt(mctl_reader_next(rd, r, NULL), 0);
	mctl_reader_free(rd);
	mctl_record_free(r);
	cr_assert(xmlStructuredError == app_handler);
	cr_assert(xmlStructuredErrorContext == &ctx);
	xmlSetStructuredErrorFunc(NULL, NULL);
}

/* One file per reader: whatever is wrong with one, the next is read. */
Test(xml_safe, a_batch_goes_on_after_each_bad_file)
{
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	static const unsigned lines[] = { 2, 3, 2, 13, 6 };
	for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
		mctl_reader *rd = open_src(attacks[i], NULL);
		int rc;
		mctl_error *err = NULL;
		unsigned fatal_line = 0;
		while ((rc = mctl_reader_next(rd, r, &err)) != MCTL_DONE) {
			if (rc < 0) {
				cr_assert_str_eq(mctl_error_file(err), mctl_reader_name(rd));
				fatal_line = mctl_error_line(err);
			}
			mctl_error_free(err);
			err = NULL;
		}
		cr_assert_eq(fatal_line, lines[i], "%s", attacks[i]);
		mctl_reader_free(rd);
	}
	mctl_reader *rd = open_src("tests/data/xml/dec-plain.xml", NULL);
	expect_record(rd, r, 10);
	expect_record(rd, r, 24);
	expect_done(rd, r);
	mctl_reader_free(rd);
	mctl_record_free(r);
}
