/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * typo.c - typography at display time (typo.h).
 *
 * One left-to-right pass: each ASCII space is kept, or replaced by the
 * no-break space its neighbours call for (before a slash standing between
 * two words too: "AED / TISF"); a missing space before French
 * high punctuation or inside guillemets is added; "24/7" is spelt out;
 * apostrophes are curled for paper. Bytes of UTF-8 sequences are copied
 * as they are, so any valid input stays valid.
 */
#include "typo.h"

#include <string.h>

#include "i18n.h"
#include "strbuf.h"

#define NBSP	"\xc2\xa0"		/* U+00A0 */
#define NNBSP	"\xe2\x80\xaf"		/* U+202F */
#define RSQUO	"\xe2\x80\x99"		/* U+2019 ’ */
#define LAQUO	"\xc2\xab"		/* « */
#define RAQUO	"\xc2\xbb"		/* » */
#define EURO	"\xe2\x82\xac"		/* € */

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
starts(const char *p, const char *with)
{
	return strncmp(p, with, strlen(with)) == 0;
}

/* A space or a guillemet of our own, at p (a lead byte). */
static int
is_sign(const char *p)
{
	return starts(p, NBSP) || starts(p, NNBSP) || starts(p, LAQUO) ||
	    starts(p, RAQUO);
}

/* The character at p is a letter or a digit (any non-ASCII one but our
   spaces and guillemets counts as a letter). */
static int
word_at(const char *p)
{
	unsigned char u = (unsigned char)*p;

	if (u < 0x80)
		return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
		    is_digit(*p);
	return !is_sign(p);
}

/* The character before p (s: the start) is a letter or a digit. */
static int
word_before(const char *s, const char *p)
{
	const char *q = p - 1;

	if (p == s)
		return 0;
	while (q > s && ((unsigned char)*q & 0xC0) == 0x80)
		q--;
	return word_at(q);
}

/* Where a word ends: the end, a space, a newline, a closing sign. */
static int
boundary(const char *p)
{
	return *p == '\0' || *p == ' ' || *p == '\n' || *p == ')' ||
	    *p == '.' || *p == ',' || starts(p, RAQUO) || starts(p, NBSP) ||
	    starts(p, NNBSP);
}

/* French high punctuation that takes U+202F before it, at p. */
static int
high_punct(const char *p)
{
	return (*p == ';' || *p == '?' || *p == '!') && boundary(p + 1);
}

/* A colon ending a word (not "https://" nor "09:00"). */
static int
colon(const char *p)
{
	return *p == ':' && boundary(p + 1);
}

/* "24/7" standing alone at p (s: the start, to look behind). */
static int
round_the_clock(const char *s, const char *p)
{
	return starts(p, "24/7") && (p == s || !(is_digit(p[-1]) ||
	    p[-1] == '/')) && !is_digit(p[4]) && p[4] != '/';
}

/* The space at p (an ASCII space): what it becomes. */
static const char *
space_for(const char *s, const char *p, int fr)
{
	const char *next = p + 1;

	if (p > s && is_digit(p[-1]) && is_digit(*next))
		return NBSP;		/* 1 394, 0 805 16 00 75 */
	if (*next == '/' && next[1] == ' ')
		return NBSP;		/* AED / TISF: no line starts "/" */
	if (!fr)
		return " ";
	if (high_punct(next))
		return NNBSP;
	if (colon(next) || starts(next, EURO) || *next == '%')
		return NBSP;
	if (p - s >= 2 && starts(p - 2, LAQUO))
		return NNBSP;
	if (starts(next, RAQUO))
		return NNBSP;
	return " ";
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A byte the loop below copies as it is, whatever surrounds it: not
   the end, a space, high punctuation, an apostrophe, the '2' of "24/7"
   nor the lead byte of « or ». */
static int
plain(unsigned char c)
{
	return c != '\0' && c != ' ' && c != ';' && c != '?' && c != '!' &&
	    c != '\'' && c != '2' && c != 0xC2;
}

char *
typo_apply(const char *s, const char *lang, int flags)
{
	struct strbuf b = STRBUF_INIT;
	const char *p, *q;
	int fr;

	if (lang == NULL)
		lang = i18n_lang();
	fr = strncmp(lang, "en", 2) != 0;
	for (p = s; *p != '\0'; p++) {
		/* runs of plain bytes at once (most of a report), with the
		   spaces between two ASCII letters (space_for keeps them) */
		for (q = p; plain((unsigned char)*q) || (*q == ' ' && q > s &&
		    is_alpha(q[-1]) && is_alpha(q[1])); q++)
			;
		if (q > p) {
			strbuf_addn(&b, p, (size_t)(q - p));
			if (*(p = q) == '\0')
				break;
		}
		if (*p == ' ') {
			strbuf_add(&b, space_for(s, p, fr));
			continue;
		}
		if (fr && word_before(s, p) && (high_punct(p) ||
		    starts(p, RAQUO)))
			strbuf_add(&b, NNBSP);	/* "quoi?" -> "quoi ?" */
		if (fr && round_the_clock(s, p)) {
			strbuf_add(&b, "24" NBSP "h/24, 7" NBSP "j/7");
			p += 3;
			continue;
		}
		if ((flags & TYPO_PRINT) && *p == '\'' && word_before(s, p) &&
		    word_at(p + 1)) {
			strbuf_add(&b, RSQUO);
			continue;
		}
		strbuf_addc(&b, *p);
		if (fr && starts(p, LAQUO) && word_at(p + 2)) {
			strbuf_addc(&b, p[1]);	/* "«mot" -> "« mot" */
			strbuf_add(&b, NNBSP);
			p++;
		}
	}
	return strbuf_detach(&b);
}
