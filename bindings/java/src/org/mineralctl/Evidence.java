package org.mineralctl;

/**
 * Where in the record a concept or code was found.
 *
 * <p>Two kinds of offsets, both end-exclusive, both into the field as the
 * record holds it ({@link Record#get(Field)}):
 * <ul>
 * <li>{@link #getStart()}/{@link #getEnd()}: Java {@code String} (UTF-16)
 * indices, so {@code record.get(getField()).substring(getStart(), getEnd())}
 * is {@link #getText()};</li>
 * <li>{@link #getByteStart()}/{@link #getByteEnd()}: byte offsets into the
 * UTF-8 encoding of the field, as the library, the CLI and
 * {@link Result#toJson()} report them ({@code "start"}, {@code "end"}).</li>
 * </ul>
 * They differ as soon as the text before the match holds a non-ASCII
 * character: "镓" is one UTF-16 unit and three UTF-8 bytes, an emoji two
 * UTF-16 units and four UTF-8 bytes.
 */
public final class Evidence {
	private final Field field;
	private final int start, end;
	private final long byteStart, byteEnd;
	private final String text, concept;
	private final boolean negated, approximate;

	Evidence(Field field, int start, int end, long byteStart, long byteEnd, String text, String concept,
			boolean negated, boolean approximate) {
		this.field = field;
		this.start = start;
		this.end = end;
		this.byteStart = byteStart;
		this.byteEnd = byteEnd;
		this.text = text;
		this.concept = concept;
		this.negated = negated;
		this.approximate = approximate;
	}

	/** The field the evidence lies in (description, description2 or code). */
	public Field getField() { return field; }
	/** UTF-16 index of the first char in the field's string. */
	public int getStart() { return start; }
	/** UTF-16 index just past the match. */
	public int getEnd() { return end; }
	/** UTF-8 byte offset of the match in the field. */
	public long getByteStart() { return byteStart; }
	/** UTF-8 byte offset just past the match. */
	public long getByteEnd() { return byteEnd; }
	/** The matched text as written in the record. */
	public String getText() { return text; }
	/** The concept id for text ("gallium"); for code evidence, the listed code the declared one fell under. */
	public String getConcept() { return concept; }
	/** True when the text names the concept only to exclude it ("gallium-free", "不含镓"). */
	public boolean isNegated() { return negated; }
	/** True when the text was a near-miss spelling ("galium"). */
	public boolean isApproximate() { return approximate; }

	@Override
	public String toString() {
		return field.wireName() + "[" + start + "," + end + ")=" + text + " -> " + concept
				+ (negated ? " (negated)" : "") + (approximate ? " (approximate)" : "");
	}
}
