/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outfilter.c - stripping control characters from everything printed.
 *
 * The standard streams are wrapped with fopencookie(3) (glibc, musl): the
 * wrapper's buffer is filtered and handed to the real stream, which is
 * flushed each time, so fflush(stdout) and a redirected file descriptor
 * (print --lp) behave as before.
 */
/* fopencookie is a GNU extension; only this file needs it. */
#define _GNU_SOURCE 1
#include "outfilter.h"

#include <string.h>

/* Filter state of one stream: a 0xC2 byte held back, waiting to see
 * whether the next byte makes it a C1 control. */
struct filtered {
	FILE	*to;
	int	 held;
};

static int
is_dropped(unsigned char c, int keep_lines)
{
	if (c == '\n' || c == '\t')
		return !keep_lines && c == '\n' ? 1 : 0;
	return c < 0x20 || c == 0x7f;
}

/*
 * The bytes kept go out in one fwrite per call (per 4 KiB): stderr is
 * unbuffered, and a putc a byte made one write(2) a byte (740,000 import
 * problems took three minutes).
 */
static ssize_t
filtered_write(void *cookie, const char *buf, size_t n)
{
	struct filtered *f = cookie;
	char out[4096];
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (o + 2 > sizeof out) {
			if (fwrite(out, 1, o, f->to) != o)
				return -1;
			o = 0;
		}
		if (f->held) {
			f->held = 0;
			if (c >= 0x80 && c <= 0x9f)
				continue;	/* C1 control: drop both */
			out[o++] = (char)0xc2;
		}
		if (c == 0xc2) {
			f->held = 1;
			continue;
		}
		if (!is_dropped(c, 1))
			out[o++] = (char)c;
	}
	if (o > 0 && fwrite(out, 1, o, f->to) != o)
		return -1;
	if (fflush(f->to) == EOF)
		return -1;
	return (ssize_t)n;
}

static FILE *
wrap(FILE *to, struct filtered *f)
{
	cookie_io_functions_t io = { NULL, filtered_write, NULL, NULL };
	FILE *fp;

	f->to = to;
	f->held = 0;
	if ((fp = fopencookie(f, "w", io)) == NULL)
		return NULL;
	/* The caller's buffering: line by line on a terminal (prompts). */
	setvbuf(fp, NULL, to == stderr ? _IONBF : _IOLBF, 0);
	return fp;
}

int
outfilter_install(void)
{
	static struct filtered out, err;
	static int done;
	FILE *o, *e;

	if (done)
		return 0;
#ifdef __GLIBC__
	if ((o = wrap(stdout, &out)) == NULL)
		return -1;
	if ((e = wrap(stderr, &err)) == NULL) {
		fclose(o);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	done = 1;
	stdout = o;
	stderr = e;
	return 0;
#else
	(void)o;
	(void)e;
	(void)out;
	(void)err;
	(void)done;
	return -1;
#endif
}

char *
outfilter_clean(char *dst, size_t size, const char *src, int keep_lines)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t j = 0;

	if (size == 0)
		return dst;
	for (; *s != '\0' && j + 1 < size; s++) {
		if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
			s++;
			continue;
		}
		if (!is_dropped(*s, keep_lines))
			dst[j++] = (char)*s;
	}
	dst[j] = '\0';
	return dst;
}

int
outfilter_has_control(const char *src, int keep_lines)
{
	const unsigned char *s = (const unsigned char *)src;

	for (; *s != '\0'; s++)
		if (is_dropped(*s, keep_lines) ||
		    (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f))
			return 1;
	return 0;
}

const char *
outfilter_csv_guard(const char *cell)
{
	if (cell != NULL && cell[0] != '\0' && strchr("=+-@\t\r", cell[0]))
		return "'";
	return "";
}
