/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_screen.h - what the screens of the full-screen UI share: the loop
 * state, screen tables, key tables, semantic styles and column-aware
 * drawing helpers. Only ui*.c include this (it pulls in <curses.h>).
 *
 * A screen is a const struct ui_screen: enter/draw/key/leave plus its key
 * table. The loop (ui.c) draws when dirty, reads one key with get_wch(),
 * looks it up in the global table then in the screen's table, and hands
 * the action (0 when the key is in no table) to the screen's key().
 * The same tables draw the hint line and the help screen.
 */
#ifndef UI_SCREEN_H
#define UI_SCREEN_H

#include <curses.h>
#include <signal.h>
#include <wchar.h>

#include "interview.h"
#include "ui.h"

/*
 * Semantic styles: name, foreground, background, attributes with colour,
 * attributes without (monochrome, NO_COLOR). Meaning never rests on
 * colour alone: markers and words carry it, attributes reinforce it.
 */
#define UI_STYLE_TABLE \
	X(NORMAL,   -1,            -1,          A_NORMAL, A_NORMAL) \
	X(TITLE,    COLOR_WHITE,   COLOR_BLUE,  A_BOLD,   A_REVERSE) \
	X(HINT,     COLOR_BLACK,   COLOR_CYAN,  A_NORMAL, A_REVERSE) \
	X(HINTKEY,  COLOR_WHITE,   COLOR_CYAN,  A_BOLD,   A_NORMAL) \
	X(FOCUS,    COLOR_BLACK,   COLOR_YELLOW, A_NORMAL, A_REVERSE) \
	X(FIELD,    -1,            -1,          A_UNDERLINE, A_UNDERLINE) \
	X(ERROR,    COLOR_RED,     -1,          A_BOLD,   A_BOLD) \
	X(URGENT,   COLOR_WHITE,   COLOR_RED,   A_BOLD,   A_BOLD | A_REVERSE) \
	X(URGENT2,  COLOR_BLACK,   COLOR_YELLOW, A_BOLD,  A_BOLD) \
	X(HEADING,  COLOR_BLUE,    -1,          A_BOLD,   A_BOLD | A_UNDERLINE) \
	X(LIKELY,   COLOR_GREEN,   -1,          A_BOLD,   A_BOLD) \
	X(TOCHECK,  COLOR_YELLOW,  -1,          A_NORMAL, A_NORMAL) \
	X(NONTAKEUP, COLOR_MAGENTA, -1,         A_BOLD,   A_BOLD | A_UNDERLINE) \
	X(DIM,      -1,            -1,          A_DIM,    A_DIM) \
	X(PANEL,    -1,            -1,          A_NORMAL, A_NORMAL) \
	X(INFO,     COLOR_CYAN,    -1,          A_BOLD,   A_BOLD)

enum ui_style {
#define X(name, fg, bg, attr, mono)	UI_##name,
	UI_STYLE_TABLE
#undef X
	UI_NSTYLES
};

struct ui;

/*
 * What the person asked of the screen below when the one above it
 * closed (ui_pop_with): the screen above says what was asked, the one
 * below decides what it means for it (its resume()). So the results
 * send the person back into the interview without knowing that screen.
 */
enum ui_outcome {
	UI_OUT_CLOSE,	/* just closed (Esc, Close): carry on as before */
	UI_OUT_BACK,	/* back one step (the last question again) */
	UI_OUT_MORE,	/* further (the full check after the orientation) */
	UI_OUT_NEW	/* start over (a new interview) */
};

/*
 * One key of a screen: an action with its F-key and letter/Ctrl twin.
 * The texts are English msgids, marked with N_() in the tables and
 * translated with _() where they are drawn; a label with words in it
 * ("Esc q F10", "Enter") is marked too, one made of key codes only
 * ("F5 ^N") need not be. The letters themselves never change with the
 * language.
 */
struct ui_key {
	int		 action;	/* > 0, screen-defined */
	int		 fkey;		/* KEY_F(n), KEY_UP…, or 0 */
	int		 ch;		/* a letter or control character, or 0 */
	const char	*label;		/* key names for help, "F5 ^N" */
	const char	*hint;		/* short word for the hint line, or NULL */
	const char	*help;		/* one sentence for the help screen */
};

#define UI_CTRL(c)	((c) & 0x1f)
/* A key table and its length, as a struct ui_screen lists them. */
#define UI_KEYS(t)	(t), (int)(sizeof(t) / sizeof((t)[0]))

struct ui_screen {
	const char		*title;		/* N_() msgid */
	void			(*enter)(struct ui *);
	void			(*leave)(struct ui *);
	/* Draw the content between the banners and the status line. */
	void			(*draw)(struct ui *, int top, int bottom);
	/*
	 * A key: `action` from the tables (0 when in none), `ch` the key,
	 * `fkey` 1 for KEY_* codes. The screen sets ui->dirty as needed.
	 */
	void			(*key)(struct ui *, int action, wint_t ch,
				    int fkey);
	const struct ui_key	*keys;
	int			 nkeys;
	int			 banners;	/* show pinned urgency banners */
	/*
	 * The screen's own state (tmux's per-mode data): each entry of the
	 * stack gets `state_size` zeroed bytes before enter(), freed once
	 * the entry is gone (at the end of the key that removed it, so a
	 * key handler may still read it after ui_switch). ui_state().
	 */
	size_t			 state_size;
	/*
	 * Shown again: the screen above it was popped with `why`
	 * (ui_pop_with; ui_pop is UI_OUT_CLOSE). NULL: nothing to do.
	 */
	void			(*resume)(struct ui *, enum ui_outcome why);
};

/* One entry of the screen stack: the screen and its state. */
struct ui_frame {
	const struct ui_screen	*screen;
	void			*state;
};

/* Global actions (negative, never clash with a screen's). */
enum {
	UI_ACT_HELP = -1, UI_ACT_DISCREET = -2, UI_ACT_RESIZE = -3
};

#define UI_STACK	8

struct ui {
	const struct rules	*rules;
	int32_t			 date;
	struct ui_hooks		 hooks;
	struct ui_frame		 stack[UI_STACK];	/* current on top */
	int			 depth;
	void			*dead[2 * UI_STACK];	/* states to free */
	int			 ndead;
	/* The screens the loop opens itself: the first one, help (F1),
	 * and the one that shows the answers when a save failed; and the
	 * one the interview opens over itself when nothing is left to ask
	 * (set by the application, ui_main.c: no screen names another). */
	const struct ui_screen	*home_screen, *help_screen, *stop_screen;
	const struct ui_screen	*result_screen;
	int			 dirty;
	int			 quit;
	int			 status;	/* exit status */
	int			 discreet;	/* neutral screen shown */
	int			 discreet_used;	/* summary omits addresses */
	int			 color;		/* colours in use */
	attr_t			 attrs[UI_NSTYLES];
	short			 pairs[UI_NSTYLES];
	/* Cursor left by draw() on the focused field; y < 0 hides it. */
	int			 cur_y, cur_x;
	/* A one-line message above the hint line, until the next key. */
	char			 msg[256];
	int			 msg_style;
	/*
	 * A save failed (hooks.save_error): the message stays above the
	 * hint line, the answers on the review screen, and only quitting
	 * is possible. `stop_pending`: the review is still to be shown.
	 */
	char			 stop_msg[512];
	int			 stop_pending;
	/* The interview in progress (owned), with its evaluation, and the
	 * interview screen's state for it (ui_interview.c, owned). */
	struct interview	*it;
	struct ui_iv		*iv;
	/* Set by a signal (ui_main.c): the loop stops. */
	volatile sig_atomic_t	*interrupted;
	/* The directory where the last summary was saved ("": none). */
	char			 save_dir[512];
	/* Side panel: 0 auto (wide terminals), 1 shown, -1 hidden. */
	int			 panel;
	/*
	 * Where keys come from: get_wch() normally, a script in screen
	 * tests. Returns OK, KEY_CODE_YES or ERR like get_wch().
	 */
	int			(*getkey)(struct ui *, wint_t *);
	void			*test_ctx;
	/* Benchmarks: leave the loop once the first screen is drawn. */
	int			 bench_first_frame;
	int			 drawn;		/* the first frame is out */
	int			 hangup;	/* the terminal is gone */
	int			 hint_gap;	/* spaces between hints */
	/* A text field has the focus (set by ui_field_draw at each draw):
	 * letters and ? go to it, not to the key tables. */
	int			 typing;
};

extern const struct ui_screen ui_home_screen;
extern const struct ui_screen ui_interview_screen;
extern const struct ui_screen ui_review_screen;
extern const struct ui_screen ui_result_screen;
extern const struct ui_screen ui_help_screen;

/* --- the application (ui_main.c) --- */

/* ui_init, with the installed hooks and the screens of the application. */
void	ui_app_init(struct ui *, const struct rules *, int32_t date);
/* ui_release, and the interview screen's state. */
void	ui_app_release(struct ui *);

/* --- the loop (ui.c) --- */

/*
 * Set up an initialised curses screen (initscr or newterm done): modes,
 * keypad, escape delay, styles (colour unless NO_COLOR or no colours).
 */
void	ui_curses_setup(struct ui *);
/*
 * Run the loop until quit, starting on the home screen. The caller owns
 * curses (set up with ui_curses_setup) and the rules. Returns the exit
 * status.
 */
int	ui_run(struct ui *);
void	ui_init(struct ui *, const struct rules *, int32_t date);
void	ui_release(struct ui *);

/* Replace the current screen (leave, enter). */
void	ui_switch(struct ui *, const struct ui_screen *);
/* Show a screen above the current one; ui_pop goes back. */
void	ui_push(struct ui *, const struct ui_screen *);
void	ui_pop(struct ui *);
/* ui_pop, then the uncovered screen's resume(why). */
void	ui_pop_with(struct ui *, enum ui_outcome why);
/*
 * Close every screen above the top-most entry of `s` (their leave(), no
 * resume()): 1 when `s` is then the current screen, 0 when it is not on
 * the stack (nothing closed).
 */
int	ui_pop_to(struct ui *, const struct ui_screen *s);
/* Close every screen and open `s` alone (home). */
void	ui_reset(struct ui *, const struct ui_screen *s);
/* The screen below the top one (what help describes), or NULL. */
const struct ui_screen	*ui_below(const struct ui *);
/* The current screen, or NULL. */
const struct ui_screen	*ui_top(const struct ui *);
/*
 * The state of the top-most stack entry of screen `s` (its
 * state_size bytes), or NULL when `s` is not on the stack.
 */
void	*ui_state(const struct ui *, const struct ui_screen *s);
/* The set message (printf-like), shown until the next key. */
void	ui_message(struct ui *, int style, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * Save a person's summary to `path`: the file is created for the agent
 * alone (0600), never through a symbolic link and never over an existing
 * file (another person's summary); `write` fills it (0, or -1 on an
 * error). The message line says what happened; the file's directory is
 * the next one proposed (ui->save_dir). 0 when saved, -1 otherwise.
 */
int	ui_save_private(struct ui *, const char *path,
	    int (*write)(void *ctx, FILE *), void *ctx);
/* The global key table (help, discreet). */
extern const struct ui_key	ui_global_keys[];
extern const int		ui_nglobal_keys;

/* Start a new interview (freeing any previous one), or adopt `it`. */
void	ui_interview_start(struct ui *, struct interview *it);
/* Interview screen: forget its state (new interview); ask `var` again
 * (edit), going back to the interview screen. */
void	ui_interview_forget(struct ui *);
void	ui_interview_edit(struct ui *, int var);
/*
 * What the interview screen asks now: the question's variable, with the
 * item and field of a list or record being filled in (-1 and -1 for the
 * question itself, or a list's count); -1 when the interview screen is
 * not the current one. For the screen tests' situation driver.
 */
int	ui_interview_asking(const struct ui *, int *item, int *field);
/* The option on row `row` of the question asked (its show_if may leave
   some out); -1 past the last row. For the situation driver. */
int	ui_interview_option(const struct ui *, int row);
/* The review screen's highlighted question, or -1 (not shown). */
int	ui_review_focus(const struct ui *);
/* Tell the store hook that `var` changed. */
void	ui_saved(struct ui *, int var);
/* After a store hook: if it failed (hooks.save_error), stop (ui->stop_msg). */
void	ui_store_check(struct ui *);

/* Restore the terminal, print "aiguillage : <message>", exit(1). */
void	ui_die(const char *fmt, ...) __attribute__((noreturn,
	    format(printf, 1, 2)));

/* --- drawing helpers (ui_draw.c); all widths in columns (wcwidth) --- */

attr_t	ui_attr(const struct ui *, int style);
/* Draw in `style` from now on (UI_NORMAL to go back). */
void	ui_set_style(const struct ui *, int style);
/* ui_put of the first `n` bytes of `s`. */
int	ui_put_n(struct ui *, int y, int x, int maxw, int style, const char *s,
	    int n);
/* Columns taken by UTF-8 `s` (invalid bytes count as one column). */
int	ui_width(const char *s);
/*
 * Draw UTF-8 `s` at (y, x) in `style`, at most `maxw` columns (cut on a
 * character boundary, "…" when cut and `ellipsis`). Returns the columns
 * drawn.
 */
int	ui_put(struct ui *, int y, int x, int maxw, int style, const char *s);
/* Fill `w` columns with spaces in `style`. */
void	ui_fill(struct ui *, int y, int x, int w, int style);
/*
 * Split `s` into lines of at most `width` columns at spaces. Calls
 * `line(ctx, start, nbytes)` for each line; returns the number of lines.
 */
int	ui_wrap(const char *s, int width,
	    void (*line)(void *ctx, const char *start, int nbytes), void *ctx);
/* Draw wrapped `s` from row y (at most to row `maxy` excluded), indent x,
 * width w. Returns the next free row. */
int	ui_put_wrapped(struct ui *, int y, int x, int w, int maxy, int style,
	    const char *s);
/* Byte offset in `s` of the column `col` (for cursor placement). */
int	ui_col_of(const char *s, int nbytes);

/*
 * A one-line UTF-8 text field: bytes, cursor in bytes; ui_field_key
 * returns 1 when the key edited the field (printable, Backspace, Delete,
 * ←/→, Home/End, ^U clears).
 */
struct ui_field {
	char	buf[256];
	int	len;	/* bytes */
	int	pos;	/* cursor, bytes */
};
void	ui_field_set(struct ui_field *, const char *);
int	ui_field_key(struct ui_field *, wint_t ch, int fkey);
/* Draw at (y, x) over `w` columns, leaving ui->cur_* on the cursor. */
void	ui_field_draw(struct ui *, struct ui_field *, int y, int x, int w);

/* --- widgets (ui_widget.c) --- */

/*
 * A scrolling list (the options of a question, the answers of the
 * review, services, cases, communes found): `n` rows, the one in focus,
 * the first shown. Zero-initialise, set n.
 */
struct ui_list {
	int	n;
	int	focus;
	int	scroll;
};

enum ui_list_move {
	UI_LIST_UP, UI_LIST_DOWN, UI_LIST_PGUP, UI_LIST_PGDN, UI_LIST_HOME,
	UI_LIST_END
};

/* Where `how` takes the position `pos` (by `page` for a page; the end
 * is `last`), clamped to [0, last]: the one move of lists and texts. */
int	ui_move(enum ui_list_move how, int pos, int page, int last);
/* Move the focus (by `page` rows for a page), within [0, n); returns 1
 * when it moved. */
int	ui_list_move(struct ui_list *, enum ui_list_move, int page);
/* Before drawing `rows` rows: scroll so that the focus is in view (and
 * no empty row is left at the end); returns the first row to draw. */
int	ui_list_view(struct ui_list *, int rows);

/*
 * Paragraphs (the results, the directory's and the cases' details): each
 * a style, an indent, a hang (continuation lines this much further, under
 * the text after a "✓ " marker) or a cut (one line ending in "…"), and
 * its text, wrapped to the width at each draw, so resizing just works.
 * Zero-initialise (to_para -1 or 0 both mean "no jump yet": set it
 * explicitly); release with ui_text_clear.
 */
struct ui_text_para {
	int	 style;
	int	 indent;
	int	 hang;
	int	 cut;
	char	*text;
};

struct ui_text {
	struct ui_text_para	*p;
	int			 n, cap;
	int			 scroll;	/* first physical line shown */
	int			 lines;		/* lines at the last draw */
	int			 to_para;	/* scroll to it at the next draw,
						   or -1 */
};

/* Add a paragraph (printf-like; an empty string is a blank line). */
void	ui_text_add(struct ui_text *, int style, int indent,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The last paragraph added (to set its hang or cut), or NULL. */
struct ui_text_para	*ui_text_last(struct ui_text *);
/* Forget every paragraph (the struct can be reused). */
void	ui_text_clear(struct ui_text *);
/*
 * Draw the text in rows [top, bottom) and columns [x, x + w), scrolled
 * to t->scroll (clamped so the last line can reach the bottom). Shows
 * "lines a–b of n" at the right of row `info_y` when it does not all fit
 * (info_y < 0: nowhere).
 */
void	ui_text_draw(struct ui *, struct ui_text *, int top, int bottom,
	    int x, int w, int info_y);
/* A scrolling key for a text `rows` high: the moves of a list. */
void	ui_text_scroll(struct ui_text *, enum ui_list_move how, int rows);
/*
 * A move on a screen that shows a list or, `open`, the text of one of
 * its rows (cases, directory): the text scrolls (`rows` high) when open,
 * else the list's focus moves (by `page` for a page).
 */
void	ui_browse_move(struct ui_list *, struct ui_text *, int open,
	    enum ui_list_move how, int page, int rows);

/* Pinned urgency banners from ui->it->res at row `y`, wrapped; returns
 * rows used (at most `max`). */
int	ui_draw_banners(struct ui *, int y, int max);

/* Side panel (ui_interview.c): urgencies and the result forming. */
void	ui_draw_panel(struct ui *, int top, int bottom, int x, int w);

/* Money in the interface's language: "1 234,56 €" in French,
 * "€1,234.56" in English. buf >= 40. */
char	*ui_money(num_t n, char *buf);

#endif
