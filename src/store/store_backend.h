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
	/* The answers of a case in the order given (var, value). */
	int	(*answers)(struct store *, int64_t id, struct store_answer **,
		    int *, struct error *);
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

/* The statistics' dimension names, by number (0: total …). */
extern const char *const store_stat_dims[];
extern const int store_nstat_dims;

/* Grow an array of `n` elements of `size` for one more (xrealloc). */
void	*store_grow(void *p, int n, size_t size);

/* Set the agent name store_agent() returns (the database login on
 * PostgreSQL). */
void	store_set_agent(const char *name);

#endif
