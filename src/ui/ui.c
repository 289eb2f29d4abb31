/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.c - the full-screen application: terminal setup and restore, signals,
 * semantic styles, the one loop, the help screen generated from the key
 * tables, discreet mode, the "terminal too small" message, and the
 * column-aware drawing helpers every screen uses.
 *
 * The loop (tmux, htop): if dirty, draw; read one key with get_wch(); look
 * it up in the global table then in the current screen's table; hand the
 * action to the screen. Signals only set a flag the loop reads; SIGWINCH
 * is ncurses' own (KEY_RESIZE). One path (ui_die, fatal signals, normal
 * exit) restores the terminal before anything is printed.
 */
#include "ui.h"
#include "ui_screen.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "localize.h"
#include "rules.h"

#define MIN_COLS	60
#define MIN_ROWS	20

static struct ui_hooks		 g_hooks;
static volatile sig_atomic_t	 g_signal;
static int			 g_curses;	/* curses is active */

void
ui_set_hooks(const struct ui_hooks *h)
{
	if (h != NULL)
		g_hooks = *h;
	else
		memset(&g_hooks, 0, sizeof g_hooks);
}

/* --- terminal restore, signals ------------------------------------------ */

static void
restore_terminal(void)
{
	if (g_curses) {
		g_curses = 0;
		curs_set(1);
		endwin();
	}
}

/* The one way out on a fatal error: restore the terminal, then speak. */
void
ui_die(const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	restore_terminal();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* TRANSLATORS: an error message after the program's name. */
	fprintf(stderr, _("aiguillage: %s\n"), msg);
	exit(1);
}

static void
on_quit_signal(int sig)
{
	g_signal = sig;
}

/* A crash: give the terminal back, then die of the same signal. */
static void
on_fatal_signal(int sig)
{
	if (g_curses)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
setup_signals(void)
{
	struct sigaction sa;
	static const int quit[] = { SIGTERM, SIGINT, SIGHUP };
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGABRT };
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;	/* no SA_RESTART: wake get_wch */
	for (i = 0; i < sizeof quit / sizeof quit[0]; i++)
		sigaction(quit[i], &sa, NULL);
	sa.sa_handler = on_fatal_signal;
	for (i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* --- styles ------------------------------------------------------------- */

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

static void
set_style(const struct ui *ui, int style)
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

static int
put_bytes(struct ui *ui, int y, int x, int maxw, int style, const char *s,
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
	set_style(ui, style);
	mvaddnwstr(y, x, buf, k);
	set_style(ui, UI_NORMAL);
	return cols;
}

int
ui_put(struct ui *ui, int y, int x, int maxw, int style, const char *s)
{
	return put_bytes(ui, y, x, maxw, style, s, (int)strlen(s));
}

void
ui_fill(struct ui *ui, int y, int x, int w, int style)
{
	int i;

	if (y < 0 || y >= LINES)
		return;
	set_style(ui, style);
	for (i = 0; i < w && x + i < COLS; i++)
		mvaddch(y, x + i, ' ');
	set_style(ui, UI_NORMAL);
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
			if (wc == ' ')
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
		put_bytes(d->ui, d->y, d->x, d->w, d->style, s, n);
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
	put_bytes(ui, y, x, w, UI_FIELD, f->buf + start, f->len - start);
	curcol = ui_col_of(f->buf + start, f->pos - start);
	ui->cur_y = y;
	ui->cur_x = x + curcol;
}

/* --- screens, messages -------------------------------------------------- */

void
ui_message(struct ui *ui, int style, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_style = style;
	ui->dirty = 1;
}

void
ui_store_check(struct ui *ui)
{
	const char *why;

	if (ui->stop_msg[0] != '\0' || ui->hooks.save_error == NULL ||
	    (why = ui->hooks.save_error(ui->hooks.ctx)) == NULL)
		return;
	/* TRANSLATORS: %s says why the answer could not be saved (the
	   database's error). F10 and ^Q are key names. */
	snprintf(ui->stop_msg, sizeof ui->stop_msg, _("NOT SAVED: %s. "
	    "The interview is stopped; the answers stay on screen: note "
	    "them, then F10 or ^Q to quit."), why);
	ui->stop_pending = 1;
	ui->status = 1;
	ui->dirty = 1;
}

/* Rows above the hint line that a failed save's message takes. */
#define STOP_ROWS	3

static const struct ui_screen *
top(const struct ui *ui)
{
	return ui->depth > 0 ? ui->stack[ui->depth - 1] : NULL;
}

const struct ui_screen *
ui_below(const struct ui *ui)
{
	return ui->depth > 1 ? ui->stack[ui->depth - 2] : NULL;
}

void
ui_switch(struct ui *ui, const struct ui_screen *s)
{
	const struct ui_screen *old = top(ui);

	if (old != NULL && old->leave != NULL)
		old->leave(ui);
	if (ui->depth == 0)
		ui->depth = 1;
	ui->stack[ui->depth - 1] = s;
	if (s->enter != NULL)
		s->enter(ui);
	ui->dirty = 1;
}

void
ui_push(struct ui *ui, const struct ui_screen *s)
{
	if (ui->depth >= UI_STACK)
		return;
	ui->stack[ui->depth++] = s;
	if (s->enter != NULL)
		s->enter(ui);
	ui->dirty = 1;
}

void
ui_pop(struct ui *ui)
{
	const struct ui_screen *s = top(ui);

	if (ui->depth <= 1)
		return;
	if (s->leave != NULL)
		s->leave(ui);
	ui->depth--;
	ui->dirty = 1;
}

/* --- global keys and the help screen ------------------------------------ */

const struct ui_key ui_global_keys[] = {
	/* TRANSLATORS: the hint line shows short words (Help, Close…)
	   after their keys; keep them short. */
	{ UI_ACT_HELP, KEY_F(1), UI_CTRL('G'), "F1 ^G", N_("Help"),
	    N_("Show this help (the keys of the current screen)") },
	{ UI_ACT_DISCREET, KEY_F(12), UI_CTRL('X'), "F12 ^X", NULL,
	    N_("Discreet mode: a neutral screen, nothing sensitive visible; "
	    "the same key comes back") },
};
const int ui_nglobal_keys = sizeof ui_global_keys / sizeof ui_global_keys[0];

enum { HELP_CLOSE = 1, HELP_UP, HELP_DOWN };

static const struct ui_key help_keys[] = {
	/* TRANSLATORS: key names: "Esc" is the Escape key; the letters
	   (q, k, j…) and F-keys are fixed and must stay. */
	{ HELP_CLOSE, KEY_F(10), 'q', N_("Esc q F10"), N_("Close"),
	    N_("Close the help and go back to the screen") },
	{ HELP_UP, KEY_UP, 'k', "↑ k", NULL, N_("Scroll up") },
	{ HELP_DOWN, KEY_DOWN, 'j', "↓ j", NULL, N_("Scroll down") },
};

static int help_scroll;

static void
help_enter(struct ui *ui)
{
	(void)ui;
	help_scroll = 0;
}

static void
wrap_skip_line(void *ctx, const char *s, int n)
{
	(void)s;
	(void)n;
	((struct wrap_draw *)ctx)->y++;
}

/* A help row: the key names, then the sentence. */
static int
help_row(struct ui *ui, int y, int top_, int bottom, const struct ui_key *k)
{
	char names[64];

	if (k->help == NULL)
		return y;
	snprintf(names, sizeof names, "%s", _(k->label));
	if (y >= top_ && y < bottom)
		ui_put(ui, y, 2, 16, UI_INFO, names);
	if (y < top_) {
		/* Scrolled off the top: count its lines only. */
		struct wrap_draw d = { ui, y, 20, COLS - 21, top_, UI_NORMAL };

		ui_wrap(_(k->help), COLS - 21, wrap_skip_line, &d);
		return d.y;
	}
	return ui_put_wrapped(ui, y, 20, COLS - 21, bottom, UI_NORMAL,
	    _(k->help));
}

static void
help_draw(struct ui *ui, int top_, int bottom)
{
	const struct ui_screen *s = ui_below(ui);
	int y = top_ - help_scroll, i;

	if (y >= top_)
		ui_put(ui, y, 1, COLS - 2, UI_HEADING, s != NULL ?
		    _(s->title) : "");
	y++;
	for (i = 0; s != NULL && i < s->nkeys; i++)
		y = help_row(ui, y, top_, bottom, &s->keys[i]);
	y++;
	if (y >= top_ && y < bottom)
		/* TRANSLATORS: help screen heading: the keys that work on
		   every screen. */
		ui_put(ui, y, 1, COLS - 2, UI_HEADING, _("Everywhere"));
	y++;
	for (i = 0; i < ui_nglobal_keys; i++)
		y = help_row(ui, y, top_, bottom, &ui_global_keys[i]);
	if (y >= top_ && y < bottom)
		y = ui_put_wrapped(ui, y + 1, 2, COLS - 4, bottom, UI_DIM,
		    _("Each F key has a Ctrl (^ = Ctrl) or letter "
		    "equivalent, for terminals without F keys. Esc closes "
		    "the help."));
	ui->cur_y = top_;
	ui->cur_x = 1;
	if (help_scroll > 0 && y < bottom - 1)
		help_scroll--;
}

static void
help_key(struct ui *ui, int action, wint_t ch, int fkey)
{
	if (action == HELP_CLOSE || (!fkey && ch == 27))
		ui_pop(ui);
	else if (action == HELP_UP && help_scroll > 0)
		help_scroll--;
	else if (action == HELP_DOWN)
		help_scroll++;
	ui->dirty = 1;
}

const struct ui_screen ui_help_screen = {
	N_("Help"), help_enter, NULL, help_draw, help_key,
	help_keys, sizeof help_keys / sizeof help_keys[0], 1
};

/* --- drawing the frame -------------------------------------------------- */

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

		if (rows == max - 1 && i < n - 1) {
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
		snprintf(line, sizeof line, " ‼ %s  %s%s", prio, u->discreet ?
		    /* TRANSLATORS: in an urgency banner: F12 switches to
		       the discreet (neutral) screen; keep "F12". */
		    _("[F12: discreet mode] ") : "", u->banner != NULL ?
		    u->banner : u->title);
		ui_fill(ui, y + rows, 0, COLS, style);
		ui_put(ui, y + rows, 0, COLS, style, line);
		rows++;
	}
	return rows;
}

/* Find a key of `keys` for (ch, fkey): exact first, then a letter typed
 * with Caps Lock or Shift. */
static const struct ui_key *
find_key(const struct ui_key *keys, int n, wint_t ch, int fkey)
{
	int i;

	for (i = 0; i < n; i++) {
		if (fkey && keys[i].fkey != 0 && (int)ch == keys[i].fkey)
			return &keys[i];
		if (!fkey && keys[i].ch != 0 && ch == (wint_t)keys[i].ch)
			return &keys[i];
	}
	for (i = 0; !fkey && i < n; i++)
		if (keys[i].ch >= 'a' && keys[i].ch <= 'z' &&
		    ch == (wint_t)(keys[i].ch - 'a' + 'A'))
			return &keys[i];
	return NULL;
}

/* One hint "F5 Don't know"; returns the new x, or -1 when full. */
static int
hint_item(struct ui *ui, int x, const struct ui_key *k, int full)
{
	char key[32];
	const char *sp;
	int kw, hw;

	if (k->hint == NULL)
		return x;
	snprintf(key, sizeof key, "%s", _(k->label));
	if (!full && (sp = strchr(key, ' ')) != NULL)
		key[sp - key] = '\0';
	kw = ui_width(key);
	hw = ui_width(_(k->hint));
	if (x + kw + 1 + hw + 1 > COLS)
		return -1;
	ui_put(ui, LINES - 1, x, kw, UI_HINTKEY, key);
	ui_put(ui, LINES - 1, x + kw + 1, hw, UI_HINT, _(k->hint));
	return x + kw + 1 + hw + ui->hint_gap;
}

static int
hint_width(const struct ui_key *keys, int n, int full)
{
	int i, w = 0;

	for (i = 0; i < n; i++) {
		char key[32];
		char *sp;

		if (keys[i].hint == NULL)
			continue;
		snprintf(key, sizeof key, "%s", _(keys[i].label));
		if (!full && (sp = strchr(key, ' ')) != NULL)
			*sp = '\0';
		w += ui_width(key) + 1 + ui_width(_(keys[i].hint)) + 1;
	}
	return w;
}

static void
draw_hints(struct ui *ui, const struct ui_screen *s)
{
	int x = 1, i, full, wfull, wshort, n = 0;

	ui_fill(ui, LINES - 1, 0, COLS, UI_HINT);
	for (i = 0; i < s->nkeys; i++)
		n += s->keys[i].hint != NULL;
	for (i = 0; i < ui_nglobal_keys; i++)
		n += ui_global_keys[i].hint != NULL;
	wfull = hint_width(s->keys, s->nkeys, 1) + hint_width(ui_global_keys,
	    ui_nglobal_keys, 1);
	wshort = hint_width(s->keys, s->nkeys, 0) + hint_width(
	    ui_global_keys, ui_nglobal_keys, 0);
	/* Both key names if they fit, else the F-key alone; two spaces
	 * apart if that fits too. Help first: it explains the rest. */
	full = wfull + n < COLS;
	ui->hint_gap = (full ? wfull : wshort) + n + 1 < COLS ? 2 : 1;
	for (i = 0; i < ui_nglobal_keys && x >= 0; i++)
		x = hint_item(ui, x, &ui_global_keys[i], full);
	for (i = 0; i < s->nkeys && x >= 0; i++)
		x = hint_item(ui, x, &s->keys[i], full);
}

static void
draw_too_small(struct ui *ui)
{
	char line[160];
	int y = LINES / 2 - 1;

	/* TRANSLATORS: the terminal's size, columns × rows. */
	snprintf(line, sizeof line, _("Terminal too small: %d×%d"), COLS,
	    LINES);
	ui_put(ui, y < 0 ? 0 : y, 0, COLS, UI_ERROR, line);
	snprintf(line, sizeof line, _("At least %d×%d is needed. Make the "
	    "window larger."), MIN_COLS, MIN_ROWS);
	ui_put_wrapped(ui, y + 1, 0, COLS, LINES, UI_NORMAL, line);
	ui->cur_y = y < 0 ? 0 : y;
	ui->cur_x = 0;
}

/* The neutral screen: nothing about the person, no hint. */
static void
draw_discreet(struct ui *ui)
{
	ui_fill(ui, 0, 0, COLS, UI_TITLE);
	/* TRANSLATORS: the program's name, on the neutral screen. */
	ui_put(ui, 0, 1, COLS - 2, UI_TITLE, _("Aiguillage"));
	/* TRANSLATORS: the neutral screen of discreet mode: it must look
	   like a harmless general information page. */
	ui_put(ui, LINES / 2 - 1, 4, COLS - 8, UI_NORMAL, _("Reception — "
	    "general information"));
	ui_put_wrapped(ui, LINES / 2 + 1, 4, COLS - 8, LINES - 1, UI_DIM,
	    _("The department's services welcome you and show you where "
	    "to go."));
	ui->cur_y = LINES / 2 - 1;
	ui->cur_x = 4;
}

static void
draw(struct ui *ui)
{
	const struct ui_screen *s = top(ui);
	int y = 1, bottom = LINES - 2;
	char title[200];

	ui->cur_y = -1;
	ui->cur_x = 0;
	set_style(ui, UI_NORMAL);
	erase();
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		draw_too_small(ui);
	} else if (ui->discreet) {
		draw_discreet(ui);
	} else {
		ui_fill(ui, 0, 0, COLS, UI_TITLE);
		snprintf(title, sizeof title, "Aiguillage — %s", _(s->title));
		ui_put(ui, 0, 1, COLS - 2, UI_TITLE, title);
		if (s->banners)
			y += ui_draw_banners(ui, y, 3);
		if (ui->stop_msg[0] != '\0')
			bottom -= STOP_ROWS;
		s->draw(ui, y, bottom);
		if (ui->stop_msg[0] != '\0') {
			/* The message must be read whole. */
			for (y = LINES - 2 - STOP_ROWS; y < LINES - 1; y++)
				ui_fill(ui, y, 0, COLS, UI_ERROR);
			ui_put_wrapped(ui, LINES - 2 - STOP_ROWS, 1, COLS - 2,
			    LINES - 1, UI_ERROR, ui->stop_msg);
		} else if (ui->msg[0] != '\0') {
			ui_fill(ui, LINES - 2, 0, COLS, UI_NORMAL);
			ui_put(ui, LINES - 2, 1, COLS - 2, ui->msg_style,
			    ui->msg);
		}
		if (ui->stop_msg[0] == '\0')	/* else the message says */
			draw_hints(ui, s);
	}
	if (ui->cur_y >= 0) {
		curs_set(1);
		move(ui->cur_y, ui->cur_x < COLS ? ui->cur_x : COLS - 1);
	} else {
		curs_set(0);
		move(LINES - 1, 0);
	}
	refresh();
}

/* --- the loop ----------------------------------------------------------- */

static int
read_key(struct ui *ui, wint_t *ch)
{
	(void)ui;
	return get_wch(ch);
}

void
ui_init(struct ui *ui, const struct rules *r, int32_t date)
{
	memset(ui, 0, sizeof *ui);
	ui->rules = r;
	ui->date = date;
	ui->hooks = g_hooks;
	ui->getkey = read_key;
	ui->cur_y = -1;
}

void
ui_release(struct ui *ui)
{
	interview_free(ui->it);
	ui->it = NULL;
}

int
ui_run(struct ui *ui)
{
	const struct ui_screen *s;
	const struct ui_key *k;
	wint_t ch;
	int rc, fkey;

	ui->depth = 0;
	ui_switch(ui, &ui_home_screen);
	while (!ui->quit) {
		if (g_signal) {
			ui->status = 1;	/* interrupted: answers are saved */
			break;
		}
		if (ui->stop_pending) {
			/* A save failed: every answer on one screen. */
			ui->stop_pending = 0;
			ui->discreet = 0;
			if (ui->it != NULL && top(ui) != &ui_review_screen)
				ui_push(ui, &ui_review_screen);
		}
		if (ui->dirty) {
			ui->dirty = 0;
			draw(ui);
			if (ui->bench_first_frame)
				break;
		}
		rc = ui->getkey(ui, &ch);
		if (rc == ERR)
			continue;
		fkey = rc == KEY_CODE_YES;
		ui->dirty = 1;
		if (fkey && ch == KEY_RESIZE) {
			clearok(curscr, TRUE);	/* no garbage left behind */
			continue;
		}
		ui->msg[0] = '\0';
		if (!fkey && ch == UI_CTRL('C')) {	/* ^C: as F10 */
			ch = KEY_F(10);
			fkey = 1;
		}
		k = find_key(ui_global_keys, ui_nglobal_keys, ch, fkey);
		if (k != NULL && k->action == UI_ACT_DISCREET) {
			ui->discreet = !ui->discreet;
			if (ui->discreet)
				ui->discreet_used = 1;
			clearok(curscr, TRUE);
			continue;
		}
		if (ui->discreet)
			continue;	/* only the same key comes back */
		if (ui->stop_msg[0] != '\0') {
			/* Stopped by a failed save: quit, or scroll the
			 * review; nothing else may change the answers. */
			s = top(ui);
			if ((fkey && ch == KEY_F(10)) || (!fkey &&
			    ch == UI_CTRL('Q')))
				ui->quit = 1;
			else if (s == &ui_review_screen && fkey &&
			    (ch == KEY_UP || ch == KEY_DOWN ||
			    ch == KEY_PPAGE || ch == KEY_NPAGE) &&
			    (k = find_key(s->keys, s->nkeys, ch, fkey)) != NULL)
				s->key(ui, k->action, ch, fkey);
			continue;
		}
		if (COLS < MIN_COLS || LINES < MIN_ROWS) {
			if ((fkey && ch == KEY_F(10)) || (!fkey &&
			    ch == UI_CTRL('Q')))
				ui->quit = 1;
			continue;
		}
		s = top(ui);
		if (k != NULL && k->action == UI_ACT_HELP) {
			if (s == &ui_help_screen)
				ui_pop(ui);
			else
				ui_push(ui, &ui_help_screen);
			continue;
		}
		k = find_key(s->keys, s->nkeys, ch, fkey);
		s->key(ui, k != NULL ? k->action : 0, ch, fkey);
	}
	while (ui->depth > 0) {
		s = top(ui);
		if (s->leave != NULL)
			s->leave(ui);
		ui->depth--;
	}
	return ui->status;
}

/* --- entry point -------------------------------------------------------- */

static int
locale_is_utf8(void)
{
	const char *cs;

	/* Only the character type: LC_MESSAGES belongs to i18n_init. */
	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
}

int
ui_main(const char *rules_dir, int32_t date)
{
	struct rules *r;
	struct error err;
	struct ui ui;
	SCREEN *scr;
	char buf[1200];
	int status;

	if (!locale_is_utf8()) {
		/* TRANSLATORS: %s is a character set ("ANSI_X3.4-1968");
		   the commands are typed as shown. */
		fprintf(stderr, _("aiguillage: the full-screen interface "
		    "needs a UTF-8 locale (current locale: %s).\n"
		    "  Try: LC_ALL=C.UTF-8 aiguillage\n"
		    "  or the line-by-line interview: aiguillage interview "
		    "--plain\n"), nl_langinfo(CODESET));
		return 2;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("aiguillage: the full-screen interface needs a "
		    "terminal; outside a terminal, use aiguillage interview "
		    "--plain\n"), stderr);
		return 1;
	}
	memset(&err, 0, sizeof err);
	if ((r = rules_load_cached(rules_dir, date,
	    territory_local_salt(), &err)) == NULL) {
		error_format(&err, buf, sizeof buf);
		fprintf(stderr, _("aiguillage: %s\n"), buf);
		return 3;
	}
	/* the version covers the local data too (doc/territory.md §4) */
	if (territory_version_mix(r->version, &err) == -1) {
		error_format(&err, buf, sizeof buf);
		fprintf(stderr, _("aiguillage: %s\n"), buf);
		rules_free(r);
		return 3;
	}
	localize_rules(r);
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		/* TRANSLATORS: %s is the value of TERM. */
		fprintf(stderr, _("aiguillage: unknown terminal \"%s\"; "
		    "try TERM=xterm or aiguillage interview --plain\n"),
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		rules_free(r);
		return 1;
	}
	g_curses = 1;
	/* Any exit() below us (xmalloc on exhaustion) gives the terminal
	 * back too. */
	atexit(restore_terminal);
	setup_signals();
	ui_init(&ui, r, date);
	ui_curses_setup(&ui);
	status = ui_run(&ui);
	restore_terminal();
	delscreen(scr);
	if (g_signal)
		fprintf(stderr, _("aiguillage: interrupted (signal %d)\n"),
		    (int)g_signal);
	ui_release(&ui);
	rules_free(r);
	return status;
}
