package org.mineralctl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Evidence offsets: UTF-16 indices (getStart/getEnd) and UTF-8 byte offsets
 * (getByteStart/getByteEnd) in text with Chinese (3 bytes, 1 char), Cyrillic
 * (2 bytes, 1 char) and characters outside the BMP (4 bytes, 2 chars). Every
 * expected number below is counted by hand in the comment next to it.
 */
public class EvidenceTest {
	private static Policy policy;

	@BeforeClass
	public static void load() throws PolicyException {
		policy = Policy.load(Records.shipped());
	}

	@AfterClass
	public static void close() {
		policy.close();
	}

	private static Result classify(Record.Builder b) {
		return policy.classify(b.to("DE").date(LocalDate.of(2026, 3, 1)).build());
	}

	private static void check(Evidence e, Field f, String text, int start, int end, long bstart, long bend) {
		assertEquals(f, e.getField());
		assertEquals(text, e.getText());
		assertEquals("start of " + e, start, e.getStart());
		assertEquals("end of " + e, end, e.getEnd());
		assertEquals("byte start of " + e, bstart, e.getByteStart());
		assertEquals("byte end of " + e, bend, e.getByteEnd());
	}

	@Test
	public void cyrillicAfterEmoji() {
		// 🙂🙂 = 2 x (4 bytes, 2 chars), space: Германий at byte 9, char 5; 8 letters x 2 bytes
		Result r = classify(Record.builder().description("🙂🙂 Германий металлический, слитки").code("8112921090"));
		assertEquals(Verdict.LICENSE_REQUIRED, r.getVerdict());
		check(r.getEvidence().get(0), Field.DESCRIPTION, "Германий", 5, 13, 9, 25);
		assertEquals("germanium", r.getEvidence().get(0).getConcept());
	}

	@Test
	public void chineseAfterEmoji() {
		// 🙂 (4, 2) + space + 金属 (6, 2): 镓 at byte 11, char 5
		Result r = classify(Record.builder().description("🙂 金属镓 99.99% 镓锭"));
		check(r.getEvidence().get(0), Field.DESCRIPTION, "镓", 5, 6, 11, 14);
	}

	/** Mathematical bold letters (U+1D400 block) fold to Latin: 7 letters x (4 bytes, 2 chars). */
	@Test
	public void astralLetters() {
		Result r = classify(Record.builder().description("𝐠𝐚𝐥𝐥𝐢𝐮𝐦 metal ingots"));
		assertEquals(Verdict.LICENSE_REQUIRED, r.getVerdict());
		check(r.getEvidence().get(0), Field.DESCRIPTION, "𝐠𝐚𝐥𝐥𝐢𝐮𝐦", 0, 14, 0, 28);
		check(r.getEvidence().get(1), Field.DESCRIPTION, "𝐠𝐚𝐥𝐥𝐢𝐮𝐦 metal", 0, 20, 0, 34);
	}

	/** Fullwidth letters: 3 bytes, 1 char each, after 🙂 (4, 2). */
	@Test
	public void fullwidthLetters() {
		Result r = classify(Record.builder().description("🙂ＧＡＬＬＩＵＭ metal ingots"));
		check(r.getEvidence().get(0), Field.DESCRIPTION, "ＧＡＬＬＩＵＭ", 2, 9, 4, 25);
	}

	/** Evidence in the second description indexes that field's string. */
	@Test
	public void secondDescription() {
		// 🙂 (4, 2) + space: Галлий at byte 5, char 3; 6 letters x 2 bytes
		Result r = classify(Record.builder().description("样品").description2("🙂 Галлий металлический"));
		check(r.getEvidence().get(0), Field.DESCRIPTION2, "Галлий", 3, 9, 5, 17);
	}

	/**
	 * An unpaired surrogate is not text: String.getBytes(UTF_8) sends '?'
	 * (1 byte) for it, and the offsets count it that way.
	 */
	@Test
	public void unpairedSurrogate() {
		Result r = classify(Record.builder().description("\uD83D gallium ingots"));
		check(r.getEvidence().get(0), Field.DESCRIPTION, "gallium", 2, 9, 2, 9);
		Result r2 = classify(Record.builder().description("\uDE42\uD83D🙂 gallium ingots"));
		// '?', '?', 🙂 (4, 2), space: gallium at byte 7, char 5
		check(r2.getEvidence().get(0), Field.DESCRIPTION, "gallium", 5, 12, 7, 14);
	}

	@Test
	public void byteToCharConversion() {
		String s = "a镓🙂b"; // bytes: a 0, 镓 1..3, 🙂 4..7, b 8; chars: a 0, 镓 1, 🙂 2..3, b 4
		assertArrayEquals(new int[] { 0, 1, 2, 4, 5, 5 }, Utf8.toUtf16(s, new long[] { 0, 1, 4, 8, 9, 100 }));
		// offsets inside a character map to its start; order of the offsets does not matter
		assertArrayEquals(new int[] { 2, 1, 1, 2 }, Utf8.toUtf16(s, new long[] { 7, 2, 3, 5 }));
		assertArrayEquals(new int[0], Utf8.toUtf16("", new long[0]));
	}

	/**
	 * For every evidence of the 1,041 labelled records (19 languages): the
	 * UTF-16 span cuts the evidence text out of its field, and the byte span
	 * is where that text's UTF-8 bytes lie.
	 */
	@Test
	public void everyEvidenceOfTheEvalSetCutsItsText() throws IOException {
		List<Record> records = Records.evalRecords();
		assertEquals(1041, records.size());
		int n = 0, multibyte = 0;
		for (Record rec : records) {
			for (Evidence e : policy.classify(rec).getEvidence()) {
				String f = rec.get(e.getField());
				assertEquals(rec.getId() + " " + e, e.getText(), f.substring(e.getStart(), e.getEnd()));
				byte[] b = f.getBytes(StandardCharsets.UTF_8);
				assertEquals(rec.getId() + " " + e, e.getText(),
						new String(b, (int) e.getByteStart(), (int) (e.getByteEnd() - e.getByteStart()), StandardCharsets.UTF_8));
				assertEquals(f.substring(0, e.getStart()).getBytes(StandardCharsets.UTF_8).length, e.getByteStart());
				if (e.getByteStart() != e.getStart())
					multibyte++;
				n++;
			}
		}
		assertTrue("only " + n + " evidence entries", n > 1000);
		assertTrue("only " + multibyte + " after non-ASCII text", multibyte > 50);
	}
}
