package org.mineralctl;

import java.util.List;

/** A controlled item of the policy that fired for a record, with what it requires. */
public final class Item {
	/** What the policy says about an item; shared by every result that lists it. */
	static final class Info {
		final String id, title, announcement, controlCode;
		final List<String> minerals;

		Info(String id, String title, String announcement, String controlCode, List<String> minerals) {
			this.id = id;
			this.title = title;
			this.announcement = announcement;
			this.controlCode = controlCode;
			this.minerals = minerals;
		}
	}

	private final Info info;
	private final Action action;
	private final Match match;

	Item(Info info, Action action, Match match) {
		this.info = info;
		this.action = action;
		this.match = match;
	}

	/** The item id ("cn.2023-23.ga-1"). */
	public String getId() { return info.id; }
	/** The English title (the first one written when there is none). */
	public String getTitle() { return info.title; }
	/** The announcement the item comes from; or null. */
	public String getAnnouncement() { return info.announcement; }
	/** The control list code (e.g. "1C111.b.1.f"); or null. */
	public String getControlCode() { return info.controlCode; }
	/** The minerals the item concerns ("gallium"), unmodifiable. */
	public List<String> getMinerals() { return info.minerals; }
	/** What the item requires for this movement. */
	public Action getAction() { return action; }
	/** How it matched: by text, by code, or both. */
	public Match getMatch() { return match; }

	@Override
	public String toString() {
		return info.id + " " + action.wireName() + " (" + match.wireName() + ")";
	}
}
