/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_draw.c - drawing for every screen: the semantic styles (colour or
 * monochrome), text measured in columns (wcwidth), put, fill and wrap,
 * amounts of money, and the pinned urgency banners.
 */
#include "ui_screen.h"

#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "rules.h"

/* --- styles ------------------------------------------------------------- */

/*
 * Keys that terminals send whatever their terminfo entry says: PuTTY or
 * a Linux console under TERM=xterm, rxvt, vt100 emulators. A sequence the
 * entry does not describe would reach the screens as Esc (back) and then
 * its letters ("1" of ESC [ 1 ~ answering a question). Each is added only
 * when the entry has nothing for it (key_defined), never over it.
 */
static void
more_keys(void)
{
	static const struct {
		const char	*seq;
		int		 key;
	} keys[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME },
		{ "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[8~", KEY_END },
		{ "\033[F", KEY_END }, { "\033OF", KEY_END },
		{ "\033[3~", KEY_DC }, { "\033[5~", KEY_PPAGE },
		{ "\033[6~", KEY_NPAGE },
		{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN },
		{ "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
		{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN },
		{ "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
		{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
		{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
		{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
		{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
		{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) },
		{ "\033[[C", KEY_F(3) }, { "\033[[D", KEY_F(4) },
		{ "\033[[E", KEY_F(5) }, { "\033[15~", KEY_F(5) },
		{ "\033[17~", KEY_F(6) }, { "\033[18~", KEY_F(7) },
		{ "\033[19~", KEY_F(8) }, { "\033[20~", KEY_F(9) },
		{ "\033[21~", KEY_F(10) },
	};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (key_defined(keys[i].seq) == 0)
			(void)define_key(keys[i].seq, keys[i].key);
}

void
ui_curses_setup(struct ui *ui)
{
	static const short fg[] = {
#define X(name, f, b, attr, mono)	f,
		UI_STYLE_TABLE
#undef X
	};
	static const short bg[] = {
#define X(name, f, b, attr, mono)	b,
		UI_STYLE_TABLE
#undef X
	};
	static const attr_t colour_attr[] = {
#define X(name, f, b, attr, mono)	attr,
		UI_STYLE_TABLE
#undef X
	};
	static const attr_t mono_attr[] = {
#define X(name, f, b, attr, mono)	mono,
		UI_STYLE_TABLE
#undef X
	};
	const char *nc = getenv("NO_COLOR");
	int i;

	raw();		/* ^Q, ^S, ^C reach us as keys */
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	more_keys();
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);	/* Esc is quick */
	wtimeout(stdscr, 1000);		/* wake up to notice signals */

	ui->color = has_colors() && (nc == NULL || nc[0] == '\0');
	if (ui->color) {
		start_color();
		use_default_colors();
	}
	for (i = 0; i < UI_NSTYLES; i++) {
		ui->pairs[i] = 0;
		if (!ui->color) {
			ui->attrs[i] = mono_attr[i];
			continue;
		}
		ui->attrs[i] = colour_attr[i];
		if (fg[i] != -1 || bg[i] != -1) {
			init_pair((short)(i + 1), fg[i], bg[i]);
			ui->pairs[i] = (short)(i + 1);
		}
	}
}

attr_t
ui_attr(const struct ui *ui, int style)
{
	return ui->attrs[style];
}

void
ui_set_style(const struct ui *ui, int style)
{
	attr_set(ui->attrs[style], ui->pairs[style], NULL);
}

/* --- text measured in columns ------------------------------------------- */

/* Next character of `s` (at most `n` bytes): its width and length. */
static int
next_char(const char *s, int n, wchar_t *wc, int *w)
{
	mbstate_t st;
	size_t k;

	memset(&st, 0, sizeof st);
	k = mbrtowc(wc, s, (size_t)n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*wc = 0xFFFD;	/* invalid or cut: a replacement char */
		k = 1;
	}
	*w = wcwidth(*wc);
	if (*w < 0) {
		*wc = 0xFFFD;
		*w = 1;
	}
	return (int)k;
}

int
ui_width(const char *s)
{
	int n = (int)strlen(s), i = 0, cols = 0, w;
	wchar_t wc;

	while (i < n) {
		i += next_char(s + i, n - i, &wc, &w);
		cols += w;
	}
	return cols;
}

int
ui_col_of(const char *s, int nbytes)
{
	int i = 0, cols = 0, w;
	wchar_t wc;

	while (i < nbytes) {
		i += next_char(s + i, nbytes - i, &wc, &w);
		cols += w;
	}
	return cols;
}

int
ui_put_n(struct ui *ui, int y, int x, int maxw, int style, const char *s,
    int n)
{
	wchar_t buf[512];
	int i = 0, cols = 0, k = 0, w;
	wchar_t wc;

	if (maxw <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + maxw > COLS)
		maxw = COLS - x;
	while (i < n && k < (int)(sizeof buf / sizeof buf[0]) - 2) {
		int len = next_char(s + i, n - i, &wc, &w);

		if (wc == '\t')
			wc = ' ', w = 1;
		if (cols + w > maxw) {
			/* Cut: show that something is missing. */
			if (k > 0 && maxw > 1) {
				while (k > 0 && cols + 1 > maxw)
					cols -= wcwidth(buf[--k]) > 0 ?
					    wcwidth(buf[k]) : 1;
				buf[k++] = 0x2026;
				cols++;
			}
			break;
		}
		buf[k++] = wc;
		cols += w;
		i += len;
	}
	buf[k] = 0;
	ui_set_style(ui, style);
	mvaddnwstr(y, x, buf, k);
	ui_set_style(ui, UI_NORMAL);
	return cols;
}

int
ui_put(struct ui *ui, int y, int x, int maxw, int style, const char *s)
{
	return ui_put_n(ui, y, x, maxw, style, s, (int)strlen(s));
}

void
ui_fill(struct ui *ui, int y, int x, int w, int style)
{
	int i;

	if (y < 0 || y >= LINES)
		return;
	ui_set_style(ui, style);
	for (i = 0; i < w && x + i < COLS; i++)
		mvaddch(y, x + i, ' ');
	ui_set_style(ui, UI_NORMAL);
}

int
ui_wrap(const char *s, int width, void (*line)(void *, const char *, int),
    void *ctx)
{
	int n = (int)strlen(s), i = 0, nlines = 0;

	if (width < 1)
		width = 1;
	while (i < n) {
		int start = i, cols = 0, brk = -1, w, len;
		wchar_t wc;

		while (i < n && s[i] != '\n') {
			len = next_char(s + i, n - i, &wc, &w);
			if (cols + w > width)
				break;
			/* never between two digits: a phone number
			 * ("05 62 67 40 40") stays on one line; never
			 * before French high punctuation (" : ", " ;") */
			if (wc == ' ' && !(i > start &&
			    s[i - 1] >= '0' && s[i - 1] <= '9' &&
			    s[i + 1] >= '0' && s[i + 1] <= '9') &&
			    s[i + 1] != ':' && s[i + 1] != ';' &&
			    s[i + 1] != '!' && s[i + 1] != '?')
				brk = i;
			cols += w;
			i += len;
		}
		if (i < n && s[i] != '\n' && brk > start) {
			line(ctx, s + start, brk - start);
			i = brk + 1;
		} else {
			if (i == start && i < n && s[i] != '\n')
				i += next_char(s + i, n - i, &wc, &w);
			line(ctx, s + start, i - start);
			if (i < n && s[i] == '\n')
				i++;
		}
		nlines++;
	}
	return nlines;
}

struct wrap_draw {
	struct ui	*ui;
	int		 y, x, w, maxy, style;
};

static void
wrap_draw_line(void *ctx, const char *s, int n)
{
	struct wrap_draw *d = ctx;

	if (d->y < d->maxy)
		ui_put_n(d->ui, d->y, d->x, d->w, d->style, s, n);
	d->y++;
}

int
ui_put_wrapped(struct ui *ui, int y, int x, int w, int maxy, int style,
    const char *s)
{
	struct wrap_draw d = { ui, y, x, w, maxy, style };

	ui_wrap(s, w, wrap_draw_line, &d);
	return d.y;
}

char *
ui_money(num_t n, char *buf)
{
	return format_money(n, buf, 40, 0);
}

/* --- the pinned urgency banners ----------------------------------------- */

/* Wrapping a banner: count its lines, or draw them from row `y`. */
struct banner_wrap {
	struct ui	*ui;
	int		 y, n, max, style, draw;
};

static void
banner_line(void *ctx, const char *s, int nbytes)
{
	struct banner_wrap *b = ctx;

	if (b->draw && b->n < b->max) {
		ui_fill(b->ui, b->y + b->n, 0, COLS, b->style);
		/* continuation lines under the text, after " ‼ " */
		ui_put_n(b->ui, b->y + b->n, b->n ? 3 : 0, COLS - (b->n ?
		    3 : 0), b->style, s, nbytes);
	}
	b->n++;
}

/*
 * The banners wrap (a phone number is never cut); when they do not all
 * fit in `max` rows, the last row says how many more there are.
 */
int
ui_draw_banners(struct ui *ui, int y, int max)
{
	const struct result *res;
	int i, n, rows = 0;
	char line[600];

	if (ui->it == NULL || (res = ui->it->res) == NULL || max <= 0)
		return 0;
	n = res->nurgency_order;
	for (i = 0; i < n && rows < max; i++) {
		const struct urgency *u = &ui->rules->urgencies[
		    res->urgency_order[i]];
		const char *prio = res->urgencies[res->urgency_order[i]]
		    .priority;
		int style = prio[1] <= '1' ? UI_URGENT : UI_URGENT2;
		int room = max - rows - (i < n - 1 ? 1 : 0);
		struct banner_wrap b = { ui, y + rows, 0, 0, style, 0 };

		snprintf(line, sizeof line, " ‼ %s  %s%s", prio, u->discreet ?
		    /* TRANSLATORS: in an urgency banner: F12 switches to
		       the discreet (neutral) screen; keep "F12". */
		    _("[F12: discreet mode] ") : "", u->banner != NULL ?
		    u->banner : u->title);
		ui_wrap(line, COLS - 3, banner_line, &b);
		if (b.n > room && i > 0) {
			/* TRANSLATORS: the last banner line when more
			   urgencies than lines; always 2 or more. */
			snprintf(line, sizeof line, Q_(" ‼ %d more urgency "
			    "(see the results screen)", " ‼ %d more urgencies "
			    "(see the results screen)", n - i), n - i);
			ui_fill(ui, y + rows, 0, COLS, style);
			ui_put(ui, y + rows, 0, COLS, style, line);
			rows++;
			break;
		}
		b.n = 0;
		b.draw = 1;
		b.max = room > 0 ? room : 1;
		ui_wrap(line, COLS - 3, banner_line, &b);
		rows += b.n < b.max ? b.n : b.max;
	}
	return rows;
}
