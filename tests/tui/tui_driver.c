/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_driver.c - runs the full-screen UI for tests and measurements.
 *
 *   tui_driver [--rules DIR] [--date YYYY-MM-DD]
 *	the application, as `aiguillage` with no command will run it
 *	(used by e2e.sh until main.c is wired)
 *   tui_driver --bench-startup [--rules DIR]
 *	time from process start to the first screen drawn (on a terminal)
 *   tui_driver --script FILE --golden DIR [--update] [--rules DIR]
 *	screen test: keys from FILE, screens dumped from curses' own buffer
 *	(stdscr: text with winnwstr, styles with win_wch) and compared with
 *	DIR/NAME.color.txt or DIR/NAME.mono.txt (NO_COLOR or no colours).
 *
 * Script lines: `key NAME` (Enter Esc Up Down Left Right PgUp PgDn Home
 * End Backspace Space Tab F1..F12 ^X or one character), `type TEXT`,
 * `size COLS ROWS` (live resize), `dump NAME`, `expect TEXT` (the screen
 * shows TEXT), `log TEXT` (the fake hooks logged TEXT), `nolog TEXT`
 * (they did not), `# comment`, and
 * three that keep scripts independent of the order of the questions:
 *
 *   answer FILE [until ID...]	answer whatever the interview asks from
 *	the situation FILE (relative to the script), with the keys an
 *	agent would type, until a question of the list (or the end);
 *	an answer the situation lacks is "don't know" (F5)
 *   asking ID		the interview screen asks question ID now
 *   focus ID		move the review's highlight to question ID
 *
 * Prints one line per check; exits with the number of failed checks.
 *
 * --depth orientation starts interviews at the orientation depth.
 * --territory loads rules/territory and hands it to the UI (offices in
 * the plan, the real commune search), as main.c does; the interactive mode
 * always does. --fake-hooks installs stand-ins for the territory and store hooks: a
 * four-commune search and a log of the store calls (for `log`).
 */
#include <ctype.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wchar.h>

#include "rules.h"
#include "situation.h"
#include "territory.h"
#include "ui.h"
#include "ui_screen.h"
#include "ui_screens_extra.h"
#include "i18n.h"

/* --- fake hooks ---------------------------------------------------------- */

static char hook_log[16384];
static int g_depth;	/* --depth orientation: 1 */

static void
logf_(const char *fmt, const char *a, const char *b)
{
	size_t n = strlen(hook_log);

	snprintf(hook_log + n, sizeof hook_log - n, fmt, a, b);
}

static int
fake_search(void *ctx, const char *q, struct ui_commune *out, int max)
{
	static const char *t[][3] = {
		{ "32013", "Auch", "32000" }, { "32107", "Condom", "32100" },
		{ "30189", "Nîmes", "30000" }, { "41018", "Blois", "41000" },
	};
	size_t i, k, n = strlen(q);
	int found = 0;

	(void)ctx;
	for (i = 0; i < sizeof t / sizeof t[0] && found < max; i++) {
		int match = strncmp(t[i][2], q, n) == 0 ||
		    strncmp(t[i][0], q, n) == 0 || strncasecmp(t[i][1], q,
		    n) == 0;

		(void)k;
		if (!match)
			continue;
		snprintf(out[found].code, sizeof out[found].code, "%s",
		    t[i][0]);
		snprintf(out[found].label, sizeof out[found].label,
		    "%s (%.2s) — %s", t[i][1], t[i][0], t[i][2]);
		found++;
	}
	return found;
}

static void
fake_started(void *ctx, struct interview *it)
{
	(void)ctx;
	(void)it;
	logf_("started%s%s\n", "", "");
}

static void
fake_saved(void *ctx, const struct interview *it, int var)
{
	(void)ctx;
	logf_("saved %s %s\n", it->rules->vars[var].id,
	    it->sit.answered[var] ? "answered" : "forgotten");
}

static void
fake_finished(void *ctx, const struct interview *it,
    const struct result *res)
{
	(void)ctx;
	(void)it;
	(void)res;
	logf_("finished%s%s\n", "", "");
}

static int
fake_list(void *ctx, struct ui_case *out, int max)
{
	(void)ctx;
	if (max < 1)
		return 0;
	snprintf(out[0].id, sizeof out[0].id, "case-1");
	snprintf(out[0].label, sizeof out[0].label,
	    "15/11 10:42 — 2 réponses (test)");
	return 1;
}

/* Answers "no danger, nothing urgent", as a store would replay them. */
static int
fake_resume(void *ctx, const char *id, struct interview *it, char *msg,
    int msgsize)
{
	struct error err;

	(void)ctx;
	if (strcmp(id, "case-1") != 0) {
		snprintf(msg, (size_t)msgsize, "dossier %s introuvable", id);
		return -1;
	}
	memset(&err, 0, sizeof err);
	if (interview_answer(it, rules_var_index(it->rules, "danger_now"),
	    "non", &err) == -1)
		return -1;
	it->sit.vals[rules_var_index(it->rules, "urgent")].t = V_LIST;
	interview_answered(it, rules_var_index(it->rules, "urgent"));
	logf_("resumed %s%s\n", id, "");
	return 0;
}

static void
install_fake_hooks(void)
{
	struct ui_hooks h;

	memset(&h, 0, sizeof h);
	h.commune_search = fake_search;
	h.interview_started = fake_started;
	h.answer_saved = fake_saved;
	h.interview_finished = fake_finished;
	h.list_unfinished = fake_list;
	h.resume = fake_resume;
	h.depth = g_depth;
	ui_set_hooks(&h);
}

/* --- scripts -------------------------------------------------------------- */

struct script {
	FILE		*f;
	const char	*golden;
	int		 update;
	int		 passed, failed;
	const char	*file;
	int		 line;
	/* keys still to send (a `type` line, an answer): a code and
	 * whether it is a KEY_* code */
	wint_t		 pending[512];
	unsigned char	 pfkey[512];
	int		 npending, ipending;
	/* `answer FILE [until ID...]`: the situation answering */
	struct situation *sit;
	char		 until[512];
	int		 last_var, last_item, last_field, repeats;
	const char	*rules_dir;
	/* `focus ID`: move the review's highlight to that question */
	char		 focus[128];
	int		 focus_steps;
};

static void
push_key(struct script *sc, wint_t code, int fkey)
{
	if (sc->npending < (int)(sizeof sc->pending / sizeof sc->pending[0])) {
		sc->pfkey[sc->npending] = (unsigned char)fkey;
		sc->pending[sc->npending++] = code;
	}
}

static void
push_text(struct script *sc, const char *text)
{
	wchar_t w[256];
	int n = (int)mbstowcs(w, text, 255), i;

	push_key(sc, UI_CTRL('U'), 0);	/* clear a refilled field */
	for (i = 0; i < n; i++)
		push_key(sc, (wint_t)w[i], 0);
	push_key(sc, '\r', 0);
}

/* The keys that answer `v` (a question or a field) with `val`: the
   options as the screen offers them (ui_interview_option). */
static void
answer_keys(struct script *sc, const struct ui *ui, const struct var *v,
    const struct value *val)
{
	char buf[64];
	int i, k, o;

	if (val == NULL || val->t == V_UNKNOWN) {
		push_key(sc, KEY_F(5), 1);	/* don't know */
		return;
	}
	switch (v->qt) {
	case Q_BOOL:
		push_key(sc, val->u.b ? 'o' : 'n', 0);
		return;
	case Q_ENUM:
		k = val->t == V_STR ? var_option(v, val->u.s) : -1;
		for (i = 0; (o = ui_interview_option(ui, i)) >= 0 && o != k;
		    i++)
			push_key(sc, KEY_DOWN, 1);
		push_key(sc, '\r', 0);
		return;
	case Q_SET:
		/* Focus moves down the options, Space checks. */
		for (i = 0; (o = ui_interview_option(ui, i)) >= 0; i++) {
			for (k = 0; val->t == V_LIST && k < val->u.l.n; k++)
				if (val->u.l.items[k].t == V_STR &&
				    strcmp(val->u.l.items[k].u.s,
				    v->opts[o].value) == 0)
					push_key(sc, ' ', 0);
			push_key(sc, KEY_DOWN, 1);
		}
		push_key(sc, '\r', 0);
		return;
	default:
		break;
	}
	switch (val->t) {
	case V_NUM:
		push_text(sc, num_format(val->u.n, buf));
		break;
	case V_DATE: {
		int y, m, d;

		date_split(val->u.d, &y, &m, &d);
		snprintf(buf, sizeof buf, "%02d/%02d/%04d", d, m, y);
		push_text(sc, buf);
		break;
	}
	case V_STR:
		push_text(sc, val->u.s);
		break;
	case V_LIST:	/* a list's count */
		snprintf(buf, sizeof buf, "%d", val->u.l.n);
		push_text(sc, buf);
		break;
	default:
		push_key(sc, KEY_F(5), 1);
		break;
	}
}

/*
 * Queue the keys that answer what the interview asks now from sc->sit;
 * 0 when the driver must stop answering (not on the interview screen,
 * a question of the `until` list, or the same question asked again:
 * the answer was refused).
 */
static int
answer_next(struct ui *ui, struct script *sc)
{
	const struct rules *r = ui->rules;
	const struct situation *st = sc->sit;
	const struct var *q;
	const struct value *val;
	char id[140];
	int item, field, var = ui_interview_asking(ui, &item, &field);

	if (var < 0)
		return 0;
	q = &r->vars[var];
	snprintf(id, sizeof id, " %s ", q->id);
	if (strstr(sc->until, id) != NULL)
		return 0;
	if (var == sc->last_var && item == sc->last_item &&
	    field == sc->last_field && ++sc->repeats > 1) {
		printf("FAIL answer: \"%s\" asked again (%s:%d)\n", q->id,
		    sc->file, sc->line);
		sc->failed++;
		return 0;
	}
	if (var != sc->last_var || item != sc->last_item ||
	    field != sc->last_field)
		sc->repeats = 0;
	sc->last_var = var;
	sc->last_item = item;
	sc->last_field = field;
	val = st->answered[var] ? &st->vals[var] : NULL;
	if (field >= 0) {
		const struct value *f = NULL;

		if (val != NULL && q->qt == Q_LIST && val->t == V_LIST &&
		    item < val->u.l.n && val->u.l.items[item].t == V_RECORD)
			f = &val->u.l.items[item].u.r->f[field];
		else if (val != NULL && q->qt == Q_RECORD &&
		    val->t == V_RECORD)
			f = &val->u.r->f[field];
		answer_keys(sc, ui, &q->fields[field], f);
	} else if (q->qt == Q_RECORD) {
		push_key(sc, KEY_F(5), 1);
	} else {
		answer_keys(sc, ui, q, val);
	}
	return 1;
}

static const struct {
	const char	*name;
	int		 code;
	int		 fkey;
} keynames[] = {
	{ "Enter", '\r', 0 }, { "Esc", 27, 0 }, { "Space", ' ', 0 },
	{ "Tab", '\t', 0 }, { "Backspace", KEY_BACKSPACE, 1 },
	{ "Up", KEY_UP, 1 }, { "Down", KEY_DOWN, 1 }, { "Left", KEY_LEFT, 1 },
	{ "Right", KEY_RIGHT, 1 }, { "PgUp", KEY_PPAGE, 1 },
	{ "PgDn", KEY_NPAGE, 1 }, { "Home", KEY_HOME, 1 },
	{ "End", KEY_END, 1 },
};

/* Monochrome styles share attributes: name the attributes instead. */
static void
attr_names(attr_t a, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s", a & A_REVERSE ? "reverse " : "",
	    a & A_BOLD ? "bold " : "", a & A_UNDERLINE ? "underline " : "",
	    a & A_DIM ? "dim " : "");
	if (buf[0] != '\0')
		buf[strlen(buf) - 1] = '\0';
	else
		snprintf(buf, size, "normal");
}

/* The screen as text lines and style runs. Caller frees. */
static char *
dump_screen(struct ui *ui)
{
	size_t cap = 65536, len = 0;
	char *out = malloc(cap);
	int y, x, cy = getcury(stdscr), cx = getcurx(stdscr);

#define OUT(...)	len += (size_t)snprintf(out + len, cap - len, __VA_ARGS__)
	OUT("# %dx%d cursor %d,%d\n", COLS, LINES, getcury(stdscr),
	    getcurx(stdscr));
	for (y = 0; y < LINES; y++) {
		wchar_t wl[1024];
		char ml[4096];
		int n;

		wl[0] = 0;
		mvinnwstr(y, 0, wl, COLS);
		n = (int)wcstombs(ml, wl, sizeof ml - 1);
		if (n < 0)
			n = 0;
		ml[n] = '\0';
		while (n > 0 && ml[n - 1] == ' ')
			ml[--n] = '\0';
		OUT("%s\n", ml);
	}
	OUT("-- styles\n");
	for (y = 0; y < LINES; y++) {
		int start = 0, prev = -2;

		for (x = 0; x <= COLS; x++) {
			int st = -2, i;

			if (x < COLS) {
				cchar_t cc;
				wchar_t wc[CCHARW_MAX + 1];
				attr_t a;
				short pair;

				mvin_wch(y, x, &cc);
				getcchar(&cc, wc, &a, &pair, NULL);
				a &= ~A_COLOR;
				st = -1;
				for (i = 0; i < UI_NSTYLES; i++)
					if (ui->attrs[i] == a &&
					    ui->pairs[i] == pair) {
						st = i;
						break;
					}
			}
			if (st != prev) {
				if (prev > 0 || prev == -1) {
					static const char *names[] = {
#define X(name, f, b, attr, mono)	#name,
						UI_STYLE_TABLE
#undef X
					};
					char mono[64] = "";

					if (!ui->color && prev >= 0)
						attr_names(ui->attrs[prev],
						    mono, sizeof mono);
					OUT("%d:%d-%d %s\n", y, start, x - 1,
					    prev < 0 ? "?" : ui->color ?
					    names[prev] : mono);
				}
				start = x;
				prev = st;
			}
		}
	}
#undef OUT
	move(cy, cx);	/* reading moved it */
	return out;
}

/*
 * The rules version (16 hex digits) changes with every rule edit: screens
 * are compared with it masked, at the same width.
 */
static void
mask_version(char *s)
{
	char *p;
	int n;

	for (p = s; *p != '\0'; p++) {
		if (p > s && isxdigit((unsigned char)p[-1]))
			continue;
		for (n = 0; n < 17 && isxdigit((unsigned char)p[n]) &&
		    !isupper((unsigned char)p[n]); n++)
			;
		if (n == 16)
			memset(p, 'x', 16);
	}
}

static void
check_dump(struct ui *ui, struct script *sc, const char *name)
{
	char path[1024], *got = dump_screen(ui), *want = NULL;
	FILE *f;
	long n;

	mask_version(got);

	snprintf(path, sizeof path, "%s/%s.%s.txt", sc->golden, name,
	    ui->color ? "color" : "mono");
	if (sc->update) {
		if ((f = fopen(path, "w")) != NULL) {
			fputs(got, f);
			fclose(f);
		}
		printf("updated %s\n", path);
		sc->passed++;
		free(got);
		return;
	}
	if ((f = fopen(path, "r")) != NULL) {
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		want = calloc(1, (size_t)n + 1);
		if (fread(want, 1, (size_t)n, f) != (size_t)n)
			n = 0;
		fclose(f);
	}
	if (want != NULL && strcmp(want, got) == 0) {
		printf("ok %s\n", path);
		sc->passed++;
	} else {
		char fail[1100];

		snprintf(fail, sizeof fail, "%s.got", path);
		if ((f = fopen(fail, "w")) != NULL) {
			fputs(got, f);
			fclose(f);
		}
		printf("FAIL %s (%s:%d; see %s)\n", path, sc->file, sc->line,
		    fail);
		sc->failed++;
	}
	free(want);
	free(got);
}

/* No-break spaces (U+00A0, U+202F) read as ordinary spaces, in place:
   the screen's typography is not what an `expect` line checks. */
static void
plain_spaces(char *s)
{
	char *w = s;

	while (*s != '\0') {
		if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0) {
			*w++ = ' ';
			s += 2;
		} else if ((unsigned char)s[0] == 0xe2 &&
		    (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xaf) {
			*w++ = ' ';
			s += 3;
		} else
			*w++ = *s++;
	}
	*w = '\0';
}

static void
check_expect(struct ui *ui, struct script *sc, const char *text)
{
	char *got = dump_screen(ui), *styles = strstr(got, "\n-- styles\n");
	char *want = strdup(text);

	if (styles != NULL)
		*styles = '\0';
	if (want == NULL)
		abort();
	plain_spaces(got);
	plain_spaces(want);
	if (strstr(got, want) != NULL) {
		printf("ok expect \"%s\"\n", text);
		sc->passed++;
	} else {
		printf("FAIL expect \"%s\" (%s:%d)\n%s\n", text, sc->file,
		    sc->line, got);
		sc->failed++;
	}
	free(want);
	free(got);
}

static int
script_key(struct ui *ui, wint_t *ch)
{
	struct script *sc = ui->test_ctx;
	char line[1024], *arg;
	size_t i;

	for (;;) {
		if (sc->ipending < sc->npending) {
			int fk = sc->pfkey[sc->ipending];

			*ch = sc->pending[sc->ipending++];
			return fk ? KEY_CODE_YES : OK;
		}
		sc->npending = sc->ipending = 0;
		if (sc->focus[0] != '\0') {
			int v = ui_review_focus(ui);

			if (v >= 0 && strcmp(ui->rules->vars[v].id,
			    sc->focus) == 0) {
				sc->focus[0] = '\0';
			} else if (v < 0 || sc->focus_steps++ > 300) {
				printf("FAIL focus %s: not in the review "
				    "(%s:%d)\n", sc->focus, sc->file, sc->line);
				sc->failed++;
				sc->focus[0] = '\0';
			} else {
				push_key(sc, KEY_DOWN, 1);
				continue;
			}
		}
		if (sc->sit != NULL) {
			if (answer_next(ui, sc))
				continue;
			situation_release(sc->sit);
			free(sc->sit);
			sc->sit = NULL;
		}
		if (fgets(line, sizeof line, sc->f) == NULL) {
			ui->quit = 1;
			return ERR;
		}
		sc->line++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		arg = strchr(line, ' ');
		arg = arg != NULL ? arg + 1 : line + strlen(line);
		if (strncmp(line, "dump ", 5) == 0) {
			check_dump(ui, sc, arg);
		} else if (strncmp(line, "expect ", 7) == 0) {
			check_expect(ui, sc, arg);
		} else if (strncmp(line, "log ", 4) == 0 ||
		    strncmp(line, "nolog ", 6) == 0) {
			int no = line[0] == 'n';

			if ((strstr(hook_log, arg) != NULL) != no) {
				printf("ok %s \"%s\"\n", no ? "nolog" : "log",
				    arg);
				sc->passed++;
			} else {
				printf("FAIL %s \"%s\" (%s:%d)\n%s", no ?
				    "nolog" : "log", arg, sc->file, sc->line,
				    hook_log);
				sc->failed++;
			}
		} else if (strncmp(line, "type ", 5) == 0) {
			wchar_t w[256];
			int n = (int)mbstowcs(w, arg, 255), k;

			for (k = 0; k < n; k++)
				push_key(sc, (wint_t)w[k], 0);
		} else if (strncmp(line, "answer ", 7) == 0) {
			char path[1024], *u = strstr(arg, " until ");
			struct error err;

			if (u != NULL) {
				snprintf(sc->until, sizeof sc->until, " %s ",
				    u + 7);
				*u = '\0';
			} else {
				sc->until[0] = '\0';
			}
			/* relative to the script's directory */
			snprintf(path, sizeof path, "%.*s%s", arg[0] == '/' ?
			    0 : (int)(strrchr(sc->file, '/') != NULL ?
			    strrchr(sc->file, '/') - sc->file + 1 : 0),
			    sc->file, arg);
			memset(&err, 0, sizeof err);
			sc->sit = calloc(1, sizeof *sc->sit);
			situation_init(sc->sit, ui->rules);
			if (situation_load(sc->sit, path, &err) == -1) {
				printf("FAIL answer: %s: %s (%s:%d)\n", path,
				    err.msg, sc->file, sc->line);
				sc->failed++;
				situation_release(sc->sit);
				free(sc->sit);
				sc->sit = NULL;
			}
			sc->last_var = -1;
			sc->repeats = 0;
		} else if (strncmp(line, "focus ", 6) == 0) {
			int k;

			snprintf(sc->focus, sizeof sc->focus, "%s", arg);
			sc->focus_steps = 0;
			for (k = 0; k < 20; k++)	/* to the top */
				push_key(sc, KEY_PPAGE, 1);
		} else if (strncmp(line, "asking ", 7) == 0) {
			int item, field, var = ui_interview_asking(ui, &item,
			    &field);
			const char *got = var >= 0 ? ui->rules->vars[var].id :
			    "(no question)";

			if (strcmp(got, arg) == 0) {
				printf("ok asking %s\n", arg);
				sc->passed++;
			} else {
				printf("FAIL asking %s: the screen asks %s "
				    "(%s:%d)\n", arg, got, sc->file, sc->line);
				sc->failed++;
			}
		} else if (strncmp(line, "size ", 5) == 0) {
			int c, r;

			if (sscanf(arg, "%d %d", &c, &r) == 2)
				resizeterm(r, c);
			*ch = KEY_RESIZE;
			return KEY_CODE_YES;
		} else if (strncmp(line, "key ", 4) == 0) {
			for (i = 0; i < sizeof keynames / sizeof keynames[0];
			    i++)
				if (strcmp(arg, keynames[i].name) == 0) {
					*ch = (wint_t)keynames[i].code;
					return keynames[i].fkey ?
					    KEY_CODE_YES : OK;
				}
			if (arg[0] == 'F' && arg[1] >= '1' && arg[1] <= '9') {
				*ch = (wint_t)KEY_F(atoi(arg + 1));
				return KEY_CODE_YES;
			}
			if (arg[0] == '^' && arg[1] != '\0') {
				*ch = (wint_t)(arg[1] & 0x1f);
				return OK;
			}
			mbtowc(NULL, NULL, 0);
			{
				wchar_t wc;

				if (mbtowc(&wc, arg, strlen(arg)) > 0) {
					*ch = (wint_t)wc;
					return OK;
				}
			}
			printf("FAIL unknown key \"%s\" (%s:%d)\n", arg,
			    sc->file, sc->line);
			sc->failed++;
		} else {
			printf("FAIL bad script line (%s:%d)\n", sc->file,
			    sc->line);
			sc->failed++;
		}
	}
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	const char *rules_dir = "rules", *script = NULL, *golden = NULL;
	int32_t date = date_from_ymd(2026, 11, 15);
	int i, update = 0, bench = 0, fake = 0, terr = 0;
	struct territory *t = NULL;
	double t0 = now();

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc)
			rules_dir = argv[++i];
		else if (strcmp(argv[i], "--date") == 0 && i + 1 < argc)
			date_parse(argv[++i], &date);
		else if (strcmp(argv[i], "--script") == 0 && i + 1 < argc)
			script = argv[++i];
		else if (strcmp(argv[i], "--golden") == 0 && i + 1 < argc)
			golden = argv[++i];
		else if (strcmp(argv[i], "--update") == 0)
			update = 1;
		else if (strcmp(argv[i], "--bench-startup") == 0)
			bench = 1;
		else if (strcmp(argv[i], "--fake-hooks") == 0)
			fake = 1;
		else if (strcmp(argv[i], "--territory") == 0)
			terr = 1;
		else if (strcmp(argv[i], "--depth") == 0 && i + 1 < argc)
			g_depth = strcmp(argv[++i], "orientation") == 0;
		else {
			fprintf(stderr, "usage: tui_driver [--rules DIR] "
			    "[--date D] [--script F --golden DIR [--update]] "
			    "[--bench-startup]\n");
			return 2;
		}
	}
	if (fake)
		install_fake_hooks();
	else if (g_depth) {
		struct ui_hooks h;

		memset(&h, 0, sizeof h);
		h.depth = g_depth;
		ui_set_hooks(&h);
	}
	if (terr || (script == NULL && !bench)) {
		struct error err;
		struct ui_hooks h;

		memset(&err, 0, sizeof err);
		if ((t = territory_load(rules_dir, &err)) == NULL) {
			fprintf(stderr, "tui_driver: %s\n", err.msg);
			return 3;
		}
		memset(&h, 0, sizeof h);
		h.territory = t;
		h.depth = g_depth;
		{
			/* the directory; no store: cases and statistics
			   say so */
			struct ui_extra_ctx x = { t, NULL, 0 };

			ui_extra_set(&x);
		}
		h.directory_screen = &ui_directory_screen;
		h.cases_screen = &ui_cases_screen;
		h.stats_screen = &ui_stats_screen;
		if (fake) {
			/* keep the stand-ins, add the territory */
			install_fake_hooks();
			h.commune_search = fake_search;
			h.interview_started = fake_started;
			h.answer_saved = fake_saved;
			h.interview_finished = fake_finished;
			h.list_unfinished = fake_list;
			h.resume = fake_resume;
		}
		ui_set_hooks(&h);
	}
	if (script == NULL && !bench) {
		int status = ui_main(rules_dir, date);

		territory_free(t);
		return status;
	}

	(void)i18n_init(NULL, NULL);
	{
		struct error err;
		struct rules *r;
		struct ui ui;
		struct script sc;
		SCREEN *scr;
		FILE *out = NULL, *in = NULL;
		int status;

		memset(&err, 0, sizeof err);
		if ((r = rules_load(rules_dir, date, &err)) == NULL) {
			fprintf(stderr, "tui_driver: %s\n", err.msg);
			return 3;
		}
		if (bench) {
			fprintf(stderr, "loaded (rules%s) at %.2f ms\n",
			    t != NULL ? " and territory" : "",
			    (now() - t0) * 1000);
			scr = newterm(NULL, stdout, stdin);
		} else {
			setenv("COLUMNS", "80", 1);
			setenv("LINES", "24", 1);
			out = fopen("/dev/null", "w");
			in = fopen("/dev/null", "r");
			scr = newterm(getenv("TERM") != NULL ? getenv("TERM") :
			    "xterm-256color", out, in);
		}
		if (scr == NULL) {
			fprintf(stderr, "tui_driver: newterm failed\n");
			return 1;
		}
		ui_app_init(&ui, r, date);
		ui_curses_setup(&ui);
		memset(&sc, 0, sizeof sc);
		if (bench) {
			ui.bench_first_frame = 1;
		} else {
			if ((sc.f = fopen(script, "r")) == NULL) {
				endwin();
				fprintf(stderr, "tui_driver: cannot open %s\n",
				    script);
				return 1;
			}
			sc.golden = golden != NULL ? golden : ".";
			sc.update = update;
			sc.file = script;
			ui.getkey = script_key;
			ui.test_ctx = &sc;
		}
		status = ui_run(&ui);
		endwin();
		delscreen(scr);
		if (bench)
			fprintf(stderr, "startup to first screen: %.2f ms\n",
			    (now() - t0) * 1000);
		ui_app_release(&ui);
		rules_free(r);
		if (out != NULL)
			fclose(out);
		if (in != NULL)
			fclose(in);
		if (sc.f != NULL)
			fclose(sc.f);
		if (sc.sit != NULL) {
			situation_release(sc.sit);
			free(sc.sit);
		}
		territory_free(t);
		if (!bench)
			printf("%d passed, %d failed\n", sc.passed, sc.failed);
		(void)status;
		return bench ? 0 : sc.failed > 0;
	}
}
