package org.mineralctl;

/** How an item was matched. */
public enum Match {
	/** The description satisfies the item's conditions. */
	TEXT("text"),
	/** The declared code lies under one of the item's codes. */
	CODE("code"),
	/** Both. */
	TEXT_CODE("text+code");

	private final String wireName;

	Match(String wireName) {
		this.wireName = wireName;
	}

	/** The stable name used in the JSON ("text+code"). */
	public String wireName() {
		return wireName;
	}

	static Match fromCode(int code) {
		switch (code) {
		case 1: return TEXT;
		case 2: return CODE;
		case 3: return TEXT_CODE;
		default: throw new IllegalStateException("libmineralctl returned unknown match " + code);
		}
	}
}
