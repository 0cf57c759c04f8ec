package org.mineralctl;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A goods record to screen: an immutable value, built with
 * {@link #builder()}, reusable and safe to share between threads.
 *
 * <pre>{@code
 * Record r = Record.builder()
 *     .id("DEC-1").description("金属镓 99.99% 镓锭").code("8112929090")
 *     .from("CN").to("US").date(LocalDate.of(2026, 12, 1))
 *     .quantity(200, "kg").route("TH", "US")
 *     .build();
 * }</pre>
 *
 * Fields mirror the JSON Lines keys of {@code mineralctl screen}; all are
 * optional. Text goes to the library as the UTF-8 bytes of the Java strings.
 * The builder checks shapes (finite non-negative numbers, no U+0000 in
 * country codes and materials); the library checks values (country codes,
 * calendar dates) when the record is classified, throwing
 * {@link RecordException}.
 */
public final class Record {
	/**
	 * A component of the goods, for rules on content made abroad (China's
	 * 0.1 % rare-earth rule): a mineral of the policy ("dysprosium"), its
	 * country of origin, and its share of the goods' value and weight in percent.
	 */
	public static final class Component {
		private final String material;
		private final String origin;
		private final double valueShare;
		private final double weightShare;

		private Component(String material, String origin, double valueShare, double weightShare) {
			this.material = material;
			this.origin = origin;
			this.valueShare = valueShare;
			this.weightShare = weightShare;
		}

		/**
		 * A component; {@code origin} may be null, a share {@code Double.NaN}
		 * (or negative, as in the C API) when not stated. Shares are
		 * percentages up to 100 (0.1 means 0.1 %).
		 */
		public static Component of(String material, String origin, double valueShare, double weightShare) {
			noNul("components", Objects.requireNonNull(material, "material"));
			if (origin != null)
				noNul("components", origin);
			return new Component(material, origin, share(valueShare), share(weightShare));
		}

		private static double share(double s) {
			if (Double.isNaN(s) || s < 0)
				return Double.NaN;
			if (s > 100)
				throw new IllegalArgumentException("components: shares are percentages up to 100: " + s);
			return s;
		}

		public String getMaterial() { return material; }
		/** Country of origin (alpha-2), or null. */
		public String getOrigin() { return origin; }
		public OptionalDouble getValueShare() { return Double.isNaN(valueShare) ? OptionalDouble.empty() : OptionalDouble.of(valueShare); }
		public OptionalDouble getWeightShare() { return Double.isNaN(weightShare) ? OptionalDouble.empty() : OptionalDouble.of(weightShare); }

		double rawValueShare() { return Double.isNaN(valueShare) ? -1 : valueShare; }
		double rawWeightShare() { return Double.isNaN(weightShare) ? -1 : weightShare; }

		@Override
		public boolean equals(Object o) {
			if (!(o instanceof Component))
				return false;
			Component c = (Component) o;
			return material.equals(c.material) && Objects.equals(origin, c.origin)
					&& Double.compare(valueShare, c.valueShare) == 0 && Double.compare(weightShare, c.weightShare) == 0;
		}

		@Override
		public int hashCode() { return Objects.hash(material, origin, valueShare, weightShare); }

		@Override
		public String toString() {
			return "{material=" + material + ", origin=" + origin + ", value_share=" + valueShare + ", weight_share=" + weightShare + "}";
		}
	}

	private final String id, description, description2, code, origin, from, to, endUse, unit, currency;
	private final LocalDate date;
	private final Channel channel;
	private final double quantity, value; // NaN: not stated
	private final List<String> route;
	private final List<Component> components;

	private Record(Builder b) {
		id = b.id;
		description = b.description;
		description2 = b.description2;
		code = b.code;
		origin = b.origin;
		from = b.from;
		to = b.to;
		endUse = b.endUse;
		unit = b.unit;
		currency = b.currency;
		date = b.date;
		channel = b.channel;
		quantity = b.quantity;
		value = b.value;
		route = Collections.unmodifiableList(new ArrayList<>(b.route));
		components = Collections.unmodifiableList(new ArrayList<>(b.components));
	}

	/** A new, empty builder. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding this record's fields, to derive a changed copy. */
	public Builder toBuilder() {
		Builder b = new Builder();
		b.id = id; b.description = description; b.description2 = description2; b.code = code;
		b.origin = origin; b.from = from; b.to = to; b.endUse = endUse; b.unit = unit; b.currency = currency;
		b.date = date; b.channel = channel; b.quantity = quantity; b.value = value;
		b.route.addAll(route);
		b.components.addAll(components);
		return b;
	}

	/** The caller's reference, echoed in results; or null. */
	public String getId() { return id; }
	/** The goods description, any language; or null. */
	public String getDescription() { return description; }
	/** A second description (e.g. in the local language); or null. */
	public String getDescription2() { return description2; }
	/** The commodity code as declared ("8112.92.90.90", "811292"); or null. */
	public String getCode() { return code; }
	/** Country of origin; or null. */
	public String getOrigin() { return origin; }
	/** Export country; or null (the policy's jurisdiction). */
	public String getFrom() { return from; }
	/** Destination country; or null (unknown). */
	public String getTo() { return to; }
	/** Date of the movement; or null (today, UTC). */
	public LocalDate getDate() { return date; }
	/** Channel; or null (customs). */
	public Channel getChannel() { return channel; }
	/** Declared end use, free text; or null. */
	public String getEndUse() { return endUse; }
	public OptionalDouble getQuantity() { return Double.isNaN(quantity) ? OptionalDouble.empty() : OptionalDouble.of(quantity); }
	/** Unit of the quantity ("kg"); or null. */
	public String getUnit() { return unit; }
	public OptionalDouble getValue() { return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value); }
	/** Currency of the value ("USD"); or null. */
	public String getCurrency() { return currency; }
	/** Transit countries in travel order (unmodifiable, possibly empty). */
	public List<String> getRoute() { return route; }
	/** Declared components (unmodifiable, possibly empty). */
	public List<Component> getComponents() { return components; }

	/** The text of a field as set, or null (DATE and CHANNEL in their wire form). */
	public String get(Field f) {
		switch (f) {
		case ID: return id;
		case DESCRIPTION: return description;
		case DESCRIPTION2: return description2;
		case CODE: return code;
		case ORIGIN: return origin;
		case FROM: return from;
		case TO: return to;
		case DATE: return date == null ? null : date.toString();
		case CHANNEL: return channel == null ? null : channel.wireName();
		case END_USE: return endUse;
		case UNIT: return unit;
		case CURRENCY: return currency;
		default: throw new AssertionError(f);
		}
	}

	double rawQuantity() { return quantity; }
	double rawValue() { return value; }

	@Override
	public boolean equals(Object o) {
		if (this == o)
			return true;
		if (!(o instanceof Record))
			return false;
		Record r = (Record) o;
		for (Field f : Field.values())
			if (!Objects.equals(get(f), r.get(f)))
				return false;
		return Double.compare(quantity, r.quantity) == 0 && Double.compare(value, r.value) == 0
				&& route.equals(r.route) && components.equals(r.components);
	}

	@Override
	public int hashCode() {
		return Objects.hash(id, description, description2, code, origin, from, to, date, channel, endUse,
				quantity, unit, value, currency, route, components);
	}

	@Override
	public String toString() {
		StringBuilder b = new StringBuilder("Record{");
		for (Field f : Field.values())
			if (get(f) != null)
				b.append(f.wireName()).append('=').append(get(f)).append(", ");
		if (!Double.isNaN(quantity))
			b.append("quantity=").append(quantity).append(", ");
		if (!Double.isNaN(value))
			b.append("value=").append(value).append(", ");
		if (!route.isEmpty())
			b.append("route=").append(route).append(", ");
		if (!components.isEmpty())
			b.append("components=").append(components).append(", ");
		if (b.charAt(b.length() - 1) == ' ')
			b.setLength(b.length() - 2);
		return b.append('}').toString();
	}

	static void noNul(String field, String s) {
		if (s.indexOf('\0') >= 0)
			throw new IllegalArgumentException(field + ": U+0000 is not allowed here");
	}

	/** Collects fields; {@link #build()} makes the immutable record. Not thread-safe. */
	public static final class Builder {
		private String id, description, description2, code, origin, from, to, endUse, unit, currency;
		private LocalDate date;
		private Channel channel;
		private double quantity = Double.NaN, value = Double.NaN;
		private final List<String> route = new ArrayList<>();
		private final List<Component> components = new ArrayList<>();

		private Builder() {
		}

		/** Caller's reference, echoed in the result. */
		public Builder id(String id) { this.id = id; return this; }
		/** Goods description in any language. */
		public Builder description(String s) { description = s; return this; }
		/** Second description (e.g. local language). */
		public Builder description2(String s) { description2 = s; return this; }
		/** Commodity code: 6, 8 or 10 digits, dots, spaces or dashes between groups allowed. */
		public Builder code(String s) { code = s; return this; }
		/** Country of origin, ISO 3166-1 alpha-2 (any case). */
		public Builder origin(String s) { origin = s; return this; }
		/** Export country, alpha-2 (default: the policy's jurisdiction). */
		public Builder from(String s) { from = s; return this; }
		/** Destination country, alpha-2. */
		public Builder to(String s) { to = s; return this; }
		/** Date of the movement (default: today, UTC). */
		public Builder date(LocalDate d) { date = d; return this; }
		/** Channel (default: customs). */
		public Builder channel(Channel c) { channel = c; return this; }
		/** Declared end use, free text ("military" as a word limits some controls). */
		public Builder endUse(String s) { endUse = s; return this; }
		/** Unit of the quantity. */
		public Builder unit(String s) { unit = s; return this; }
		/** Currency of the value. */
		public Builder currency(String s) { currency = s; return this; }

		/** Quantity, finite and non-negative. */
		public Builder quantity(double q) {
			quantity = checkAmount("quantity", q);
			return this;
		}

		public Builder quantity(double q, String unit) {
			return quantity(q).unit(unit);
		}

		/** Value, finite and non-negative. */
		public Builder value(double v) {
			value = checkAmount("value", v);
			return this;
		}

		public Builder value(double v, String currency) {
			return value(v).currency(currency);
		}

		/** Replaces the route with these transit countries, in travel order. */
		public Builder route(String... countries) {
			return route(java.util.Arrays.asList(countries));
		}

		/** Replaces the route with these transit countries, in travel order. */
		public Builder route(List<String> countries) {
			List<String> l = new ArrayList<>(countries.size());
			for (String c : countries) {
				noNul("route", Objects.requireNonNull(c, "route country"));
				l.add(c);
			}
			route.clear();
			route.addAll(l);
			return this;
		}

		/** Appends one component (at most 32 per record: the library refuses more). */
		public Builder component(Component c) {
			components.add(Objects.requireNonNull(c, "component"));
			return this;
		}

		public Builder component(String material, String origin, double valueShare, double weightShare) {
			return component(Component.of(material, origin, valueShare, weightShare));
		}

		public Record build() {
			return new Record(this);
		}

		private static double checkAmount(String what, double d) {
			if (!(d >= 0) || Double.isInfinite(d))
				throw new IllegalArgumentException(what + " must be a finite non-negative number: " + d);
			return d;
		}
	}
}
