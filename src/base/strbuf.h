/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * strbuf.h - a growable string (git's strbuf, smaller).
 *
 * `s` is always NUL-terminated once anything was added (NULL before);
 * `len` is its length in bytes. Allocation never fails (xmalloc).
 */
#ifndef STRBUF_H
#define STRBUF_H

#include <stddef.h>

struct strbuf {
	char	*s;
	size_t	 len, cap;
};

#define STRBUF_INIT	{ NULL, 0, 0 }

/* Append `n` bytes of `s` (which may hold NUL bytes). */
void	 strbuf_addn(struct strbuf *, const char *s, size_t n);
/* Append the string `s`. */
void	 strbuf_add(struct strbuf *, const char *s);
/* Append one byte. */
void	 strbuf_addc(struct strbuf *, char c);
/* Append printf output. */
void	 strbuf_printf(struct strbuf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The string, "" when empty; still owned by the buffer. */
const char *strbuf_str(const struct strbuf *);
/* Take the string (never NULL; caller frees); the buffer is empty. */
char	*strbuf_detach(struct strbuf *);
/* Free the string; the buffer is empty and reusable. */
void	 strbuf_release(struct strbuf *);

#endif
