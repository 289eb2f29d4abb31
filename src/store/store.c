/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.c - the case store, whichever database holds it: the choice of
 * backend (a SQLite file by default, PostgreSQL for a conninfo), the
 * answers as flow YAML text, what is never stored (sensitive answers,
 * private urgencies and their plan steps), the result flattened into
 * rows, and reading answers back. The backends (store_sqlite.c,
 * store_pg.c) fill the table of store_backend.h. See store.h for the
 * contract.
 */
#include "store_backend.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirs.h"
#include "i18n.h"
#include "strbuf.h"
#include "xmalloc.h"
#include "ydoc.h"

const char *const store_stat_dims[] = {
	"total", "channel", "site", "month", "domain", "scheme", "service",
	"site_channel"
};
const int store_nstat_dims = (int)(sizeof store_stat_dims /
    sizeof store_stat_dims[0]);

/* The agent name set by a backend (the database login), else empty. */
static char agent_name[256];

void *
store_grow(void *p, int n, size_t size)
{
	if ((n & (n - 1)) == 0)
		p = xrealloc(p, size * (size_t)(n ? n * 2 : 1));
	return p;
}

int
store_is_conninfo(const char *s)
{
	return s != NULL && (strncmp(s, "postgresql://", 13) == 0 ||
	    strncmp(s, "postgres://", 11) == 0 ||
	    strncmp(s, "service=", 8) == 0);
}

struct store *
store_open(const char *path, int flags, struct error *err)
{
	if (store_is_conninfo(path))
		return store_pg_open(path, flags, err);
	return store_sqlite_open(path, flags, err);
}

void
store_close(struct store *st)
{
	if (st != NULL)
		st->ops->close(st);
}

const char *
store_backend(const struct store *st)
{
	return st->ops->name;
}

int
store_server_roles(const struct store *st)
{
	return st->server_roles;
}

const char *
store_path(const struct store *st)
{
	return st->path;
}

enum store_status
store_status(const struct store *st)
{
	return st->status;
}

void
store_set_timeout(struct store *st, int ms)
{
	st->timeout_ms = ms > 0 ? ms : 1;
}

char *
store_default_path(void)
{
	const char *env = getenv("AIGUILLAGE_DB");
	char *dir, *path;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
#ifdef AIG_LOCALSTATEDIR
	/* Installed system-wide: the shared directory whenever it exists
	 * (SPEC §8). An agent outside its group gets a clear refusal, not
	 * a private database that purge and backups never see (issue 16). */
	if (access(AIG_LOCALSTATEDIR "/lib/aiguillage", F_OK) == 0)
		return xstrdup(AIG_LOCALSTATEDIR "/lib/aiguillage/aiguillage.db");
#endif
	dir = dirs_user_data();
	path = xasprintf("%s/aiguillage.db", dir);
	free(dir);
	return path;
}

int
store_dir_shared(const char *path)
{
	char *dir = xstrdup(path), *p = strrchr(dir, '/');
	struct stat sb;
	int shared;

	if (p == NULL)
		snprintf(dir, strlen(dir) + 1, ".");
	else if (p == dir)
		p[1] = '\0';
	else
		*p = '\0';
	shared = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    (sb.st_mode & S_ISGID) && (sb.st_mode & S_IWGRP);
	free(dir);
	return shared;
}

void
store_set_agent(const char *name)
{
	snprintf(agent_name, sizeof agent_name, "%s", name);
}

char *
store_agent_printer(struct store *st)
{
	return st->ops->agent_printer != NULL ? st->ops->agent_printer(st) :
	    NULL;
}

const char *
store_agent(void)
{
	static char name[256];
	struct passwd *pw;

	/* On PostgreSQL, the database login the server knows us by. */
	if (agent_name[0] != '\0')
		return agent_name;

	/*
	 * The account the program runs as, from the system: never $USER
	 * or getlogin() (the environment and utmp say what anyone likes;
	 * issue 16). An account without a name is its number.
	 */
	if (name[0] != '\0')
		return name;
	if ((pw = getpwuid(geteuid())) != NULL && pw->pw_name != NULL &&
	    pw->pw_name[0] != '\0')
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "uid %lu",
		    (unsigned long)geteuid());
	return name;
}

struct sbuf {
	char	*s;
	size_t	 len, cap;
};

static void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sbuf_puts(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

static void
put_string(struct sbuf *b, const char *s)
{
	char esc[8];

	sbuf_puts(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			sbuf_add(b, esc, 2);
		} else if (c == '\n') {
			sbuf_puts(b, "\\n");
		} else if (c == '\t') {
			sbuf_puts(b, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof esc, "\\x%02x", c);
			sbuf_puts(b, esc);
		} else {
			sbuf_add(b, s, 1);
		}
	}
	sbuf_puts(b, "\"");
}

static void put_value(struct sbuf *, const struct var *, const struct value *);

static void
put_record(struct sbuf *b, const struct var *v, const struct record *r)
{
	int f, first = 1;

	sbuf_puts(b, "{");
	for (f = 0; f < r->nfields && f < v->nfields; f++) {
		if (r->f[f].t == V_UNKNOWN || v->fields[f].sensitive)
			continue;
		if (!first)
			sbuf_puts(b, ", ");
		sbuf_puts(b, v->fields[f].id);
		sbuf_puts(b, ": ");
		put_value(b, &v->fields[f], &r->f[f]);
		first = 0;
	}
	sbuf_puts(b, "}");
}

static void
put_value(struct sbuf *b, const struct var *v, const struct value *val)
{
	char tmp[40];
	int i;

	switch (val->t) {
	case V_UNKNOWN:
		sbuf_puts(b, "null");
		break;
	case V_BOOL:
		sbuf_puts(b, val->u.b ? "true" : "false");
		break;
	case V_NUM:
		sbuf_puts(b, num_format(val->u.n, tmp));
		break;
	case V_DATE:
		sbuf_puts(b, date_format(val->u.d, tmp));
		break;
	case V_STR:
		put_string(b, val->u.s);
		break;
	case V_LIST:
		sbuf_puts(b, "[");
		for (i = 0; i < val->u.l.n; i++) {
			if (i)
				sbuf_puts(b, ", ");
			put_value(b, v, &val->u.l.items[i]);
		}
		sbuf_puts(b, "]");
		break;
	case V_RECORD:
		put_record(b, v, val->u.r);
		break;
	}
}

char *
store_value_text(const struct var *v, const struct value *val)
{
	struct sbuf b = { NULL, 0, 0 };

	put_value(&b, v, val);
	return b.s;
}

int
store_answer(struct store *st, int64_t id, const struct rules *rules, int var,
    const struct value *val, struct error *err)
{
	const struct var *v;
	struct value unknown = value_unknown(), pub;
	struct arena tmp;
	char *text;
	int rc;

	if (var < 0 || var >= rules->nvars) {
		st->status = STORE_INVALID;
		return error_set(err, NULL, 0, 0,
		    _("cannot save the answer: no "
		    "variable %d"), var);
	}
	v = &rules->vars[var];
	if (v->sensitive)
		return 1;	/* never on disk nor on the wire, by design */
	/* Nor its sensitive options (situation_public). */
	arena_init(&tmp);
	pub = situation_public(v, val != NULL ? val : &unknown, &tmp);
	text = store_value_text(v, &pub);
	arena_release(&tmp);
	st->status = STORE_OK;
	rc = st->ops->answer_put(st, id, v->id, text, err);
	free(text);
	return rc;
}

int
store_forget(struct store *st, int64_t id, const struct rules *rules, int var,
    struct error *err)
{
	if (var < 0 || var >= rules->nvars) {
		st->status = STORE_INVALID;
		return error_set(err, NULL, 0, 0, _("cannot forget the answer: "
		    "no variable %d"), var);
	}
	st->status = STORE_OK;
	return st->ops->answer_put(st, id, rules->vars[var].id, NULL, err);
}

struct sensitive_ctx {
	const struct rules	*r;
	int			 hit;
};

static void
sensitive_cb(void *arg, int var)
{
	struct sensitive_ctx *c = arg;

	if (c->r->vars[var].sensitive)
		c->hit = 1;
}

/*
 * An urgency is not stored when it is discreet (violence, abuse…) or when
 * its condition reads a sensitive question: storing that it fired would
 * store the sensitive answer itself.
 */
int
store_urgency_is_private(const struct rules *r, const struct urgency *u)
{
	struct sensitive_ctx c = { r, 0 };

	if (u->discreet)
		return 1;
	rules_vars_read(r, u->when, sensitive_cb, &c);
	return c.hit;
}

static int
discreet_urgency(const struct rules *r, const char *id)
{
	int i;

	if (id == NULL)
		return 0;
	for (i = 0; i < r->nurgencies; i++)
		if (strcmp(r->urgencies[i].id, id) == 0)
			return store_urgency_is_private(r, &r->urgencies[i]);
	return 0;
}

/*
 * The rows a finished case leaves: every national scheme, the urgencies
 * that are not private, the plan without the steps of private urgencies
 * (renumbered), the documents. Release with store_case_data_release.
 */
static void
flatten(const struct rules *r, const struct result *res,
    struct store_case_data *d)
{
	int i, j, step = 0;

	memset(d, 0, sizeof *d);
	for (i = 0; i < r->nnational; i++) {
		const struct scheme_result *sr = &res->schemes[i];
		const struct scheme *def = sr->def ? sr->def : &r->schemes[i];
		struct store_scheme *x;

		d->schemes = store_grow(d->schemes, d->nschemes, sizeof *x);
		x = &d->schemes[d->nschemes++];
		memset(x, 0, sizeof *x);
		x->scheme = xstrdup(r->schemes[i].id);
		x->code = def->code ? xstrdup(def->code) : NULL;
		x->domain = def->domain ? xstrdup(def->domain) : NULL;
		x->verdict = xstrdup(verdict_name(sr->verdict));
		x->variant = sr->variant >= 0 && sr->variant < def->nvariants ?
		    xstrdup(def->variants[sr->variant].id) : NULL;
		x->has_amount = sr->has_amount != 0;
		x->amount = sr->amount;
		x->period = def->period ? xstrdup(def->period) : NULL;
		x->non_take_up = sr->non_take_up != 0;
		x->received = sr->received != 0;
		x->unconfirmed = sr->has_amount && sr->unconfirmed;
		x->route = route_kind_name(def->route) ?
		    xstrdup(route_kind_name(def->route)) : NULL;
	}
	for (i = 0; i < res->nurgency_order; i++) {
		const struct urgency *u = &r->urgencies[res->urgency_order[i]];
		const char *prio = res->urgencies[res->urgency_order[i]].priority;
		struct store_urgency *x;

		if (store_urgency_is_private(r, u))
			continue;
		d->urgencies = store_grow(d->urgencies, d->nurgencies,
		    sizeof *x);
		x = &d->urgencies[d->nurgencies++];
		x->urgency = xstrdup(u->id);
		x->priority = prio ? xstrdup(prio) : NULL;
	}
	for (i = 0; i < res->nplan; i++) {
		const struct plan_step *p = &res->plan[i];
		struct sbuf ids = { NULL, 0, 0 };
		struct store_step *x;

		if (discreet_urgency(r, p->urgency))
			continue;
		sbuf_puts(&ids, "");
		for (j = 0; j < p->nschemes; j++) {
			if (j)
				sbuf_puts(&ids, " ");
			sbuf_puts(&ids, r->schemes[p->schemes[j]].id);
		}
		d->plan = store_grow(d->plan, d->nplan, sizeof *x);
		x = &d->plan[d->nplan++];
		x->step = ++step;
		x->service = p->service ? xstrdup(p->service) : NULL;
		x->title = p->title ? xstrdup(p->title) : NULL;
		x->why = p->why ? xstrdup(p->why) : NULL;
		x->urgency = p->urgency ? xstrdup(p->urgency) : NULL;
		x->prereq = p->prereq != 0;
		x->assisted = p->assisted != 0;
		x->schemes = ids.s;
	}
	for (i = 0; i < res->ndocuments; i++) {
		d->documents = store_grow(d->documents, d->ndocuments,
		    sizeof *d->documents);
		d->documents[d->ndocuments++] = xstrdup(res->documents[i]);
	}
}

int
store_case_finish(struct store *st, int64_t id, const struct rules *rules,
    const struct result *res, struct error *err)
{
	struct store_case_data d;
	int rc;

	flatten(rules, res, &d);
	st->status = STORE_OK;
	rc = st->ops->finish(st, id, &d, err);
	store_case_data_release(&d);
	return rc;
}

void
store_case_release(struct store_case *c)
{
	free(c->agent);
	free(c->site);
	free(c->channel);
	free(c->rules_version);
	free(c->eval_date);
	free(c->reference);
	memset(c, 0, sizeof *c);
}

void
store_cases_free(struct store_case *cs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		store_case_release(&cs[i]);
	free(cs);
}

int
store_unfinished(struct store *st, const char *agent, struct store_case **out,
    int *n, struct error *err)
{
	struct store_filter f = { agent, 1, -1, -1 };

	return store_case_list(st, &f, out, n, err);
}

int
store_case_load(struct store *st, int64_t id, struct situation *sit,
    int **order, int *norder, char **dropped, int *ndropped,
    struct error *err)
{
	const struct rules *r = sit->rules;
	struct store_answer *as;
	struct store_case c;
	struct store_case_data ad;
	struct strbuf gone = STRBUF_INIT;
	int i, k, na, n = 0, ngone = 0;

	if (order != NULL) {
		*order = NULL;
		*norder = 0;
	}
	if (dropped != NULL) {
		*dropped = NULL;
		*ndropped = 0;
	}
	if (store_case_get(st, id, &c, err) == -1)
		return -1;
	store_case_release(&c);
	situation_clear(sit);
	memset(&ad, 0, sizeof ad);
	if (st->ops->part(st, id, &ad, STORE_PART_ANSWERS, err) == -1) {
		store_answers_free(ad.answers, ad.nanswers);
		return -1;
	}
	as = ad.answers;
	na = ad.nanswers;
	if (order != NULL)
		*order = xcalloc((size_t)r->nvars + 1, sizeof **order);
	for (i = 0; i < na; i++) {
		const char *var = as[i].var, *val = as[i].value;
		struct ydoc doc;
		struct error e;
		char *text;

		if ((k = rules_var_index(r, var)) >= 0 &&
		    (r->vars[k].sensitive || sit->answered[k]))
			continue;
		if (k >= 0) {
			text = xasprintf("%s: %s\n", var, val);
			/* One key, the answer's own: a value that reads as
			   more (a newline and another key, written by
			   something else than store_value_text) is refused. */
			if (ydoc_parse(&doc, "store", text, strlen(text),
			    &e) == 0) {
				if (doc.root == NULL || doc.root->kind !=
				    Y_MAP || doc.root->n != 1 ||
				    situation_read(sit, doc.root, "store",
				    &e) == -1)
					situation_unset(sit, k);
				ydoc_release(&doc);
			}
			free(text);
		}
		if (k < 0 || !sit->answered[k]) {	/* not accepted now */
			if (ngone++ > 0)
				strbuf_addn(&gone, ", ", 2);
			strbuf_addn(&gone, var, strlen(var));
			continue;
		}
		if (order != NULL && n < r->nvars)
			(*order)[n++] = k;
	}
	store_answers_free(as, na);
	if (norder != NULL)
		*norder = n;
	if (dropped != NULL && ngone > 0) {
		*dropped = strbuf_detach(&gone);
		*ndropped = ngone;
	} else
		strbuf_release(&gone);
	return 0;
}

void
store_answers_free(struct store_answer *a, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(a[i].var);
		free(a[i].value);
	}
	free(a);
}

/* ---- rows, for the backends (store_backend.h) -------------------------- */

static char *
row_str(const struct store_row *r, int col)
{
	const char *t = r->text(r, col);

	return t != NULL ? xstrdup(t) : NULL;
}

/* The text, "" for NULL. */
static char *
row_str0(const struct store_row *r, int col)
{
	const char *t = r->text(r, col);

	return xstrdup(t != NULL ? t : "");
}

void
store_row_case(const struct store_row *r, struct store_case *c)
{
	c->id = r->integer(r, 0);
	c->created = r->integer(r, 1);
	c->updated = r->integer(r, 2);
	c->finished = r->integer(r, 3);
	c->agent = row_str0(r, 4);
	c->site = row_str0(r, 5);
	c->channel = row_str0(r, 6);
	c->rules_version = row_str0(r, 7);
	c->eval_date = row_str0(r, 8);
	c->reference = row_str(r, 9);
	c->nanswers = (int)r->integer(r, 10);
}

void
store_row_add(const struct store_row *r, struct store_case_data *d,
    enum store_part part)
{
	switch (part) {
	case STORE_PART_ANSWERS: {
		struct store_answer *a;

		d->answers = store_grow(d->answers, d->nanswers, sizeof *a);
		a = &d->answers[d->nanswers++];
		a->var = row_str0(r, 0);
		a->value = row_str0(r, 1);
		a->seq = (int)r->integer(r, 2);
		a->saved = r->integer(r, 3);
		break;
	}
	case STORE_PART_SCHEMES: {
		struct store_scheme *x;

		d->schemes = store_grow(d->schemes, d->nschemes, sizeof *x);
		x = &d->schemes[d->nschemes++];
		x->scheme = row_str0(r, 0);
		x->code = row_str(r, 1);
		x->domain = row_str(r, 2);
		x->verdict = row_str0(r, 3);
		x->variant = row_str(r, 4);
		x->has_amount = r->text(r, 5) != NULL;
		x->amount = r->integer(r, 5);
		x->period = row_str(r, 6);
		x->non_take_up = (int)r->integer(r, 7);
		x->route = row_str(r, 8);
		x->received = (int)r->integer(r, 9);
		x->unconfirmed = (int)r->integer(r, 10);
		break;
	}
	case STORE_PART_URGENCIES: {
		struct store_urgency *u;

		d->urgencies = store_grow(d->urgencies, d->nurgencies,
		    sizeof *u);
		u = &d->urgencies[d->nurgencies++];
		u->urgency = row_str0(r, 0);
		u->priority = row_str(r, 1);
		break;
	}
	case STORE_PART_PLAN: {
		struct store_step *p;

		d->plan = store_grow(d->plan, d->nplan, sizeof *p);
		p = &d->plan[d->nplan++];
		p->step = (int)r->integer(r, 0);
		p->service = row_str(r, 1);
		p->title = row_str(r, 2);
		p->why = row_str(r, 3);
		p->urgency = row_str(r, 4);
		p->prereq = (int)r->integer(r, 5);
		p->assisted = (int)r->integer(r, 6);
		p->schemes = row_str0(r, 7);
		break;
	}
	case STORE_PART_DOCUMENTS:
		d->documents = store_grow(d->documents, d->ndocuments,
		    sizeof *d->documents);
		d->documents[d->ndocuments++] = row_str0(r, 0);
		break;
	case STORE_PART_READS: {
		struct store_read *x;

		d->reads = store_grow(d->reads, d->nreads, sizeof *x);
		x = &d->reads[d->nreads++];
		x->reader = row_str0(r, 0);
		x->action = row_str0(r, 1);
		x->at = r->integer(r, 2);
		break;
	}
	case STORE_NPARTS:
		break;
	}
}

void
store_row_tombstone(const struct store_row *r, struct store_tombstone **t,
    int *n)
{
	struct store_tombstone *x;

	*t = store_grow(*t, *n, sizeof *x);
	x = &(*t)[(*n)++];
	x->case_id = r->integer(r, 0);
	x->erased = r->integer(r, 1);
	x->by = row_str0(r, 2);
	x->how = row_str0(r, 3);
}

static int
put_text(struct store_param *p, const char *t)
{
	p->text = t;
	p->is_num = 0;
	return 1;
}

static int
put_num(struct store_param *p, int64_t n)
{
	p->text = NULL;
	p->num = n;
	p->is_num = 1;
	return 1;
}

int
store_put_params(const struct store_case_data *d, enum store_part part,
    int i, struct store_param *p)
{
	int n = 0;

	switch (part) {
	case STORE_PART_SCHEMES: {
		const struct store_scheme *x;

		if (i >= d->nschemes)
			return 0;
		x = &d->schemes[i];
		n += put_text(&p[n], x->scheme);
		n += put_text(&p[n], x->code);
		n += put_text(&p[n], x->domain);
		n += put_text(&p[n], x->verdict);
		n += put_text(&p[n], x->variant);
		n += x->has_amount ? put_num(&p[n], x->amount) :
		    put_text(&p[n], NULL);
		n += put_text(&p[n], x->period);
		n += put_num(&p[n], x->non_take_up != 0);
		n += put_text(&p[n], x->route);
		n += put_num(&p[n], x->received != 0);
		n += put_num(&p[n], x->unconfirmed != 0);
		return n;
	}
	case STORE_PART_URGENCIES:
		if (i >= d->nurgencies)
			return 0;
		n += put_num(&p[n], i + 1);
		n += put_text(&p[n], d->urgencies[i].urgency);
		n += put_text(&p[n], d->urgencies[i].priority);
		return n;
	case STORE_PART_PLAN: {
		const struct store_step *x;

		if (i >= d->nplan)
			return 0;
		x = &d->plan[i];
		n += put_num(&p[n], x->step);
		n += put_text(&p[n], x->service);
		n += put_text(&p[n], x->title);
		n += put_text(&p[n], x->why);
		n += put_text(&p[n], x->urgency);
		n += put_num(&p[n], x->prereq != 0);
		n += put_num(&p[n], x->assisted != 0);
		n += put_text(&p[n], x->schemes ? x->schemes : "");
		return n;
	}
	case STORE_PART_DOCUMENTS:
		if (i >= d->ndocuments)
			return 0;
		n += put_num(&p[n], i + 1);
		n += put_text(&p[n], d->documents[i]);
		return n;
	default:
		return 0;
	}
}

void
store_row_stat(const struct store_row *r, struct store_stat **s, int *n)
{
	int64_t dim = r->integer(r, 0);
	struct store_stat *x;

	if (dim < 0 || dim >= store_nstat_dims)
		return;
	*s = store_grow(*s, *n, sizeof *x);
	x = &(*s)[(*n)++];
	x->dim = store_stat_dims[dim];
	x->key = row_str0(r, 1);
	x->cases = (long)r->integer(r, 2);
	x->likely = (long)r->integer(r, 3);
	x->to_check = (long)r->integer(r, 4);
	x->unlikely = (long)r->integer(r, 5);
	x->non_take_up = (long)r->integer(r, 6);
	x->received = (long)r->integer(r, 7);
}

int
store_fetch_parts(struct store *st, struct store_case_data *d,
    struct error *err)
{
	int p;

	if (st->ops->case_get(st, d->c.id, &d->c, err) == -1)
		return -1;
	for (p = 0; p < STORE_NPARTS; p++)
		if (st->ops->part(st, d->c.id, d, (enum store_part)p, err) ==
		    -1)
			return -1;
	return 0;
}

int
store_schema_check(struct store *st, int version, int readonly,
    struct error *err)
{
	if (version > STORE_SCHEMA_VERSION) {
		st->status = STORE_NEWER;
		return error_set(err, NULL, 0, 0,
		    _("database \"%s\" was written "
		    "by a newer aiguillage (schema %d; this one knows up to "
		    "%d): upgrade aiguillage"), st->path, version,
		    STORE_SCHEMA_VERSION);
	}
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	if (readonly) {
		st->status = STORE_READ_ONLY;
		return error_set(err, NULL, 0, 0, _("database \"%s\" needs an "
		    "upgrade and is opened read-only"), st->path);
	}
	return 1;
}

/* ---- the backend's calls --------------------------------------------- */

int
store_case_new(struct store *st, const char *agent, const char *site,
    const char *channel, const char *rules_version, int32_t eval_date,
    const char *reference, int64_t *id, struct error *err)
{
	char date[16];

	if (agent == NULL || *agent == '\0') {
		st->status = STORE_INVALID;
		return error_set(err, NULL, 0, 0, _("cannot start a case: no "
		    "agent login"));
	}
	st->status = STORE_OK;
	return st->ops->case_new(st, agent, site, channel, rules_version,
	    date_format(eval_date, date), reference, id, err);
}

int
store_case_get(struct store *st, int64_t id, struct store_case *c,
    struct error *err)
{
	st->status = STORE_OK;
	return st->ops->case_get(st, id, c, err);
}

int
store_case_list(struct store *st, const struct store_filter *f,
    struct store_case **out, int *n, struct error *err)
{
	st->status = STORE_OK;
	return st->ops->case_list(st, f, out, n, err);
}

int
store_case_fetch(struct store *st, int64_t id, struct store_case_data *d,
    struct error *err)
{
	st->status = STORE_OK;
	return st->ops->fetch(st, id, d, err);
}

int
store_log_access(struct store *st, int64_t id, const char *reader,
    const char *action, struct error *err)
{
	if (reader == NULL || *reader == '\0')
		reader = "unknown";
	st->status = STORE_OK;
	return st->ops->log_access(st, id, reader, action, err);
}

int
store_case_erase(struct store *st, int64_t id, struct error *err)
{
	st->status = STORE_OK;
	return st->ops->erase(st, id, err);
}

int
store_purge(struct store *st, int days, int *count, struct error *err)
{
	if (count != NULL)
		*count = 0;
	if (days < 0) {
		st->status = STORE_INVALID;
		return error_set(err, NULL, 0, 0,
		    _("cannot purge: the retention "
		    "period must be 0 days or more"));
	}
	st->status = STORE_OK;
	return st->ops->purge(st, days, count, err);
}

int
store_tombstones(struct store *st, struct store_tombstone **out, int *n,
    struct error *err)
{
	st->status = STORE_OK;
	return st->ops->tombstones(st, out, n, err);
}

int
store_stats(struct store *st, int32_t from, int32_t to,
    struct store_stat **out, int *n, struct error *err)
{
	st->status = STORE_OK;
	return st->ops->stats(st, from, to, out, n, err);
}

void
store_case_data_release(struct store_case_data *d)
{
	int i;

	store_case_release(&d->c);
	for (i = 0; i < d->nanswers; i++) {
		free(d->answers[i].var);
		free(d->answers[i].value);
	}
	free(d->answers);
	for (i = 0; i < d->nschemes; i++) {
		struct store_scheme *x = &d->schemes[i];

		free(x->scheme);
		free(x->code);
		free(x->domain);
		free(x->verdict);
		free(x->variant);
		free(x->period);
		free(x->route);
	}
	free(d->schemes);
	for (i = 0; i < d->nurgencies; i++) {
		free(d->urgencies[i].urgency);
		free(d->urgencies[i].priority);
	}
	free(d->urgencies);
	for (i = 0; i < d->nplan; i++) {
		free(d->plan[i].service);
		free(d->plan[i].title);
		free(d->plan[i].why);
		free(d->plan[i].urgency);
		free(d->plan[i].schemes);
	}
	free(d->plan);
	for (i = 0; i < d->ndocuments; i++)
		free(d->documents[i]);
	free(d->documents);
	for (i = 0; i < d->nreads; i++) {
		free(d->reads[i].reader);
		free(d->reads[i].action);
	}
	free(d->reads);
	memset(d, 0, sizeof *d);
}

int
store_log_read(struct store *st, int64_t id, const char *reader,
    struct error *err)
{
	return store_log_access(st, id, reader, "read", err);
}

void
store_tombstones_free(struct store_tombstone *t, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(t[i].by);
		free(t[i].how);
	}
	free(t);
}

/* ---- statistics ------------------------------------------------------ */

void
store_stats_free(struct store_stat *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(s[i].key);
	free(s);
}
int
store_stat_text(long v, int threshold, char *buf, size_t size)
{
	if (v > 0 && v < threshold) {
		snprintf(buf, size, "<%d", threshold);
		return 1;
	}
	snprintf(buf, size, "%ld", v);
	return 0;
}
