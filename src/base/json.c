/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.c - JSON string literals (json.h).
 */
#include "json.h"

#include <string.h>

void
json_quote(const char *s, void (*put)(void *, const char *, size_t),
    void *ctx)
{
	const unsigned char *p, *run;
	const char *esc;
	char u[8];

	if (s == NULL) {
		put(ctx, "null", 4);
		return;
	}
	put(ctx, "\"", 1);
	/* Runs of bytes that need no escape go out in one piece. */
	for (run = p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		default:
			if (*p >= 0x20)
				continue;
			snprintf(u, sizeof u, "\\u%04x", *p);
			esc = u;
		}
		if (p > run)
			put(ctx, (const char *)run, (size_t)(p - run));
		put(ctx, esc, strlen(esc));
		run = p + 1;
	}
	if (p > run)
		put(ctx, (const char *)run, (size_t)(p - run));
	put(ctx, "\"", 1);
}

static void
put_file(void *f, const char *bytes, size_t n)
{
	fwrite(bytes, 1, n, f);
}

void
json_string(FILE *f, const char *s)
{
	json_quote(s, put_file, f);
}
