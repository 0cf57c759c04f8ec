package org.mineralctl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The Java binding gives what the CLI gives: the test driver runs the built
 * `mineralctl screen` on examples/declarations.jsonl and
 * tests/eval/records.jsonl; here the same lines go through the Java Record
 * builder and Policy.classify, and each result must equal the CLI's line:
 * byte for byte through toJson(), and field by field through the getters
 * (so the getters cannot drift from the library's JSON).
 */
public class CliEqualityTest {
	private static Policy policy;

	@BeforeClass
	public static void load() throws PolicyException {
		policy = Policy.load(Records.shipped());
	}

	@AfterClass
	public static void close() {
		policy.close();
	}

	private static Path cliOutput(String name) {
		String p = System.getProperty("mineralctl.test.cli." + name);
		if (p == null)
			throw new IllegalStateException("run through bindings/java/tests/run-junit.sh (-Dmineralctl.test.cli." + name + ")");
		return Paths.get(p);
	}

	@SuppressWarnings("unchecked")
	private static int compare(Path input, Path cli) throws IOException {
		List<String> in = Records.lines(input), out = Records.lines(cli);
		assertEquals("one CLI line per record of " + input, in.size(), out.size());
		List<String> diffs = new ArrayList<>();
		for (int i = 0; i < in.size(); i++) {
			Record rec = Records.fromJson(Json.object(in.get(i)));
			Result r = policy.classify(rec);
			String where = input.getFileName() + " line " + (i + 1) + " (" + rec.getId() + ")";
			if (!r.toJson().equals(out.get(i))) {
				diffs.add(where + ":\n  java " + r.toJson() + "\n  cli  " + out.get(i));
				continue;
			}
			Map<String, Object> j = Json.object(out.get(i));
			assertEquals(where, j.get("id"), r.getId());
			assertEquals(where, j.get("verdict"), r.getVerdict().wireName());
			assertEquals(where, j.get("date"), r.getDate().toString());
			assertEquals(where, j.get("in_jurisdiction"), r.isInJurisdiction());
			assertEquals(where, j.get("note"), r.getNote());
			assertEquals(where, j.get("flags"), r.getFlags());
			Map<String, Object> pol = (Map<String, Object>) j.get("policy");
			assertEquals(where, pol.get("bundle"), r.getBundle());
			assertEquals(where, pol.get("version"), r.getVersion());
			assertEquals(where, pol.get("digest"), r.getDigest());
			List<Object> items = (List<Object>) j.get("items");
			assertEquals(where, items.size(), r.getItems().size());
			for (int k = 0; k < items.size(); k++) {
				Map<String, Object> it = (Map<String, Object>) items.get(k);
				Item g = r.getItems().get(k);
				assertEquals(where, it.get("id"), g.getId());
				assertEquals(where, it.get("title"), g.getTitle());
				assertEquals(where, it.get("announcement"), g.getAnnouncement());
				assertEquals(where, it.get("control_code"), g.getControlCode());
				assertEquals(where, it.get("minerals"), g.getMinerals());
				assertEquals(where, it.get("action"), g.getAction().wireName());
				assertEquals(where, it.get("match"), g.getMatch().wireName());
			}
			List<Object> ev = (List<Object>) j.get("evidence");
			assertEquals(where, ev.size(), r.getEvidence().size());
			for (int k = 0; k < ev.size(); k++) {
				Map<String, Object> e = (Map<String, Object>) ev.get(k);
				Evidence g = r.getEvidence().get(k);
				assertEquals(where, e.get("field"), g.getField().wireName());
				assertEquals(where, e.get("start"), g.getByteStart());
				assertEquals(where, e.get("end"), g.getByteEnd());
				assertEquals(where, e.get("text"), g.getText());
				assertEquals(where, e.get("concept"), g.getConcept());
				assertEquals(where, e.containsKey("negated"), g.isNegated());
				assertEquals(where, e.containsKey("approximate"), g.isApproximate());
				assertEquals(where, g.getText(), rec.get(g.getField()).substring(g.getStart(), g.getEnd()));
			}
		}
		assertTrue(diffs.size() + " of " + in.size() + " differ:\n" + String.join("\n", diffs), diffs.isEmpty());
		return in.size();
	}

	@Test
	public void exampleDeclarations() throws IOException {
		assertEquals(40, compare(Records.srcdir().resolve("examples/declarations.jsonl"), cliOutput("declarations")));
	}

	@Test
	public void labelledEvaluationSet() throws IOException {
		assertEquals(1041, compare(Records.srcdir().resolve("tests/eval/records.jsonl"), cliOutput("eval")));
	}
}
