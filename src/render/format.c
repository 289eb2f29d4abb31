/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * format.c - amounts of money as people read them (format.h): the one
 * formatter the screens, the reports and the summaries share.
 */
#include "format.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

char *
format_money(num_t n, char *buf, size_t size, int flags)
{
	/* U+202F narrow no-break space, U+00A0 no-break space */
	const char *thousands = flags & FORMAT_PRINT ? "\xe2\x80\xaf" : " ";
	const char *before_sign = flags & FORMAT_PRINT ? "\xc2\xa0" : " ";
	char raw[40], out[64], *dot;
	const char *p;
	size_t k = 0, len, intlen, i;
	int neg = 0, en = strcmp(i18n_lang(), "en") == 0;

	num_format_cents(n, raw);
	p = raw;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	dot = strchr(p, '.');
	intlen = dot != NULL ? (size_t)(dot - p) : strlen(p);
	if (neg && !en)
		out[k++] = '-';
	for (i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0) {
			if (en)
				out[k++] = ',';
			else {
				len = strlen(thousands);
				memcpy(out + k, thousands, len);
				k += len;
			}
		}
		out[k++] = p[i];
	}
	if (dot != NULL) {
		out[k++] = en ? '.' : ',';
		len = strlen(dot + 1);
		memcpy(out + k, dot + 1, len);
		k += len;
	}
	out[k] = '\0';
	if (en)
		snprintf(buf, size, "%s€%s", neg ? "-" : "", out);
	else
		snprintf(buf, size, "%s%s€", out, before_sign);
	return buf;
}

const char *
format_period_words(const char *period)
{
	if (period == NULL)
		return "";
	if (strcmp(period, "month") == 0)
		/* TRANSLATORS: after an estimated amount ("120 € a
		   month"). */
		return _(" a month");
	if (strcmp(period, "year") == 0)
		return _(" a year");
	if (strcmp(period, "once") == 0)
		return _(" once");
	return "";
}

const char *
format_unconfirmed(void)
{
	/* TRANSLATORS: after an estimated amount: a figure its rules
	   read (a ceiling, a rate) has no confirmed value for the date. */
	return _(" [scale not confirmed]");
}

char *
format_amount(enum amount_is kind, num_t n, const char *period, char *buf,
    size_t size, int flags)
{
	char m[64];

	format_money(n, m, sizeof m, flags);
	switch (kind) {
	case AMOUNT_PAYMENT:
		if (n == 0)
			/* TRANSLATORS: after a right's name: what the
			   person pays for it is nothing. */
			snprintf(buf, size, "%s", _(": free of charge"));
		else
			/* TRANSLATORS: after a right's name: what the
			   person pays for it (a participation), then " a
			   month" or similar. */
			snprintf(buf, size, _(": you pay about %s%s "
			    "(estimate)"), m, format_period_words(period));
		break;
	case AMOUNT_CEILING:
		/* TRANSLATORS: after a right's name: the most it may
		   give (a ceiling), then " a month" or similar. */
		snprintf(buf, size, _(": up to %s%s"), m,
		    format_period_words(period));
		break;
	case AMOUNT_RECEIVED:
	default:
		/* TRANSLATORS: after a right's name: its estimated
		   amount, then " a month" or similar. */
		snprintf(buf, size, _(": about %s%s (estimate)"), m,
		    format_period_words(period));
		break;
	}
	return buf;
}

/* --- opening hours ------------------------------------------------------- */

static const char osm_days[7][3] = { "Mo", "Tu", "We", "Th", "Fr", "Sa",
	"Su" };

static const char *
day_name(int d)
{
	switch (d) {
	case 0: return _("Monday");
	case 1: return _("Tuesday");
	case 2: return _("Wednesday");
	case 3: return _("Thursday");
	case 4: return _("Friday");
	case 5: return _("Saturday");
	default: return _("Sunday");
	}
}

/* Appends to `out` (`*k` bytes used of `size`); 0 when it does not fit. */
static int
add(char *out, size_t size, size_t *k, const char *s)
{
	size_t n = strlen(s);

	if (*k + n >= size)
		return 0;
	memcpy(out + *k, s, n + 1);
	*k += n;
	return 1;
}

/* The day of OSM abbreviation at `p`, or -1. */
static int
osm_day(const char *p)
{
	int d;

	for (d = 0; d < 7; d++)
		if (strncmp(p, osm_days[d], 2) == 0)
			return d;
	return -1;
}

/* "HH:MM" at `*p` (00:00 to 24:00), as the language writes a time. */
static int
osm_time(const char **p, char *out, size_t size)
{
	const char *s = *p;
	int h, m;

	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return 0;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return 0;
	if (m == 0)
		/* TRANSLATORS: a time on the hour in opening hours
		   ("12:00"); French "12 h". */
		snprintf(out, size, _("%d:00"), h);
	else
		/* TRANSLATORS: a time in opening hours ("8:30"); French
		   "8 h 30". */
		snprintf(out, size, _("%d:%02d"), h, m);
	*p = s + 5;
	return 1;
}

/* One rule of a rule sequence ("Mo-Fr 08:30-12:00,13:30-17:00"). */
static int
osm_rule(const char *r, char *out, size_t size, size_t *k)
{
	char a[32], b[32], pair[96];
	int d, e, any = 0;

	while (*r == ' ')
		r++;
	/* Days: "Mo", "Mo-Fr", "Mo,We", "PH", joined by commas. */
	while ((d = osm_day(r)) >= 0 || strncmp(r, "PH", 2) == 0) {
		if (any++ && !add(out, size, k, ", "))
			return 0;
		if (d < 0) {
			if (!add(out, size, k, _("public holidays")))
				return 0;
			r += 2;
		} else if (r[2] == '-' && (e = osm_day(r + 3)) >= 0) {
			/* TRANSLATORS: a range of days in opening hours
			   ("Monday to Friday"); French "du %s au %s". */
			snprintf(pair, sizeof pair, _("%s to %s"),
			    day_name(d), day_name(e));
			if (!add(out, size, k, pair))
				return 0;
			r += 5;
		} else {
			if (!add(out, size, k, day_name(d)))
				return 0;
			r += 2;
		}
		if (*r != ',')
			break;
		r++;
	}
	if (any && *r == ' ')
		r++;
	else if (any && *r != '\0')
		return 0;
	if (strcmp(r, "off") == 0 || strcmp(r, "closed") == 0)
		/* TRANSLATORS: after days in opening hours ("public
		   holidays: closed"); alone, "closed". */
		return add(out, size, k, any ? _(": closed") : _("closed"));
	/* Times: "08:30-12:00", joined by commas. */
	for (e = 0; *r != '\0'; e++) {
		if ((e == 0 && any && !add(out, size, k, " ")) ||
		    (e > 0 && (*r++ != ',' || !add(out, size, k, ", "))) ||
		    !osm_time(&r, a, sizeof a) || *r++ != '-' ||
		    !osm_time(&r, b, sizeof b))
			return 0;
		/* U+2013 en dash between the two times */
		snprintf(pair, sizeof pair, "%s\xe2\x80\x93%s", a, b);
		if (!add(out, size, k, pair))
			return 0;
	}
	return any || e > 0;
}

/* `s` into `buf` of `size` bytes, cut before a whole character. */
static char *
copy_cut(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (size == 0)
		return buf;
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;	/* s[n] starts the first character left out */
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

char *
format_hours(const char *osm, char *buf, size_t size)
{
	char out[512], rule[256];
	const char *p = osm, *semi;
	size_t k = 0, n;
	int first = 1;

	out[0] = '\0';
	/* "24/7" stays: French typography spells it "24 h/24, 7 j/7"
	   (typo.c) where the text is shown. */
	for (;;) {
		semi = strchr(p, ';');
		n = semi != NULL ? (size_t)(semi - p) : strlen(p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0 || n >= sizeof rule)
			break;
		memcpy(rule, p, n);
		rule[n] = '\0';
		/* TRANSLATORS: between two rules of opening hours; French
		   puts a narrow no-break space before the semicolon. */
		if ((!first && !add(out, sizeof out, &k, _("; "))) ||
		    !osm_rule(rule, out, sizeof out, &k))
			break;
		first = 0;
		if (semi == NULL)
			return copy_cut(buf, size, out);
		p = semi + 1;
	}
	return copy_cut(buf, size, osm);
}
