/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_screens_extra.h - the directory, cases and statistics screens of the
 * full-screen UI (SPEC §8, §9), and what they need to find their data.
 *
 * The caller (main.c) fills a struct ui_extra_ctx with ui_extra_set()
 * before ui_main(), and points the ui_hooks at the screens:
 *
 *	hooks.directory_screen = &ui_directory_screen;
 *
 * This header does not include <curses.h>: the screens are declared with
 * an incomplete type, which is enough to take their address. The second
 * half is for the screens themselves (ui_*.c, which include ui_screen.h).
 */
#ifndef UI_SCREENS_EXTRA_H
#define UI_SCREENS_EXTRA_H

struct store;
struct territory;
struct ui;
struct ui_screen;

/* Where the extra screens read from. Borrowed: must outlive ui_main(). */
struct ui_extra_ctx {
	/* The service directory; NULL: the directory screen says so. */
	const struct territory	*territory;
	/* The case store; NULL (--no-save): cases and statistics say so. */
	struct store		*store;
};

/* Install the context (copied). May be called again; NULL clears it. */
void	ui_extra_set(const struct ui_extra_ctx *);

/* Search the service directory (name, kind, commune, department). */
extern const struct ui_screen	ui_directory_screen;
/* The agent's cases, newest first; the stored result of one (read only). */
extern const struct ui_screen	ui_cases_screen;
/* Counts by scheme, verdict, domain, channel, month; non-take-up. */
extern const struct ui_screen	ui_stats_screen;

/* --- for the screens (ui_extra.c) --------------------------------------- */

/* The installed context (never NULL; fields may be). */
const struct ui_extra_ctx	*ui_extra(void);

/*
 * A scrollable text: paragraphs (style, indent, text) wrapped to the
 * width at each draw, so resizing just works. Zero-initialise; release
 * with ui_text_clear.
 */
struct ui_text_para {
	int	 style;
	int	 indent;
	char	*text;
};

struct ui_text {
	struct ui_text_para	*p;
	int			 n, cap;
	int			 scroll;	/* first physical line shown */
	int			 lines;		/* lines at the last draw */
};

/* Add a paragraph (printf-like; an empty string is a blank line). */
void	ui_text_add(struct ui_text *, int style, int indent,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
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
/*
 * A scrolling key for a text `rows` high: 1 up, 2 down, 3 page up,
 * 4 page down, 5 top, 6 end.
 */
void	ui_text_scroll(struct ui_text *, int how, int rows);

#endif
