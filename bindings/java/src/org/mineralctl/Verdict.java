package org.mineralctl;

/**
 * The overall decision on a record, ordered by severity
 * ({@code compareTo} and {@link #ordinal()} follow it).
 */
public enum Verdict {
	/** Nothing controlled, no red flag. */
	CLEAR("clear"),
	/** Red flags, or an item that cannot be settled: hold for an officer. */
	REVIEW("review"),
	/** A controlled item: an export licence is needed. */
	LICENSE_REQUIRED("license_required"),
	/** A control in force denies this movement. */
	PROHIBITED("prohibited");

	private final String wireName;

	Verdict(String wireName) {
		this.wireName = wireName;
	}

	/** The stable name the library, the CLI and the JSON use ("license_required"). */
	public String wireName() {
		return wireName;
	}

	/** The verdict with this stable name. */
	public static Verdict fromWireName(String name) {
		for (Verdict v : values())
			if (v.wireName.equals(name))
				return v;
		throw new IllegalArgumentException("unknown verdict '" + name + "'");
	}

	static Verdict fromCode(int code) {
		if (code < 0 || code >= values().length)
			throw new IllegalStateException("libmineralctl returned unknown verdict " + code);
		return values()[code];
	}
}
