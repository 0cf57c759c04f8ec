#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include "text/chars.h"
#include "text/normalize.h"

bool mctl__is_spaced_letter(int32_t cp)
{
	if (cp < 0)
		return false;
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	int8_t gc = (int8_t)u_charType(cp);
	if (gc == U_NON_SPACING_MARK || gc == U_COMBINING_SPACING_MARK || gc == U_ENCLOSING_MARK)
		return true;
	if (!u_isalpha(cp))
		return false;
	UErrorCode st = U_ZERO_ERROR;
	UScriptCode sc = uscript_getScript(cp, &st);
	if (U_FAILURE(st))
		return false;
	switch (sc) {
	case USCRIPT_HAN:
	case USCRIPT_HIRAGANA:
	case USCRIPT_KATAKANA:
	case USCRIPT_HANGUL:
	case USCRIPT_THAI:
	case USCRIPT_LAO:
	case USCRIPT_KHMER:
	case USCRIPT_MYANMAR:
	case USCRIPT_TIBETAN:
	case USCRIPT_YI:
	case USCRIPT_BOPOMOFO:
		return false; /* scripts written without spaces between words */
	default:
		return true;
	}
}

bool mctl__is_token_char(int32_t cp)
{
	if (cp < 0)
		return false;
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	return u_isdigit(cp) || mctl__is_spaced_letter(cp);
}

int32_t mctl__cp_at(const char *s, size_t len, size_t pos)
{
	if (pos >= len)
		return -1;
	int32_t cp;
	bool ok;
	mctl__utf8_decode((const unsigned char *)s + pos, len - pos, &cp, &ok);
	return cp;
}

int32_t mctl__cp_before(const char *s, size_t pos)
{
	if (pos == 0)
		return -1;
	size_t i = pos - 1;
	while (i > 0 && pos - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	int32_t cp;
	bool ok;
	size_t n = mctl__utf8_decode((const unsigned char *)s + i, pos - i, &cp, &ok);
	/* what was decoded must end at pos, or the bytes before pos are invalid */
	return i + n == pos ? cp : 0xFFFD;
}

int32_t mctl__first_cp(const char *s, size_t len)
{
	return mctl__cp_at(s, len, 0);
}

int32_t mctl__last_cp(const char *s, size_t len)
{
	return mctl__cp_before(s, len);
}
