package org.mineralctl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader for the tests (RFC 8259: objects, arrays,
 * strings with every escape incl. surrogate pairs, numbers, true, false,
 * null). Objects are LinkedHashMaps, arrays Lists, integers Longs, other
 * numbers Doubles, null is null. Throws IllegalArgumentException on bad input.
 */
final class Json {
	private final String s;
	private int i;

	private Json(String s) {
		this.s = s;
	}

	static Object parse(String text) {
		Json j = new Json(text);
		j.ws();
		Object v = j.value();
		j.ws();
		if (j.i != text.length())
			throw j.error("trailing characters");
		return v;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> object(String text) {
		Object o = parse(text);
		if (!(o instanceof Map))
			throw new IllegalArgumentException("not a JSON object: " + text);
		return (Map<String, Object>) o;
	}

	private IllegalArgumentException error(String what) {
		return new IllegalArgumentException("JSON: " + what + " at " + i + " in " + s);
	}

	private void ws() {
		while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0)
			i++;
	}

	private void expect(char c) {
		if (i >= s.length() || s.charAt(i) != c)
			throw error("expected '" + c + "'");
		i++;
	}

	private Object value() {
		if (i >= s.length())
			throw error("unexpected end");
		char c = s.charAt(i);
		switch (c) {
		case '{': {
			i++;
			Map<String, Object> m = new LinkedHashMap<>();
			ws();
			if (i < s.length() && s.charAt(i) == '}') {
				i++;
				return m;
			}
			for (;;) {
				ws();
				String k = string();
				ws();
				expect(':');
				ws();
				if (m.containsKey(k))
					throw error("duplicate key " + k);
				m.put(k, value());
				ws();
				if (i < s.length() && s.charAt(i) == ',') {
					i++;
					continue;
				}
				expect('}');
				return m;
			}
		}
		case '[': {
			i++;
			List<Object> l = new ArrayList<>();
			ws();
			if (i < s.length() && s.charAt(i) == ']') {
				i++;
				return l;
			}
			for (;;) {
				ws();
				l.add(value());
				ws();
				if (i < s.length() && s.charAt(i) == ',') {
					i++;
					continue;
				}
				expect(']');
				return l;
			}
		}
		case '"':
			return string();
		case 't':
			return word("true", Boolean.TRUE);
		case 'f':
			return word("false", Boolean.FALSE);
		case 'n':
			return word("null", null);
		default:
			return number();
		}
	}

	private Object word(String w, Object v) {
		if (!s.startsWith(w, i))
			throw error("bad literal");
		i += w.length();
		return v;
	}

	private Object number() {
		int st = i;
		if (i < s.length() && s.charAt(i) == '-')
			i++;
		boolean frac = false;
		while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) {
			if (".eE".indexOf(s.charAt(i)) >= 0)
				frac = true;
			i++;
		}
		String t = s.substring(st, i);
		if (t.isEmpty() || t.equals("-"))
			throw error("bad value");
		try {
			return frac ? (Object) Double.valueOf(t) : (Object) Long.valueOf(t);
		} catch (NumberFormatException e) {
			throw error("bad number " + t);
		}
	}

	private String string() {
		expect('"');
		StringBuilder b = new StringBuilder();
		for (;;) {
			if (i >= s.length())
				throw error("unterminated string");
			char c = s.charAt(i++);
			if (c == '"')
				return b.toString();
			if (c < 0x20)
				throw error("control character in string");
			if (c != '\\') {
				b.append(c);
				continue;
			}
			if (i >= s.length())
				throw error("bad escape");
			char e = s.charAt(i++);
			switch (e) {
			case '"': b.append('"'); break;
			case '\\': b.append('\\'); break;
			case '/': b.append('/'); break;
			case 'b': b.append('\b'); break;
			case 'f': b.append('\f'); break;
			case 'n': b.append('\n'); break;
			case 'r': b.append('\r'); break;
			case 't': b.append('\t'); break;
			case 'u':
				if (i + 4 > s.length())
					throw error("bad \\u escape");
				b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
				i += 4;
				break;
			default:
				throw error("bad escape \\" + e);
			}
		}
	}
}
