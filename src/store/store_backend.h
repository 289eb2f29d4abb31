/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_backend.h - what a case-store backend provides (SQLite, PostgreSQL).
 *
 * Private to src/store. store.c holds everything that does not depend on
 * the database (the answer text, what is private, the result flattened
 * into rows, reading answers back into a situation) and calls the backend
 * through this table for everything that touches it. A backend's own
 * struct starts with a `struct store`; the functions get that header and
 * cast. Every function returns 0 (or the documented positive value) or
 * -1 with `err` filled and st->status set, as the public ones in store.h.
 */
#ifndef STORE_BACKEND_H
#define STORE_BACKEND_H

#include "store.h"

/* The parts of a case after its row, in the order a fetch reads them. */
enum store_part {
	STORE_PART_ANSWERS, STORE_PART_SCHEMES, STORE_PART_URGENCIES,
	STORE_PART_PLAN, STORE_PART_DOCUMENTS, STORE_PART_READS,
	STORE_NPARTS
};

struct store_ops {
	const char	*name;		/* "sqlite", "postgresql" */
	void	(*close)(struct store *);
	int	(*case_new)(struct store *, const char *agent, const char *site,
		    const char *channel, const char *rules_version,
		    const char *eval_date, const char *reference, int64_t *id,
		    struct error *);
	/* Save `text` (NULL: forget) for `var`, touching the case. */
	int	(*answer_put)(struct store *, int64_t id, const char *var,
		    const char *text, struct error *);
	/* Finish: store the rows of `d` (schemes, urgencies, plan,
	 * documents), already stripped of anything private. */
	int	(*finish)(struct store *, int64_t id,
		    const struct store_case_data *d, struct error *);
	int	(*case_get)(struct store *, int64_t id, struct store_case *,
		    struct error *);
	int	(*case_list)(struct store *, const struct store_filter *,
		    struct store_case **, int *, struct error *);
	/* Append part `part` of case `id` to `d` (one query; answers in
	 * the order given). */
	int	(*part)(struct store *, int64_t id, struct store_case_data *d,
		    enum store_part part, struct error *);
	/* store_fetch_parts() in one consistent read. */
	int	(*fetch)(struct store *, int64_t id, struct store_case_data *,
		    struct error *);
	int	(*log_access)(struct store *, int64_t id, const char *reader,
		    const char *action, struct error *);
	int	(*erase)(struct store *, int64_t id, struct error *);
	int	(*purge)(struct store *, int days, int *count, struct error *);
	int	(*tombstones)(struct store *, struct store_tombstone **, int *,
		    struct error *);
	int	(*stats)(struct store *, int32_t from, int32_t to,
		    struct store_stat **, int *, struct error *);
	/* The running agent's printer, or NULL; may be NULL (none). */
	char	*(*agent_printer)(struct store *);
};

/* The part of every store the front end sees. */
struct store {
	const struct store_ops	*ops;
	char			*path;		/* file, or the conninfo
						 * without secrets */
	int			 timeout_ms;
	enum store_status	 status;
	int			 server_roles;	/* the server enforces roles */
};

/* Backends' open functions (store_open chooses). */
struct store	*store_sqlite_open(const char *path, int flags,
		    struct error *err);
struct store	*store_pg_open(const char *conninfo, int flags,
		    struct error *err);

/*
 * Reading a case back is the same on both backends: each runs its
 * queries, and store.c turns their rows into the structs of store.h. A
 * backend hands a row through its two accessors: `text` (NULL for SQL
 * NULL; valid until the next row) and `integer` (0 for NULL).
 */
struct store_row {
	const char	*(*text)(const struct store_row *, int col);
	int64_t		 (*integer)(const struct store_row *, int col);
	void		*res;		/* the backend's statement or result */
	int		 i;		/* the row in it, where that counts */
};

/* The columns the readers below take, in this order: the backends'
 * SELECT lists. */
#define STORE_CASE_COLS "id, created, updated, finished, agent, site, " \
	"channel, rules_version, eval_date, reference, (SELECT count(*) " \
	"FROM answers a WHERE a.case_id = cases.id)"
#define STORE_ANSWER_COLS "var, value, seq, saved"
#define STORE_SCHEME_COLS "scheme, code, domain, verdict, variant, " \
	"amount, period, non_take_up, route, received, unconfirmed"
#define STORE_URGENCY_COLS "urgency, priority"
#define STORE_STEP_COLS "step, service, title, why, urgency, prereq, " \
	"assisted, schemes"
#define STORE_DOCUMENT_COLS "document"
#define STORE_READ_COLS "reader, action, at"
#define STORE_TOMBSTONE_COLS "case_id, erased, by, how"

/* Fill `c` from a row of STORE_CASE_COLS. */
void	store_row_case(const struct store_row *, struct store_case *c);
/* Append a row of part `part` (its *_COLS) to `d`, grown as needed. */
void	store_row_add(const struct store_row *, struct store_case_data *d,
	    enum store_part part);
/* Append a row of the statistics (dimension number, key, cases, likely,
 * to check, unlikely, non-take-up) to (*s, *n); an unknown dimension is
 * skipped. */
void	store_row_stat(const struct store_row *, struct store_stat **s,
	    int *n);
/* Append a row of STORE_TOMBSTONE_COLS to (*t, *n). */
void	store_row_tombstone(const struct store_row *,
	    struct store_tombstone **t, int *n);

/* The case d->c.id and all its parts into `d` (the body of both
 * backends' fetch, inside their read transaction). 0 or -1. */
int	store_fetch_parts(struct store *, struct store_case_data *d,
	    struct error *err);

/*
 * What both backends do with the schema version `version` they found:
 * 0 when it is this program's, 1 when the database must be migrated
 * (and may be: not `readonly`), -1 with `err` and st->status set when it
 * is newer than this program or needs a migration it cannot have.
 */
int	store_schema_check(struct store *st, int version, int readonly,
	    struct error *err);

/*
 * Writing the result, the same on both backends: finish stores the rows
 * of parts STORE_PART_SCHEMES to STORE_PART_DOCUMENTS, each row's
 * parameters from store_put_params() after the case id, in the order of
 * the part's STORE_*_PUT columns.
 */
#define STORE_SCHEME_PUT	STORE_SCHEME_COLS
#define STORE_URGENCY_PUT	"ord, urgency, priority"
#define STORE_STEP_PUT		STORE_STEP_COLS
#define STORE_DOCUMENT_PUT	"ord, document"
#define STORE_MAX_PARAMS	11

/* A parameter: a text (NULL: SQL NULL) or, when is_num, a number. */
struct store_param {
	const char	*text;
	int64_t		 num;
	int		 is_num;
};

/* The parameters of row `i` of `part` of `d` into `p`: how many, or 0
 * when the part has no row `i` or is not written by finish. */
int	store_put_params(const struct store_case_data *d,
	    enum store_part part, int i, struct store_param *p);

/* The statistics' dimension names, by number (0: total …). */
extern const char *const store_stat_dims[];
extern const int store_nstat_dims;

/* Grow an array of `n` elements of `size` for one more (xrealloc). */
void	*store_grow(void *p, int n, size_t size);

/* Set the agent name store_agent() returns (the database login on
 * PostgreSQL). */
void	store_set_agent(const char *name);

#endif
