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
	/* Counts under it are shown "<N", as `aiguillage stats` shows
	   them (store_stat_text); 0 or less: 5. */
	int			 stats_threshold;
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

#endif
