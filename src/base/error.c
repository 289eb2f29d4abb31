/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * error.c - filling and formatting struct error.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int
error_set(struct error *err, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->file = file;
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void
error_format(const struct error *err, char *buf, int size)
{
	if (err->file != NULL && err->line > 0)
		snprintf(buf, (size_t)size, "%s:%d:%d: %s", err->file,
		    err->line, err->col, err->msg);
	else if (err->file != NULL)
		snprintf(buf, (size_t)size, "%s: %s", err->file, err->msg);
	else
		snprintf(buf, (size_t)size, "%s", err->msg);
}
