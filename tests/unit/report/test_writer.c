/* Report writers: every format, byte for byte where the format is fixed; XML against doc/report.xsd. */
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include "../../common.h"

static mctl_policy *pol;

static void setup(void)
{
	pol = must_load(SRCPATH("tests/data/valid/minimal"));
}

static void teardown(void)
{
	mctl_policy_unref(pol);
}

static mctl_result *classify(const char *id, const char *desc, const char *code, const char *to)
{
	mctl_record *r = NULL;
	cr_assert_eq(mctl_record_new(&r, NULL), MCTL_OK);
	if (id)
		mctl_record_set(r, MCTL_FIELD_ID, id, (size_t)-1, NULL);
	if (desc)
		mctl_record_set(r, MCTL_FIELD_DESCRIPTION, desc, (size_t)-1, NULL);
	if (code)
		mctl_record_set(r, MCTL_FIELD_CODE, code, (size_t)-1, NULL);
	if (to)
		mctl_record_set(r, MCTL_FIELD_TO, to, (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_DATE, "2026-12-01", (size_t)-1, NULL);
	mctl_result *res = NULL;
	cr_assert_eq(mctl_classify(pol, r, &res, NULL), MCTL_OK);
	mctl_record_free(r);
	return res;
}

/* A report in memory. */
typedef struct sink {
	char *text;
	size_t len;
	FILE *fp;
	mctl_writer *w;
} sink;

static void open_sink(sink *s, mctl_report_format f, unsigned flags)
{
	memset(s, 0, sizeof *s);
	s->fp = open_memstream(&s->text, &s->len);
	cr_assert(s->fp);
	mctl_writer_options o = MCTL_WRITER_OPTIONS_INIT;
	o.flags = flags;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_writer_new(&s->w, f, s->fp, &o, &err), MCTL_OK);
	cr_assert_null(err);
}

/* Finishes the report and returns its text (owned by s). */
static const char *close_sink(sink *s)
{
	cr_assert_eq(mctl_writer_finish(s->w), MCTL_OK);
	mctl_writer_free(s->w);
	fclose(s->fp);
	return s->text;
}

/* The three results every format test writes: prohibited, clear, licence with a flag. */
static void write_three(sink *s)
{
	mctl_result *a = classify("A1", "gallium ingots", "8112929090", "US");
	mctl_result *b = classify("A3", "cotton T-shirts", "6109100000", "US");
	mctl_result *c = classify("x,\"y\"", "metal sample", "8112929090", NULL);
	cr_assert_eq(mctl_writer_write(s->w, a, "in.jsonl", 1), MCTL_OK);
	cr_assert_eq(mctl_writer_write_error(s->w, "in.jsonl", 2, "invalid JSON at column 3: bad, \"quoted\"\nnext"), MCTL_OK);
	cr_assert_eq(mctl_writer_write(s->w, b, "in.jsonl", 3), MCTL_OK);
	cr_assert_eq(mctl_writer_write(s->w, c, "other.jsonl", 1), MCTL_OK);
	mctl_result_free(a);
	mctl_result_free(b);
	mctl_result_free(c);
}

TestSuite(writer, .init = setup, .fini = teardown);

Test(writer, format_names)
{
	mctl_report_format f;
	cr_assert_eq(mctl_report_format_parse("xml", &f), MCTL_OK);
	cr_assert_eq(f, MCTL_REPORT_XML);
	cr_assert_eq(mctl_report_format_parse("table", &f), MCTL_OK);
	cr_assert_eq(f, MCTL_REPORT_TABLE);
	cr_assert_eq(mctl_report_format_parse("json", &f), MCTL_EINVAL);
	cr_assert_eq(mctl_report_format_parse(NULL, &f), MCTL_EINVAL);
	cr_assert_str_eq(mctl_report_format_name(MCTL_REPORT_JSONL), "jsonl");
	cr_assert_str_eq(mctl_report_format_name(MCTL_REPORT_CSV), "csv");
	cr_assert_null(mctl_report_format_name((mctl_report_format)9));
}

Test(writer, jsonl_is_the_result_json)
{
	sink s;
	open_sink(&s, MCTL_REPORT_JSONL, 0);
	mctl_result *a = classify("A1", "gallium ingots", "8112929090", "US");
	char *json = NULL;
	cr_assert_eq(mctl_result_to_json(a, &json), MCTL_OK);
	cr_assert_eq(mctl_writer_write(s.w, a, "in.jsonl", 1), MCTL_OK);
	cr_assert_eq(mctl_writer_write_error(s.w, NULL, 2, "a record needs a description or a code"), MCTL_OK);
	cr_assert_eq(mctl_writer_write_error(s.w, "b.jsonl", 7, "bad \xFF byte"), MCTL_OK);
	cr_assert_eq(mctl_writer_write_error(s.w, NULL, 0, "where?"), MCTL_OK);
	const char *text = close_sink(&s);
	char want[8192];
	snprintf(want, sizeof want,
	         "%s\n"
	         "{\"line\":2,\"error\":\"a record needs a description or a code\"}\n"
	         "{\"file\":\"b.jsonl\",\"line\":7,\"error\":\"bad \xEF\xBF\xBD byte\"}\n"
	         "{\"error\":\"where?\"}\n",
	         json);
	cr_assert_str_eq(text, want);
	free(json);
	mctl_result_free(a);
	free(s.text);
}

Test(writer, csv_rows)
{
	sink s;
	open_sink(&s, MCTL_REPORT_CSV, 0);
	write_three(&s);
	const char *text = close_sink(&s);
	const char *d = mctl_policy_digest(pol);
	char want[8192];
	snprintf(want, sizeof want,
	         "line,id,verdict,items,minerals,actions,flags,error,file,date,bundle,bundle_version,bundle_digest\n"
	         "1,A1,prohibited,t.ga-metal,gallium,prohibited,,,in.jsonl,2026-12-01,test-minimal,1.0,%s\n"
	         "2,,error,,,,,\"invalid JSON at column 3: bad, \"\"quoted\"\"\nnext\",in.jsonl,,,,\n"
	         "3,A3,clear,,,,,,in.jsonl,2026-12-01,test-minimal,1.0,%s\n"
	         "1,\"x,\"\"y\"\"\",license_required,t.ga-metal,gallium,license_required,controlled_code_vague_description,,"
	         "other.jsonl,2026-12-01,test-minimal,1.0,%s\n",
	         d, d, d);
	cr_assert_str_eq(text, want);
	free(s.text);
}

Test(writer, csv_minerals_listed_once)
{
	sink s;
	open_sink(&s, MCTL_REPORT_CSV, MCTL_WRITER_NO_HEADER);
	/* the shipped bundle lists several germanium items under 8112921090 */
	mctl_policy *shipped = must_load(SRCPATH("policies/cn"));
	mctl_record *r = NULL;
	mctl_record_new(&r, NULL);
	mctl_record_set(r, MCTL_FIELD_ID, "M", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_CODE, "8112921090", (size_t)-1, NULL);
	mctl_record_set(r, MCTL_FIELD_DATE, "2026-12-01", (size_t)-1, NULL);
	mctl_result *a = NULL;
	cr_assert_eq(mctl_classify(shipped, r, &a, NULL), MCTL_OK);
	cr_assert_geq(mctl_result_item_count(a), 2);
	cr_assert_eq(mctl_writer_write(s.w, a, NULL, 4), MCTL_OK);
	mctl_result_free(a);
	mctl_record_free(r);
	mctl_policy_unref(shipped);
	const char *text = close_sink(&s);
	cr_assert(strncmp(text, "4,M,", 4) == 0, "no header: %s", text);
	cr_assert(strstr(text, ",germanium,"), "%s", text);
	free(s.text);
}

Test(writer, table_rows)
{
	sink s;
	open_sink(&s, MCTL_REPORT_TABLE, 0);
	write_three(&s);
	const char *text = close_sink(&s);
	cr_assert_str_eq(text,
	                 "line  id                 verdict           items                                    flags\n"
	                 "-- in.jsonl\n"
	                 "1     A1                 prohibited        t.ga-metal                               -\n"
	                 /* a control character never reaches the terminal */
	                 "2     -                  ERROR             invalid JSON at column 3: bad, \"quoted\" next\n"
	                 "3     A3                 clear             -                                        -\n"
	                 "-- other.jsonl\n"
	                 "1     x,\"y\"              license_required  t.ga-metal                               "
	                 "controlled_code_vague_description\n");
	free(s.text);
}

Test(writer, table_cuts_ids_at_characters)
{
	sink s;
	open_sink(&s, MCTL_REPORT_TABLE, MCTL_WRITER_NO_HEADER);
	/* 20 characters of 3 bytes: cut to 18 characters, never inside one */
	mctl_result *a = classify("镓镓镓镓镓镓镓镓镓镓镓镓镓镓镓镓镓镓镓镓", "cotton", NULL, NULL);
	cr_assert_eq(mctl_writer_write(s.w, a, NULL, 12), MCTL_OK);
	mctl_result_free(a);
	const char *text = close_sink(&s);
	cr_assert_str_eq(text, "12    镓镓镓镓镓镓镓镓镓镓镓镓镓镓镓镓镓镓 clear             -                                        -\n");
	free(s.text);
}

Test(writer, only_flagged_skips_clear_but_counts_it)
{
	sink s;
	open_sink(&s, MCTL_REPORT_CSV, MCTL_WRITER_ONLY_FLAGGED | MCTL_WRITER_NO_HEADER);
	write_three(&s);
	cr_assert_eq(mctl_writer_count(s.w, MCTL_VERDICT_CLEAR), 1);
	cr_assert_eq(mctl_writer_count(s.w, MCTL_VERDICT_PROHIBITED), 1);
	cr_assert_eq(mctl_writer_count(s.w, MCTL_VERDICT_LICENSE_REQUIRED), 1);
	cr_assert_eq(mctl_writer_error_count(s.w), 1);
	const char *text = close_sink(&s);
	cr_assert_null(strstr(text, "A3"), "the clear record is left out: %s", text);
	cr_assert(strncmp(text, "1,A1,", 5) == 0);
	cr_assert(strstr(text, "\n2,,error,"), "errors are always written");
	cr_assert(strstr(text, "controlled_code_vague_description"), "flagged records are written");
	free(s.text);
}

/* Parses and validates an XML report against doc/report.xsd; returns the document. */
static xmlDocPtr validate(const char *text, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(text, (int)len, "report.xml", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc, "not well-formed XML:\n%s", text);
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(SRCPATH("doc/report.xsd"));
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	cr_assert_not_null(schema, "doc/report.xsd does not load");
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	int rc = xmlSchemaValidateDoc(vc, doc);
	cr_assert_eq(rc, 0, "report does not follow doc/report.xsd:\n%s", text);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	return doc;
}

Test(writer, xml_follows_the_schema)
{
	sink s;
	open_sink(&s, MCTL_REPORT_XML, 0);
	write_three(&s);
	/* text XML cannot hold: a control character and invalid UTF-8 in an id */
	mctl_result *a = classify("bad\x01id\xFF", "germanium", NULL, NULL);
	cr_assert_eq(mctl_writer_write(s.w, a, NULL, 0), MCTL_OK);
	mctl_result_free(a);
	const char *text = close_sink(&s);
	xmlDocPtr doc = validate(text, s.len);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	cr_assert_str_eq((const char *)root->name, "screening");
	cr_assert_str_eq((const char *)root->ns->href, "urn:libmineralctl:report:1");
	xmlFreeDoc(doc);

	char want[1024];
	snprintf(want, sizeof want,
	         "<result file=\"in.jsonl\" line=\"1\" id=\"A1\" verdict=\"prohibited\" date=\"2026-12-01\" "
	         "in_jurisdiction=\"true\">\n"
	         "    <policy bundle=\"test-minimal\" version=\"1.0\" digest=\"%s\"/>\n"
	         "    <item id=\"t.ga-metal\" action=\"prohibited\" match=\"text+code\" control_code=\"9X001.a\">\n"
	         "      <title>Gallium metal</title>\n"
	         "      <announcement>Test base announcement</announcement>\n"
	         "      <mineral>gallium</mineral>\n"
	         "    </item>\n"
	         "    <evidence field=\"description\" start=\"0\" end=\"7\" concept=\"gallium\">gallium</evidence>\n",
	         mctl_policy_digest(pol));
	cr_assert(strstr(text, want), "first result:\n%s", text);
	cr_assert(strstr(text, "<error file=\"in.jsonl\" line=\"2\">invalid JSON at column 3: bad, &quot;quoted&quot;\nnext</error>"),
	          "%s", text);
	cr_assert(strstr(text, "<flag>controlled_code_vague_description</flag>"), "%s", text);
	cr_assert(strstr(text, "id=\"bad\xEF\xBF\xBDid\xEF\xBF\xBD\""), "%s", text);
	cr_assert(strstr(text, "<summary records=\"4\" prohibited=\"1\" license_required=\"2\" review=\"0\" clear=\"1\" "
	                       "errors=\"1\"/>\n</screening>\n"),
	          "%s", text);
	free(s.text);
}

Test(writer, xml_empty_report_is_valid)
{
	sink s;
	open_sink(&s, MCTL_REPORT_XML, 0);
	const char *text = close_sink(&s);
	xmlFreeDoc(validate(text, s.len));
	cr_assert(strstr(text, "<summary records=\"0\""));
	free(s.text);
}

Test(writer, life_cycle)
{
	mctl_writer *w = (mctl_writer *)1;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_writer_new(&w, (mctl_report_format)7, stdout, NULL, &err), MCTL_EINVAL);
	cr_assert_null(w);
	cr_assert_not_null(err);
	mctl_error_free(err);
	cr_assert_eq(mctl_writer_new(&w, MCTL_REPORT_CSV, NULL, NULL, NULL), MCTL_EINVAL);
	mctl_writer_options o = MCTL_WRITER_OPTIONS_INIT;
	o.version = 99;
	cr_assert_eq(mctl_writer_new(&w, MCTL_REPORT_CSV, stdout, &o, NULL), MCTL_EINVAL);

	sink s;
	open_sink(&s, MCTL_REPORT_JSONL, 0);
	cr_assert_eq(mctl_writer_write(s.w, NULL, NULL, 1), MCTL_EINVAL);
	cr_assert_eq(mctl_writer_finish(s.w), MCTL_OK);
	cr_assert_eq(mctl_writer_finish(s.w), MCTL_EINVAL, "finished once");
	cr_assert_eq(mctl_writer_write_error(s.w, NULL, 1, "late"), MCTL_EINVAL, "no writes after finish");
	mctl_writer_free(s.w);
	fclose(s.fp);
	cr_assert_str_eq(s.text, "");
	free(s.text);
	mctl_writer_free(NULL);
}

Test(writer, write_failure_is_reported)
{
	FILE *full = fopen("/dev/full", "w");
	if (!full)
		cr_skip_test("no /dev/full");
	setvbuf(full, NULL, _IONBF, 0);
	mctl_writer *w = NULL;
	mctl_error *err = NULL;
	cr_assert_eq(mctl_writer_new(&w, MCTL_REPORT_CSV, full, NULL, &err), MCTL_EIO);
	cr_assert_null(w);
	cr_assert_eq(mctl_error_code(err), MCTL_EIO);
	mctl_error_free(err);
	/* XML keeps output in libxml2's buffer: the failure shows when it is flushed */
	clearerr(full);
	cr_assert_eq(mctl_writer_new(&w, MCTL_REPORT_XML, full, NULL, NULL), MCTL_OK);
	mctl_result *a = classify("A1", "gallium ingots", "8112929090", "US");
	mctl_writer_write(w, a, NULL, 1);
	cr_assert_eq(mctl_writer_finish(w), MCTL_EIO);
	cr_assert_eq(mctl_writer_write(w, a, NULL, 2), MCTL_EIO, "the failure sticks");
	mctl_result_free(a);
	mctl_writer_free(w);
	fclose(full);
}
