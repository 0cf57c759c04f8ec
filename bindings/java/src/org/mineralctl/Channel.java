package org.mineralctl;

/** How the goods move; controls may be limited to channels. A record without one is customs. */
public enum Channel {
	/** A customs declaration (the default). */
	CUSTOMS("customs"),
	/** A postal parcel. */
	POSTAL("postal"),
	/** A marketplace listing. */
	PLATFORM("platform");

	private final String wireName;

	Channel(String wireName) {
		this.wireName = wireName;
	}

	/** The stable name ("postal"), as in JSON Lines input. */
	public String wireName() {
		return wireName;
	}

	/** The channel with this stable name ("customs", "postal", "platform"). */
	public static Channel fromWireName(String name) {
		for (Channel c : values())
			if (c.wireName.equals(name))
				return c;
		throw new IllegalArgumentException("channel: '" + name + "' is not one of customs, postal, platform");
	}
}
