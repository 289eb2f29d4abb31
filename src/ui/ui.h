/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.h - the full-screen application (SPEC §9): entry point and hooks.
 *
 * ui_main() runs the ncursesw front end over the interview engine: home,
 * interview (one question at a time, side panel, review), results, help
 * and discreet mode. This header does not include <curses.h>, so main.c
 * can call ui_main() without knowing about curses; screens share the
 * internal API of ui_screen.h.
 *
 * Modules written elsewhere (territory search, the case store, the
 * directory) plug in through struct ui_hooks, filled by the caller before
 * ui_main(). Every hook may be NULL: the UI then falls back (plain INSEE
 * code for the commune, no saving, "not available yet" on home).
 */
#ifndef UI_H
#define UI_H

#include <stdint.h>
#include <stdio.h>

/* _() and N_(): UI strings are French for now; i18n.h maps them to
 * gettext, which returns them unchanged until a catalogue has them. */
#include "i18n.h"

struct interview;
struct result;
struct rules;
struct territory;

/* One commune found by an incremental search. */
struct ui_commune {
	char	code[8];	/* INSEE code, "32013" */
	char	label[120];	/* "Auch (32) — 32000", shown as is */
};

/* One unfinished interview that can be resumed. */
struct ui_case {
	char	id[40];		/* opaque to the UI, given back to resume */
	char	label[120];	/* "24/11 10:42 — 12 réponses", shown as is */
};

/*
 * Hooks, all optional. `ctx` is passed back to every call.
 */
struct ui_hooks {
	void	*ctx;

	/*
	 * The loaded territory (borrowed, outlives the UI). When set, plan
	 * steps list the competent offices for the person's commune, and
	 * the commune question searches it as the agent types (unless
	 * commune_search below is set).
	 */
	const struct territory	*territory;

	/*
	 * Commune search (instead of the territory's own): up to `max` matches for what the
	 * agent typed so far (name or postal code, accent- and
	 * case-insensitive). Returns the number written into `out`.
	 */
	int	(*commune_search)(void *ctx, const char *query,
		    struct ui_commune *out, int max);

	/* Store: a new interview starts (create the case). */
	void	(*interview_started)(void *ctx, struct interview *);
	/*
	 * Store: `var` was just answered, answered "don't know", or
	 * forgotten (back/edit: it->sit.answered[var] is 0). Called once
	 * per change, before the next question is shown.
	 */
	void	(*answer_saved)(void *ctx, const struct interview *, int var);
	/* Store: the results screen was reached for this interview. */
	void	(*interview_finished)(void *ctx, const struct interview *,
		    const struct result *);
	/*
	 * Store: why the last of the three calls above failed to save
	 * (for the agent, already translated), NULL when everything given
	 * so far is saved. The UI then stops the interview: the answers
	 * stay on screen with the message, only quitting is possible, and
	 * the program exits 1 (SPEC §9, issue 15).
	 */
	const char *(*save_error)(void *ctx);
	/*
	 * Store: the current case's number ("12"), for the summary's file
	 * name; NULL when the interview is not saved. Static or ctx storage.
	 */
	const char *(*case_ref)(void *ctx);
	/*
	 * Store: unfinished interviews, most recent first. Returns the
	 * number written into `out` (at most `max`).
	 */
	int	(*list_unfinished)(void *ctx, struct ui_case *out, int max);
	/*
	 * Store: load the answers of case `id` into `it` (a fresh
	 * interview: fill it->sit and call interview_answered for each
	 * answered variable, in the order they were given). Returns 0, or
	 * -1 with a message (French, for the agent) in `msg`. On 0, `msg`
	 * may hold a note for the agent (answers the rules no longer
	 * accept), shown on the interview screen.
	 */
	int	(*resume)(void *ctx, const char *id, struct interview *it,
		    char *msg, int msgsize);

	/*
	 * The person's summary. Writes the summary of `res` to `out`;
	 * `discreet` asks to omit anything that could put a victim at risk.
	 * Returns 0, or -1 on a write error. NULL: report_text().
	 */
	int	(*write_summary)(void *ctx, FILE *out, const struct rules *,
		    const struct interview *, const struct result *,
		    int discreet);

	/*
	 * Other screens (directory, cases, statistics), written against
	 * ui_screen.h by their modules: `const struct ui_screen *`. NULL
	 * shows them as not available yet on the home screen.
	 */
	const void	*directory_screen;
	const void	*cases_screen;
	const void	*stats_screen;

	/*
	 * How far a new interview goes (enum depth of interview.h):
	 * 0 the full check of every right, 1 the orientation only, from
	 * which the results screen offers to go on to the full check.
	 */
	int	depth;

	/*
	 * Called once, as soon as the first frame (the home screen) is on
	 * the terminal and before any key is read: what the home screen
	 * does not show (the store, the territory) is opened here, so that
	 * the program is on screen at once. It may fill `h` (the UI's own
	 * copy: the territory). Returns 0, or an exit status: the UI then
	 * stops, and ui_main() returns that status once the terminal is
	 * restored (the caller says why then, not while the screen is up).
	 */
	int	(*first_frame)(void *ctx, struct ui_hooks *h);
};

/* Install hooks (copied) before ui_main(). */
void	ui_set_hooks(const struct ui_hooks *);

/*
 * Run the full-screen application on the rule base in `rules_dir`, at
 * evaluation date `date` (days since 1970-01-01). Requires a UTF-8 locale
 * and a terminal on stdin/stdout; prints a clear message otherwise
 * (suggesting --plain). Returns the SPEC §7 exit status: 0 success,
 * 1 runtime failure (no terminal), 2 unusable environment (locale not
 * UTF-8), 3 invalid rule base.
 */
int	ui_main(const char *rules_dir, int32_t date);

#endif
