package org.mineralctl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.mineralctl.swig.mctl_field;
import org.mineralctl.swig.mineralctl;

/**
 * A compiled export-control policy: load once, share between any number of
 * threads, close when done.
 *
 * <pre>{@code
 * try (Policy policy = Policy.load(Paths.get("/usr/share/libmineralctl/policies/cn"))) {
 *     Result r = policy.classify(Record.builder().description("Gallium metal 4N ingots").to("US").build());
 *     System.out.println(r.getVerdict());
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #classify} may be called from many threads at
 * once on one policy (the compiled policy is immutable). Each call borrows a
 * native record from a small pool owned by the policy, so native scratch
 * buffers are reused without thread-locals that would outlive their threads.
 *
 * <p><b>Closing.</b> {@link #close()} is idempotent and never blocks: calls
 * already inside {@link #classify} finish normally and the native policy is
 * freed when the last of them leaves; calls that start after close() throw
 * {@link IllegalStateException}. Results are plain Java values and stay
 * valid after close(). There is no finalizer: an unclosed policy is freed
 * only when the process ends, which is what a policy loaded once per JVM wants.
 */
public final class Policy implements AutoCloseable {
	private static final byte[] EN = Utf8.encodeZ("en");
	/** Idle native records kept for reuse; more are created under load and freed when returned. */
	private static final int POOL_MAX = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
	private static final AtomicReferenceArray<String> FLAG_NAMES = new AtomicReferenceArray<>(64);

	private final org.mineralctl.swig.Policy handle;
	private final String bundle, version, jurisdiction, digest;
	private final boolean sealed;
	private final List<String> itemIds;
	private final AtomicReferenceArray<Item.Info> infos;
	/** (calls inside classify) * 2, plus 1 once closed. */
	private final AtomicLong state = new AtomicLong();
	private final ConcurrentLinkedQueue<org.mineralctl.swig.Record> pool = new ConcurrentLinkedQueue<>();
	private final AtomicInteger pooled = new AtomicInteger();
	private volatile boolean freed;

	private Policy(org.mineralctl.swig.Policy handle) {
		this.handle = handle;
		bundle = Utf8.decode(handle.bundle());
		version = Utf8.decode(handle.version());
		jurisdiction = Utf8.decode(handle.jurisdiction());
		digest = Utf8.decode(handle.digest());
		sealed = handle.sealed() != 0;
		int n = (int) handle.item_count();
		List<String> ids = new ArrayList<>(n);
		for (int i = 0; i < n; i++)
			ids.add(Utf8.decode(handle.item_id(i)));
		itemIds = Collections.unmodifiableList(ids);
		infos = new AtomicReferenceArray<>(n);
	}

	/**
	 * Loads and compiles a policy: a bundle folder (holding bundle.yaml), a
	 * bundle.yaml file, or one stand-alone policy file.
	 *
	 * @throws PolicyException with every problem found (file, line, column,
	 *         YAML path); a failed load never gives a half-built policy
	 */
	public static Policy load(Path path) throws PolicyException {
		String s = path.toString();
		if (s.indexOf('\0') >= 0)
			throw new PolicyException(PolicyException.EINVAL, "policy path holds U+0000");
		// File names go to the C library in the encoding the JVM itself uses for them.
		Charset cs = StandardCharsets.UTF_8;
		try {
			String jnu = System.getProperty("sun.jnu.encoding");
			if (jnu != null)
				cs = Charset.forName(jnu);
		} catch (RuntimeException e) {
			// unknown or unsupported name: keep UTF-8
		}
		byte[] b = s.getBytes(cs);
		byte[] z = new byte[b.length + 1];
		System.arraycopy(b, 0, z, 0, b.length);
		org.mineralctl.swig.Policy handle = new org.mineralctl.swig.Policy(z);
		try {
			return new Policy(handle);
		} catch (RuntimeException | Error e) {
			handle.delete(); // reading the policy's names failed (out of memory): do not leak it
			throw e;
		}
	}

	/**
	 * Loads the default policy: the system property {@code mineralctl.policy},
	 * else the environment variable {@code MINERALCTL_POLICY}, else the bundle
	 * installed with the library ({@code $(datadir)/libmineralctl/policies/cn}).
	 */
	public static Policy loadDefault() throws PolicyException {
		return load(Paths.get(defaultPath()));
	}

	/** The path {@link #loadDefault()} loads. */
	public static String defaultPath() throws PolicyException {
		String p = System.getProperty("mineralctl.policy");
		if (p == null || p.isEmpty())
			p = System.getenv("MINERALCTL_POLICY");
		if (p == null || p.isEmpty())
			p = buildProperty("policy");
		if (p == null || p.isEmpty())
			throw new PolicyException(PolicyException.EIO,
					"no default policy: set -Dmineralctl.policy or MINERALCTL_POLICY");
		return p;
	}

	/** The C library's version at run time ("0.1.0"). */
	public static String libraryVersion() {
		return Utf8.decode(mineralctl.mctl_version());
	}

	static String buildProperty(String key) {
		try (InputStream in = Policy.class.getResourceAsStream("/org/mineralctl/mineralctl.properties")) {
			if (in == null)
				return null;
			Properties p = new Properties();
			p.load(in);
			return p.getProperty(key);
		} catch (IOException e) {
			return null;
		}
	}

	/** Bundle id ("cn-strategic-minerals"). */
	public String getBundle() { return bundle; }
	/** Bundle version as written in the manifest. */
	public String getVersion() { return version; }
	/** ISO 3166-1 alpha-2 code of the jurisdiction whose exports the policy controls. */
	public String getJurisdiction() { return jurisdiction; }
	/** "sha256:..." over every file of the bundle. */
	public String getDigest() { return digest; }
	/** True when the manifest lists a digest for every file and all matched. */
	public boolean isSealed() { return sealed; }
	/** Ids of every controlled item, in policy order (unmodifiable). */
	public List<String> getItemIds() { return itemIds; }

	/**
	 * The title of an item in a language ("en", "zh-Hans"); the English one
	 * when that language is missing or {@code lang} is null, else the first written.
	 *
	 * @throws IllegalArgumentException for an unknown item id
	 */
	public String getItemTitle(String itemId, String lang) {
		int i = itemIds.indexOf(itemId);
		if (i < 0)
			throw new IllegalArgumentException("no item '" + itemId + "' in " + bundle);
		if (lang != null)
			Record.noNul("lang", lang);
		acquire();
		try {
			return Utf8.decode(handle.item_title(i, lang == null ? null : Utf8.encodeZ(lang)));
		} finally {
			release();
		}
	}

	/** True once {@link #close()} was called. */
	public boolean isClosed() {
		return (state.get() & 1) != 0;
	}

	/** Calls inside the native library right now; for tests. */
	int callsInside() {
		return (int) (state.get() >>> 1);
	}

	/** True once the native policy is freed (closed, and no call still inside); for tests. */
	boolean isFreed() {
		return freed;
	}

	/**
	 * Screens one record. Thread-safe; the result is a plain value.
	 *
	 * @throws RecordException when the library refuses a value of the record
	 *         (country code, date, component)
	 * @throws IllegalStateException after {@link #close()}, or when the
	 *         library fails for want of something other than memory
	 * @throws OutOfMemoryError when the library runs out of memory
	 */
	public Result classify(Record record) {
		return classify(record, true);
	}

	/**
	 * Screens one record like {@link #classify}, without making the library's
	 * JSON: every getter of the result works, {@link Result#toJson()} throws.
	 * Serialising the JSON costs the library about three times as much as the
	 * classification itself, so high-volume callers that only read the
	 * getters (stream jobs routing on the verdict) save most of the time.
	 */
	public Result classifyWithoutJson(Record record) {
		return classify(record, false);
	}

	private Result classify(Record record, boolean json) {
		if (record == null)
			throw new NullPointerException("record");
		acquire();
		try {
			org.mineralctl.swig.Record nr = pool.poll();
			if (nr != null)
				pooled.decrementAndGet();
			else
				nr = newNativeRecord();
			try {
				nr.clear();
				fill(nr, record);
				org.mineralctl.swig.Result res;
				try {
					res = handle.classify(nr);
				} catch (PolicyException e) {
					throw failure(e);
				}
				try {
					return copy(res, record, json);
				} finally {
					res.delete();
				}
			} finally {
				if (pooled.incrementAndGet() <= POOL_MAX)
					pool.offer(nr);
				else {
					pooled.decrementAndGet();
					nr.delete();
				}
			}
		} finally {
			release();
		}
	}

	/**
	 * Closes the policy: idempotent, never blocks. The native policy is freed
	 * now, or when the last call still inside {@link #classify} returns.
	 */
	@Override
	public void close() {
		for (;;) {
			long s = state.get();
			if ((s & 1) != 0)
				return;
			if (state.compareAndSet(s, s | 1)) {
				if (s == 0)
					dispose();
				return;
			}
		}
	}

	private void acquire() {
		for (;;) {
			long s = state.get();
			if ((s & 1) != 0)
				throw new IllegalStateException("policy " + bundle + " " + version + " is closed");
			if (state.compareAndSet(s, s + 2))
				return;
		}
	}

	private void release() {
		if (state.addAndGet(-2) == 1)
			dispose();
	}

	/** Runs exactly once: closed, and no call inside. */
	private void dispose() {
		org.mineralctl.swig.Record r;
		while ((r = pool.poll()) != null)
			r.delete();
		handle.delete();
		freed = true;
	}

	private static org.mineralctl.swig.Record newNativeRecord() {
		try {
			return new org.mineralctl.swig.Record();
		} catch (PolicyException e) {
			throw failure(e);
		}
	}

	private static RuntimeException failure(PolicyException e) {
		if (e.getCode() == PolicyException.ENOMEM) {
			OutOfMemoryError oom = new OutOfMemoryError("libmineralctl: " + e.getMessage());
			oom.initCause(e);
			throw oom;
		}
		return new IllegalStateException("libmineralctl: " + e.getMessage(), e);
	}

	// ---- record -> native record ----

	private static void set(org.mineralctl.swig.Record nr, Field f, String v) {
		if (v == null)
			return;
		try {
			nr.set(f.ordinal(), Utf8.encode(v));
		} catch (PolicyException e) {
			throw new RecordException(f.wireName(), e.getCode(), e.getReason(), e);
		}
	}

	private static void fill(org.mineralctl.swig.Record nr, Record r) {
		set(nr, Field.ID, r.getId());
		set(nr, Field.DESCRIPTION, r.getDescription());
		set(nr, Field.DESCRIPTION2, r.getDescription2());
		set(nr, Field.CODE, r.getCode());
		set(nr, Field.ORIGIN, r.getOrigin());
		set(nr, Field.FROM, r.getFrom());
		set(nr, Field.TO, r.getTo());
		set(nr, Field.DATE, r.get(Field.DATE));
		set(nr, Field.CHANNEL, r.get(Field.CHANNEL));
		set(nr, Field.END_USE, r.getEndUse());
		set(nr, Field.UNIT, r.getUnit());
		set(nr, Field.CURRENCY, r.getCurrency());
		String what = "route";
		try {
			for (String c : r.getRoute())
				nr.add_route(Utf8.encodeZ(c));
			what = "components";
			for (Record.Component c : r.getComponents())
				nr.add_component(Utf8.encodeZ(c.getMaterial()), c.getOrigin() == null ? null : Utf8.encodeZ(c.getOrigin()),
						c.rawValueShare(), c.rawWeightShare());
			what = "quantity";
			if (!Double.isNaN(r.rawQuantity()))
				nr.set_quantity(r.rawQuantity());
			what = "value";
			if (!Double.isNaN(r.rawValue()))
				nr.set_value(r.rawValue());
		} catch (PolicyException e) {
			throw new RecordException(what, e.getCode(), e.getReason(), e);
		}
	}

	// ---- native result -> Result ----

	private Item.Info info(org.mineralctl.swig.Result res, int i) {
		long idx = res.item_index(i);
		if (idx < 0 || idx >= infos.length())
			throw new IllegalStateException("libmineralctl: item index " + idx + " out of range");
		Item.Info info = infos.get((int) idx);
		if (info == null) {
			int nm = (int) res.item_mineral_count(i);
			List<String> minerals = new ArrayList<>(nm);
			for (int j = 0; j < nm; j++)
				minerals.add(Utf8.decode(res.item_mineral(i, j)));
			info = new Item.Info(Utf8.decode(res.item_id(i)), Utf8.decode(res.item_title(i, EN)),
					Utf8.decode(res.item_announcement(i)), Utf8.decode(res.item_control_code(i)),
					Collections.unmodifiableList(minerals));
			infos.set((int) idx, info); // a racing thread stores an equal value
		}
		return info;
	}

	private static String flagName(int f) {
		if (f >= 0 && f < FLAG_NAMES.length()) {
			String s = FLAG_NAMES.get(f);
			if (s == null) {
				s = Utf8.decode(mineralctl.mctl_swig_flag_name(f));
				FLAG_NAMES.set(f, s);
			}
			return s;
		}
		return Utf8.decode(mineralctl.mctl_swig_flag_name(f));
	}

	private Result copy(org.mineralctl.swig.Result res, Record record, boolean withJson) {
		int ni = (int) res.item_count();
		List<Item> items = new ArrayList<>(ni);
		for (int i = 0; i < ni; i++)
			items.add(new Item(info(res, i), Action.fromCode(res.item_action(i)), Match.fromCode(res.item_match(i))));
		int nf = (int) res.flag_count();
		List<String> flags = new ArrayList<>(nf);
		for (int i = 0; i < nf; i++)
			flags.add(flagName(res.flag_at(i)));

		int ne = (int) res.evidence_count();
		Field[] field = new Field[ne];
		long[] bs = new long[ne], be = new long[ne];
		for (int i = 0; i < ne; i++) {
			field[i] = Field.fromCode(res.evidence_field(i));
			bs[i] = res.evidence_start(i);
			be[i] = res.evidence_end(i);
		}
		int[] cs = new int[ne], ce = new int[ne];
		Map<Field, List<Integer>> byField = new HashMap<>();
		for (int i = 0; i < ne; i++)
			byField.computeIfAbsent(field[i], k -> new ArrayList<>()).add(i);
		for (Map.Entry<Field, List<Integer>> e : byField.entrySet()) {
			List<Integer> idx = e.getValue();
			String text = record.get(e.getKey());
			long[] offs = new long[2 * idx.size()];
			for (int k = 0; k < idx.size(); k++) {
				offs[2 * k] = bs[idx.get(k)];
				offs[2 * k + 1] = be[idx.get(k)];
			}
			int[] u = text == null ? null : Utf8.toUtf16(text, offs);
			for (int k = 0; k < idx.size(); k++) {
				cs[idx.get(k)] = u == null ? -1 : u[2 * k];
				ce[idx.get(k)] = u == null ? -1 : u[2 * k + 1];
			}
		}
		List<Evidence> evidence = new ArrayList<>(ne);
		for (int i = 0; i < ne; i++)
			evidence.add(new Evidence(field[i], cs[i], ce[i], bs[i], be[i], Utf8.decode(res.evidence_text(i)),
					Utf8.decode(res.evidence_concept(i)), res.evidence_negated(i) != 0, res.evidence_approximate(i) != 0));

		String json = null;
		if (withJson) {
			try {
				json = Utf8.decode(res.to_json());
			} catch (PolicyException e) {
				throw failure(e);
			}
		}
		return new Result(Verdict.fromCode(res.verdict()), Utf8.decode(res.id()), LocalDate.parse(Utf8.decode(res.date())),
				res.in_jurisdiction() != 0, Utf8.decode(res.note()), items, flags, evidence, bundle, version, digest, json);
	}

	static {
		// The Field enum mirrors mctl_field by position; the low-level layer passes positions.
		if (Field.CURRENCY.ordinal() != mctl_field.FIELD_CURRENCY || Field.values().length != mctl_field.FIELD_COUNT_)
			throw new ExceptionInInitializerError("org.mineralctl.Field does not match the library's mctl_field");
	}
}
