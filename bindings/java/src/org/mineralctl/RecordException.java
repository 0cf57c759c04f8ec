package org.mineralctl;

/**
 * A record holds a value the library refuses: a country that is not an ISO
 * 3166-1 alpha-2 code, a date outside the calendar, a component naming no
 * material, too many components. Thrown by {@link Policy#classify}, which is
 * where the library checks the values (the builder checks only shapes).
 */
public class RecordException extends IllegalArgumentException {
	private static final long serialVersionUID = 1L;
	private final String field;
	private final int code;

	RecordException(String field, int code, String message, Throwable cause) {
		super(message, cause);
		this.field = field;
		this.code = code;
	}

	/** The offending field by its JSON Lines name ("to", "route", "components" ...). */
	public String getField() { return field; }

	/** The library's status ({@link PolicyException#EINVAL}, {@link PolicyException#ELIMIT}). */
	public int getCode() { return code; }
}
