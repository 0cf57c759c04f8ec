package org.mineralctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helpers: paths from the test driver, and records from JSON Lines as `mineralctl screen` reads them. */
final class Records {
	private Records() {
	}

	/** The source tree (the driver passes -Dmineralctl.test.srcdir). */
	static Path srcdir() {
		String d = System.getProperty("mineralctl.test.srcdir");
		if (d == null)
			throw new IllegalStateException("run through bindings/java/tests/run-junit.sh (-Dmineralctl.test.srcdir)");
		return Paths.get(d);
	}

	static Path shipped() {
		return srcdir().resolve("policies/cn");
	}

	/** The non-blank lines of a JSON Lines file. */
	static List<String> lines(Path p) throws IOException {
		List<String> out = new ArrayList<>();
		for (String l : Files.readAllLines(p, StandardCharsets.UTF_8))
			if (!l.trim().isEmpty())
				out.add(l);
		return out;
	}

	/**
	 * A record from one JSON Lines object, key by key as the CLI's screen
	 * command maps them (tools/mineralctl/mineralctl.c, record_from_json):
	 * an integer id becomes its decimal text, an empty code is left out.
	 */
	@SuppressWarnings("unchecked")
	static Record fromJson(Map<String, Object> o) {
		Record.Builder b = Record.builder();
		Object id = o.get("id");
		if (id != null)
			b.id(id instanceof Long ? id.toString() : (String) id);
		if (o.get("description") != null)
			b.description((String) o.get("description"));
		if (o.get("description2") != null)
			b.description2((String) o.get("description2"));
		String code = (String) o.get("code");
		if (code != null && !code.isEmpty())
			b.code(code);
		if (o.get("origin") != null)
			b.origin((String) o.get("origin"));
		if (o.get("from") != null)
			b.from((String) o.get("from"));
		if (o.get("to") != null)
			b.to((String) o.get("to"));
		if (o.get("date") != null)
			b.date(LocalDate.parse((String) o.get("date")));
		if (o.get("channel") != null)
			b.channel(Channel.fromWireName((String) o.get("channel")));
		if (o.get("end_use") != null)
			b.endUse((String) o.get("end_use"));
		if (o.get("unit") != null)
			b.unit((String) o.get("unit"));
		if (o.get("currency") != null)
			b.currency((String) o.get("currency"));
		if (o.get("route") != null)
			b.route((List<String>) o.get("route"));
		if (o.get("components") != null)
			for (Object c : (List<Object>) o.get("components")) {
				Map<String, Object> m = (Map<String, Object>) c;
				b.component((String) m.get("material"), (String) m.get("origin"), num(m.get("value_share")),
						num(m.get("weight_share")));
			}
		if (o.get("quantity") != null)
			b.quantity(num(o.get("quantity")));
		if (o.get("value") != null)
			b.value(num(o.get("value")));
		return b.build();
	}

	private static double num(Object v) {
		return v == null ? -1 : ((Number) v).doubleValue();
	}

	static List<Record> fromJsonl(Path p) throws IOException {
		List<Record> out = new ArrayList<>();
		for (String l : lines(p))
			out.add(fromJson(Json.object(l)));
		return out;
	}

	static List<Record> declarations() throws IOException {
		return fromJsonl(srcdir().resolve("examples/declarations.jsonl"));
	}

	static List<Record> evalRecords() throws IOException {
		return fromJsonl(srcdir().resolve("tests/eval/records.jsonl"));
	}
}
