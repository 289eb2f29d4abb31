/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * error.h - the error every engine and store function fills in.
 *
 * Deep code never prints: it fills a struct error and returns -1; main and
 * the UI decide how to show it. `file` is borrowed from the caller or the
 * model and outlives the error.
 */
#ifndef ERROR_H
#define ERROR_H

struct error {
	char		 msg[512];
	const char	*file;	/* may be NULL */
	int		 line;	/* 1-based; 0 when not known */
	int		 col;	/* 1-based; 0 when not known */
};

/* Fill `err` (if not NULL) and return -1, so callers can `return error_set(...)`. */
int	error_set(struct error *, const char *file, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* "file:line:col: msg" into buf. */
void	error_format(const struct error *, char *buf, int size);

#endif
