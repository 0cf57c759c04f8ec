/*
 * examples/java/Screen.java - screen a CSV file of declarations with the Java binding.
 *
 *   javac -cp /usr/local/share/java/mineralctl.jar Screen.java
 *   java -cp /usr/local/share/java/mineralctl.jar:. Screen [--policy DIR] declarations.csv
 *
 * The CSV has a header naming its columns, any of: id, description,
 * description2, code, origin, from, to, date (YYYY-MM-DD), channel
 * (customs|postal|platform), end_use; fields may be quoted ("a, b" and ""
 * for a quote, as RFC 4180). Prints one line per record:
 *   id <TAB> verdict <TAB> items (id:action, comma-separated, or -) <TAB> flags (or -)
 * and "id <TAB> error <TAB> message" for a record the library refuses; a
 * summary goes to stderr. Exit status: 0, 1 when a record was refused, 2 on
 * usage or policy errors - as `mineralctl screen`.
 *
 * make check runs it on examples/java/declarations.csv
 * (bindings/java/tests/test_screen_example.sh).
 */
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.mineralctl.Channel;
import org.mineralctl.Item;
import org.mineralctl.Policy;
import org.mineralctl.PolicyException;
import org.mineralctl.Record; // explicitly: java.lang.Record exists too
import org.mineralctl.Result;
import org.mineralctl.Verdict;

public final class Screen {
	public static void main(String[] args) throws IOException {
		String policyPath = null, file = null;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--policy") && i + 1 < args.length)
				policyPath = args[++i];
			else if (file == null && !args[i].startsWith("--"))
				file = args[i];
			else
				usage();
		}
		if (file == null)
			usage();

		Policy policy;
		try {
			policy = policyPath != null ? Policy.load(Paths.get(policyPath)) : Policy.loadDefault();
		} catch (PolicyException e) {
			System.err.println("Screen: cannot load the policy:");
			for (PolicyException.Diagnostic d : e.getDiagnostics())
				System.err.println("  " + d);
			System.exit(2);
			return;
		}

		Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
		int errors = 0;
		try (Policy p = policy; BufferedReader in = Files.newBufferedReader(Paths.get(file), StandardCharsets.UTF_8)) {
			String header = in.readLine();
			if (header == null)
				return;
			List<String> columns = parseCsvLine(header);
			String line;
			while ((line = in.readLine()) != null) {
				if (line.endsWith("\r"))
					line = line.substring(0, line.length() - 1);
				if (line.trim().isEmpty())
					continue;
				List<String> values = parseCsvLine(line);
				Record.Builder b = Record.builder();
				String id = null;
				try {
					for (int c = 0; c < columns.size() && c < values.size(); c++) {
						String v = values.get(c);
						if (v.isEmpty())
							continue;
						switch (columns.get(c)) {
						case "id": b.id(v); id = v; break;
						case "description": b.description(v); break;
						case "description2": b.description2(v); break;
						case "code": b.code(v); break;
						case "origin": b.origin(v); break;
						case "from": b.from(v); break;
						case "to": b.to(v); break;
						case "date": b.date(LocalDate.parse(v)); break;
						case "channel": b.channel(Channel.fromWireName(v)); break;
						case "end_use": b.endUse(v); break;
						default: break; // other columns are not for screening
						}
					}
					Result r = p.classify(b.build());
					counts.merge(r.getVerdict(), 1, Integer::sum);
					System.out.println(r.getId() + "\t" + r.getVerdict().wireName() + "\t" + items(r) + "\t"
							+ (r.getFlags().isEmpty() ? "-" : String.join(",", r.getFlags())));
				} catch (IllegalArgumentException | DateTimeParseException e) {
					// RecordException (an IllegalArgumentException): a value the library
					// refuses, such as a country code; the others come from the builder
					// (a negative quantity), Channel.fromWireName or LocalDate.parse.
					errors++;
					System.out.println(id + "\terror\t" + e.getMessage());
				}
			}
		}
		System.err.println("Screen: " + counts + ", " + errors + " refused");
		if (errors > 0)
			System.exit(1);
	}

	private static String items(Result r) {
		if (r.getItems().isEmpty())
			return "-";
		StringBuilder b = new StringBuilder();
		for (Item it : r.getItems())
			b.append(b.length() > 0 ? "," : "").append(it.getId()).append(':').append(it.getAction().wireName());
		return b.toString();
	}

	/** One CSV line (RFC 4180 quoting, no line breaks inside fields). */
	static List<String> parseCsvLine(String line) {
		List<String> out = new ArrayList<>();
		StringBuilder f = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					f.append('"');
					i++;
				} else if (c == '"')
					quoted = false;
				else
					f.append(c);
			} else if (c == '"')
				quoted = true;
			else if (c == ',') {
				out.add(f.toString());
				f.setLength(0);
			} else
				f.append(c);
		}
		out.add(f.toString());
		return out;
	}

	private static void usage() {
		System.err.println("usage: java Screen [--policy DIR] FILE.csv");
		System.exit(2);
	}
}
