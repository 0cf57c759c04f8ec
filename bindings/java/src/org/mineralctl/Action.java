package org.mineralctl;

/** What a fired item requires for this movement, ordered by severity. */
public enum Action {
	/** Listed, but nothing is required for this movement (e.g. an export from another country). */
	NONE("none"),
	/** Hold for review by an officer. */
	REVIEW("review"),
	/** An export licence is required. */
	LICENSE_REQUIRED("license_required"),
	/** The export is denied. */
	PROHIBITED("prohibited");

	private final String wireName;

	Action(String wireName) {
		this.wireName = wireName;
	}

	/** The stable name used in the JSON ("license_required"). */
	public String wireName() {
		return wireName;
	}

	static Action fromCode(int code) {
		if (code < 0 || code >= values().length)
			throw new IllegalStateException("libmineralctl returned unknown action " + code);
		return values()[code];
	}
}
