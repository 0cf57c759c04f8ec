package org.mineralctl;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A policy could not be loaded: a file is missing or unreadable, a YAML file
 * is malformed, or the policy is well-formed but wrong. Loading reports every
 * problem found, each a {@link Diagnostic} with the file, 1-based line and
 * column, byte offset and YAML path ({@code items[3].codes[1]}) of the
 * offending node. The getters of the exception itself describe the first
 * one; {@link #getMessage()} is its one-line form,
 * {@code file:line:col: error: message (in path)}, the same text
 * {@code mineralctl lint} prints.
 *
 * <p>The low-level binding also raises this exception for a failed record
 * setter or classification; {@link Policy#classify} turns those into
 * {@link RecordException} or {@link IllegalStateException}, so users of
 * {@link Policy} see it only from {@link Policy#load}.
 */
public class PolicyException extends Exception {
	private static final long serialVersionUID = 1L;

	/** Status codes of the C library ({@code MCTL_E*}), as {@link #getCode()} returns them. */
	public static final int ENOMEM = -1, EINVAL = -2, EIO = -3, ESYNTAX = -4, EPOLICY = -5,
			ELIMIT = -6, EUNICODE = -7, EINTERNAL = -8;

	/** One problem found while loading. */
	public static final class Diagnostic implements Serializable {
		private static final long serialVersionUID = 1L;
		private final int code;
		private final String message;
		private final String file;
		private final int line;
		private final int column;
		private final long offset;
		private final String path;

		Diagnostic(int code, String message, String file, int line, int column, long offset, String path) {
			this.code = code;
			this.message = message;
			this.file = file;
			this.line = line;
			this.column = column;
			this.offset = offset;
			this.path = path;
		}

		/** Status code of this problem (negative, one of the {@code E*} constants). */
		public int getCode() { return code; }
		/** The message, without position. */
		public String getMessage() { return message; }
		/** The file, or null when no file is involved. */
		public String getFile() { return file; }
		/** 1-based line, 0 when unknown. */
		public int getLine() { return line; }
		/** 1-based column in characters, 0 when unknown. */
		public int getColumn() { return column; }
		/** 0-based byte offset in the file, -1 when unknown. */
		public long getOffset() { return offset; }
		/** YAML path of the offending node ({@code items[3].codes[1]}), or null. */
		public String getPath() { return path; }

		/** {@code file:line:col: error: message (in path)}, unknown parts left out (as the C library formats it). */
		@Override
		public String toString() {
			StringBuilder b = new StringBuilder();
			if (file != null) {
				b.append(file).append(':');
				if (line > 0) {
					b.append(line).append(':');
					if (column > 0)
						b.append(column).append(':');
				}
				b.append(' ');
			}
			b.append("error: ").append(message);
			if (path != null)
				b.append(" (in ").append(path).append(')');
			return b.toString();
		}
	}

	private final int code;
	private final String status;
	private final ArrayList<Diagnostic> diagnostics = new ArrayList<>();

	/** Called from JNI: the status and its name ({@code mctl_strerror}). */
	PolicyException(int code, byte[] status) {
		super((String) null);
		this.code = code;
		this.status = status == null ? "error " + code : new String(status, StandardCharsets.UTF_8);
	}

	/** An error found on the Java side (no default policy ...): status text and one diagnostic. */
	PolicyException(int code, String message) {
		super((String) null);
		this.code = code;
		this.status = message;
		diagnostics.add(new Diagnostic(code, message, null, 0, 0, -1, null));
	}

	/** Called from JNI, once per diagnostic of the chain, in order. */
	void addDiagnostic(int code, byte[] message, byte[] file, int line, int column, long offset, byte[] path) {
		diagnostics.add(new Diagnostic(code, str(message), str(file), line, column, offset, str(path)));
	}

	private static String str(byte[] b) {
		return b == null ? null : new String(b, StandardCharsets.UTF_8);
	}

	/** The status of the failed call (negative, one of the {@code E*} constants). */
	public int getCode() { return code; }

	/** The status in words ("policy error", "I/O error" ...). */
	public String getStatusText() { return status; }

	/** Every problem found, in file order (possibly empty). */
	public List<Diagnostic> getDiagnostics() { return Collections.unmodifiableList(diagnostics); }

	private Diagnostic first() { return diagnostics.isEmpty() ? null : diagnostics.get(0); }

	/** File of the first problem, or null. */
	public String getFile() { Diagnostic d = first(); return d == null ? null : d.getFile(); }
	/** 1-based line of the first problem, 0 when unknown. */
	public int getLine() { Diagnostic d = first(); return d == null ? 0 : d.getLine(); }
	/** 1-based column of the first problem, 0 when unknown. */
	public int getColumn() { Diagnostic d = first(); return d == null ? 0 : d.getColumn(); }
	/** YAML path of the first problem, or null. */
	public String getPath() { Diagnostic d = first(); return d == null ? null : d.getPath(); }
	/** The first problem's own message (without position), or the status text. */
	public String getReason() { Diagnostic d = first(); return d == null ? status : d.getMessage(); }

	/** The first problem as {@code file:line:col: error: message (in path)}, and how many more there are. */
	@Override
	public String getMessage() {
		Diagnostic d = first();
		if (d == null)
			return status;
		int more = diagnostics.size() - 1;
		return more == 0 ? d.toString() : d + " (and " + more + " more)";
	}
}
