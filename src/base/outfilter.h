/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outfilter.h - the one filter between data and a terminal, a printer or
 * a text file.
 *
 * Rule texts, directory records, answers, the configuration and the
 * environment all end up in what the command prints. A control character
 * in any of them (ESC starting a terminal sequence, a C1 CSI, a carriage
 * return hiding a line) must never reach the output. Rather than trust
 * every printf, the command-line front end writes through filtered
 * streams: outfilter_install() puts a filter under stdout and stderr that
 * drops every control character but newline and tab. HTML is escaped where
 * it is written (summary); CSV cells get outfilter_csv_guard().
 */
#ifndef OUTFILTER_H
#define OUTFILTER_H

#include <stddef.h>
#include <stdio.h>

/*
 * Put the filter under stdout and stderr (the full-screen front end does
 * not call it: curses writes to the terminal itself). stdout goes out
 * line by line when `lines` (a dialogue: the plain interview reads its
 * answers between its lines) or when it is a terminal; else in blocks of
 * 128 KiB (one write for a report, not one a line). Whatever goes to
 * stderr first sends what stdout holds, so messages keep their place
 * among the lines. Idempotent. Returns 0, or -1 when the C library cannot
 * wrap its standard streams (then the streams are left as they were).
 */
int	outfilter_install(int lines);

/*
 * Copy `src` into `dst` (at most `size` bytes with the NUL) without its
 * control characters: C0 but newline and tab when `keep_lines`, DEL, and
 * C1 (U+0080 to U+009F in UTF-8). Returns `dst`.
 */
char	*outfilter_clean(char *dst, size_t size, const char *src,
	    int keep_lines);

/*
 * A stream that writes to `to` with its lines broken at spaces to fit
 * the width of the terminal `fd` (asked at each write, so a resized
 * window is followed), a line that continues under the text of the first
 * rather than under its indent or its marker ("[x] ", "- ", "12. "): the
 * plain interview on a terminal, where the terminal itself would cut
 * words at its edge. A no-break space holds (utf8_wrap). What is written
 * without its newline (a prompt, then the answer typed) goes out as it
 * is. Line-buffered; fclose flushes it and leaves `to` open. NULL when
 * the C library cannot make such a stream, or when `fd` is not a
 * terminal: then write to `to`.
 */
FILE	*outfilter_wrap(FILE *to, int fd);

/* As outfilter_wrap, at a fixed `width` in columns (tests). */
FILE	*outfilter_wrap_width(FILE *to, int width);

/* True if `s` holds a control character outfilter_clean would drop. */
int	outfilter_has_control(const char *s, int keep_lines);

/*
 * The prefix a CSV cell needs so that a spreadsheet does not take it for a
 * formula: "'" when it starts with = + - @, a tab or a carriage return,
 * else "".
 */
const char	*outfilter_csv_guard(const char *cell);

#endif
