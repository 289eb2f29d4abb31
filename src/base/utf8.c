/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * utf8.c - UTF-8 text measured in columns, wrapped and folded (utf8.h),
 * over libunistring.
 */
#include "utf8.h"

#include <ctype.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <unictype.h>
#include <unistr.h>
#include <uniwidth.h>

int
utf8_next(const char *s, size_t n, uint32_t *cp)
{
	ucs4_t uc;
	int k;

	if ((unsigned char)*s < 0x80) {
		*cp = (unsigned char)*s;
		return 1;
	}
	k = u8_mbtouc(&uc, (const uint8_t *)s, n);
	/* u8_mbtouc gives U+FFFD for a bad sequence, after 1+ bytes */
	if (uc == 0xFFFD && k < 1)
		k = 1;
	*cp = uc;
	return k < 1 ? 1 : k;
}

int
utf8_char_width(uint32_t cp)
{
	int w = uc_width(cp, "UTF-8");

	return w < 0 ? 1 : w;
}

int
utf8_width_n(const char *s, size_t n)
{
	uint32_t cp;
	int cols = 0, k;

	while (n > 0) {
		k = utf8_next(s, n, &cp);
		cols += utf8_char_width(cp);
		s += k;
		n -= (size_t)k;
	}
	return cols;
}

int
utf8_width(const char *s)
{
	return utf8_width_n(s, strlen(s));
}

int
utf8_wrap(const char *s, int width, int flags,
    void (*line)(void *ctx, const char *p, size_t n), void *ctx)
{
	size_t len = strlen(s), i = 0;
	int nlines = 0;

	if (width < 1)
		width = 1;
	for (;;) {
		size_t start = i, end = i, brk = 0, k;
		int cols = 0, w, have_brk = 0;
		uint32_t cp;

		/* the longest run that fits, remembering the last space */
		while (i < len && s[i] != '\n') {
			k = (size_t)utf8_next(s + i, len - i, &cp);
			w = utf8_char_width(cp);
			if (cp == ' ') {
				brk = i;
				have_brk = 1;
			} else if (cols + w > width)
				break;
			cols += w;
			i += k;
			if (cp != ' ')
				end = i;
		}
		if (i < len && s[i] != '\n') {
			/* too long: back to the last space, or past/cut
			   the word that does not fit */
			if (have_brk && brk > start) {
				i = brk;
				end = brk;
				while (end > start && s[end - 1] == ' ')
					end--;
			} else if (flags & UTF8_WRAP_CUT) {
				if (end == start)	/* not even one */
					end = i += (size_t)utf8_next(s + i,
					    len - i, &cp);
			} else {
				while (i < len && s[i] != ' ' && s[i] != '\n')
					i++;
				end = i;
			}
		}
		line(ctx, s + start, end - start);
		nlines++;
		while (i < len && s[i] == ' ')
			i++;
		if (i < len && s[i] == '\n')
			i++;
		if (i >= len)
			break;
	}
	return nlines;
}

/* --- folding ------------------------------------------------------------ */

struct fold_out {
	char	*p;
	size_t	 len, size;
};

static void
fold_put(struct fold_out *o, char c)
{
	/* Separators collapse here already: never two spaces in a row. */
	if (c == ' ' && (o->len == 0 || o->p[o->len - 1] == ' '))
		return;
	if (o->len + 1 < o->size)
		o->p[o->len++] = c;
}

static void
fold_cp(struct fold_out *o, ucs4_t uc, int depth)
{
	ucs4_t dec[UC_DECOMPOSITION_MAX_LENGTH];
	int tag, n, i;

	if (uc < 0x80) {
		if (uc >= 'A' && uc <= 'Z')
			fold_put(o, (char)(uc - 'A' + 'a'));
		else if ((uc >= 'a' && uc <= 'z') || (uc >= '0' && uc <= '9'))
			fold_put(o, (char)uc);
		else
			fold_put(o, ' ');
		return;
	}
	switch (uc) {
	case 0x152: case 0x153:		/* Œ œ */
		fold_put(o, 'o');
		fold_put(o, 'e');
		return;
	case 0xC6: case 0xE6:		/* Æ æ */
		fold_put(o, 'a');
		fold_put(o, 'e');
		return;
	case 0xDF:			/* ß */
		fold_put(o, 's');
		fold_put(o, 's');
		return;
	}
	if (uc_combining_class(uc) != 0)
		return;			/* an accent */
	if (depth < 8 && (n = uc_decomposition(uc, &tag, dec)) > 0) {
		for (i = 0; i < n; i++)
			fold_cp(o, dec[i], depth + 1);
		return;
	}
	fold_put(o, ' ');
}

size_t
utf8_fold(const char *s, char *out, size_t size)
{
	struct fold_out o = { out, 0, size };
	const uint8_t *p = (const uint8_t *)s;
	size_t len = strlen(s);
	ucs4_t uc;
	int k;

	while (len > 0) {
		if (*p < 0x80) {
			/* ASCII fast path: most of every name */
			fold_cp(&o, *p, 0);
			p++;
			len--;
			continue;
		}
		k = u8_mbtouc(&uc, p, len);
		fold_cp(&o, uc, 0);
		p += k;
		len -= (size_t)k;
	}
	while (o.len > 0 && out[o.len - 1] == ' ')
		o.len--;
	out[o.len] = '\0';
	return o.len;
}

char *
utf8_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}
