/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_extra.c - what the directory, cases and statistics screens share:
 * the context the caller installs (territory, store) and a scrollable
 * text of wrapped paragraphs.
 */
#include "ui_screens_extra.h"
#include "ui_screen.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static struct ui_extra_ctx g_extra;

void
ui_extra_set(const struct ui_extra_ctx *c)
{
	if (c != NULL)
		g_extra = *c;
	else
		memset(&g_extra, 0, sizeof g_extra);
}

const struct ui_extra_ctx *
ui_extra(void)
{
	return &g_extra;
}

void
ui_text_add(struct ui_text *t, int style, int indent, const char *fmt, ...)
{
	va_list ap;
	char buf[2000];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->p = xrealloc(t->p, sizeof *t->p * (size_t)t->cap);
	}
	t->p[t->n].style = style;
	t->p[t->n].indent = indent;
	t->p[t->n].text = xstrdup(buf);
	t->n++;
}

void
ui_text_clear(struct ui_text *t)
{
	int i;

	for (i = 0; i < t->n; i++)
		free(t->p[i].text);
	free(t->p);
	t->p = NULL;
	t->n = t->cap = 0;
	t->scroll = t->lines = 0;
}

/* Counting or drawing the lines of one paragraph. */
struct text_wrap {
	struct ui			*ui;
	const struct ui_text_para	*p;
	int				 y;		/* row of the next line */
	int				 top, bottom;	/* drawable rows */
	int				 x, w;
	int				 n;		/* lines so far */
	int				 draw;
};

static void
text_line(void *ctx, const char *s, int nbytes)
{
	struct text_wrap *c = ctx;
	char buf[2000];

	if (c->draw && c->y >= c->top && c->y < c->bottom) {
		snprintf(buf, sizeof buf, "%.*s", nbytes, s);
		ui_put(c->ui, c->y, c->x + c->p->indent, c->w - c->p->indent,
		    c->p->style, buf);
	}
	c->y++;
	c->n++;
}

static int
text_para(struct ui *ui, const struct ui_text_para *p, int y, int top,
    int bottom, int x, int w, int draw)
{
	struct text_wrap c = { ui, p, y, top, bottom, x, w, 0, draw };

	if (p->text[0] == '\0')
		return 1;
	ui_wrap(p->text, w - p->indent, text_line, &c);
	return c.n > 0 ? c.n : 1;
}

void
ui_text_draw(struct ui *ui, struct ui_text *t, int top, int bottom, int x,
    int w, int info_y)
{
	int i, y, rows = bottom - top;

	if (rows <= 0 || w <= 4)
		return;
	t->lines = 0;
	for (i = 0; i < t->n; i++)
		t->lines += text_para(ui, &t->p[i], 0, 0, 0, x, w, 0);
	if (t->scroll > t->lines - rows)
		t->scroll = t->lines - rows;
	if (t->scroll < 0)
		t->scroll = 0;
	y = top - t->scroll;
	for (i = 0; i < t->n && y < bottom; i++)
		y += text_para(ui, &t->p[i], y, top, bottom, x, w, 1);
	if (t->lines > rows && info_y >= 0) {
		char pos[80];
		int pw;

		snprintf(pos, sizeof pos, _(" lines %d–%d of %d "),
		    t->scroll + 1, t->scroll + rows, t->lines);
		pw = ui_width(pos);
		ui_put(ui, info_y, COLS - 1 - pw, pw, info_y == 0 ? UI_TITLE :
		    UI_DIM, pos);
	}
}

void
ui_text_scroll(struct ui_text *t, int how, int rows)
{
	int page = rows > 2 ? rows - 1 : 1;

	switch (how) {
	case 1:
		t->scroll--;
		break;
	case 2:
		t->scroll++;
		break;
	case 3:
		t->scroll -= page;
		break;
	case 4:
		t->scroll += page;
		break;
	case 5:
		t->scroll = 0;
		break;
	case 6:
		t->scroll = t->lines;
		break;
	}
	if (t->scroll < 0)
		t->scroll = 0;
	/* The upper bound is clamped at the next draw. */
}
