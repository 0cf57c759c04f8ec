#include <string.h>
#include <time.h>
#include "util/data.h"

/* Days from civil (proleptic Gregorian), after H. Hinnant's public algorithm. */
static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

static void civil_from_days(int32_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)yoe + era * 400 + (*m <= 2);
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int mctl__date_parse(const char *s, size_t len, int32_t *out)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (!s || len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	unsigned m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	unsigned d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return -1;
	unsigned maxd = mdays[m - 1] + (m == 2 && is_leap(y));
	if (d > maxd)
		return -1;
	*out = days_from_civil(y, m, d);
	return 0;
}

void mctl__date_format(int32_t day, char *buf)
{
	int y;
	unsigned m, d;
	civil_from_days(day, &y, &m, &d);
	buf[0] = (char)('0' + (y / 1000) % 10);
	buf[1] = (char)('0' + (y / 100) % 10);
	buf[2] = (char)('0' + (y / 10) % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int32_t mctl__date_today(void)
{
	time_t t = time(NULL);
	return (int32_t)(t / 86400);
}

/* ISO 3166-1 alpha-2 officially assigned codes, plus XK (Kosovo, used by customs). */
static const char iso3166[] =
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ "
	"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
	"DE DJ DK DM DO DZ "
	"EC EE EG EH ER ES ET "
	"FI FJ FK FM FO FR "
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY "
	"HK HM HN HR HT HU "
	"ID IE IL IM IN IO IQ IR IS IT "
	"JE JM JO JP "
	"KE KG KH KI KM KN KP KR KW KY KZ "
	"LA LB LC LI LK LR LS LT LU LV LY "
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ "
	"NA NC NE NF NG NI NL NO NP NR NU NZ "
	"OM "
	"PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
	"QA "
	"RE RO RS RU RW "
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ "
	"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ "
	"UA UG UM US UY UZ "
	"VA VC VE VG VI VN VU "
	"WF WS "
	"XK "
	"YE YT "
	"ZA ZM ZW ";

int mctl__country_index(const char *cc, size_t len)
{
	if (len != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
		return -1;
	return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

int mctl__country_valid(const char *cc, size_t len)
{
	if (mctl__country_index(cc, len) < 0)
		return 0;
	for (const char *p = iso3166; *p; p += 3)
		if (p[0] == cc[0] && p[1] == cc[1])
			return 1;
	return 0;
}

int mctl__country_canon(const char *s, size_t len, char out[3])
{
	if (len != 2)
		return -1;
	for (int i = 0; i < 2; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		out[i] = c;
	}
	out[2] = '\0';
	return mctl__country_valid(out, 2) ? 0 : -1;
}

void mctl__cset_add(mctl_cset *s, int idx)
{
	if (idx >= 0 && idx < 676)
		s->bits[idx / 64] |= (uint64_t)1 << (idx % 64);
}

int mctl__cset_has(const mctl_cset *s, int idx)
{
	return idx >= 0 && idx < 676 && (s->bits[idx / 64] >> (idx % 64)) & 1;
}

void mctl__cset_union(mctl_cset *dst, const mctl_cset *src)
{
	for (int i = 0; i < 11; i++)
		dst->bits[i] |= src->bits[i];
}

size_t mctl__edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap + 1;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0], best;
		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = prev + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
			if (v < best)
				best = v;
		}
		if (best > cap)
			return cap + 1;
	}
	return row[lb] > cap ? cap + 1 : row[lb];
}
