/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui_main.c - the full-screen application put together: the hooks the
 * caller installs, terminal set-up and restore, signals, the screens the
 * loop opens itself (home, help, and the review when a save fails), and
 * the entry point. One path (ui_die, fatal signals, normal exit)
 * restores the terminal before anything is printed.
 */
#include "ui.h"
#include "ui_screen.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image.h"
#include "localize.h"
#include "rules.h"

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

/* --- the application ---------------------------------------------------- */

void
ui_app_init(struct ui *ui, const struct rules *r, int32_t date)
{
	ui_init(ui, r, date);
	ui->hooks = g_hooks;
	ui->home_screen = &ui_home_screen;
	ui->result_screen = &ui_result_screen;
	ui->help_screen = &ui_help_screen;
	ui->interrupted = &g_signal;
}

void
ui_app_release(struct ui *ui)
{
	ui_interview_forget(ui);
	ui_release(ui);
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
	/* Mapped as read: a frame or a question reads a few pages of it
	   (issue 19: the whole interview within 10 MB). */
	if ((r = rules_load_cached_flags(rules_dir, date,
	    territory_local_salt(), IMAGE_LAZY, &err)) == NULL) {
		error_format(&err, buf, sizeof buf);
		fprintf(stderr, _("aiguillage: %s\n"), buf);
		return 3;
	}
	/* the version covers the local data too (doc/territory.md §4) */
	if (territory_version_mix(rules_dir, r->version, &err) == -1) {
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
	ui_app_init(&ui, r, date);
	ui_curses_setup(&ui);
	status = ui_run(&ui);
	restore_terminal();
	delscreen(scr);
	if (g_signal)
		fprintf(stderr, _("aiguillage: interrupted (signal %d)\n"),
		    (int)g_signal);
	ui_app_release(&ui);
	rules_free(r);
	return status;
}
