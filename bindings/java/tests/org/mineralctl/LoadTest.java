package org.mineralctl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.mineralctl.swig.mineralctl;

/** Loading policies: good ones, every broken file of tests/data/invalid, paths in any script, the default. */
public class LoadTest {
	private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+):(\\d+): (.*)$");

	private static List<Path> invalidFiles() throws IOException {
		List<Path> l = new ArrayList<>();
		try (DirectoryStream<Path> d = Files.newDirectoryStream(Records.srcdir().resolve("tests/data/invalid"), "*.yaml")) {
			for (Path p : d)
				l.add(p);
		}
		Collections.sort(l);
		return l;
	}

	/**
	 * Every file of tests/data/invalid fails with exactly the diagnostics its
	 * "# expect: LINE:COL: TEXT" lines list, in order (the C unit test reads
	 * the same lines): same line and column, a message (with its YAML path)
	 * that starts with TEXT, the file named, the load's status as its code.
	 */
	@Test
	public void everyInvalidFileReportsItsExpectedDiagnostics() throws IOException {
		List<Path> files = invalidFiles();
		assertTrue("only " + files.size() + " files in tests/data/invalid", files.size() >= 25);
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (Path f : files) {
			List<String[]> want = new ArrayList<>();
			for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
				Matcher m = EXPECT.matcher(line);
				if (m.matches())
					want.add(new String[] { m.group(1), m.group(2), m.group(3) });
			}
			assertFalse(f + ": no '# expect:' line", want.isEmpty());
			try {
				Policy.load(f).close();
				problems.add(f.getFileName() + ": loaded");
				continue;
			} catch (PolicyException e) {
				List<PolicyException.Diagnostic> got = e.getDiagnostics();
				if (got.size() != want.size())
					problems.add(f.getFileName() + ": " + got.size() + " diagnostics, expected " + want.size() + ": " + got);
				for (int i = 0; i < Math.min(got.size(), want.size()); i++) {
					PolicyException.Diagnostic d = got.get(i);
					String text = d.getMessage() + (d.getPath() != null ? " (in " + d.getPath() + ")" : "");
					String g = d.getLine() + ":" + d.getColumn() + ": " + text;
					String w = want.get(i)[0] + ":" + want.get(i)[1] + ": " + want.get(i)[2];
					// as in the C unit test, the expected text may stop early
					// ("duplicate item id 't.ga'" for "... (first defined at FILE:9:9)")
					if (!g.startsWith(w))
						problems.add(f.getFileName() + " #" + (i + 1) + ":\n    got  " + g + "\n    want " + w);
					if (!f.toString().equals(d.getFile()))
						problems.add(f.getFileName() + " #" + (i + 1) + ": names file " + d.getFile());
					if (d.getCode() != e.getCode())
						problems.add(f.getFileName() + " #" + (i + 1) + ": code " + d.getCode() + ", load " + e.getCode());
					if (d.getOffset() < 0)
						problems.add(f.getFileName() + " #" + (i + 1) + ": no byte offset");
					checked++;
				}
				// The exception's own getters describe the first diagnostic.
				PolicyException.Diagnostic first = got.get(0);
				assertEquals(first.getFile(), e.getFile());
				assertEquals(first.getLine(), e.getLine());
				assertEquals(first.getColumn(), e.getColumn());
				assertEquals(first.getPath(), e.getPath());
				assertTrue(e.getMessage(), e.getMessage().startsWith(f + ":" + first.getLine() + ":" + first.getColumn() + ": error: "));
				assertTrue(e.getCode() == PolicyException.ESYNTAX || e.getCode() == PolicyException.EPOLICY);
			}
		}
		assertTrue(String.join("\n", problems), problems.isEmpty());
		assertTrue("checked " + checked, checked >= 60);
	}

	/** One file with a mistake at a hand-counted place, every getter checked. */
	@Test
	public void unknownConceptPosition() {
		Path f = Records.srcdir().resolve("tests/data/invalid/unknown-concept.yaml");
		try {
			Policy.load(f).close();
			fail("loaded");
		} catch (PolicyException e) {
			// line 24 is "      all: [galium]": 'galium' starts in column 13
			assertEquals(PolicyException.EPOLICY, e.getCode());
			assertEquals(f.toString(), e.getFile());
			assertEquals(24, e.getLine());
			assertEquals(13, e.getColumn());
			assertEquals("items[0].when.all[0]", e.getPath());
			assertEquals("unknown concept 'galium' (did you mean 'gallium'?)", e.getReason());
			assertEquals(3, e.getDiagnostics().size());
			assertEquals(f + ":24:13: error: unknown concept 'galium' (did you mean 'gallium'?) (in items[0].when.all[0]) (and 2 more)",
					e.getMessage());
			assertEquals(f + ":26:14: error: unknown concept 'gallium-nitride' (in items[0].when.none[0])",
					e.getDiagnostics().get(2).toString());
		}
	}

	@Test
	public void missingFileIsAnIoError() {
		Path f = Records.srcdir().resolve("tests/data/no-such-policy");
		try {
			Policy.load(f).close();
			fail("loaded");
		} catch (PolicyException e) {
			assertEquals(PolicyException.EIO, e.getCode());
			assertEquals(f.toString(), e.getFile());
			assertEquals(0, e.getLine());
			assertNull(e.getPath());
			assertTrue(e.getMessage(), e.getMessage().startsWith(f + ": error: "));
		}
	}

	@Test
	public void minimalBundleLoads() throws PolicyException {
		try (Policy p = Policy.load(Records.srcdir().resolve("tests/data/valid/minimal"))) {
			assertEquals("test-minimal", p.getBundle());
			assertEquals("1.0", p.getVersion());
			assertEquals("CN", p.getJurisdiction());
			assertTrue(p.getDigest(), p.getDigest().matches("sha256:[0-9a-f]{64}"));
			assertEquals(Arrays.asList("t.ga-metal", "t.ga-oxide", "t.ge-metal", "t.unconfirmed", "t.code-only"),
					p.getItemIds().subList(0, 5));
			assertEquals("金属镓", p.getItemTitle("t.ga-metal", "zh-Hans"));
			assertEquals("Gallium metal", p.getItemTitle("t.ga-metal", "en"));
			assertEquals("Gallium metal", p.getItemTitle("t.ga-metal", "ru")); // missing: English
			assertEquals("Gallium metal", p.getItemTitle("t.ga-metal", null));
			try {
				p.getItemTitle("t.nope", "en");
				fail("no such item");
			} catch (IllegalArgumentException expected) {
			}
		}
	}

	@Test
	public void shippedBundleIsSealed() throws PolicyException {
		try (Policy p = Policy.load(Records.shipped())) {
			assertEquals("cn-strategic-minerals", p.getBundle());
			assertEquals("CN", p.getJurisdiction());
			assertTrue(p.isSealed());
			assertTrue(p.getItemIds().size() >= 108);
			assertTrue(p.getItemIds().contains("cn.2023-23.ga-1"));
		}
	}

	/**
	 * File names outside ASCII, including a character outside the BMP, reach
	 * the C library as their UTF-8 bytes and come back unchanged in the
	 * diagnostics (JNI's modified UTF-8 would encode 🙂 as two 3-byte surrogates).
	 */
	@Test
	public void pathsWithAstralCharacters() throws IOException, PolicyException {
		Path dir = Files.createTempDirectory("mineralctl-政策-🙂");
		try {
			Path good = dir.resolve("edge-cases-镓🙂.yaml");
			Files.copy(Records.srcdir().resolve("tests/data/valid/edge-cases.yaml"), good);
			try (Policy p = Policy.load(good)) {
				assertEquals("test-edge-cases", p.getBundle());
			}
			Path bad = dir.resolve("unknown-concept-🙂.yaml");
			Files.copy(Records.srcdir().resolve("tests/data/invalid/unknown-concept.yaml"), bad);
			try {
				Policy.load(bad).close();
				fail("loaded");
			} catch (PolicyException e) {
				assertEquals(bad.toString(), e.getFile());
				assertEquals(24, e.getLine());
			}
			Path none = dir.resolve("𝔤𝔞𝔩𝔩𝔦𝔲𝔪");
			try {
				Policy.load(none).close();
				fail("loaded");
			} catch (PolicyException e) {
				assertEquals(none.toString(), e.getFile());
			}
		} finally {
			for (String n : new String[] { "edge-cases-镓🙂.yaml", "unknown-concept-🙂.yaml" })
				Files.deleteIfExists(dir.resolve(n));
			Files.delete(dir);
		}
	}

	/** The system property wins over MINERALCTL_POLICY (which the test driver sets to the shipped bundle). */
	@Test
	public void defaultPolicy() throws PolicyException {
		assertEquals(Records.shipped().toString(), System.getenv("MINERALCTL_POLICY"));
		try (Policy p = Policy.loadDefault()) {
			assertEquals("cn-strategic-minerals", p.getBundle());
		}
		System.setProperty("mineralctl.policy", Records.srcdir().resolve("tests/data/valid/minimal").toString());
		try (Policy p = Policy.loadDefault()) {
			assertEquals("test-minimal", p.getBundle());
		} finally {
			System.clearProperty("mineralctl.policy");
		}
	}

	/** The jar knows where 'make install' puts the policies and the JNI library. */
	@Test
	public void installLocationsAreInTheJar() {
		String policy = Policy.buildProperty("policy");
		String jni = Policy.buildProperty("jni");
		assertNotNull(policy);
		assertNotNull(jni);
		assertTrue(policy, policy.endsWith("/policies/cn"));
		assertTrue(jni, jni.endsWith("/jni/libmineralctl_jni.so"));
		assertEquals(Policy.buildProperty("version"), Policy.libraryVersion());
	}

	/** The Java enum mirrors the C one by position (the low-level layer passes positions). */
	@Test
	public void fieldNamesMatchTheLibrary() {
		for (Field f : Field.values())
			assertEquals(f.wireName(), new String(mineralctl.mctl_field_name(f.ordinal()), StandardCharsets.UTF_8));
		assertNull(mineralctl.mctl_field_name(Field.values().length));
		for (Verdict v : Verdict.values())
			assertEquals(v.wireName(), new String(mineralctl.mctl_verdict_name(v.ordinal()), StandardCharsets.UTF_8));
		for (Action a : Action.values())
			assertEquals(a.wireName(), new String(mineralctl.mctl_swig_action_name(a.ordinal()), StandardCharsets.UTF_8));
		for (Match m : Match.values())
			assertEquals(m.wireName(), new String(mineralctl.mctl_swig_match_name(m.ordinal() + 1), StandardCharsets.UTF_8));
	}
}
