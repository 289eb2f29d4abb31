/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * format.c - amounts of money as people read them (format.h): the one
 * formatter the screens, the reports and the summaries share.
 */
#include "format.h"

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
