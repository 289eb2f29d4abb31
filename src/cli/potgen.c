/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * potgen.c - extract the rule base's texts into a PO template.
 *
 *	potgen [--date YYYY-MM-DD] RULES_DIR > locales/rules.pot
 *
 * xgettext cannot read YAML, so this small program links the real loader
 * (rules_load) and writes every text a person reads, in the field list
 * of doc/i18n.md ("What potgen extracts"): the translation of the rule
 * base (locales/rules-en.po) is kept complete against its output, and
 * i18n_rule() looks the same strings up at run time. Each text becomes
 * one msgid (deduplicated) with its references ("#: rules/…:line") and
 * the field it comes from ("#." comment). References are relative to the
 * rules directory and printed as "rules/…", so the template does not
 * depend on where the rule base was read from. No date in the header:
 * the same rules give the same file byte for byte.
 *
 * Exit status: 0, 2 bad usage, 3 invalid rule base (as aiguillage).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "hash.h"
#include "rules.h"
#include "value.h"
#include "xmalloc.h"

struct entry {
	const char	*msgid;
	char		*refs;		/* "a:1 b:2", each once */
	char		*comment;	/* the first field that used it */
};

struct pot {
	struct entry	*e;
	int		 n, cap;
	unsigned	*hash;		/* open addressing: index + 1 */
	unsigned	 hsize;
	const char	*dir;
	size_t		 dirlen;
};

static void
pot_rehash(struct pot *p)
{
	unsigned i, j;

	free(p->hash);
	p->hsize = p->hsize ? p->hsize * 2 : 1024;
	p->hash = xcalloc(p->hsize, sizeof *p->hash);
	for (i = 0; i < (unsigned)p->n; i++) {
		j = hash_str(p->e[i].msgid) & (p->hsize - 1);
		while (p->hash[j] != 0)
			j = (j + 1) & (p->hsize - 1);
		p->hash[j] = i + 1;
	}
}

/* "rules/questions/10-contexte.yaml" whatever the directory was. */
static char *
pot_ref(const struct pot *p, const char *file, int line)
{
	const char *rel = file;

	if (file == NULL || file[0] == '(')	/* "(built-in)" */
		return NULL;
	if (strncmp(file, p->dir, p->dirlen) == 0 && file[p->dirlen] == '/')
		rel = file + p->dirlen + 1;
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	if (line > 0)
		return xasprintf("rules/%s:%d", rel, line);
	return xasprintf("rules/%s", rel);
}

/*
 * Add `text` (may be NULL or empty: ignored) found in `file` at `line`
 * (0: unknown); `what` describes the field for translators.
 */
static void
pot_add(struct pot *p, const char *text, const char *file, int line,
    const char *what)
{
	struct entry *e = NULL;
	char *ref, *r;
	unsigned j;

	if (text == NULL || *text == '\0')
		return;
	if ((unsigned)(p->n + 1) * 2 > p->hsize)
		pot_rehash(p);
	j = hash_str(text) & (p->hsize - 1);
	while (p->hash[j] != 0) {
		if (strcmp(p->e[p->hash[j] - 1].msgid, text) == 0) {
			e = &p->e[p->hash[j] - 1];
			break;
		}
		j = (j + 1) & (p->hsize - 1);
	}
	if (e == NULL) {
		if (p->n == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 512;
			p->e = xrealloc(p->e, sizeof *p->e * (size_t)p->cap);
		}
		e = &p->e[p->n];
		memset(e, 0, sizeof *e);
		e->msgid = text;
		e->comment = xstrdup(what);
		p->hash[j] = (unsigned)++p->n;
	}
	if ((ref = pot_ref(p, file, line)) == NULL)
		return;
	if (e->refs == NULL) {
		e->refs = ref;
		return;
	}
	/* each reference once: compare whole words */
	for (r = e->refs; (r = strstr(r, ref)) != NULL; r++)
		if ((r == e->refs || r[-1] == ' ') &&
		    (r[strlen(ref)] == ' ' || r[strlen(ref)] == '\0')) {
			free(ref);
			return;
		}
	r = xasprintf("%s %s", e->refs, ref);
	free(e->refs);
	free(ref);
	e->refs = r;
}

/* One PO string, split after each newline as msgmerge would. */
static void
po_string(FILE *f, const char *kw, const char *s)
{
	const unsigned char *c;
	const char *nl = strchr(s, '\n');

	fprintf(f, "%s ", kw);
	if (nl != NULL && nl[1] != '\0')	/* several lines */
		fputs("\"\"\n\"", f);
	else
		fputc('"', f);
	for (c = (const unsigned char *)s; *c; c++) {
		switch (*c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		case '\n':
			fputs("\\n", f);
			if (c[1] != '\0')
				fputs("\"\n\"", f);
			break;
		default:
			if (*c < 0x20 || *c == 0x7f)
				fprintf(f, "\\%03o", *c);
			else
				fputc(*c, f);
		}
	}
	fputs("\"\n", f);
}

/* A question or a record/list field, and its fields in turn. */
static void
pot_var(struct pot *p, const struct var *v, const char *parent)
{
	char what[256];
	int i;

	if (parent != NULL)
		snprintf(what, sizeof what, "field %s.%s", parent, v->id);
	else
		snprintf(what, sizeof what, "question %s", v->id);
	pot_add(p, v->text, v->file, v->line, what);
	pot_add(p, v->text_third, v->file, v->line, what);
	pot_add(p, v->help, v->file, v->line, what);
	for (i = 0; i < v->nopts; i++)
		pot_add(p, v->opts[i].label, v->file, v->line, what);
	for (i = 0; i < v->nfields; i++)
		pot_var(p, &v->fields[i], v->id);
}

static void
pot_scheme(struct pot *p, const struct scheme *s)
{
	char what[256];
	int i;

	snprintf(what, sizeof what, "scheme %s%s%s", s->id,
	    s->department ? " in department " : "",
	    s->department ? s->department : "");
	pot_add(p, s->name, s->file, s->line, what);
	pot_add(p, s->long_name, s->file, s->line, what);
	pot_add(p, s->operator_, s->file, s->line, what);
	for (i = 0; i < s->nconds; i++)
		pot_add(p, s->conds[i].text, s->file, s->line, what);
	for (i = 0; i < s->nvariants; i++)
		pot_add(p, s->variants[i].text, s->file, s->line, what);
	pot_add(p, s->rounding, s->file, s->line, what);
	pot_add(p, s->apply_text, s->file, s->line, what);
	pot_add(p, s->delay, s->file, s->line, what);
	pot_add(p, s->non_take_up_text, s->file, s->line, what);
	pot_add(p, s->to_check_text, s->file, s->line, what);
	pot_add(p, s->text_person, s->file, s->line, what);
	for (i = 0; i < s->nincompat; i++)
		pot_add(p, s->incompat[i].note, s->file, s->line, what);
}

static void
pot_write(FILE *f, const struct pot *p)
{
	int i;

	fputs("# Texts of the Aiguillage rule base (French), to translate.\n"
	    "# Generated by build/potgen from rules/ (make pot): do not edit.\n"
	    "msgid \"\"\n"
	    "msgstr \"\"\n"
	    "\"Project-Id-Version: aiguillage-rules\\n\"\n"
	    "\"Report-Msgid-Bugs-To: \\n\"\n"
	    "\"Language-Team: \\n\"\n"
	    "\"Language: \\n\"\n"
	    "\"MIME-Version: 1.0\\n\"\n"
	    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	    "\"Content-Transfer-Encoding: 8bit\\n\"\n", f);
	for (i = 0; i < p->n; i++) {
		fputc('\n', f);
		if (p->e[i].comment != NULL)
			fprintf(f, "#. %s\n", p->e[i].comment);
		if (p->e[i].refs != NULL)
			fprintf(f, "#: %s\n", p->e[i].refs);
		po_string(f, "msgid", p->e[i].msgid);
		fputs("msgstr \"\"\n", f);
	}
}

int
main(int argc, char **argv)
{
	struct pot p;
	struct rules *r;
	struct error err;
	char buf[1200], what[256];
	const char *dir = NULL, *uf, *of, *df, *kf;
	int32_t date = date_today();
	int i, j;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) {
			if (date_parse(argv[++i], &date) == -1) {
				fprintf(stderr, "potgen: invalid date \"%s\"\n",
				    argv[i]);
				return 2;
			}
		} else if (argv[i][0] == '-' || dir != NULL) {
			fputs("usage: potgen [--date YYYY-MM-DD] RULES_DIR\n",
			    stderr);
			return 2;
		} else
			dir = argv[i];
	}
	if (dir == NULL) {
		fputs("usage: potgen [--date YYYY-MM-DD] RULES_DIR\n", stderr);
		return 2;
	}
	memset(&err, 0, sizeof err);
	if ((r = rules_load(dir, date, &err)) == NULL) {
		error_format(&err, buf, sizeof buf);
		fprintf(stderr, "potgen: %s\n", buf);
		return 3;
	}
	memset(&p, 0, sizeof p);
	p.dir = r->dir ? r->dir : dir;
	p.dirlen = strlen(p.dir);
	/* Files of the parts the model keeps no file name for. */
	uf = xasprintf("%s/urgencies.yaml", p.dir);
	of = xasprintf("%s/orientation.yaml", p.dir);
	df = xasprintf("%s/documents", p.dir);
	kf = xasprintf("%s/services/kinds.yaml", p.dir);

	for (i = 0; i < r->nvars; i++)
		pot_var(&p, &r->vars[i], NULL);
	for (i = 0; i < r->nderived; i++) {
		snprintf(what, sizeof what, "derived %s", r->derived[i].id);
		pot_add(&p, r->derived[i].text, r->derived[i].file,
		    r->derived[i].line, what);
	}
	for (i = 0; i < r->nschemes; i++)
		pot_scheme(&p, &r->schemes[i]);
	for (i = 0; i < r->nurgencies; i++) {
		const struct urgency *u = &r->urgencies[i];

		snprintf(what, sizeof what, "urgency %s", u->id);
		pot_add(&p, u->title, uf, 0, what);
		pot_add(&p, u->banner, uf, 0, what);
		pot_add(&p, u->text_person, uf, 0, what);
		for (j = 0; j < u->nactions; j++)
			pot_add(&p, u->actions[j], uf, 0, what);
	}
	for (i = 0; i < r->nchecks; i++) {
		snprintf(what, sizeof what, "consistency %s",
		    r->checks[i].id);
		pot_add(&p, r->checks[i].text, r->checks[i].file,
		    r->checks[i].line, what);
	}
	for (i = 0; i < r->ndomains; i++)
		if (r->domain_labels != NULL)
			pot_add(&p, r->domain_labels[i], of, 0, "domain");
	for (i = 0; i < r->nprereqs; i++) {
		snprintf(what, sizeof what, "prerequisite %s",
		    r->prereqs[i].id);
		pot_add(&p, r->prereqs[i].title, of, 0, what);
		pot_add(&p, r->prereqs[i].why, of, 0, what);
	}
	pot_add(&p, r->mds_title, of, 0, "mds_appointment");
	pot_add(&p, r->mds_why, of, 0, "mds_appointment");
	pot_add(&p, r->referent_title, of, 0, "referent");
	pot_add(&p, r->night_title, of, 0, "night");
	pot_add(&p, r->night_why, of, 0, "night");
	for (i = 0; i < r->ndocuments; i++) {
		snprintf(what, sizeof what, "document %s", r->documents[i].id);
		pot_add(&p, r->documents[i].label, df, 0, what);
		pot_add(&p, r->documents[i].help, df, 0, what);
	}
	for (i = 0; i < r->nkinds; i++) {
		snprintf(what, sizeof what, "service kind %s", r->kinds[i].id);
		pot_add(&p, r->kinds[i].name, kf, 0, what);
	}
	pot_write(stdout, &p);
	i = fflush(stdout) == EOF || ferror(stdout);
	if (i)
		perror("potgen: write");
	for (j = 0; j < p.n; j++) {
		free(p.e[j].refs);
		free(p.e[j].comment);
	}
	free(p.e);
	free(p.hash);
	free((char *)uf);
	free((char *)of);
	free((char *)df);
	free((char *)kf);
	rules_free(r);
	return i ? 1 : 0;
}
