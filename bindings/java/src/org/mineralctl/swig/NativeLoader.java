package org.mineralctl.swig;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Loads libmineralctl_jni once, before the first native call:
 * <ol>
 * <li>the file named by the system property {@code mineralctl.jni}, if set
 * (the build tree's tests; any non-standard location);</li>
 * <li>else {@code mineralctl_jni} on {@code java.library.path};</li>
 * <li>else the path it was installed to, written into the jar at build time.</li>
 * </ol>
 */
final class NativeLoader {
	private NativeLoader() {
	}

	static void load() {
		String explicit = System.getProperty("mineralctl.jni");
		if (explicit != null && !explicit.isEmpty()) {
			System.load(new File(explicit).getAbsolutePath());
			return;
		}
		UnsatisfiedLinkError first;
		try {
			System.loadLibrary("mineralctl_jni");
			return;
		} catch (UnsatisfiedLinkError e) {
			first = e;
		}
		String installed = null;
		try (InputStream in = NativeLoader.class.getResourceAsStream("/org/mineralctl/mineralctl.properties")) {
			if (in != null) {
				Properties p = new Properties();
				p.load(in);
				installed = p.getProperty("jni");
			}
		} catch (IOException e) {
			// fall through to the error below
		}
		if (installed != null && new File(installed).isFile()) {
			System.load(installed);
			return;
		}
		UnsatisfiedLinkError e = new UnsatisfiedLinkError("libmineralctl_jni not found: tried java.library.path ("
				+ System.getProperty("java.library.path") + ")" + (installed != null ? " and " + installed : "")
				+ "; set -Djava.library.path=DIR or -Dmineralctl.jni=/path/libmineralctl_jni.so");
		e.addSuppressed(first);
		throw e;
	}
}
