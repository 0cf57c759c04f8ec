package org.mineralctl;

/**
 * The text fields of a record, in the library's order ({@code mctl_field}).
 * Evidence names the field it was found in (description, description2 or code).
 */
public enum Field {
	ID("id"),
	DESCRIPTION("description"),
	DESCRIPTION2("description2"),
	CODE("code"),
	ORIGIN("origin"),
	FROM("from"),
	TO("to"),
	DATE("date"),
	CHANNEL("channel"),
	END_USE("end_use"),
	UNIT("unit"),
	CURRENCY("currency");

	private final String wireName;

	Field(String wireName) {
		this.wireName = wireName;
	}

	/** The stable name used in the JSON and in JSON Lines input ("end_use"). */
	public String wireName() {
		return wireName;
	}

	static Field fromCode(int code) {
		if (code < 0 || code >= values().length)
			throw new IllegalStateException("libmineralctl returned unknown field " + code);
		return values()[code];
	}
}
