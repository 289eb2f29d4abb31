/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * utf8.h - UTF-8 text measured in columns, wrapped and folded.
 *
 * The one place that decodes UTF-8 for people: the screens, the plain
 * reports and the printed summary count columns here, so they agree
 * whatever the locale (widths come from libunistring's tables, not from
 * the C library's current locale). An invalid or cut byte counts as one
 * column (U+FFFD, as a terminal shows it).
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the character at `s` (at most `n` bytes, n > 0) into *cp;
 * returns its length in bytes (1 and U+FFFD for an invalid or cut
 * sequence).
 */
int	utf8_next(const char *s, size_t n, uint32_t *cp);

/* Columns of one character: 0 for a combining mark, 2 for a wide one,
   1 for anything unprintable (it is shown as a replacement). */
int	utf8_char_width(uint32_t cp);

/* Columns of the string `s`, or of its first `n` bytes. */
int	utf8_width(const char *s);
int	utf8_width_n(const char *s, size_t n);

/* utf8_wrap flags */
#define UTF8_WRAP_CUT	0x01	/* cut a word longer than the width
				   (screens); without, it stands alone on
				   its line, longer (a web address on paper) */

/*
 * Cut `s` into lines of at most `width` columns, calling `line` with
 * each (bytes `p`, length `n`, no newline). Lines break at ASCII spaces
 * only, so a no-break space (U+00A0, U+202F) holds a phone number or an
 * amount together; the spaces at a break are dropped, a newline in `s`
 * always breaks. Returns the number of lines (at least 1, even for "").
 */
int	utf8_wrap(const char *s, int width, int flags,
	    void (*line)(void *ctx, const char *p, size_t n), void *ctx);

/*
 * Fold `s` for searching: lowercase ASCII letters and digits, accents
 * removed (é→e, œ→oe, ß→ss), anything else one space, never two in a
 * row nor at either end. Writes at most `size` bytes with the NUL into
 * `out` (size > 0); returns the folded length.
 */
size_t	utf8_fold(const char *s, char *out, size_t size);

/*
 * Strip the ASCII white space at both ends of `s`, in place: the end is
 * cut with a NUL; returns the first byte kept (inside `s`).
 */
char	*utf8_trim(char *s);

#endif
