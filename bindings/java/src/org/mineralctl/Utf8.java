package org.mineralctl;

import java.nio.charset.StandardCharsets;

/** UTF-8 bytes for the library, and byte offsets back to UTF-16 indices. */
final class Utf8 {
	private Utf8() {
	}

	static byte[] encode(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	/** The bytes plus a terminating NUL, for the C strings of the low-level layer. */
	static byte[] encodeZ(String s) {
		byte[] b = encode(s);
		byte[] z = new byte[b.length + 1];
		System.arraycopy(b, 0, z, 0, b.length);
		return z;
	}

	static String decode(byte[] b) {
		return b == null ? null : new String(b, StandardCharsets.UTF_8);
	}

	/**
	 * Converts byte offsets into {@code encode(s)} to UTF-16 indices into s,
	 * in one pass over s. The byte lengths are those of
	 * {@link String#getBytes} with UTF-8: 1 to 3 bytes per BMP char, 4 per
	 * surrogate pair, 1 ('?') per unpaired surrogate. An offset inside a
	 * character (the library never reports one) maps to that character's
	 * start; one past the end maps to s.length().
	 */
	static int[] toUtf16(String s, long[] byteOffsets) {
		int n = byteOffsets.length;
		Integer[] order = new Integer[n];
		for (int k = 0; k < n; k++)
			order[k] = k;
		java.util.Arrays.sort(order, (a, b) -> Long.compare(byteOffsets[a], byteOffsets[b]));
		int[] out = new int[n];
		int i = 0, len = s.length();
		long pos = 0;
		for (int k = 0; k < n; k++) {
			long want = byteOffsets[order[k]];
			while (i < len) {
				char c = s.charAt(i);
				int units = 1, bytes;
				if (c < 0x80)
					bytes = 1;
				else if (c < 0x800)
					bytes = 2;
				else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
					bytes = 4;
					units = 2;
				} else if (Character.isSurrogate(c))
					bytes = 1;
				else
					bytes = 3;
				if (pos + bytes > want)
					break;
				pos += bytes;
				i += units;
			}
			out[order[k]] = i;
		}
		return out;
	}
}
