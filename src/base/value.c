/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * value.c - exact decimal arithmetic and civil dates.
 */
#include "value.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * The plain form num_parse reads the same way, strict or lenient: an
 * optional '-', 1 to 12 digits, then optionally '.' and at most 6 digits.
 * 1 and *out set if `s` is exactly that, else 0.
 */
static int
num_parse_plain(const char *s, num_t *out)
{
	const char *p = s;
	int64_t ip = 0, fp = 0;
	int neg = 0, nd = 0, fd = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++nd > 12)
			return 0;
		ip = ip * 10 + (*p - '0');
	}
	if (nd == 0)
		return 0;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++fd > 6)
				return 0;
			fp = fp * 10 + (*p - '0');
		}
	if (*p != '\0')
		return 0;
	for (; fd < 6; fd++)
		fp *= 10;
	ip = ip * NUM_SCALE + fp;
	*out = neg ? -ip : ip;
	return 1;
}

int
num_parse(const char *s, int lenient, num_t *out)
{
	char buf[64];
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	__int128 ip = 0, fp = 0;
	int neg = 0, fdig = 0, seen_digit = 0, seen_sep = 0;

	if (num_parse_plain(s, out))	/* "-12.5": what files most hold */
		return 0;
	/* Normalise into buf: digits, one '-', one '.'. */
	while (*p == ' ' || *p == '\t')
		p++;
	for (; *p != '\0'; p++) {
		if (n + 2 >= sizeof buf)
			return -1;
		if (lenient && (*p == ' ' || *p == '\'')) {
			continue;
		} else if (lenient && p[0] == 0xc2 && p[1] == 0xa0) {
			p++;		/* no-break space */
			continue;
		} else if (lenient && p[0] == 0xe2 && p[1] == 0x80 &&
		    p[2] == 0xaf) {
			p += 2;		/* narrow no-break space */
			continue;
		} else if (lenient && p[0] == 0xe2 && p[1] == 0x82 &&
		    p[2] == 0xac) {
			p += 2;		/* euro sign: must end the number */
			while (p[1] == ' ')
				p++;
			if (p[1] != '\0')
				return -1;
			continue;
		} else if (lenient && (*p == 'E' || *p == 'e') &&
		    strncasecmp((const char *)p, "eur", 3) == 0 &&
		    p[3] == '\0') {
			break;
		}
		buf[n++] = (char)*p;
	}
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	if (lenient) {
		/* "1.200,50": dots are thousands separators when a comma ends. */
		char *comma = strrchr(buf, ',');
		if (comma != NULL) {
			char *dst = buf, *src;
			for (src = buf; *src; src++) {
				if (*src == '.')
					continue;
				*dst++ = (char)(src == comma ? '.' : *src);
			}
			*dst = '\0';
		}
	}
	p = (const unsigned char *)buf;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	for (; *p; p++) {
		if (isdigit(*p)) {
			seen_digit = 1;
			if (seen_sep) {
				if (++fdig > 6)
					return -1;
				fp = fp * 10 + (*p - '0');
			} else {
				ip = ip * 10 + (*p - '0');
				if (ip > INT64_MAX / NUM_SCALE)
					return -1;
			}
		} else if (*p == '.' && !seen_sep) {
			seen_sep = 1;
		} else {
			return -1;
		}
	}
	if (!seen_digit)
		return -1;
	while (fdig++ < 6)
		fp *= 10;
	ip = ip * NUM_SCALE + fp;
	*out = (num_t)(neg ? -ip : ip);
	return 0;
}

char *
num_format(num_t n, char *buf)
{
	uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	uint64_t ip = u / NUM_SCALE, fp = u % NUM_SCALE;
	int len;

	len = sprintf(buf, "%s%llu", n < 0 ? "-" : "", (unsigned long long)ip);
	if (fp != 0) {
		len += sprintf(buf + len, ".%06llu", (unsigned long long)fp);
		while (buf[len - 1] == '0')
			buf[--len] = '\0';
	}
	return buf;
}

char *
num_format_cents(num_t n, char *buf)
{
	num_t r = num_round(n, 2, 0);
	uint64_t u = r < 0 ? (uint64_t)0 - (uint64_t)r : (uint64_t)r;

	sprintf(buf, "%s%llu.%02llu", r < 0 ? "-" : "",
	    (unsigned long long)(u / NUM_SCALE),
	    (unsigned long long)(u % NUM_SCALE / 10000));
	return buf;
}

static int
div_round(__int128 num, __int128 den, num_t *out)
{
	__int128 q, r;
	int neg = (num < 0) != (den < 0);

	if (den == 0)
		return -1;
	if (num < 0)
		num = -num;
	if (den < 0)
		den = -den;
	q = num / den;
	r = num % den;
	if (2 * r >= den)
		q++;
	if (q > INT64_MAX)
		return -1;
	*out = (num_t)(neg ? -q : q);
	return 0;
}

int
num_mul(num_t a, num_t b, num_t *out)
{
	return div_round((__int128)a * b, NUM_SCALE, out);
}

int
num_div(num_t a, num_t b, num_t *out)
{
	return div_round((__int128)a * NUM_SCALE, b, out);
}

num_t
num_round(num_t a, int digits, int mode)
{
	num_t unit = 1, q, r;
	int i;

	if (digits < 0)
		digits = 0;
	for (i = digits; i < 6; i++)
		unit *= 10;
	q = a / unit;
	r = a % unit;
	if (r == 0 || q >= INT64_MAX / unit - 1 || q <= INT64_MIN / unit + 1)
		return a;	/* exact, or too large to round */
	switch (mode) {
	case 1:		/* floor */
		if (a < 0)
			q--;
		break;
	case 2:		/* ceil */
		if (a > 0)
			q++;
		break;
	default:	/* half away from zero */
		if (r >= unit / 2)
			q++;
		else if (r <= -unit / 2)
			q--;
		break;
	}
	return q * unit;
}

/* Days from civil, Howard Hinnant's algorithm. */
int32_t
date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void
date_split(int32_t z, int *yp, int *mp, int *dp)
{
	int era, doe, yoe, doy, mp0, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp0 = (5 * doy + 2) / 153;
	*dp = doy - (153 * mp0 + 2) / 5 + 1;
	*mp = mp0 + (mp0 < 10 ? 3 : -9);
	*yp = y + (*mp <= 2);
}

/* Whether the `n` characters at `s` are digits. */
static int
digits_at(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
date_parse(const char *s, int32_t *out)
{
	int y, m, d, yy, mm, dd;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits_at(s, 4) && digits_at(s + 5, 2) && digits_at(s + 8, 2)) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
	} else if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;		/* " 2026-1-1" and the like */
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*out = date_from_ymd(y, m, d);
	date_split(*out, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return -1;		/* 2026-02-30 */
	return 0;
}

char *
date_format(int32_t d, char *buf)
{
	int y, m, dd;

	date_split(d, &y, &m, &dd);
	snprintf(buf, 16, "%04d-%02d-%02d", y % 10000, m % 100, dd % 100);
	return buf;
}

int
date_years_between(int32_t from, int32_t to)
{
	int y1, m1, d1, y2, m2, d2, years;

	date_split(from, &y1, &m1, &d1);
	date_split(to, &y2, &m2, &d2);
	years = y2 - y1;
	if (m2 < m1 || (m2 == m1 && d2 < d1))
		years--;
	return years;
}

int32_t
date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int
value_equal(const struct value *a, const struct value *b)
{
	int i;

	if (a->t != b->t)
		return 0;
	switch (a->t) {
	case V_UNKNOWN:
		return 1;
	case V_BOOL:
		return a->u.b == b->u.b;
	case V_NUM:
		return a->u.n == b->u.n;
	case V_STR:
		if (a->u.s == b->u.s)
			return 1;
		if (a->interned && b->interned)
			return 0;
		return strcmp(a->u.s, b->u.s) == 0;
	case V_DATE:
		return a->u.d == b->u.d;
	case V_LIST:
		if (a->u.l.n != b->u.l.n)
			return 0;
		for (i = 0; i < a->u.l.n; i++)
			if (!value_equal(&a->u.l.items[i], &b->u.l.items[i]))
				return 0;
		return 1;
	case V_RECORD:
		return a->u.r == b->u.r;
	}
	return 0;
}
