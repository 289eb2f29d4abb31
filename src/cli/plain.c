/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plain.c - the plain-text interview front end.
 */
#include "plain.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "report.h"
#include "territory.h"

#define MAX_FOUND	9
#define MAX_OPTIONS	64

/* Read one line without its newline; NULL at end of input. */
static char *
read_line(FILE *in, char *buf, size_t size)
{
	size_t n;

	if (fgets(buf, (int)size, in) == NULL)
		return NULL;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] != '\n' && !feof(in)) {
		int c;

		while ((c = fgetc(in)) != EOF && c != '\n')
			;	/* overlong line: drop the rest */
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return buf;
}

/*
 * The options offered (`oidx`, `n` of them; NULL: all) are numbered from
 * 1 in the order shown.
 */
static void
print_question(FILE *out, const char *text, const struct var *v, int step,
    const int *oidx, int n)
{
	char hint[120];
	int i, k;

	fprintf(out, "\n[%d] %s\n", step, text);
	for (i = 0; i < (oidx != NULL ? n : v->nopts); i++) {
		k = oidx != NULL ? oidx[i] : i;
		fprintf(out, "   %d. %s\n", i + 1, v->opts[k].label ?
		    v->opts[k].label : v->opts[k].value);
	}
	if (oidx != NULL && v->nopts > n) {
		fputs("   (", out);
		/* TRANSLATORS: under the options of a question: how many
		   of its options the answers given rule out (not shown). */
		fprintf(out, Q_("%d option not offered: the answers rule it "
		    "out (+ shows it)", "%d options not offered: the answers "
		    "rule them out (+ shows them)", v->nopts - n),
		    v->nopts - n);
		fputs(")\n", out);
	}
	switch (v->qt) {
	case Q_BOOL:
		/* TRANSLATORS: how to answer a yes/no question. Both "o"
		   (oui) and "y" (yes) answer yes, "n" answers no, in
		   any language: show the letters of your language. */
		fprintf(out, "   %s\n", _("(y = yes, n = no)"));
		break;
	case Q_SET:
		/* TRANSLATORS: how to answer a multiple-choice question:
		   the numbers of the options, e.g. "1,3"; 0 for none. */
		fprintf(out, "   %s\n", _("(numbers separated by commas; "
		    "0 for none)"));
		break;
	/* What to type, as the full screen says it under the field: a
	   listener does not see the field. */
	case Q_INT:
	case Q_MONEY:
	case Q_DATE:
		fprintf(out, "   (%s)\n", interview_type_hint(v, hint,
		    sizeof hint));
		break;
	default:
		break;
	}
	fputs("> ", out);
	fflush(out);
}

enum reply { R_ANSWER, R_DONT_KNOW, R_BACK, R_END, R_EOF };

/* "0", "aucune", "none"…: a multiple choice answered with no option. */
static int
is_none(const char *line)
{
	static const char *const words[] = { "0", "aucune", "aucun", "none",
	    "rien", NULL };
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strcasecmp(line, words[i]) == 0)
			return 1;
	return 0;
}

/*
 * The commune typed as a name, a postal code or an INSEE code, looked
 * up in the territory: its INSEE code into `code` (room for 8), or
 * -1 with a message printed (nothing found, or no choice among several).
 */
static int
find_commune(const struct territory *t, FILE *in, FILE *out,
    const char *line, char *code)
{
	const struct commune *found[MAX_FOUND], *c;
	char label[120], buf[64];
	int n, i;
	long k;
	char *end;

	if ((c = territory_commune(t, line)) != NULL) {
		snprintf(code, 8, "%s", c->insee);
		return 0;
	}
	/* the number of matches may exceed the room given */
	n = territory_search(t, line, found, MAX_FOUND);
	if (n > MAX_FOUND)
		n = MAX_FOUND;
	if (n <= 0) {
		fputs("   ! ", out);
		/* TRANSLATORS: %s is what the agent typed. */
		fprintf(out, _("no commune found for \"%s\": type its name, "
		    "its postal code or its INSEE code"), line);
		fputc('\n', out);
		return -1;
	}
	if (n == 1) {
		c = territory_commune_resolve(t, found[0]);
		territory_commune_label(t, found[0], label, sizeof label);
		fprintf(out, "   → %s — %s\n", label, c->insee);
		snprintf(code, 8, "%s", c->insee);
		return 0;
	}
	for (i = 0; i < n; i++) {
		territory_commune_label(t, found[i], label, sizeof label);
		fprintf(out, "   %d. %s%s%.30s\n", i + 1, label,
		    found[i]->postcodes[0] ? " — " : "", found[i]->postcodes);
	}
	/* TRANSLATORS: after a list of communes found. */
	fprintf(out, "   %s\n> ", _("Which one? (its number)"));
	fflush(out);
	if (read_line(in, buf, sizeof buf) == NULL)
		return -1;
	k = strtol(buf, &end, 10);
	if (*end != '\0' || k < 1 || k > n) {
		fprintf(out, "   ! %s\n", _("no commune chosen"));
		return -1;
	}
	c = territory_commune_resolve(t, found[k - 1]);
	snprintf(code, 8, "%s", c->insee);
	return 0;
}

/*
 * The numbers typed (row numbers of the options offered) as the
 * question's own option numbers, in place; words are kept. -1 with a
 * message for a number no row has.
 */
static int
renumber(FILE *out, const struct var *v, char *line, size_t size,
    const int *oidx, int n)
{
	char buf[1024], *tok, *save = NULL, *end;
	const char *seps = v->qt == Q_SET ? ", ;" : "";
	size_t len = 0;
	long k;

	snprintf(buf, sizeof buf, "%s", line);
	/* A single choice is one word or label: a number alone is a row. */
	for (tok = *seps ? strtok_r(buf, seps, &save) : buf; tok != NULL &&
	    *tok != '\0'; tok = *seps ? strtok_r(NULL, seps, &save) : NULL) {
		k = strtol(tok, &end, 10);
		if (*end == '\0' && (k < 1 || k > n)) {
			fprintf(out, "   ! ");
			/* TRANSLATORS: %s is the number typed, %d how many
			   options are listed. */
			fprintf(out, _("no option \"%s\": choose by number "
			    "(1 to %d)"), tok, n);
			fputc('\n', out);
			return -1;
		}
		len += (size_t)(*end == '\0' ? snprintf(line + len, size - len,
		    "%s%d", len ? "," : "", oidx[k - 1] + 1) :
		    snprintf(line + len, size - len, "%s%s", len ? "," : "",
		    tok));
		if (len >= size)
			return -1;
	}
	return 0;
}

/* Ask until a valid reply. For a field, item/field >= 0. */
static enum reply
ask(struct interview *it, FILE *in, FILE *out, int var, int item, int field,
    int step, const struct territory *terr)
{
	const struct var *q = &it->rules->vars[var];
	const struct var *v = field >= 0 ? &q->fields[field] : q;
	char line[1024], text[1400];
	struct error err;
	int oidx[MAX_OPTIONS], noffered, all = 0;

	for (;;) {
		/* "+": every option, those the answers rule out too (the
		   person's answer wins), numbered as the question's own. */
		noffered = field < 0 && !all ? interview_offered(it, var, NULL,
		    oidx, MAX_OPTIONS) : -1;
		if (field >= 0 && item >= 0)
			/* TRANSLATORS: a list question ("Children"), the
			   number of the item, and the field asked ("Age"). */
			snprintf(text, sizeof text, _("%s — no. %d: %s"),
			    interview_text(it, q), item + 1, v->text ? v->text :
			    v->id);
		else if (field >= 0)
			/* TRANSLATORS: a question about a record ("Your
			   partner") and the field asked ("Age"). */
			snprintf(text, sizeof text, _("%s: %s"),
			    interview_text(it, q), v->text ? v->text : v->id);
		else
			snprintf(text, sizeof text, "%s", interview_text(it,
			    q));
		print_question(out, text, v, step, noffered >= 0 ? oidx :
		    NULL, noffered);
		if (read_line(in, line, sizeof line) == NULL)
			return R_EOF;
		if (line[0] == '\0')
			return R_DONT_KNOW;
		if (strcmp(line, "?") == 0) {
			char why[400];

			fprintf(out, "   %s\n", v->help ? v->help : q->help ?
			    q->help : _("(no help for this question)"));
			if (interview_why(it, var, why, sizeof why)[0] != '\0')
				fprintf(out, "   %s %s\n",
				    _("The answer can still change:"), why);
			if (noffered >= 0 && interview_left_out(it, var, oidx,
			    noffered, why, sizeof why)[0] != '\0')
				fprintf(out, "   %s %s\n",
				    _("Not offered (the answers rule them out):"),
				    why);
			continue;
		}
		if (strcmp(line, "<") == 0)
			return R_BACK;
		if (strcmp(line, ".") == 0)
			return R_END;
		if (strcmp(line, "+") == 0 && noffered >= 0) {
			all = 1;
			continue;
		}
		if (v->qt == Q_SET && is_none(line)) {
			struct value none = { .t = V_LIST };

			if (field >= 0) {
				situation_record(&it->sit, var, item)->f[field] =
				    none;
			} else {
				it->sit.vals[var] = none;
				interview_answered(it, var);
			}
			return R_ANSWER;
		}
		if (v->qt == Q_COMMUNE && terr != NULL && field < 0) {
			char code[8];

			if (find_commune(terr, in, out, line, code) == -1)
				continue;
			snprintf(line, sizeof line, "%s", code);
		}
		if (noffered >= 0 && renumber(out, v, line, sizeof line,
		    oidx, noffered) == -1)
			continue;
		memset(&err, 0, sizeof err);
		if (field >= 0) {
			if (situation_parse_field(&it->sit, var, item, field,
			    line, &err) == 0)
				return R_ANSWER;
		} else if (interview_answer(it, var, line, &err) == 0) {
			return R_ANSWER;
		}
		fprintf(out, "   ! %s\n", err.msg);
	}
}

/* A list (count, then each item's fields) or a record (its fields). */
static enum reply
ask_compound(struct interview *it, FILE *in, FILE *out, int var, int step,
    const struct territory *terr)
{
	const struct var *q = &it->rules->vars[var];
	int n = 1, i, f;
	enum reply rp;
	char line[256];

	if (q->qt == Q_LIST) {
		for (;;) {
			char *end;
			long k;

			fprintf(out, "\n[%d] %s\n   %s\n> ", step,
			    interview_text(it, q),
			    /* TRANSLATORS: asked after a list question
			       ("Children who live with you"). */
			    _("How many? (0 if none)"));
			fflush(out);
			if (read_line(in, line, sizeof line) == NULL)
				return R_EOF;
			if (line[0] == '\0') {
				interview_dont_know(it, var);
				return R_DONT_KNOW;
			}
			if (strcmp(line, "<") == 0)
				return R_BACK;
			if (strcmp(line, ".") == 0)
				return R_END;
			if (strcmp(line, "?") == 0) {
				char why[400];

				fprintf(out, "   %s\n", q->help ? q->help :
				    _("(no help for this question)"));
				if (interview_why(it, var, why,
				    sizeof why)[0] != '\0')
					fprintf(out, "   %s %s\n",
					    _("The answer can still change:"),
					    why);
				continue;
			}
			k = strtol(line, &end, 10);
			if (*end == '\0' && k >= 0 && k <= 20) {
				n = (int)k;
				break;
			}
			fputs("   ! ", out);
			fprintf(out, _("a number from 0 to %d is expected"),
			    20);
			fputc('\n', out);
		}
		situation_list_resize(&it->sit, var, n);
	} else {
		situation_record(&it->sit, var, -1);
	}
	for (i = 0; i < n; i++)
		for (f = 0; f < q->nfields; f++) {
			if (eval_field_ask_if(it->ev, &it->sit, var,
			    q->qt == Q_LIST ? i : -1, f, it->date) != 1)
				continue;
			rp = ask(it, in, out, var, q->qt == Q_LIST ? i : -1, f,
			    step, terr);
			if (rp == R_EOF || rp == R_END || rp == R_BACK) {
				interview_answered(it, var);
				return rp;
			}
		}
	interview_answered(it, var);
	return R_ANSWER;
}

/*
 * Print the contradictions that appeared since the last call (`seen`
 * holds the keys of those already printed: a check, or a question).
 */
static void
print_new_warnings(struct interview *it, FILE *out, int *seen, int *nseen)
{
	const struct result *res = it->res;
	char text[1000];
	int i, k, key, n = 0, now[32];

	for (i = 0; i < res->nwarnings; i++) {
		key = res->warnings[i].check >= 0 ? it->rules->nvars +
		    res->warnings[i].check : res->warnings[i].var;
		if (n < 32)
			now[n++] = key;
		for (k = 0; k < *nseen; k++)
			if (seen[k] == key)
				break;
		if (k < *nseen)
			continue;
		fputs("   ! ", out);
		/* TRANSLATORS: %s says which answers contradict each
		   other. */
		fprintf(out, _("Contradiction: %s"), report_warning_text(
		    it->rules, res, i, text, sizeof text));
		fputc('\n', out);
	}
	memcpy(seen, now, sizeof *now * (size_t)n);
	*nseen = n;
}

/*
 * Announce the urgencies that appeared since the last call, the moment
 * the answers reveal them (`said` marks those already announced; one
 * that goes away after a correction may be announced again).
 */
static void
print_new_urgencies(struct interview *it, FILE *out, unsigned char *said)
{
	const struct result *res = it->res;
	int i, u;

	for (u = 0; u < it->rules->nurgencies; u++) {
		int now = 0;

		for (i = 0; i < res->nurgency_order; i++)
			now |= res->urgency_order[i] == u;
		if (now && !said[u]) {
			const struct urgency *ud = &it->rules->urgencies[u];

			/* TRANSLATORS: an urgency announced during the
			   plain interview: its priority ("P1"), its title,
			   then what to do at once. */
			fprintf(out, _("\n   ‼ URGENCY %s: %s\n"),
			    res->urgencies[u].priority, ud->title);
			if (ud->banner != NULL)
				fprintf(out, "     %s\n", ud->banner);
		}
		said[u] = (unsigned char)now;
	}
}

/*
 * At the full depth, the orientation's questions come first: say once
 * they are answered that the plan is settled, and that the agent may
 * stop there (issue 14). An answer of the full check may call for more
 * of them (the housing reveals a difficulty of the reasons given): once
 * they are answered in turn, a short line says so. `was`: bit 0, settled
 * at the last call; bit 1, said already. Returns the bits for the next
 * call.
 */
static int
print_oriented(const struct interview *it, FILE *out, int was)
{
	int now = it->depth == DEPTH_FULL && interview_oriented(it);
	int left = interview_remaining(it);

	if (now && !(was & 3))
		/* TRANSLATORS: plain mode at the full depth, once the
		   orientation's questions are answered; "." is the key
		   that finishes. */
		fprintf(out, Q_("\nOrientation done: the urgencies, the plan "
		    "and the rights of the reasons given are settled, or "
		    "wait for the documents (.: finish and see the results). "
		    "The full check of every right follows (about %d "
		    "question).\n", "\nOrientation done: the urgencies, the "
		    "plan and the rights of the reasons given are settled, "
		    "or wait for the documents (.: finish and see the "
		    "results). The full check of every right follows (about "
		    "%d questions).\n", left), left);
	else if (now && !(was & 1))
		/* TRANSLATORS: plain mode, when answers of the full check
		   called for more orientation questions and those are
		   answered too; "." is the key that finishes. */
		fputs(_("\nOrientation settled again with these answers (.: "
		    "finish and see the results).\n"), out);
	return now | (was & 2) | (now ? 2 : 0);
}

/*
 * Finished (".", or the input ended) with questions left: before the
 * orientation was done,
 * the plan may still change; after it, the full check was not finished
 * (issue 14).
 */
static void
print_stopped(const struct interview *it, FILE *out)
{
	int n = it->res->nnext;

	if (n <= 0)
		return;
	if (!interview_oriented(it))
		/* TRANSLATORS: plain mode, finished (".") before the
		   orientation was done. */
		fprintf(out, Q_("\nStopped before the orientation is done: "
		    "about %d more question can change the urgencies or the "
		    "plan.\n", "\nStopped before the orientation is done: "
		    "about %d more questions can change the urgencies or the "
		    "plan.\n", it->norientation), it->norientation);
	else if (it->depth == DEPTH_FULL)
		/* TRANSLATORS: plain mode, finished (".") during the full
		   check. */
		fprintf(out, Q_("\nThe full check was stopped: about %d more "
		    "question can change a right.\n", "\nThe full check was "
		    "stopped: about %d more questions can change a right.\n",
		    n), n);
}

/* After an orientation: go on to the full check? 1 yes, 0 no. */
static int
ask_full_check(struct interview *it, FILE *in, FILE *out)
{
	char line[64];
	int left;

	it->depth = DEPTH_FULL;
	if (interview_next(it) < 0) {
		it->depth = DEPTH_ORIENTATION;
		return 0;
	}
	left = it->res->nnext;
	it->depth = DEPTH_ORIENTATION;
	fputc('\n', out);
	/* TRANSLATORS: after the orientation in plain mode; "o"/"y"
	   answers yes, anything else no. */
	fprintf(out, Q_("Orientation done. Go on to the full check of every "
	    "right (about %d more question)? (y = yes, n = no)", "Orientation "
	    "done. Go on to the full check of every right (about %d more "
	    "questions)? (y = yes, n = no)", left), left);
	fputs("\n> ", out);
	fflush(out);
	if (read_line(in, line, sizeof line) == NULL)
		return 0;
	if (strcasecmp(line, "o") == 0 || strcasecmp(line, "oui") == 0 ||
	    strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") == 0) {
		it->depth = DEPTH_FULL;
		return 1;
	}
	return 0;
}

int
plain_run(struct interview *it, FILE *in, FILE *out,
    const struct plain_hooks *h)
{
	int var, step = 0, guard = 0, back, seen[32], nseen = 0, oriented = 0;
	const struct territory *terr = h != NULL ? h->territory : NULL;
	unsigned char *said = xcalloc((size_t)it->rules->nurgencies + 1, 1);
	enum reply rp = R_ANSWER;

	/* TRANSLATORS: the first line of the plain interview. The keys
	   "?", "<" and "." are fixed; "Enter" is the Enter key. */
	fprintf(out, "%s\n", _("Aiguillage interview — Enter: don't know; "
	    "?: help; <: back; .: finish"));
	for (;;) {
		const struct var *q;

		if ((var = interview_next(it)) < 0 || guard++ >= 10000) {
			print_new_urgencies(it, out, said);
			if (var < 0 && rp != R_END && rp != R_EOF &&
			    it->depth == DEPTH_ORIENTATION &&
			    ask_full_check(it, in, out)) {
				oriented = 3;	/* said by the question */
				continue;
			}
			break;
		}
		q = &it->rules->vars[var];
		print_new_urgencies(it, out, said);
		print_new_warnings(it, out, seen, &nseen);
		oriented = print_oriented(it, out, oriented);
		step = it->nhistory + 1;
		if (q->qt == Q_LIST || q->qt == Q_RECORD)
			rp = ask_compound(it, in, out, var, step, terr);
		else
			rp = ask(it, in, out, var, -1, -1, step, terr);
		if (rp == R_DONT_KNOW && q->qt != Q_LIST)
			interview_dont_know(it, var);
		else if (rp == R_BACK) {
			if (q->qt == Q_LIST || q->qt == Q_RECORD)
				interview_edit(it, var);
			back = interview_back(it);
			if (back >= 0 && h != NULL && h->forgot != NULL &&
			    h->forgot(h->arg, back) != 0) {
				free(said);
				return 2;
			}
			continue;
		}
		if (it->sit.answered[var] && h != NULL && h->answered != NULL &&
		    h->answered(h->arg, var) != 0) {
			free(said);
			return 2;
		}
		if (rp == R_END || rp == R_EOF)
			break;
	}
	free(said);
	it->res = eval_run(it->ev, &it->sit, it->date);
	print_new_warnings(it, out, seen, &nseen);
	/* "." or the end of the input (a pipe, a dropped line): the
	   results say what is left. */
	if (rp == R_END || rp == R_EOF)
		print_stopped(it, out);
	fputs("\n========================================\n", out);
	report_glance(out, it->rules, it->res);
	fputs("----------------------------------------\n", out);
	report_text(out, it->rules, it->res, 0);
	return fflush(out) == EOF ? 1 : 0;
}
