/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.h - the case store: interviews kept in SQLite (SPEC §8), or in
 * PostgreSQL for a département (issue 16). Which one runs is chosen by
 * the database setting alone (store_open); nothing outside src/store
 * knows which, nor writes SQL.
 *
 * One case per interview: who took it (agent login, site, channel), with
 * which rule base (version hash) and at which evaluation date, its answers
 * (each committed on its own as it is given, so a killed process loses
 * nothing already answered) and, once finished, the result (verdict per
 * scheme, amounts, non-take-up, urgencies, plan, documents) so a past
 * orientation can be shown again exactly.
 *
 * Privacy: answers to `sensitive` questions (and sensitive record fields)
 * never reach the disk nor the database server; urgencies marked
 * `discreet` and the plan steps they caused are not stored either. On
 * SQLite, erase and purge delete with secure_delete and truncate the
 * WAL, so erased bytes are overwritten in the files; on PostgreSQL the
 * rows go at once and their old versions at the next VACUUM. Reads of a
 * case by another agent go to an access log.
 *
 * Concurrency: on SQLite many agents share one file (WAL). Every write is
 * one short BEGIN IMMEDIATE transaction; a busy database is waited for
 * (with jitter) up to the store's timeout, then reported as busy, never
 * as "database is locked". On PostgreSQL each answer is one statement; a
 * serialisation failure, deadlock or lost connection is retried up to
 * the same timeout. No function here prints: failures fill a struct
 * error.
 */
#ifndef STORE_H
#define STORE_H

#include <stdint.h>

#include "error.h"
#include "eval.h"
#include "rules.h"
#include "situation.h"
#include "value.h"

/* Schema version written to PRAGMA user_version. */
#define STORE_SCHEMA_VERSION	5

/* store_open flags. */
#define STORE_READONLY	0x01	/* never create or write (list, stats) */
#define STORE_GROUP	0x02	/* shared by a group: 0660 file, 02770 dir */

/* Default wait for a busy database, in milliseconds. */
#define STORE_TIMEOUT_MS	10000

struct store;

/* What went wrong in the last failed call (store_status). */
enum store_status {
	STORE_OK, STORE_NOT_FOUND, STORE_BUSY, STORE_FULL, STORE_READ_ONLY,
	STORE_CORRUPT, STORE_NEWER, STORE_FOREIGN, STORE_IO, STORE_INVALID,
	STORE_DENIED	/* the server refused: not this agent's role */
};

/* One case, as listed. Strings are owned by the struct. */
struct store_case {
	int64_t		 id;
	int64_t		 created, updated;	/* Unix time */
	int64_t		 finished;		/* 0 while unfinished */
	char		*agent, *site, *channel;
	char		*rules_version;
	char		*eval_date;		/* YYYY-MM-DD */
	char		*reference;		/* may be NULL */
	int		 nanswers;
};

struct store_answer {
	char		*var;
	char		*value;		/* YAML flow text; "null": don't know */
	int		 seq;
	int64_t		 saved;
};

struct store_scheme {
	char		*scheme, *code, *domain, *verdict, *variant, *period;
	char		*route;
	int		 has_amount;
	num_t		 amount;
	int		 non_take_up;
	int		 received;	/* already received: nothing to claim */
	int		 unconfirmed;	/* the amount reads a figure not confirmed
				   at the date (scheme_result.unconfirmed) */
};

struct store_urgency {
	char		*urgency, *priority;
};

struct store_step {
	int		 step;
	char		*service, *title, *why, *urgency;
	char		*schemes;	/* scheme ids separated by spaces */
	int		 prereq, assisted;
};

struct store_read {
	char		*reader, *action;
	int64_t		 at;
};

/* Everything kept about one case (store_case_fetch). */
struct store_case_data {
	struct store_case	 c;
	struct store_answer	*answers;	/* in the order given */
	int			 nanswers;
	struct store_scheme	*schemes;	/* empty while unfinished */
	int			 nschemes;
	struct store_urgency	*urgencies;
	int			 nurgencies;
	struct store_step	*plan;
	int			 nplan;
	char			**documents;
	int			 ndocuments;
	struct store_read	*reads;		/* access log */
	int			 nreads;
};

/* Which cases store_case_list returns. */
struct store_filter {
	const char	*agent;		/* NULL: every agent */
	int		 unfinished;	/* only unfinished cases */
	int32_t		 from, to;	/* creation day range; -1: open */
};

/* One line of statistics: counts only, no personal data. */
struct store_stat {
	const char	*dim;		/* total, channel, site, month, domain,
					 * scheme, service */
	char		*key;
	long		 cases;
	long		 likely, to_check, unlikely, non_take_up;
	long		 received;	/* rights already received (part of
					   likely and to_check) */
};

/*
 * The database path: $AIGUILLAGE_DB, else $XDG_DATA_HOME/aiguillage/
 * aiguillage.db, else ~/.local/share/aiguillage/aiguillage.db (HOME, or
 * the password entry). Caller frees.
 */
char	*store_default_path(void);

/*
 * Open (creating the directory, mode 0700 or 02770, and the database,
 * mode 0600 or 0660, on first use unless STORE_READONLY) and migrate the
 * schema. Refuses a file that is not a database, a corrupt one, one from
 * another application, or one written by a newer aiguillage. Returns the
 * store (close with store_close) or NULL with `err` filled.
 */
struct store	*store_open(const char *path, int flags, struct error *err);
/*
 * Is `s` a PostgreSQL connection string rather than a file path?
 * "postgresql://…", "postgres://…" or "service=NAME" (a pg_service.conf
 * entry). Passwords come from ~/.pgpass or the service file, never from
 * here: a conninfo holding "password" is refused by store_open.
 */
int		 store_is_conninfo(const char *s);
/* "sqlite" or "postgresql". */
const char	*store_backend(const struct store *);
/* 1 when the database server itself enforces the roles (PostgreSQL:
 * grants and row-level security), 0 when the program does (SQLite). */
int		 store_server_roles(const struct store *);
void		 store_close(struct store *);
/* How long to wait for a busy database before giving up (ms). */
void		 store_set_timeout(struct store *, int ms);
const char	*store_path(const struct store *);
/* Kind of the last failure (STORE_NOT_FOUND for a missing case…). */
enum store_status store_status(const struct store *);

/*
 * Is `path` in a directory shared by a group (setgid, group-writable: the
 * package's /var/lib/aiguillage)? Then the database is shared with that
 * group (STORE_GROUP) without anyone setting `group` in the configuration.
 */
int	store_dir_shared(const char *path);

/* The agent running this program: the name of the effective user in the
 * password database (getpwuid(geteuid())), never from the environment;
 * "uid N" without an entry; once a PostgreSQL store is open, the database
 * login the server knows us by. Static storage. */
const char	*store_agent(void);

/*
 * The running agent's printer as the database records it (PostgreSQL:
 * the `agents` table, managed by the administrators), or NULL when it
 * records none or the backend has no such table (SQLite: the
 * configuration's [agent NAME] and [site NAME] sections say it).
 * Caller frees.
 */
char		*store_agent_printer(struct store *);

/*
 * Start a case. `agent` is required; site, channel and reference may be
 * NULL (no name is ever required). `rules_version` is rules->version,
 * `eval_date` days since the epoch. Sets *id. Returns 0 or -1.
 */
int	store_case_new(struct store *, const char *agent, const char *site,
	    const char *channel, const char *rules_version, int32_t eval_date,
	    const char *reference, int64_t *id, struct error *err);

/*
 * Save the answer to variable `var` (an index in rules->vars) in its own
 * transaction; answering again replaces it, and reopens a finished case.
 * A V_UNKNOWN value is "don't know". Sensitive record fields are left
 * out. Returns 0 when saved, 1 when not saved because the question is
 * sensitive (nothing is written), -1 on error (nothing is written).
 */
int	store_answer(struct store *, int64_t id, const struct rules *,
	    int var, const struct value *, struct error *err);

/* Forget the answer to `var` (back, edit). 0 or -1. */
int	store_forget(struct store *, int64_t id, const struct rules *, int var,
	    struct error *err);

/*
 * Mark the case finished and store its result (replacing an earlier one):
 * every national scheme's verdict, variant, amount, non-take-up and route,
 * the active urgencies (not discreet ones), the plan (without the steps of
 * discreet urgencies) and the documents. One transaction. 0 or -1.
 */
int	store_case_finish(struct store *, int64_t id, const struct rules *,
	    const struct result *, struct error *err);

/*
 * Rebuild the answers of a case into `sit` (initialised on the rules in
 * use; cleared first). Sensitive answers are absent; answers the current
 * rules no longer accept (a question gone, a value no longer allowed)
 * are skipped, their questions come again, and the stored rows stay.
 * When `order` is not NULL it receives the answered variables in the
 * order they were given (caller frees) and *norder their number. When
 * `dropped` is not NULL it receives the ids of the answers skipped so,
 * separated by ", " (caller frees; NULL: none) and *ndropped their
 * number. 0 or -1.
 */
int	store_case_load(struct store *, int64_t id, struct situation *sit,
	    int **order, int *norder, char **dropped, int *ndropped,
	    struct error *err);

/* One case's metadata. Release with store_case_release. 0 or -1 (a
 * missing case is an error naming its id). */
int	store_case_get(struct store *, int64_t id, struct store_case *,
	    struct error *err);
void	store_case_release(struct store_case *);

/* Everything about a case. Release with store_case_data_release. */
int	store_case_fetch(struct store *, int64_t id, struct store_case_data *,
	    struct error *err);
void	store_case_data_release(struct store_case_data *);
void	store_answers_free(struct store_answer *, int n);

/* Cases matching `f` (NULL: all), newest first. Free with
 * store_cases_free. 0 or -1. */
int	store_case_list(struct store *, const struct store_filter *f,
	    struct store_case **out, int *n, struct error *err);
/* Unfinished cases of `agent` (NULL: all), newest first, for resume. */
int	store_unfinished(struct store *, const char *agent,
	    struct store_case **out, int *n, struct error *err);
void	store_cases_free(struct store_case *, int n);

/*
 * Log that `reader` read (action "read", "export"…) case `id`; nothing is
 * logged when the reader is the case's author. store_log_read is the
 * "read" action. 0 or -1.
 */
int	store_log_access(struct store *, int64_t id, const char *reader,
	    const char *action, struct error *err);
int	store_log_read(struct store *, int64_t id, const char *reader,
	    struct error *err);

/*
 * Erase a case completely (answers, result, access log). SQLite: with
 * secure_delete, then checkpoint and truncate the WAL; returns 0 when
 * done and no trace is left in the files, 1 when erased but another
 * connection kept the WAL from being truncated (old bytes stay in the WAL
 * until the next checkpoint). PostgreSQL: through the server's aig_erase
 * (own case, or the admin role); 0. -1 on error (a missing case, or one
 * the role may not erase: STORE_DENIED).
 */
int	store_case_erase(struct store *, int64_t id, struct error *err);

/*
 * Erase and purge leave, in the same transaction, a tombstone per case
 * (its number, when, who: store_agent(), erase or purge; no content) and
 * a line of the audit (who, when, what). store_tombstones lists them,
 * oldest first. Caller frees with store_tombstones_free. 0 or -1.
 */
struct store_tombstone {
	int64_t		 case_id;
	int64_t		 erased;	/* Unix time */
	char		*by;
	char		*how;		/* "erase" or "purge" */
};
int	store_tombstones(struct store *, struct store_tombstone **out, int *n,
	    struct error *err);
void	store_tombstones_free(struct store_tombstone *, int n);

/*
 * Erase every case whose last activity is older than `days` days, like
 * store_case_erase. Sets *count (may be NULL). Returns 0, 1 or -1 as
 * store_case_erase.
 */
int	store_purge(struct store *, int days, int *count, struct error *err);

/*
 * Statistics over cases created between `from` and `to` (days since the
 * epoch, inclusive; -1 leaves a side open). Rows are ordered by
 * dimension then key. Free with store_stats_free. 0 or -1.
 */
int	store_stats(struct store *, int32_t from, int32_t to,
	    struct store_stat **out, int *n, struct error *err);
void	store_stats_free(struct store_stat *, int n);
/*
 * A count as statistics may show it: with a handful of cases, a count by
 * scheme, verdict or site can point at a person, so a count above 0 and
 * under `threshold` (the configuration's stats_threshold) is written
 * "<threshold". Writes the text into `buf` and returns 1 when the count
 * is hidden (JSON then writes null), else 0.
 */
int	store_stat_text(long v, int threshold, char *buf, size_t size);

/*
 * The answer text stored for `val` of variable `v` (flow YAML: numbers,
 * true/false, null, "strings", [lists], {field: value}); sensitive fields
 * are left out. Caller frees. Exposed for tests.
 */
char	*store_value_text(const struct var *v, const struct value *val);

/*
 * True when an urgency is never stored: it is discreet, or its condition
 * reads a sensitive question (storing that it fired would store the
 * answer).
 */
int	store_urgency_is_private(const struct rules *, const struct urgency *);

#endif
