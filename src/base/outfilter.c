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

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "strbuf.h"
#include "utf8.h"
#include "xmalloc.h"

#define OUTFILTER_BUFSIZE	(128 * 1024)

/* Filter state of one stream: a 0xC2 byte held back, waiting to see
 * whether the next byte makes it a C1 control. */
struct filtered {
	FILE	*to;
	int	 held;
	FILE	*first;		/* flushed before writing (stderr: stdout) */
};

static int
is_dropped(unsigned char c, int keep_lines)
{
	if (c == '\n' || c == '\t')
		return !keep_lines && c == '\n' ? 1 : 0;
	return c < 0x20 || c == 0x7f;
}

/* Bytes that stop a run of bytes written as they are: C0 but newline
 * and tab, DEL, and 0xC2, which starts a C1 control in UTF-8. */
static int
stops_run(unsigned char c)
{
	return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || c == 0xc2;
}

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

/* True if none of the 8 bytes of `x` is below 0x20, DEL or 0xC2 (the
 * zero-byte test of "Bit Twiddling Hacks", exact), so that a run is
 * scanned 8 bytes at a time. */
static int
word_plain(uint64_t x)
{
	uint64_t del = x ^ (ONES * 0x7f), c2 = x ^ (ONES * 0xc2);

	return (((x - ONES * 0x20) & ~x) | ((del - ONES) & ~del) |
	    ((c2 - ONES) & ~c2)) & HIGHS ? 0 : 1;
}

#ifdef __SSE2__
#include <emmintrin.h>

/*
 * How many bytes from `p` (at most `n`) are surely plain, 16 at a time:
 * none below 0x20 (newline and tab too: the caller looks at those one
 * by one), DEL or 0xC2. SSE2 is part of every x86-64 processor.
 */
/* The bytes of `x` that stop a run: below 0x20 (unsigned: max(x, 0x20)
   differs from x), DEL or 0xC2, as 0xFF. */
static inline __m128i
stops16(__m128i x)
{
	const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f),
	    c2 = _mm_set1_epi8((char)0xc2);

	return _mm_or_si128(_mm_xor_si128(_mm_cmpeq_epi8(_mm_max_epu8(x,
	    space), x), _mm_set1_epi8(-1)), _mm_or_si128(_mm_cmpeq_epi8(x,
	    del), _mm_cmpeq_epi8(x, c2)));
}

static size_t
plain_prefix(const char *p, size_t n)
{
	size_t i = 0;

	/* 64 bytes a round while none stops, then 16 */
	for (; i + 64 <= n; i += 64) {
		__m128i s = _mm_or_si128(_mm_or_si128(
		    stops16(_mm_loadu_si128((const __m128i *)(p + i))),
		    stops16(_mm_loadu_si128((const __m128i *)(p + i + 16)))),
		    _mm_or_si128(
		    stops16(_mm_loadu_si128((const __m128i *)(p + i + 32))),
		    stops16(_mm_loadu_si128((const __m128i *)(p + i + 48)))));

		if (_mm_movemask_epi8(s) != 0)
			break;
	}
	for (; i + 16 <= n; i += 16)
		if (_mm_movemask_epi8(stops16(_mm_loadu_si128(
		    (const __m128i *)(p + i)))) != 0)
			break;
	return i;
}
#else
static size_t
plain_prefix(const char *p, size_t n)
{
	(void)p;
	(void)n;
	return 0;
}
#endif

/*
 * The bytes kept go out in runs, one fwrite each, and the real stream is
 * flushed once per call (per buffer of the wrapper): stderr is
 * unbuffered, and a putc a byte made one write(2) a byte (740,000
 * import problems took three minutes); a JSON line of 70 KB went out in
 * 4 KiB pieces.
 */
static ssize_t
filtered_write(void *cookie, const char *buf, size_t n)
{
	struct filtered *f = cookie;
	size_t i = 0, run;

	if (f->first != NULL && fflush(f->first) == EOF)
		return -1;
	while (i < n) {
		unsigned char c = (unsigned char)buf[i];

		if (f->held) {
			f->held = 0;
			if (c >= 0x80 && c <= 0x9f) {
				i++;	/* C1 control: drop both */
				continue;
			}
			if (fputc(0xc2, f->to) == EOF)
				return -1;
		}
		for (run = i; i < n; ) {
			uint64_t x;

			if ((i += plain_prefix(buf + i, n - i)) == n)
				break;
			if (i + 8 <= n) {
				memcpy(&x, buf + i, 8);
				if (word_plain(x)) {
					i += 8;
					continue;
				}
			}
			if (stops_run((unsigned char)buf[i]))
				break;
			i++;
		}
		if (i > run && fwrite(buf + run, 1, i - run, f->to) !=
		    i - run)
			return -1;
		if (i < n) {
			if ((unsigned char)buf[i] == 0xc2)
				f->held = 1;
			i++;	/* a control character is dropped */
		}
	}
	if (fflush(f->to) == EOF)
		return -1;
	return (ssize_t)n;
}

static FILE *
wrap(FILE *to, struct filtered *f, char *buf, size_t size, int mode)
{
	cookie_io_functions_t io = { NULL, filtered_write, NULL, NULL };
	FILE *fp;

	f->to = to;
	f->held = 0;
	if ((fp = fopencookie(f, "w", io)) == NULL)
		return NULL;
	/* The caller's buffering: none (stderr), line by line (prompts),
	   or in a buffer that holds a whole JSON line of `eval --json`
	   (one write, not 18). */
	if (buf == NULL)
		setvbuf(fp, NULL, _IONBF, 0);
	else
		setvbuf(fp, buf, mode, size);
	return fp;
}

int
outfilter_install(int lines)
{
	static struct filtered out, err;
	static char outbuf[OUTFILTER_BUFSIZE];
	static int done;
	FILE *o, *e;

	if (done)
		return 0;
#ifdef __GLIBC__
	if ((o = wrap(stdout, &out, outbuf, sizeof outbuf, lines ||
	    isatty(fileno(stdout)) ? _IOLBF : _IOFBF)) == NULL)
		return -1;
	if ((e = wrap(stderr, &err, NULL, 0, _IONBF)) == NULL) {
		fclose(o);
		return -1;
	}
	err.first = o;
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

/* --- word wrap to a terminal's width ------------------------------------ */

struct wrapped {
	FILE		*to;
	int		 fd;		/* its width asked at each write; -1 */
	int		 width;		/* else this one */
	int		 midline;	/* a line begun without its newline */
	struct strbuf	 held;		/* the start of a line cut by a full
					   buffer, not yet written */
	int		 failed;
	const char	*indent;	/* wrap_piece: the line's first one, */
	int		 cols;		/* then `cols` spaces */
	int		 first;
	char		 buf[BUFSIZ];
};

static int
wrap_width(const struct wrapped *w)
{
	struct winsize ws;

	if (w->fd >= 0)
		return ioctl(w->fd, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;
	return w->width;
}

/* How many bytes of `p` (`n`) a continued line goes under: the indent,
   then a marker ("[x] ", "[≠] ", "- ", "> ", "! ", "12. ") if any. A
   line without either goes on 4 columns in (wrap_line). */
static size_t
wrap_prefix(const char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n && p[i] == ' ')
		i++;
	if (i + 1 < n && p[i] == '[') {
		for (k = i + 1; k < n && k < i + 6 && p[k] != ']'; k++)
			;
		if (k + 1 < n && p[k] == ']' && p[k + 1] == ' ')
			return k + 2;
	}
	if (i + 1 < n && strchr("->!*", p[i]) != NULL && p[i + 1] == ' ')
		return i + 2;
	for (k = i; k < n && k < i + 3 && p[k] >= '0' && p[k] <= '9'; k++)
		;
	if (k > i && k + 1 < n && p[k] == '.' && p[k + 1] == ' ')
		return k + 2;
	return i;
}

static void
wrap_piece(void *ctx, const char *p, size_t n)
{
	struct wrapped *w = ctx;

	if (w->first)
		fputs(w->indent, w->to);
	else
		fprintf(w->to, "%*s", w->cols, "");
	w->first = 0;
	if (fwrite(p, 1, n, w->to) != n || fputc('\n', w->to) == EOF)
		w->failed = 1;
}

/* One whole line (without its newline) at `width` columns. */
static void
wrap_line(struct wrapped *w, const char *p, size_t n, int width)
{
	struct strbuf prefix = STRBUF_INIT, rest = STRBUF_INIT;
	size_t k;

	if (width < 20 || utf8_width_n(p, n) <= width) {
		if (fwrite(p, 1, n, w->to) != n || fputc('\n', w->to) == EOF)
			w->failed = 1;
		return;
	}
	k = wrap_prefix(p, n);
	strbuf_addn(&prefix, p, k);
	strbuf_addn(&rest, p + k, n - k);
	/* a line from the left edge goes on under it, 4 columns in */
	w->cols = k == 0 ? 4 : utf8_width(strbuf_str(&prefix));
	if (w->cols > width / 2) {	/* no room under it: from the left */
		strbuf_release(&prefix);
		strbuf_release(&rest);
		strbuf_addn(&rest, p, n);
		w->cols = 0;
	}
	w->indent = strbuf_str(&prefix);
	w->first = 1;
	(void)utf8_wrap(strbuf_str(&rest), width - w->cols, 0, wrap_piece, w);
	strbuf_release(&prefix);
	strbuf_release(&rest);
}

/*
 * The stream's buffer goes out at each newline, when fflush asks (a
 * prompt: written as it is, and the rest of its line after it), or when
 * it is full (a long report: whole buffers, cut anywhere). A write of
 * whole buffers keeps the start of its last line until the rest comes.
 */
static ssize_t
wrapped_write(void *cookie, const char *buf, size_t n)
{
	struct wrapped *w = cookie;
	int width = wrap_width(w), full = n % sizeof w->buf == 0;
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t len = nl != NULL ? (size_t)(nl - (buf + i)) : n - i;

		if (w->midline) {
			if (fwrite(buf + i, 1, len + (nl != NULL), w->to) !=
			    len + (nl != NULL))
				w->failed = 1;
			w->midline = nl == NULL;
		} else if (nl != NULL) {
			strbuf_addn(&w->held, buf + i, len);
			wrap_line(w, strbuf_str(&w->held), w->held.len, width);
			strbuf_release(&w->held);
		} else if (full) {
			strbuf_addn(&w->held, buf + i, len);
		} else {
			strbuf_addn(&w->held, buf + i, len);
			if (fwrite(w->held.s, 1, w->held.len, w->to) !=
			    w->held.len)
				w->failed = 1;
			strbuf_release(&w->held);
			w->midline = 1;
		}
		i += len + (nl != NULL);
	}
	if (fflush(w->to) == EOF || w->failed)
		return -1;
	return (ssize_t)n;
}

static int
wrapped_close(void *cookie)
{
	struct wrapped *w = cookie;
	int rc = 0;

	if (w->held.len > 0 && (fwrite(w->held.s, 1, w->held.len, w->to) !=
	    w->held.len || fflush(w->to) == EOF))
		rc = -1;
	strbuf_release(&w->held);
	free(w);
	return rc;
}

static FILE *
wrap_open(FILE *to, int fd, int width)
{
#ifdef __GLIBC__
	cookie_io_functions_t io = { NULL, wrapped_write, NULL,
	    wrapped_close };
	struct wrapped *w = xcalloc(1, sizeof *w);
	FILE *fp;

	w->to = to;
	w->fd = fd;
	w->width = width;
	if ((fp = fopencookie(w, "w", io)) == NULL) {
		free(w);
		return NULL;
	}
	setvbuf(fp, w->buf, _IOLBF, sizeof w->buf);
	return fp;
#else
	(void)to;
	(void)fd;
	(void)width;
	return NULL;
#endif
}

FILE *
outfilter_wrap(FILE *to, int fd)
{
	if (!isatty(fd))
		return NULL;
	return wrap_open(to, fd, 0);
}

FILE *
outfilter_wrap_width(FILE *to, int width)
{
	return wrap_open(to, -1, width);
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
