/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plain.c - the plain-text interview front end.
 */
#include "plain.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"

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

static void
print_question(FILE *out, const char *text, const struct var *v, int step)
{
	int i;

	fprintf(out, "\n[%d] %s\n", step, text);
	for (i = 0; i < v->nopts; i++)
		fprintf(out, "   %d. %s\n", i + 1, v->opts[i].label ?
		    v->opts[i].label : v->opts[i].value);
	switch (v->qt) {
	case Q_BOOL:
		/* TRANSLATORS: how to answer a yes/no question. Both "o"
		   (oui) and "y" (yes) answer yes, "n" answers no, in
		   any language: show the letters of your language. */
		fprintf(out, "   %s\n", _("(y = yes, n = no)"));
		break;
	case Q_SET:
		/* TRANSLATORS: how to answer a multiple-choice question:
		   the numbers of the options, e.g. "1,3". */
		fprintf(out, "   %s\n", _("(numbers separated by commas)"));
		break;
	default:
		break;
	}
	fputs("> ", out);
	fflush(out);
}

enum reply { R_ANSWER, R_DONT_KNOW, R_BACK, R_END, R_EOF };

/* Ask until a valid reply. For a field, item/field >= 0. */
static enum reply
ask(struct interview *it, FILE *in, FILE *out, int var, int item, int field,
    int step)
{
	const struct var *q = &it->rules->vars[var];
	const struct var *v = field >= 0 ? &q->fields[field] : q;
	char line[1024], text[1400];
	struct error err;

	for (;;) {
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
		print_question(out, text, v, step);
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
			continue;
		}
		if (strcmp(line, "<") == 0)
			return R_BACK;
		if (strcmp(line, ".") == 0)
			return R_END;
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
ask_compound(struct interview *it, FILE *in, FILE *out, int var, int step)
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
			    step);
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

int
plain_run(struct interview *it, FILE *in, FILE *out,
    const struct plain_hooks *h)
{
	int var, step = 0, guard = 0, back, seen[32], nseen = 0;
	enum reply rp;

	/* TRANSLATORS: the first line of the plain interview. The keys
	   "?", "<" and "." are fixed; "Enter" is the Enter key. */
	fprintf(out, "%s\n", _("Aiguillage interview — Enter: don't know; "
	    "?: help; <: back; .: finish"));
	while ((var = interview_next(it)) >= 0 && guard++ < 10000) {
		const struct var *q = &it->rules->vars[var];

		print_new_warnings(it, out, seen, &nseen);
		step = it->nhistory + 1;
		if (q->qt == Q_LIST || q->qt == Q_RECORD)
			rp = ask_compound(it, in, out, var, step);
		else
			rp = ask(it, in, out, var, -1, -1, step);
		if (rp == R_DONT_KNOW && q->qt != Q_LIST)
			interview_dont_know(it, var);
		else if (rp == R_BACK) {
			if (q->qt == Q_LIST || q->qt == Q_RECORD)
				interview_edit(it, var);
			back = interview_back(it);
			if (back >= 0 && h != NULL && h->forgot != NULL &&
			    h->forgot(h->arg, back) != 0)
				return 2;
			continue;
		}
		if (it->sit.answered[var] && h != NULL && h->answered != NULL &&
		    h->answered(h->arg, var) != 0)
			return 2;
		if (rp == R_END || rp == R_EOF)
			break;
	}
	it->res = eval_run(it->ev, &it->sit, it->date);
	print_new_warnings(it, out, seen, &nseen);
	fputs("\n========================================\n", out);
	report_glance(out, it->rules, it->res);
	fputs("----------------------------------------\n", out);
	report_text(out, it->rules, it->res);
	return fflush(out) == EOF ? 1 : 0;
}
