/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.c - JSON string literals (json.h).
 */
#include "json.h"

#include <string.h>

#include "value.h"

/*
 * Length of the valid UTF-8 sequence at `p` (1 to 4), or 0 if it is not
 * one (a stray continuation byte, an overlong form, a surrogate, a code
 * point past U+10FFFF, a sequence cut short).
 */
static size_t
utf8_valid(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) ||
		    (p[0] == 0xed && p[1] >= 0xa0))
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) ||
		    (p[0] == 0xf4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

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
			if (*p >= 0x80) {
				size_t n = utf8_valid(p);

				if (n > 0) {
					p += n - 1;
					continue;
				}
				/* Invalid UTF-8 would make invalid JSON. */
				esc = "\\ufffd";
				break;
			}
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

void
json_member(FILE *f, int first, const char *key, const char *s)
{
	if (!first)
		fputs(", ", f);
	json_string(f, key);
	fputs(": ", f);
	json_string(f, s);
}

void
json_string_array(FILE *f, char *const *v, int n)
{
	int i;

	fputc('[', f);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		json_string(f, v[i]);
	}
	fputc(']', f);
}

/* A plain scalar that is a number of the engine, written as one. */
static int
json_number(const struct ynode *n, char *buf)
{
	num_t v;

	if (n->quoted || num_parse(n->str, 0, &v) == -1)
		return 0;
	num_format(v, buf);
	return 1;
}

void
json_ynode(const struct ynode *n, const char *skip,
    void (*put)(void *, const char *, size_t), void *ctx)
{
	char num[32];
	int i, k;

	if (n == NULL || ynode_is_null(n)) {
		put(ctx, "null", 4);
		return;
	}
	switch (n->kind) {
	case Y_SCALAR:
		if (!n->quoted && (strcmp(n->str, "true") == 0 ||
		    strcmp(n->str, "false") == 0))
			put(ctx, n->str, strlen(n->str));
		else if (json_number(n, num))
			put(ctx, num, strlen(num));
		else
			json_quote(n->str, put, ctx);
		break;
	case Y_SEQ:
		put(ctx, "[", 1);
		for (i = 0; i < n->n; i++) {
			if (i > 0)
				put(ctx, ", ", 2);
			json_ynode(n->items[i], skip, put, ctx);
		}
		put(ctx, "]", 1);
		break;
	case Y_MAP:
		put(ctx, "{", 1);
		for (i = k = 0; i < n->n; i++) {
			if (skip != NULL &&
			    strncmp(n->keys[i], skip, strlen(skip)) == 0)
				continue;
			if (k++ > 0)
				put(ctx, ", ", 2);
			json_quote(n->keys[i], put, ctx);
			put(ctx, ": ", 2);
			json_ynode(n->items[i], skip, put, ctx);
		}
		put(ctx, "}", 1);
		break;
	}
}

void
json_node(FILE *f, const struct ynode *n)
{
	json_ynode(n, NULL, put_file, f);
}
