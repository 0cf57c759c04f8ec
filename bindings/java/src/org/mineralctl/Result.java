package org.mineralctl;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;

/**
 * What the policy decided for one record: a plain Java value, copied out of
 * the library inside {@link Policy#classify} (no native memory behind it,
 * nothing to close), safe to keep and share.
 */
public final class Result {
	private final Verdict verdict;
	private final String id;
	private final LocalDate date;
	private final boolean inJurisdiction;
	private final String note;
	private final List<Item> items;
	private final List<String> flags;
	private final List<Evidence> evidence;
	private final String bundle, version, digest;
	private final String json;

	Result(Verdict verdict, String id, LocalDate date, boolean inJurisdiction, String note, List<Item> items,
			List<String> flags, List<Evidence> evidence, String bundle, String version, String digest, String json) {
		this.verdict = verdict;
		this.id = id;
		this.date = date;
		this.inJurisdiction = inJurisdiction;
		this.note = note;
		this.items = Collections.unmodifiableList(items);
		this.flags = Collections.unmodifiableList(flags);
		this.evidence = Collections.unmodifiableList(evidence);
		this.bundle = bundle;
		this.version = version;
		this.digest = digest;
		this.json = json;
	}

	/** The overall decision. */
	public Verdict getVerdict() { return verdict; }
	/** The record's id, or null. */
	public String getId() { return id; }
	/** The date the controls were evaluated for (the record's, else the day of classification, UTC). */
	public LocalDate getDate() { return date; }
	/**
	 * True when the policy's jurisdiction governs the movement (the export
	 * country is the jurisdiction); false when it does not: the items are then
	 * listed with {@link Action#NONE} and the verdict is clear.
	 */
	public boolean isInJurisdiction() { return inJurisdiction; }
	/** One sentence for people, e.g. why nothing is required; or null. */
	public String getNote() { return note; }
	/** Fired items, strongest action first (unmodifiable). */
	public List<Item> getItems() { return items; }
	/**
	 * Red flags by their stable names ("code_description_mismatch",
	 * "controlled_code_vague_description", "ambiguous_code", "obfuscated_text",
	 * "transshipment_risk", "invalid_code", "invalid_utf8"); strings, not an
	 * enum, because the library may add flags without breaking callers.
	 */
	public List<String> getFlags() { return flags; }
	/** True when the flag with this name was raised. */
	public boolean hasFlag(String name) { return flags.contains(name); }
	/** Where each concept or code was found (unmodifiable). */
	public List<Evidence> getEvidence() { return evidence; }
	/** Bundle id of the deciding policy ("cn-strategic-minerals"). */
	public String getBundle() { return bundle; }
	/** Bundle version of the deciding policy. */
	public String getVersion() { return version; }
	/** "sha256:..." over every file of the deciding policy, for audit trails. */
	public String getDigest() { return digest; }

	/**
	 * The library's JSON for this result, the same text {@code mineralctl
	 * screen} prints for the record (one line, no newline; evidence offsets
	 * in UTF-8 bytes).
	 *
	 * @throws IllegalStateException for a result of {@link Policy#classifyWithoutJson}
	 */
	public String toJson() {
		if (json == null)
			throw new IllegalStateException("this result was made by Policy.classifyWithoutJson: use Policy.classify for toJson()");
		return json;
	}

	/** False for the results of {@link Policy#classifyWithoutJson}. */
	public boolean hasJson() { return json != null; }

	@Override
	public String toString() {
		StringBuilder b = new StringBuilder();
		b.append(id == null ? "-" : id).append(": ").append(verdict.wireName());
		if (!items.isEmpty())
			b.append(' ').append(items);
		if (!flags.isEmpty())
			b.append(" flags=").append(flags);
		return b.toString();
	}
}
