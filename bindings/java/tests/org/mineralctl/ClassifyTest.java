package org.mineralctl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Verdicts on records checked by hand against the shipped bundle (the
 * reasons are those of examples/declarations.expected.md and
 * policies/cn/tests), record errors, and close().
 */
public class ClassifyTest {
	private static Policy policy;

	@BeforeClass
	public static void load() throws PolicyException {
		policy = Policy.load(Records.shipped());
	}

	@AfterClass
	public static void close() {
		policy.close();
	}

	private static Record.Builder gallium(String to, String date) {
		return Record.builder().description("Gallium metal 99.99% (4N), ingots").code("8112929090").from("CN").to(to)
				.date(LocalDate.parse(date));
	}

	private static List<String> ids(Result r) {
		String[] s = new String[r.getItems().size()];
		for (int i = 0; i < s.length; i++)
			s[i] = r.getItems().get(i).getId();
		return Arrays.asList(s);
	}

	/** MOFCOM/GAC 2023 No. 23 item Ga-1: a licence to every destination from 2023-08-01. */
	@Test
	public void galliumMetalNeedsALicence() {
		Result r = policy.classify(gallium("DE", "2026-03-01").id("DEC-1").build());
		assertEquals(Verdict.LICENSE_REQUIRED, r.getVerdict());
		assertEquals("DEC-1", r.getId());
		assertEquals(LocalDate.of(2026, 3, 1), r.getDate());
		assertTrue(r.isInJurisdiction());
		assertNull(r.getNote());
		assertEquals(1, r.getItems().size());
		Item it = r.getItems().get(0);
		assertEquals("cn.2023-23.ga-1", it.getId());
		assertEquals("Gallium metal (elemental)", it.getTitle());
		assertTrue(it.getAnnouncement(), it.getAnnouncement().startsWith("MOFCOM/GAC Announcement No. 23 of 2023"));
		assertNull(it.getControlCode());
		assertEquals(Collections.singletonList("gallium"), it.getMinerals());
		assertEquals(Action.LICENSE_REQUIRED, it.getAction());
		assertEquals(Match.TEXT_CODE, it.getMatch());
		assertEquals(Collections.emptyList(), r.getFlags());
		Evidence code = r.getEvidence().get(r.getEvidence().size() - 1);
		assertEquals(Field.CODE, code.getField());
		assertEquals(0, code.getStart());
		assertEquals(10, code.getEnd());
		assertEquals("8112929090", code.getText());
		assertEquals("8112929090", code.getConcept());
		assertEquals(policy.getBundle(), r.getBundle());
		assertEquals(policy.getVersion(), r.getVersion());
		assertEquals(policy.getDigest(), r.getDigest());
	}

	/**
	 * No. 46 clause 2 (prohibited to the US) from 2024-12-03, suspended by No. 72
	 * from 2025-11-09 to 2026-11-27 inclusive: the four boundary days.
	 */
	@Test
	public void unitedStatesAroundTheSuspension() {
		assertEquals(Verdict.PROHIBITED, policy.classify(gallium("US", "2025-11-08").build()).getVerdict());
		assertEquals(Verdict.LICENSE_REQUIRED, policy.classify(gallium("US", "2025-11-09").build()).getVerdict());
		assertEquals(Verdict.LICENSE_REQUIRED, policy.classify(gallium("US", "2026-11-27").build()).getVerdict());
		Result r = policy.classify(gallium("US", "2026-11-28").build());
		assertEquals(Verdict.PROHIBITED, r.getVerdict());
		assertEquals(Action.PROHIBITED, r.getItems().get(0).getAction());
		// country codes in any case
		assertEquals(Verdict.PROHIBITED, policy.classify(gallium("us", "2026-11-28").build()).getVerdict());
	}

	/** No. 46 clause 1 (military end use in the US) is never suspended. */
	@Test
	public void militaryEndUseInTheUnitedStates() {
		Record.Builder b = Record.builder().description("Germanium single-crystal blanks").code("8112921090").to("US")
				.date(LocalDate.of(2026, 3, 1));
		assertEquals(Verdict.LICENSE_REQUIRED, policy.classify(b.build()).getVerdict());
		assertEquals(Verdict.PROHIBITED, policy.classify(b.endUse("military").build()).getVerdict());
		// bolts are no item of the bundle: clause 1 covers dual-use items only
		assertEquals(Verdict.CLEAR, policy.classify(Record.builder().description("Steel hex bolts").code("73181590")
				.to("US").endUse("military").date(LocalDate.of(2026, 3, 1)).build()).getVerdict());
	}

	/** An export from another country lists the items with no action, and says why. */
	@Test
	public void exportFromAnotherCountry() {
		Result r = policy.classify(Record.builder().description("Germanium ingots").code("8112921090").from("DE")
				.to("US").date(LocalDate.of(2026, 3, 1)).build());
		assertEquals(Verdict.CLEAR, r.getVerdict());
		assertFalse(r.isInJurisdiction());
		assertEquals(Collections.singletonList("cn.2023-23.ge-1"), ids(r));
		assertEquals(Action.NONE, r.getItems().get(0).getAction());
		assertNotNull(r.getNote());
		assertTrue(r.getNote(), r.getNote().startsWith("export from DE"));
	}

	/** Policy 2025 No. 61: magnets made abroad with >= 0.1 % Chinese dysprosium, after the No. 70 suspension. */
	@Test
	public void componentsMadeAbroad() {
		Record.Builder b = Record.builder().description("NdFeB permanent magnets N52SH").from("DE").to("US")
				.component("dysprosium", "CN", 0.5, Double.NaN);
		Result after = policy.classify(b.date(LocalDate.of(2026, 11, 11)).build());
		assertEquals(Verdict.LICENSE_REQUIRED, after.getVerdict());
		assertEquals("cn.2025-61.1-1", after.getItems().get(0).getId());
		assertEquals(Action.LICENSE_REQUIRED, after.getItems().get(0).getAction());
		assertEquals(Verdict.CLEAR, policy.classify(b.date(LocalDate.of(2026, 11, 10)).build()).getVerdict());
		Record below = Record.builder().description("SmCo magnets").from("JP").to("FR")
				.date(LocalDate.of(2026, 12, 1)).build();
		assertEquals(Verdict.LICENSE_REQUIRED,
				policy.classify(below.toBuilder().component("samarium", "CN", 0.1, -1).build()).getVerdict());
		assertEquals(Verdict.CLEAR,
				policy.classify(below.toBuilder().component("samarium", "CN", 0.05, -1).build()).getVerdict());
	}

	@Test
	public void flags() {
		// a cover name under the gallium code (DEC-2026-0013)
		Result iron = policy.classify(Record.builder().description("Iron ingots").code("8112929090").to("HK")
				.date(LocalDate.of(2026, 5, 8)).build());
		assertEquals(Verdict.LICENSE_REQUIRED, iron.getVerdict());
		assertEquals(Collections.singletonList("cn.2023-23.ga-1"), ids(iron));
		assertEquals(Match.CODE, iron.getItems().get(0).getMatch());
		assertEquals(Collections.singletonList("controlled_code_vague_description"), iron.getFlags());
		assertTrue(iron.hasFlag("controlled_code_vague_description"));
		// a 6-digit code over controlled and free goods settles nothing (DEC-2026-0016)
		Result six = policy.classify(Record.builder().description("Unwrought metal powder").code("811292").to("SG")
				.date(LocalDate.of(2026, 3, 3)).build());
		assertEquals(Verdict.REVIEW, six.getVerdict());
		assertTrue(six.getItems().isEmpty());
		assertEquals(Collections.singletonList("ambiguous_code"), six.getFlags());
		// a code of 5 digits cannot be checked; the text still fires Ga-1
		Result bad = policy.classify(Record.builder().description("gallium ingots").code("81129").to("DE")
				.date(LocalDate.of(2026, 3, 1)).build());
		assertEquals(Verdict.LICENSE_REQUIRED, bad.getVerdict());
		assertEquals(Match.TEXT, bad.getItems().get(0).getMatch());
		assertEquals(Collections.singletonList("invalid_code"), bad.getFlags());
		// postal channel, vague wording under the gallium code (DEC-2026-0015)
		Result postal = policy.classify(Record.builder().description("Metal sample").description2("金属样品")
				.code("8112929090").to("GB").channel(Channel.POSTAL).date(LocalDate.of(2026, 3, 1)).build());
		assertEquals(Verdict.LICENSE_REQUIRED, postal.getVerdict());
		assertEquals(Collections.singletonList("controlled_code_vague_description"), postal.getFlags());
	}

	@Test
	public void nothingControlled() {
		Result r = policy.classify(Record.builder().description("Cotton T-shirts, men's, knitted, 100% cotton")
				.code("6109100000").to("US").date(LocalDate.of(2026, 3, 1)).build());
		assertEquals(Verdict.CLEAR, r.getVerdict());
		assertTrue(r.getItems().isEmpty());
		assertTrue(r.getFlags().isEmpty());
		assertTrue(r.getEvidence().isEmpty());
		assertNull(r.getId());
		// an empty record is the library's business, not an error: nothing is controlled
		assertEquals(Verdict.CLEAR, policy.classify(Record.builder().build()).getVerdict());
	}

	@Test
	public void negatedAndApproximateMentions() {
		Result free = policy.classify(Record.builder().description("gallium-free solder paste").to("US")
				.date(LocalDate.of(2026, 3, 1)).build());
		assertEquals(Verdict.CLEAR, free.getVerdict());
		assertTrue(free.getEvidence().get(0).isNegated());
		assertFalse(free.getEvidence().get(0).isApproximate());
		Result typo = policy.classify(Record.builder().description("galium metal ingots").to("US")
				.date(LocalDate.of(2026, 3, 1)).build());
		assertEquals(Verdict.LICENSE_REQUIRED, typo.getVerdict());
		Evidence e = typo.getEvidence().get(0);
		assertTrue(e.isApproximate());
		assertFalse(e.isNegated());
		assertEquals("galium", e.getText());
		assertEquals("gallium", e.getConcept());
	}

	/** Without a date the controls of the day (UTC) apply. */
	@Test
	public void dateDefaultsToToday() {
		LocalDate before = LocalDate.now(ZoneOffset.UTC);
		LocalDate got = policy.classify(Record.builder().description("gallium").build()).getDate();
		LocalDate after = LocalDate.now(ZoneOffset.UTC);
		assertTrue(got + " not in " + before + ".." + after, !got.isBefore(before) && !got.isAfter(after));
	}

	/** toJson() is the library's JSON; its fields agree with the getters. */
	@Test
	@SuppressWarnings("unchecked")
	public void jsonAgreesWithGetters() {
		Result r = policy.classify(Record.builder().id("J-1").description("🙂 金属镓 99.99% 镓锭").code("8112.92.90.90")
				.to("JP").date(LocalDate.of(2026, 2, 10)).build());
		Map<String, Object> j = Json.object(r.toJson());
		assertEquals("J-1", j.get("id"));
		assertEquals(r.getVerdict().wireName(), j.get("verdict"));
		assertEquals("license_required", j.get("verdict"));
		List<Object> items = (List<Object>) j.get("items");
		assertEquals(r.getItems().size(), items.size());
		for (int i = 0; i < items.size(); i++) {
			Map<String, Object> it = (Map<String, Object>) items.get(i);
			assertEquals(r.getItems().get(i).getId(), it.get("id"));
			assertEquals(r.getItems().get(i).getTitle(), it.get("title"));
			assertEquals(r.getItems().get(i).getMinerals(), it.get("minerals"));
			assertEquals(r.getItems().get(i).getAction().wireName(), it.get("action"));
			assertEquals(r.getItems().get(i).getMatch().wireName(), it.get("match"));
		}
		List<Object> ev = (List<Object>) j.get("evidence");
		assertEquals(r.getEvidence().size(), ev.size());
		for (int i = 0; i < ev.size(); i++) {
			Map<String, Object> e = (Map<String, Object>) ev.get(i);
			Evidence g = r.getEvidence().get(i);
			assertEquals(g.getField().wireName(), e.get("field"));
			assertEquals(g.getByteStart(), ((Long) e.get("start")).longValue());
			assertEquals(g.getByteEnd(), ((Long) e.get("end")).longValue());
			assertEquals(g.getText(), e.get("text"));
			assertEquals(g.getConcept(), e.get("concept"));
		}
		// 🙂 is 4 bytes and 2 chars, the space 1, 金属 6 bytes and 2 chars: 镓 at byte 11, char 5;
		// the second 镓 after "镓 99.99% " (3 + 8 bytes, 1 + 8 chars): byte 22, char 14
		Evidence first = r.getEvidence().get(0), second = r.getEvidence().get(1);
		assertEquals(Field.DESCRIPTION, first.getField());
		assertEquals("镓", first.getText());
		assertEquals(11, first.getByteStart());
		assertEquals(14, first.getByteEnd());
		assertEquals(5, first.getStart());
		assertEquals(6, first.getEnd());
		assertEquals(22, second.getByteStart());
		assertEquals(14, second.getStart());
		// the dotted code, as declared
		Evidence code = r.getEvidence().get(2);
		assertEquals("8112.92.90.90", code.getText());
		assertEquals("8112929090", code.getConcept());
		assertEquals(13, code.getEnd());
		assertEquals(((Map<String, Object>) j.get("policy")).get("digest"), r.getDigest());
		assertEquals("2026-02-10", j.get("date"));
		assertEquals(Boolean.TRUE, j.get("in_jurisdiction"));
	}

	/** Without the JSON, every getter still says the same. */
	@Test
	public void withoutJsonTheGettersAgree() throws java.io.IOException {
		for (Record rec : Records.declarations()) {
			Result a = policy.classify(rec), b = policy.classifyWithoutJson(rec);
			assertTrue(a.hasJson());
			assertFalse(b.hasJson());
			assertEquals(a.getVerdict(), b.getVerdict());
			assertEquals(a.getId(), b.getId());
			assertEquals(a.getDate(), b.getDate());
			assertEquals(a.getNote(), b.getNote());
			assertEquals(a.getFlags(), b.getFlags());
			assertEquals(a.getItems().toString(), b.getItems().toString());
			assertEquals(a.getEvidence().toString(), b.getEvidence().toString());
			try {
				b.toJson();
				fail("toJson() without JSON");
			} catch (IllegalStateException expected) {
			}
		}
	}

	// ---- errors in records ----

	private static RecordException refused(Record r) {
		try {
			policy.classify(r);
		} catch (RecordException e) {
			return e;
		}
		fail("classified " + r);
		return null;
	}

	@Test
	public void badValuesAreRecordExceptions() {
		RecordException e = refused(Record.builder().description("gallium").to("XX").build());
		assertEquals("to", e.getField());
		assertEquals(PolicyException.EINVAL, e.getCode());
		assertEquals("to: 'XX' is not an ISO 3166-1 alpha-2 country code", e.getMessage());
		assertTrue(e instanceof IllegalArgumentException);
		assertTrue(e.getCause() instanceof PolicyException);

		assertEquals("from", refused(Record.builder().from("CHN").build()).getField());
		assertEquals("origin", refused(Record.builder().origin("").build()).getField());
		e = refused(Record.builder().description("gallium").route("TH", "ZZ").build());
		assertEquals("route", e.getField());
		assertEquals("route: 'ZZ' is not an ISO 3166-1 alpha-2 country code", e.getMessage());
		assertEquals("components", refused(Record.builder().component("", "CN", 1, 1).build()).getField());
		assertEquals("components", refused(Record.builder().component("dysprosium", "XX", 1, 1).build()).getField());
		// the year 10000 has no YYYY-MM-DD form
		assertEquals("date", refused(Record.builder().date(LocalDate.of(10000, 1, 1)).build()).getField());

		Record.Builder many = Record.builder().description("magnets");
		for (int i = 0; i < 33; i++)
			many.component("dysprosium", "CN", 0.1, -1);
		e = refused(many.build());
		assertEquals("components", e.getField());
		assertEquals(PolicyException.ELIMIT, e.getCode());

		// after a refused record the pooled native record is clean again
		assertEquals(Verdict.LICENSE_REQUIRED, policy.classify(gallium("DE", "2026-03-01").build()).getVerdict());
	}

	/**
	 * The library quotes at most 40 bytes of a bad value, which can cut a
	 * character in half: the message reaches Java as bytes and decodes with
	 * U+FFFD, never through JNI's NewStringUTF (undefined on such input).
	 */
	@Test
	public void messagesWithHalfACharacter() {
		String v = "镓镓镓镓镓镓镓镓镓镓镓镓镓镓"; // 14 x 3 bytes: the 40-byte cut falls inside the 14th
		RecordException e = refused(Record.builder().to(v).build());
		assertEquals("to: '" + v.substring(0, 13) + "\uFFFD' is not an ISO 3166-1 alpha-2 country code", e.getMessage());
		String astral = "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂"; // 11 x 4 bytes: the cut falls after the 10th
		e = refused(Record.builder().route(astral).build());
		assertEquals("route: '" + astral.substring(0, 20) + "' is not an ISO 3166-1 alpha-2 country code", e.getMessage());
	}

	@Test
	public void builderChecksShapes() {
		for (double bad : new double[] { -1, Double.NaN, Double.POSITIVE_INFINITY }) {
			try {
				Record.builder().quantity(bad);
				fail("quantity " + bad);
			} catch (IllegalArgumentException expected) {
			}
			try {
				Record.builder().value(bad);
				fail("value " + bad);
			} catch (IllegalArgumentException expected) {
			}
		}
		try {
			Record.builder().route("U\0S");
			fail("NUL in a country code");
		} catch (IllegalArgumentException expected) {
		}
		try {
			Record.Component.of("dysprosium", "CN", 100.5, -1);
			fail("share over 100 %");
		} catch (IllegalArgumentException expected) {
		}
		assertFalse(Record.Component.of("dysprosium", "CN", -1, Double.NaN).getValueShare().isPresent());
	}

	@Test
	public void recordsAreValues() {
		Record a = gallium("US", "2026-12-01").quantity(500, "kg").value(1e5, "USD").route("TH").channel(Channel.POSTAL)
				.component("dysprosium", "CN", 0.5, -1).build();
		Record b = a.toBuilder().build();
		assertEquals(a, b);
		assertEquals(a.hashCode(), b.hashCode());
		assertNotEquals(a, a.toBuilder().to("DE").build());
		assertEquals("US", a.getTo());
		assertEquals(500, a.getQuantity().getAsDouble(), 0);
		assertEquals("kg", a.getUnit());
		assertEquals(Collections.singletonList("TH"), a.getRoute());
		assertEquals("postal", a.get(Field.CHANNEL));
		assertEquals("2026-12-01", a.get(Field.DATE));
		try {
			a.getRoute().add("US");
			fail("route is mutable");
		} catch (UnsupportedOperationException expected) {
		}
	}

	/** Results are plain values: they outlive the policy. */
	@Test
	public void closeSemantics() throws PolicyException {
		Policy p = Policy.load(Records.shipped());
		Result r = p.classify(gallium("DE", "2026-03-01").build());
		assertFalse(p.isClosed());
		p.close();
		assertTrue(p.isClosed());
		assertTrue(p.isFreed());
		p.close(); // idempotent
		try {
			p.classify(gallium("DE", "2026-03-01").build());
			fail("classified on a closed policy");
		} catch (IllegalStateException expected) {
		}
		try {
			p.getItemTitle("cn.2023-23.ga-1", "en");
			fail("native call on a closed policy");
		} catch (IllegalStateException expected) {
		}
		assertEquals(Verdict.LICENSE_REQUIRED, r.getVerdict());
		assertEquals("cn.2023-23.ga-1", r.getItems().get(0).getId());
		assertTrue(r.toJson().startsWith("{\"id\":null,\"verdict\":\"license_required\""));
		// what was copied at load stays readable
		assertEquals("cn-strategic-minerals", p.getBundle());
		assertSame(r.getBundle(), p.getBundle());
	}
}
