/*
 * bindings/java/LeakCheck.java - a leak check for the Java binding, not a timed test:
 * classifies a million records (ten kinds of declarations round-robin, every 100th
 * call a record the library refuses, every 10,000th call a failed policy load) and
 * prints the process's resident memory after a warm-up (a fifth of the calls: the JIT
 * settles) and then at intervals. make leakcheck fixes the Java heap at 64 MiB and
 * touches it all at start-up (-Xms64m -Xmx64m -XX:+AlwaysPreTouch), so the heap adds
 * nothing as it fills: resident memory that keeps growing means native memory is lost
 * (results, records, error chains or copied strings).
 *
 *   make -C bindings/java leakcheck [LEAKCHECK_CALLS=1000000]
 */
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.mineralctl.Policy;
import org.mineralctl.PolicyException;
import org.mineralctl.Record;
import org.mineralctl.RecordException;

public final class LeakCheck {
	private static long rssKiB() throws IOException {
		for (String l : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.US_ASCII))
			if (l.startsWith("VmRSS:"))
				return Long.parseLong(l.replaceAll("[^0-9]", ""));
		return -1;
	}

	public static void main(String[] args) throws Exception {
		Path bundle = Paths.get(args[0]);
		long calls = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
		Path broken = bundle.resolve("../../tests/data/invalid/several-mistakes.yaml").normalize();
		String[] descriptions = {
			"Gallium metal 99.99% (4N), ingots", "金属镓 99.99% 镓锭", "Германий металлический, слитки",
			"🙂 𝐠𝐚𝐥𝐥𝐢𝐮𝐦 pellets", "Cotton T-shirts, men's, knitted", "Iron ingots", "gallium-free solder paste",
			"Unwrought metal powder", "Germanium dioxide powder, 99.999%", "NdFeB permanent magnets N52SH",
		};
		String[] codes = { "8112929090", "8112929090", "8112921090", null, "6109100000", "8112929090", null, "811292",
			"2825600002", "85051110" };
		List<Record> records = new ArrayList<>();
		for (int i = 0; i < descriptions.length; i++) {
			Record.Builder b = Record.builder().id("L-" + i).description(descriptions[i]).code(codes[i]).to(i % 2 == 0 ? "US" : "DE")
					.date(LocalDate.of(2026, 12, 1)).route("TH");
			if (i == 9)
				b.from("DE").component("dysprosium", "CN", 0.5, -1);
			records.add(b.build());
		}
		Record refused = Record.builder().description("gallium").to("XX").build();

		long loadErrors = 0, recordErrors = 0, verdicts = 0;
		try (Policy policy = Policy.load(bundle)) {
			long warm = calls / 5;
			long before = 0;
			long step = Math.max(calls / 5, 1);
			long t0 = System.nanoTime();
			for (long n = 0; n < calls; n++) {
				if (n == warm) {
					System.gc();
					before = rssKiB();
					System.out.printf("after %,d warm-up calls: RSS %,d KiB%n", n, before);
					t0 = System.nanoTime();
				}
				if (n % 10_000 == 9_999) {
					try {
						Policy.load(broken).close();
					} catch (PolicyException e) {
						loadErrors += e.getDiagnostics().size() > 1 ? 1 : 0;
					}
				} else if (n % 100 == 99) {
					try {
						policy.classify(refused);
					} catch (RecordException e) {
						recordErrors++;
					}
				} else {
					verdicts += policy.classify(records.get((int) (n % records.size()))).getVerdict().ordinal() >= 0 ? 1 : 0;
				}
				if (n > warm && (n + 1) % step == 0)
					System.out.printf("after %,d calls: RSS %,d KiB%n", n + 1, rssKiB());
			}
			double secs = (System.nanoTime() - t0) / 1e9;
			System.gc();
			long after = rssKiB();
			System.out.printf("%,d calls (%,d results, %,d refused records, %,d failed loads) in %.1f s after warm-up (%.1f us/call)%n",
					calls, verdicts, recordErrors, loadErrors, secs, secs * 1e6 / Math.max(1, calls - warm));
			System.out.printf("RSS before %,d KiB, after %,d KiB: %+,d KiB%n", before, after, after - before);
		}
	}
}
