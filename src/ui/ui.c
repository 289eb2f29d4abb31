/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.c - the one loop of the full-screen interface and its screen stack:
 * if dirty, draw the frame (title, banners, the screen, the message and
 * the hint line, or the "terminal too small" and discreet screens); read
 * one key with get_wch(); look it up in the global table then in the
 * current screen's table; hand the action to the screen (tmux, htop).
 * Signals only set a flag the loop reads; SIGWINCH is ncurses' own
 * (KEY_RESIZE). The loop knows no screen by name: the application
 * (ui_main.c) tells it which one to open first, which one is help, and
 * the interview which one shows the answers when a save fails.
 */
#include "ui.h"
#include "ui_screen.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules.h"

#define MIN_COLS	60
#define MIN_ROWS	20

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

int
ui_save_private(struct ui *ui, const char *path,
    int (*write)(void *ctx, FILE *), void *ctx)
{
	FILE *f;
	const char *slash;
	int fd, rc;

	if (*path == '\0') {
		ui_message(ui, UI_ERROR, "%s", _("Give a file name."));
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd >= 0 && fchmod(fd, 0600) == -1) {
		close(fd);
		fd = -1;
	}
	if (fd == -1 && errno == EEXIST) {
		/* TRANSLATORS: a file name; the summary is never written
		   over an existing file. */
		ui_message(ui, UI_ERROR, _("\"%s\" already exists: give "
		    "another name"), path);
		return -1;
	}
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		/* TRANSLATORS: a file name, then the system's reason. */
		ui_message(ui, UI_ERROR, _("Cannot write \"%s\": %s"), path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	rc = write(ctx, f);
	if (fclose(f) == EOF || rc == -1) {
		ui_message(ui, UI_ERROR, _("Writing \"%s\" is incomplete: "
		    "%s"), path, strerror(errno));
		return -1;
	}
	ui_message(ui, UI_INFO, _("Summary saved to \"%s\"."), path);
	slash = strrchr(path, '/');
	if (slash != NULL && (size_t)(slash - path) < sizeof ui->save_dir)
		snprintf(ui->save_dir, sizeof ui->save_dir, "%.*s",
		    (int)(slash - path), path);
	return 0;
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
	return ui->depth > 0 ? ui->stack[ui->depth - 1].screen : NULL;
}

const struct ui_screen *
ui_top(const struct ui *ui)
{
	return top(ui);
}

const struct ui_screen *
ui_below(const struct ui *ui)
{
	return ui->depth > 1 ? ui->stack[ui->depth - 2].screen : NULL;
}

void *
ui_state(const struct ui *ui, const struct ui_screen *s)
{
	int i;

	for (i = ui->depth - 1; i >= 0; i--)
		if (ui->stack[i].screen == s)
			return ui->stack[i].state;
	return NULL;
}

/* A state no entry holds any more: freed after the current key. */
static void
bury(struct ui *ui, void *state)
{
	if (state == NULL)
		return;
	if (ui->ndead == (int)(sizeof ui->dead / sizeof ui->dead[0])) {
		free(ui->dead[0]);
		memmove(ui->dead, ui->dead + 1, sizeof ui->dead[0] *
		    (size_t)(ui->ndead - 1));
		ui->ndead--;
	}
	ui->dead[ui->ndead++] = state;
}

static void
bury_flush(struct ui *ui)
{
	while (ui->ndead > 0)
		free(ui->dead[--ui->ndead]);
}

static void
frame_enter(struct ui *ui, struct ui_frame *f, const struct ui_screen *s)
{
	f->screen = s;
	f->state = s->state_size > 0 ? xcalloc(1, s->state_size) : NULL;
	if (s->enter != NULL)
		s->enter(ui);
	ui->dirty = 1;
}

void
ui_switch(struct ui *ui, const struct ui_screen *s)
{
	const struct ui_screen *old = top(ui);

	if (old != NULL && old->leave != NULL)
		old->leave(ui);
	if (ui->depth == 0)
		ui->depth = 1;
	else
		bury(ui, ui->stack[ui->depth - 1].state);
	frame_enter(ui, &ui->stack[ui->depth - 1], s);
}

void
ui_push(struct ui *ui, const struct ui_screen *s)
{
	if (ui->depth >= UI_STACK)
		return;
	ui->depth++;
	frame_enter(ui, &ui->stack[ui->depth - 1], s);
}

/* Close the top screen (never the last one): 1, or 0 when it is. */
static int
close_top(struct ui *ui)
{
	const struct ui_screen *s = top(ui);

	if (ui->depth <= 1)
		return 0;
	if (s->leave != NULL)
		s->leave(ui);
	bury(ui, ui->stack[ui->depth - 1].state);
	ui->depth--;
	ui->dirty = 1;
	return 1;
}

void
ui_pop(struct ui *ui)
{
	ui_pop_with(ui, UI_OUT_CLOSE);
}

void
ui_pop_with(struct ui *ui, enum ui_outcome why)
{
	if (close_top(ui) && top(ui)->resume != NULL)
		top(ui)->resume(ui, why);
}

int
ui_pop_to(struct ui *ui, const struct ui_screen *s)
{
	int i;

	for (i = ui->depth - 1; i >= 0; i--)
		if (ui->stack[i].screen == s)
			break;
	if (i < 0)
		return 0;
	while (ui->depth > i + 1)
		close_top(ui);
	return 1;
}

void
ui_reset(struct ui *ui, const struct ui_screen *s)
{
	while (close_top(ui))
		;
	ui_switch(ui, s);
}

/* --- global keys ---------------------------------------------------------- */

const struct ui_key ui_global_keys[] = {
	/* TRANSLATORS: the hint line shows short words (Help, Close…)
	   after their keys; keep them short. */
	{ UI_ACT_HELP, KEY_F(1), UI_CTRL('G'), "F1 ^G ?", N_("Help"),
	    N_("Show this help (the keys of the current screen); ? too, "
	    "except while typing an answer") },
	{ UI_ACT_DISCREET, KEY_F(12), UI_CTRL('X'), "F12 ^X", NULL,
	    N_("Discreet mode: a neutral screen, nothing sensitive visible; "
	    "the same key comes back") },
};
const int ui_nglobal_keys = sizeof ui_global_keys / sizeof ui_global_keys[0];

/* --- drawing the frame -------------------------------------------------- */

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

/*
 * The key names of a hint: all of them (`full`), else the first one the
 * terminal has: an F-key a terminal does not send (TERM=vt100 has F1 to
 * F4 only) gives way to its Ctrl or letter twin.
 */
static void
key_label(const struct ui_key *k, int full, char *buf, size_t size)
{
	char *sp;

	snprintf(buf, size, "%s", _(k->label));
	if (k->fkey >= KEY_F(1) && k->fkey <= KEY_F(12) &&
	    !has_key(k->fkey) && (sp = strchr(buf, ' ')) != NULL) {
		/* "F5 ^N" without F5: "^N", then the rest if full */
		memmove(buf, sp + 1, strlen(sp + 1) + 1);
	}
	if (!full && (sp = strchr(buf, ' ')) != NULL)
		*sp = '\0';
}

/* One hint "F5 Don't know"; returns the new x, or -1 when full. */
static int
hint_item(struct ui *ui, int x, const struct ui_key *k, int full)
{
	char key[32];
	int kw, hw;

	if (k->hint == NULL)
		return x;
	key_label(k, full, key, sizeof key);
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

		if (keys[i].hint == NULL)
			continue;
		key_label(&keys[i], full, key, sizeof key);
		w += ui_width(key) + 1 + ui_width(_(keys[i].hint)) + 1;
	}
	return w;
}

/* Help while a field takes what is typed: "?" is typed, not help. */
static const struct ui_key help_typing = {
	UI_ACT_HELP, KEY_F(1), UI_CTRL('G'), "F1 ^G", N_("Help"), NULL
};

/* The global keys as the hint line shows them now. */
static const struct ui_key *
global_keys(const struct ui *ui, struct ui_key *buf)
{
	memcpy(buf, ui_global_keys, sizeof *buf * (size_t)ui_nglobal_keys);
	if (ui->typing)
		buf[0] = help_typing;
	return buf;
}

static void
draw_hints(struct ui *ui, const struct ui_screen *s)
{
	struct ui_key gbuf[sizeof ui_global_keys / sizeof ui_global_keys[0]];
	const struct ui_key *g = global_keys(ui, gbuf);
	int x = 1, i, full, wfull, wshort, n = 0;

	ui_fill(ui, LINES - 1, 0, COLS, UI_HINT);
	for (i = 0; i < s->nkeys; i++)
		n += s->keys[i].hint != NULL;
	for (i = 0; i < ui_nglobal_keys; i++)
		n += g[i].hint != NULL;
	wfull = hint_width(s->keys, s->nkeys, 1) + hint_width(g,
	    ui_nglobal_keys, 1);
	wshort = hint_width(s->keys, s->nkeys, 0) + hint_width(g,
	    ui_nglobal_keys, 0);
	/* Both key names if they fit, else the F-key alone; two spaces
	 * apart if that fits too. Help first: it explains the rest. */
	full = wfull + n < COLS;
	ui->hint_gap = (full ? wfull : wshort) + n + 1 < COLS ? 2 : 1;
	for (i = 0; i < ui_nglobal_keys && x >= 0; i++)
		x = hint_item(ui, x, &g[i], full);
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
	ui->typing = 0;
	ui_set_style(ui, UI_NORMAL);
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

/*
 * One key, or ERR when none came within the input timeout. A terminal
 * that went away without a hangup signal (the program is not its
 * session's leader: started by a script, under setsid) makes get_wch
 * fail at once, for ever: noticed here, so the loop ends instead of
 * spinning.
 */
static int
read_key(struct ui *ui, wint_t *ch)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	int rc = get_wch(ch);

	if (rc == ERR && poll(&p, 1, 0) == 1 &&
	    (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0)
		ui->hangup = 1;
	return rc;
}

void
ui_init(struct ui *ui, const struct rules *r, int32_t date)
{
	memset(ui, 0, sizeof *ui);
	ui->rules = r;
	ui->date = date;
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
	ui_switch(ui, ui->home_screen);
	while (!ui->quit) {
		bury_flush(ui);
		if (ui->interrupted != NULL && *ui->interrupted) {
			ui->status = 1;	/* interrupted: answers are saved */
			break;
		}
		if (ui->stop_pending) {
			/* A save failed: every answer on one screen. */
			ui->stop_pending = 0;
			ui->discreet = 0;
			if (ui->it != NULL && ui->stop_screen != NULL &&
			    top(ui) != ui->stop_screen)
				ui_push(ui, ui->stop_screen);
		}
		if (ui->dirty) {
			ui->dirty = 0;
			draw(ui);
			if (ui->bench_first_frame)
				break;
			/* on screen: now what the home screen does not show */
			if (!ui->drawn) {
				ui->drawn = 1;
				if (ui->hooks.first_frame != NULL && (rc =
				    ui->hooks.first_frame(ui->hooks.ctx,
				    &ui->hooks)) != 0) {
					ui->status = rc;
					break;
				}
			}
		}
		rc = ui->getkey(ui, &ch);
		if (rc == ERR && ui->hangup) {
			ui->status = 1;	/* as interrupted: answers saved */
			break;
		}
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
		if (k == NULL && !fkey && ch == '?' && !ui->typing)
			k = &ui_global_keys[0];	/* ? is help too */
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
			else if (s == ui->stop_screen && fkey &&
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
			if (s == ui->help_screen)
				ui_pop(ui);
			else if (ui->help_screen != NULL)
				ui_push(ui, ui->help_screen);
			continue;
		}
		k = find_key(s->keys, s->nkeys, ch, fkey);
		s->key(ui, k != NULL ? k->action : 0, ch, fkey);
	}
	while (ui->depth > 0) {
		s = top(ui);
		if (s->leave != NULL)
			s->leave(ui);
		bury(ui, ui->stack[ui->depth - 1].state);
		ui->depth--;
	}
	bury_flush(ui);
	return ui->status;
}
