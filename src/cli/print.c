/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * print.c - the `print` command: a person's summary on stdout.
 *
 * The summary itself is built and rendered by render/summary.c; this
 * file finds what it is made from (a stored case, read-only, or a
 * situation file), the rule base and the territory for the offices.
 */
#include "print.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command.h"
#include "eval.h"
#include "i18n.h"
#include "outfilter.h"
#include "reprint.h"
#include "rules.h"
#include "situation.h"
#include "store.h"
#include "summary.h"
#include "territory.h"
#include "xmalloc.h"

static int
print_usage(void)
{
	fputs(_("usage: aiguillage print CASE [--format text|html|pdf] "
	    "[--lang fr|en] [--discreet] [--ref TEXT]\n"
	    "       aiguillage print --situation FILE [--date YYYY-MM-DD] "
	    "[--format text|html|pdf] [--lang fr|en] [--discreet] "
	    "[--ref TEXT]\n"), stderr);
	return EXIT_USAGE;
}

/* The program that turns the HTML page into an A4 PDF (Debian's). */
#define PDF_TOOL	"weasyprint"

/*
 * The summary as an A4 PDF on standard output: the HTML page (with its
 * print stylesheet), cleaned of control characters like everything
 * printed, is piped into weasyprint, which writes the PDF to our file
 * descriptor 1 directly (binary: not through the text filter). No file
 * is written. Returns 0 or an exit status, with a message.
 */
static int
print_pdf(const struct rules *r, const struct result *res,
    const struct summary_opts *o)
{
	char *html = NULL, *clean;
	size_t len = 0, off = 0;
	FILE *m;
	int fd[2], status, rc = 0;
	pid_t pid;
	ssize_t k;
	void (*saved)(int);

	if ((m = open_memstream(&html, &len)) == NULL ||
	    summary_html(m, r, res, o) == -1 || fclose(m) == EOF) {
		perror("aiguillage: pdf");
		free(html);
		return EXIT_RUNTIME;
	}
	clean = xmalloc(len + 1);
	outfilter_clean(clean, len + 1, html, 1);
	free(html);
	len = strlen(clean);
	fflush(stdout);
	if (pipe(fd) == -1 || (pid = fork()) == -1) {
		perror("aiguillage: pdf");
		free(clean);
		return EXIT_RUNTIME;
	}
	if (pid == 0) {
		char *argv[] = { PDF_TOOL, "--quiet", "--encoding", "utf-8",
		    "--media-type", "print", "-", "-", NULL };

		dup2(fd[0], 0);
		close(fd[0]);
		close(fd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[0]);
	saved = signal(SIGPIPE, SIG_IGN);	/* a dead child: EPIPE */
	while (off < len) {
		k = write(fd[1], clean + off, len - off);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	close(fd[1]);
	signal(SIGPIPE, saved);
	free(clean);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		fprintf(stderr, _("aiguillage: cannot make a PDF: %s is not "
		    "installed (Debian package \"%s\")\n"), PDF_TOOL, PDF_TOOL);
		rc = EXIT_RUNTIME;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    off < len) {
		fprintf(stderr, _("aiguillage: cannot make a PDF: %s failed\n"),
		    PDF_TOOL);
		rc = EXIT_RUNTIME;
	}
	return rc;
}

/* The case number of `print CASE`; 0 (with a message) if it is none. */
static int64_t
case_number(const char *case_id)
{
	char *end;
	long long id = strtoll(case_id, &end, 10);

	if (*case_id == '\0' || *end != '\0' || id <= 0) {
		fprintf(stderr, _("aiguillage: invalid case number \"%s\"\n"),
		    case_id);
		return 0;
	}
	return (int64_t)id;
}

/* The summary of `res` in `format` on stdout. 0 or an exit status. */
static int
print_summary(const struct rules *r, const struct result *res,
    const struct summary_opts *o, const char *format)
{
	if (strcmp(format, "pdf") == 0)
		return print_pdf(r, res, o);
	if ((strcmp(format, "html") == 0 ? summary_html(stdout, r, res, o) :
	    summary_text(stdout, r, res, o)) == -1) {
		perror("aiguillage: write");
		return EXIT_RUNTIME;
	}
	return 0;
}

int
print_cmd(struct opts *opts, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "ref", required_argument, NULL, 'r' },
		{ "situation", required_argument, NULL, 's' },
		{ "date", required_argument, NULL, 'd' },
		{ "discreet", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 }
	};
	struct summary_opts o;
	struct summary_place place;
	struct rules *r;
	struct territory *t;
	struct evaluator *ev;
	struct situation sit;
	struct error err;
	const struct result *res;
	const char *format = "text", *sitfile = NULL, *case_id = NULL;
	int32_t date = opts->date;
	int c, rc = 0;

	memset(&o, 0, sizeof o);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'l':
			o.lang = optarg;
			break;
		case 'r':
			o.person_ref = optarg;
			break;
		case 's':
			sitfile = optarg;
			break;
		case 'd':
			if (date_parse(optarg, &date) == -1) {
				fprintf(stderr, _("aiguillage: invalid date "
				    "\"%s\" (YYYY-MM-DD)\n"), optarg);
				return EXIT_USAGE;
			}
			break;
		case 'D':
			o.discreet = 1;
			break;
		default:
			return print_usage();
		}
	}
	if (optind < argc)
		case_id = argv[optind++];
	if (optind < argc)
		return print_usage();
	if ((case_id == NULL) == (sitfile == NULL) ||
	    (strcmp(format, "text") != 0 && strcmp(format, "html") != 0 &&
	    strcmp(format, "pdf") != 0))
		return print_usage();
	if (o.lang != NULL && strcmp(o.lang, "fr") != 0 &&
	    strcmp(o.lang, "en") != 0) {
		fprintf(stderr, _("aiguillage: unknown language \"%s\" (fr "
		    "or en)\n"), o.lang);
		return EXIT_USAGE;
	}
	opts->date = date;
	if ((r = opts_rules(opts)) == NULL)
		return EXIT_RULES;
	/* Without a territory the summary names kinds of office only. */
	if ((t = opts_territory(opts)) == NULL)
		fputs(_("aiguillage: offices left out of the summary\n"),
		    stderr);
	memset(&err, 0, sizeof err);
	if (case_id != NULL) {
		struct reprint rp;
		struct store *st;
		int64_t id;

		if ((id = case_number(case_id)) == 0)
			return EXIT_USAGE;
		if ((st = opts_store(opts)) == NULL)
			return EXIT_RUNTIME;
		if (reprint_load(&rp, st, id, r, t, &err) == -1) {
			opts_error(&err);
			rc = store_status(st) == STORE_NOT_FOUND ? EXIT_USAGE :
			    EXIT_RUNTIME;
		} else {
			rp.o.lang = o.lang;
			rp.o.person_ref = o.person_ref;
			rp.o.discreet = o.discreet;
			rc = print_summary(r, rp.res, &rp.o, format);
		}
		reprint_release(&rp);
		return rc;
	}
	situation_init(&sit, r);
	if (situation_load(&sit, sitfile, &err) == -1) {
		opts_error(&err);
		rc = EXIT_USAGE;
	} else {
		ev = eval_new(r);
		if (t != NULL)
			eval_set_territory(ev, t);
		res = eval_run(ev, &sit, date);
		place.t = t;
		place.res = res;
		if (t != NULL) {
			o.offices = summary_place_offices;
			o.ctx = &place;
		}
		rc = print_summary(r, res, &o, format);
		eval_free(ev);
	}
	situation_release(&sit);
	return rc;
}
