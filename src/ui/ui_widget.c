/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_widget.c - the widgets the screens share: the one-line text field,
 * the scrolling list, and the paragraphs (a scrollable text wrapped to
 * the width at each draw).
 */
#include "ui_screen.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* --- the text field ----------------------------------------------------- */

void
ui_field_set(struct ui_field *f, const char *s)
{
	snprintf(f->buf, sizeof f->buf, "%s", s);
	f->len = (int)strlen(f->buf);
	f->pos = f->len;
}

static int
prev_char(const char *s, int pos)
{
	if (pos <= 0)
		return 0;
	pos--;
	while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80)
		pos--;
	return pos;
}

static int
next_pos(const char *s, int len, int pos)
{
	if (pos >= len)
		return len;
	pos++;
	while (pos < len && ((unsigned char)s[pos] & 0xC0) == 0x80)
		pos++;
	return pos;
}

int
ui_field_key(struct ui_field *f, wint_t ch, int fkey)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t k;
	int p;

	if (fkey) {
		switch (ch) {
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			goto delete;
		case KEY_LEFT:
			f->pos = prev_char(f->buf, f->pos);
			return 1;
		case KEY_RIGHT:
			f->pos = next_pos(f->buf, f->len, f->pos);
			return 1;
		case KEY_HOME:
			f->pos = 0;
			return 1;
		case KEY_END:
			f->pos = f->len;
			return 1;
		}
		return 0;
	}
	if (ch == 127 || ch == 8)
		goto backspace;
	if (ch == UI_CTRL('U')) {
		f->len = f->pos = 0;
		f->buf[0] = '\0';
		return 1;
	}
	if (ch < 32 || (ch >= 0x7f && ch < 0xa0) || wcwidth((wchar_t)ch) < 0)
		return 0;
	memset(&st, 0, sizeof st);
	k = wcrtomb(mb, (wchar_t)ch, &st);
	if (k == (size_t)-1 || f->len + (int)k >= (int)sizeof f->buf)
		return 1;	/* swallowed: unencodable or full */
	memmove(f->buf + f->pos + k, f->buf + f->pos,
	    (size_t)(f->len - f->pos + 1));
	memcpy(f->buf + f->pos, mb, k);
	f->len += (int)k;
	f->pos += (int)k;
	return 1;
backspace:
	if (f->pos == 0)
		return 1;
	p = prev_char(f->buf, f->pos);
	memmove(f->buf + p, f->buf + f->pos, (size_t)(f->len - f->pos + 1));
	f->len -= f->pos - p;
	f->pos = p;
	return 1;
delete:
	if (f->pos >= f->len)
		return 1;
	p = next_pos(f->buf, f->len, f->pos);
	memmove(f->buf + f->pos, f->buf + p, (size_t)(f->len - p + 1));
	f->len -= p - f->pos;
	return 1;
}

void
ui_field_draw(struct ui *ui, struct ui_field *f, int y, int x, int w)
{
	int start = 0, curcol;

	if (w < 2)
		return;
	/* Scroll so that the cursor stays inside the field. */
	while (ui_col_of(f->buf + start, f->pos - start) > w - 1)
		start = next_pos(f->buf, f->len, start);
	ui_fill(ui, y, x, w, UI_FIELD);
	ui_put_n(ui, y, x, w, UI_FIELD, f->buf + start, f->len - start);
	curcol = ui_col_of(f->buf + start, f->pos - start);
	ui->typing = 1;
	ui->cur_y = y;
	ui->cur_x = x + curcol;
}

/* --- the scrolling list --------------------------------------------------- */

int
ui_move(enum ui_list_move how, int pos, int page, int last)
{
	switch (how) {
	case UI_LIST_UP:
		pos--;
		break;
	case UI_LIST_DOWN:
		pos++;
		break;
	case UI_LIST_PGUP:
		pos -= page;
		break;
	case UI_LIST_PGDN:
		pos += page;
		break;
	case UI_LIST_HOME:
		pos = 0;
		break;
	case UI_LIST_END:
		pos = last;
		break;
	}
	if (pos > last)
		pos = last;
	return pos < 0 ? 0 : pos;
}

int
ui_list_move(struct ui_list *l, enum ui_list_move how, int page)
{
	int old = l->focus;

	l->focus = ui_move(how, l->focus, page < 1 ? 1 : page, l->n - 1);
	return l->focus != old;
}

int
ui_list_view(struct ui_list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	if (l->focus >= l->n)
		l->focus = l->n > 0 ? l->n - 1 : 0;
	if (l->focus < l->scroll)
		l->scroll = l->focus;
	if (l->focus >= l->scroll + rows)
		l->scroll = l->focus - rows + 1;
	if (l->scroll > l->n - rows)
		l->scroll = l->n - rows;
	if (l->scroll < 0)
		l->scroll = 0;
	return l->scroll;
}

/* --- paragraphs ----------------------------------------------------------- */

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
	t->p[t->n].hang = 0;
	t->p[t->n].cut = 0;
	t->p[t->n].text = xstrdup(buf);
	t->n++;
}

struct ui_text_para *
ui_text_last(struct ui_text *t)
{
	return t->n > 0 ? &t->p[t->n - 1] : NULL;
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
	t->to_para = -1;
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
	int x = c->x + c->p->indent + (c->n > 0 ? c->p->hang : 0);

	if (c->draw && c->y >= c->top && c->y < c->bottom) {
		if (c->p->style == UI_URGENT)	/* a whole red row */
			ui_fill(c->ui, c->y, 0, COLS, UI_URGENT);
		ui_put_n(c->ui, c->y, x, c->x + c->w - x, c->p->style, s,
		    nbytes);
	}
	c->y++;
	c->n++;
}

/* Lines of paragraph `p` (drawing those in [top, bottom) if `draw`). */
static int
text_para(struct ui *ui, const struct ui_text_para *p, int y, int top,
    int bottom, int x, int w, int draw)
{
	struct text_wrap c = { ui, p, y, top, bottom, x, w, 0, draw };

	if (p->text[0] == '\0')
		return 1;
	if (p->cut) {
		if (draw && y >= top && y < bottom)
			ui_put(ui, y, x + p->indent, w - p->indent, p->style,
			    p->text);
		return 1;
	}
	/* Every line at the continuation width: the first one simply
	 * leaves `hang` columns unused. */
	ui_wrap(p->text, w - p->indent - p->hang, text_line, &c);
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
	for (i = 0; i < t->n; i++) {
		if (i == t->to_para) {
			t->scroll = t->lines;
			t->to_para = -1;
		}
		t->lines += text_para(ui, &t->p[i], 0, 0, 0, x, w, 0);
	}
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
ui_text_scroll(struct ui_text *t, enum ui_list_move how, int rows)
{
	/* Past the last line is clamped further at the next draw. */
	t->scroll = ui_move(how, t->scroll, rows > 2 ? rows - 1 : 1,
	    t->lines);
}

void
ui_browse_move(struct ui_list *l, struct ui_text *t, int open,
    enum ui_list_move how, int page, int rows)
{
	if (open)
		ui_text_scroll(t, how, rows);
	else
		ui_list_move(l, how, page);
}
