package org.mineralctl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

/** One Policy shared by many threads; close() while threads are inside classify(). */
public class ThreadTest {
	private static final int THREADS = 8;

	/** What must not change between threads: the library's JSON and the Java-side fields. */
	private static String summary(Result r) {
		StringBuilder b = new StringBuilder(r.toJson());
		for (Evidence e : r.getEvidence())
			b.append('|').append(e.getStart()).append(',').append(e.getEnd()).append(e.isNegated() ? "n" : "")
					.append(e.isApproximate() ? "a" : "");
		return b.append('|').append(r.getItems()).toString();
	}

	/**
	 * 8 threads classify the 40 example declarations and the 1,041 labelled
	 * records, each thread in its own shuffled order, all on one Policy, and
	 * get exactly what one thread gets.
	 */
	@Test
	public void eightThreadsAgreeWithOne() throws Exception {
		List<Record> records = new ArrayList<>(Records.declarations());
		records.addAll(Records.evalRecords());
		try (Policy policy = Policy.load(Records.shipped())) {
			List<String> want = new ArrayList<>();
			for (Record r : records)
				want.add(summary(policy.classify(r)));
			ExecutorService pool = Executors.newFixedThreadPool(THREADS);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> done = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				final long seed = t;
				done.add(pool.submit(() -> {
					List<Integer> order = new ArrayList<>();
					for (int i = 0; i < records.size(); i++)
						order.add(i);
					Collections.shuffle(order, new Random(seed));
					start.await();
					int same = 0;
					for (int i : order) {
						String got = summary(policy.classify(records.get(i)));
						if (!got.equals(want.get(i)))
							throw new AssertionError("thread " + seed + ", record " + i + ":\n got  " + got + "\n want " + want.get(i));
						same++;
					}
					return same;
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> f : done)
				total += f.get(10, TimeUnit.MINUTES);
			pool.shutdown();
			assertEquals(THREADS * records.size(), total);
			System.out.println("ThreadTest: " + THREADS + " threads x " + records.size() + " records = " + total
					+ " classifications, all equal to the single-thread results");
		}
	}

	/**
	 * close() while 8 threads loop on classify(): every call either completes
	 * with the right verdict or, once closed, throws IllegalStateException;
	 * nothing else happens, and the native policy is freed once all are out.
	 */
	@Test
	public void closeWhileThreadsClassify() throws Exception {
		Record rec = Record.builder().description("Gallium metal 4N ingots").code("8112929090").to("DE")
				.date(LocalDate.of(2026, 3, 1)).build();
		Policy policy = Policy.load(Records.shipped());
		AtomicInteger ok = new AtomicInteger();
		AtomicInteger closedSeen = new AtomicInteger();
		AtomicReference<Throwable> other = new AtomicReference<>();
		CountDownLatch running = new CountDownLatch(THREADS);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			Thread th = new Thread(() -> {
				running.countDown();
				try {
					for (;;) {
						Result r = policy.classify(rec);
						if (r.getVerdict() != Verdict.LICENSE_REQUIRED)
							throw new AssertionError("verdict " + r.getVerdict());
						ok.incrementAndGet();
					}
				} catch (IllegalStateException e) {
					closedSeen.incrementAndGet();
				} catch (Throwable e) {
					other.compareAndSet(null, e);
				}
			});
			threads.add(th);
			th.start();
		}
		running.await();
		while (ok.get() < 2000 && other.get() == null)
			Thread.sleep(1);
		policy.close();
		for (Thread th : threads)
			th.join(60_000);
		if (other.get() != null)
			throw new AssertionError("unexpected", other.get());
		assertEquals(THREADS, closedSeen.get());
		assertTrue(policy.isFreed());
		System.out.println("ThreadTest: close() under load after " + ok.get() + " classifications; all " + THREADS
				+ " threads saw IllegalStateException");
	}

	/**
	 * close() returns at once while a call is inside classify(); the native
	 * policy is freed only when that call leaves, and its result is whole.
	 * The call is kept busy with a 1 MB description, just under the library's
	 * default field limit of 1 MiB (about a tenth of a second).
	 */
	@Test
	public void closeDefersTheFreeToTheLastCall() throws Exception {
		final int reps = 37_000;
		StringBuilder big = new StringBuilder();
		for (int i = 0; i < reps; i++)
			big.append("Cotton shirts, knitted, 棉 "); // 26 chars, 28 UTF-8 bytes
		big.append(" gallium metal ingots");
		Record rec = Record.builder().description(big.toString()).to("DE").date(LocalDate.of(2026, 3, 1)).build();
		Policy policy = Policy.load(Records.shipped());
		AtomicReference<Result> result = new AtomicReference<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread th = new Thread(() -> {
			try {
				result.set(policy.classify(rec));
			} catch (Throwable e) {
				failure.set(e);
			}
		});
		th.start();
		while (policy.callsInside() == 0 && th.isAlive())
			Thread.yield();
		policy.close();
		boolean freedAtClose = policy.isFreed();
		th.join(600_000);
		assertFalse("classify still running", th.isAlive());
		if (failure.get() != null)
			throw new AssertionError("classify failed", failure.get());
		assertFalse("freed while a call was inside", freedAtClose);
		assertTrue(policy.isFreed());
		Result r = result.get();
		assertEquals(Verdict.LICENSE_REQUIRED, r.getVerdict());
		Evidence e = r.getEvidence().get(0);
		assertEquals("gallium", e.getText());
		assertEquals(26L * reps + 1, e.getStart());
		assertEquals(28L * reps + 1, e.getByteStart());
	}
}
