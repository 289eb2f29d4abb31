/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite.c - the case store on SQLite (the default backend):
 * schema, migrations, short write transactions with a busy wait, results,
 * erase, purge, access log and statistics. See store.h for the contract
 * and store_backend.h for the table this file fills.
 */
#include "store_backend.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "xmalloc.h"
#include "ydoc.h"

/*
 * SQLite is opened with the first SQLite store (dlopen), not linked, as
 * libpq is (store_pg.c): linked, its 1,600 symbol relocations were done
 * at the start of every run, the largest part of the dynamic linker's
 * work, for commands that open no store (`eval`, `check`, issue 19).
 * The functions used are called through this table.
 */
#ifndef AIG_LIBSQLITE
#define AIG_LIBSQLITE	"libsqlite3.so.0"
#endif
#define SQ_FUNCTIONS \
	X(sqlite3_bind_int) \
	X(sqlite3_bind_int64) \
	X(sqlite3_bind_null) \
	X(sqlite3_bind_text) \
	X(sqlite3_busy_handler) \
	X(sqlite3_changes) \
	X(sqlite3_clear_bindings) \
	X(sqlite3_close) \
	X(sqlite3_column_int) \
	X(sqlite3_column_int64) \
	X(sqlite3_column_text) \
	X(sqlite3_db_readonly) \
	X(sqlite3_errmsg) \
	X(sqlite3_errstr) \
	X(sqlite3_exec) \
	X(sqlite3_extended_result_codes) \
	X(sqlite3_finalize) \
	X(sqlite3_last_insert_rowid) \
	X(sqlite3_open_v2) \
	X(sqlite3_prepare_v2) \
	X(sqlite3_prepare_v3) \
	X(sqlite3_reset) \
	X(sqlite3_step) \
	X(sqlite3_system_errno) \
	X(sqlite3_wal_checkpoint_v2)

static struct {
#define X(f)	__typeof__(&f) f;
	SQ_FUNCTIONS
#undef X
} sq_api;
static void *sq_lib;

/* Open SQLite once. Returns 0, or -1 with `err` filled. */
static int
sq_lib_open(struct error *err)
{
	void *lib;

	if (sq_lib != NULL)
		return 0;
	if ((lib = dlopen(AIG_LIBSQLITE, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		error_set(err, NULL, 0, 0,
		    _("cannot load the SQLite library: %s"),
		    dlerror());
		return -1;
	}
#define X(f)	if ((*(void **)&sq_api.f = dlsym(lib, #f)) == NULL) { \
		error_set(err, NULL, 0, 0, _("the SQLite library has no %s"), \
		    #f); \
		dlclose(lib); \
		return -1; \
	}
	SQ_FUNCTIONS
#undef X
	sq_lib = lib;
	return 0;
}

#define sqlite3_bind_int	(sq_api.sqlite3_bind_int)
#define sqlite3_bind_int64	(sq_api.sqlite3_bind_int64)
#define sqlite3_bind_null	(sq_api.sqlite3_bind_null)
#define sqlite3_bind_text	(sq_api.sqlite3_bind_text)
#define sqlite3_busy_handler	(sq_api.sqlite3_busy_handler)
#define sqlite3_changes	(sq_api.sqlite3_changes)
#define sqlite3_clear_bindings	(sq_api.sqlite3_clear_bindings)
#define sqlite3_close	(sq_api.sqlite3_close)
#define sqlite3_column_int	(sq_api.sqlite3_column_int)
#define sqlite3_column_int64	(sq_api.sqlite3_column_int64)
#define sqlite3_column_text	(sq_api.sqlite3_column_text)
#define sqlite3_db_readonly	(sq_api.sqlite3_db_readonly)
#define sqlite3_errmsg	(sq_api.sqlite3_errmsg)
#define sqlite3_errstr	(sq_api.sqlite3_errstr)
#define sqlite3_exec	(sq_api.sqlite3_exec)
#define sqlite3_extended_result_codes	(sq_api.sqlite3_extended_result_codes)
#define sqlite3_finalize	(sq_api.sqlite3_finalize)
#define sqlite3_last_insert_rowid	(sq_api.sqlite3_last_insert_rowid)
#define sqlite3_open_v2	(sq_api.sqlite3_open_v2)
#define sqlite3_prepare_v2	(sq_api.sqlite3_prepare_v2)
#define sqlite3_prepare_v3	(sq_api.sqlite3_prepare_v3)
#define sqlite3_reset	(sq_api.sqlite3_reset)
#define sqlite3_step	(sq_api.sqlite3_step)
#define sqlite3_system_errno	(sq_api.sqlite3_system_errno)
#define sqlite3_wal_checkpoint_v2	(sq_api.sqlite3_wal_checkpoint_v2)

/* PRAGMA application_id: "AIGU". */
#define STORE_APP_ID	0x41494755

/*
 * Every statement the store runs, prepared once per connection on first
 * use. ?1 is always the case id where there is one.
 */
#define STORE_SQL							\
	/* Never the number of an erased case (its tombstone keeps it). */ \
	X(Q_CASE_NEW, "INSERT INTO cases(id, created, updated, agent, site, "\
	    "channel, rules_version, eval_date, reference) "		\
	    "VALUES (max(coalesce((SELECT max(id) FROM cases), 0), "	\
	    "coalesce((SELECT max(case_id) FROM tombstones), 0)) + 1, "	\
	    "?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)")					\
	X(Q_CASE_TOUCH, "UPDATE cases SET updated = ?2, finished = NULL "	\
	    "WHERE id = ?1")							\
	X(Q_CASE_FINISH, "UPDATE cases SET updated = ?2, finished = ?2 "	\
	    "WHERE id = ?1")							\
	X(Q_CASE_GET, "SELECT " STORE_CASE_COLS " FROM cases WHERE id = ?1")\
	X(Q_CASE_LIST, "SELECT " STORE_CASE_COLS " FROM cases "		\
	    "WHERE (?1 IS NULL OR agent = ?1) AND (?2 = 0 OR finished IS "	\
	    "NULL) AND (?3 IS NULL OR date(created, 'unixepoch', "		\
	    "'localtime') >= ?3) AND (?4 IS NULL OR date(created, "		\
	    "'unixepoch', 'localtime') <= ?4) ORDER BY id DESC")		\
	X(Q_CASE_DEL, "DELETE FROM cases WHERE id = ?1")			\
	X(Q_TOMB_PUT, "INSERT INTO tombstones(case_id, erased, by, how) "	\
	    "VALUES (?1, ?2, ?3, ?4)")						\
	X(Q_TOMB_GET, "SELECT " STORE_TOMBSTONE_COLS " FROM tombstones "	\
	    "ORDER BY rowid")							\
	X(Q_AUDIT_PUT, "INSERT INTO audit(at, who, action, case_id, detail) "\
	    "VALUES (?1, ?2, ?3, ?4, ?5)")					\
	X(Q_CASE_OLD, "SELECT id FROM cases WHERE coalesce(finished, "	\
	    "updated) < ?1")							\
	X(Q_ANSWER_PUT, "INSERT INTO answers(case_id, var, value, seq, "	\
	    "saved) VALUES (?1, ?2, ?3, (SELECT coalesce(max(seq), 0) + 1 "	\
	    "FROM answers WHERE case_id = ?1), ?4) ON CONFLICT(case_id, var) "\
	    "DO UPDATE SET value = excluded.value, seq = excluded.seq, "	\
	    "saved = excluded.saved")						\
	X(Q_ANSWER_DEL, "DELETE FROM answers WHERE case_id = ?1 AND var = ?2")\
	X(Q_ANSWERS, "SELECT " STORE_ANSWER_COLS " FROM answers "		\
	    "WHERE case_id = ?1 ORDER BY seq")					\
	X(Q_RES_DEL, "DELETE FROM results WHERE case_id = ?1")		\
	X(Q_URG_DEL, "DELETE FROM urgencies WHERE case_id = ?1")		\
	X(Q_PLAN_DEL, "DELETE FROM plan WHERE case_id = ?1")			\
	X(Q_DOC_DEL, "DELETE FROM documents WHERE case_id = ?1")		\
	X(Q_RES_PUT, "INSERT INTO results(case_id, " STORE_SCHEME_PUT ") "	\
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")		\
	X(Q_URG_PUT, "INSERT INTO urgencies(case_id, " STORE_URGENCY_PUT ") "\
	    "VALUES (?1, ?2, ?3, ?4)")				\
	X(Q_PLAN_PUT, "INSERT INTO plan(case_id, " STORE_STEP_PUT ") "	\
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")			\
	X(Q_DOC_PUT, "INSERT INTO documents(case_id, " STORE_DOCUMENT_PUT ") "\
	    "VALUES (?1, ?2, ?3)")						\
	X(Q_RES_GET, "SELECT " STORE_SCHEME_COLS " FROM results "		\
	    "WHERE case_id = ?1 ORDER BY rowid")				\
	X(Q_URG_GET, "SELECT " STORE_URGENCY_COLS " FROM urgencies "	\
	    "WHERE case_id = ?1 ORDER BY ord")					\
	X(Q_PLAN_GET, "SELECT " STORE_STEP_COLS " FROM plan "		\
	    "WHERE case_id = ?1 ORDER BY step")				\
	X(Q_DOC_GET, "SELECT " STORE_DOCUMENT_COLS " FROM documents "	\
	    "WHERE case_id = ?1 ORDER BY ord")							\
	X(Q_LOG_PUT, "INSERT INTO access_log(case_id, reader, action, at) "	\
	    "SELECT id, ?2, ?3, ?4 FROM cases WHERE id = ?1 AND agent <> ?2")\
	X(Q_LOG_GET, "SELECT " STORE_READ_COLS " FROM access_log "		\
	    "WHERE case_id = ?1 ORDER BY id")					\
	X(Q_STATS, STATS_SQL)

/*
 * Statistics: one compound query over the cases created in the range
 * (?1, ?2: YYYY-MM-DD or NULL). Counts only.
 */
#define STATS_RANGE "(?1 IS NULL OR date(created, 'unixepoch', "		\
	"'localtime') >= ?1) AND (?2 IS NULL OR date(created, "		\
	"'unixepoch', 'localtime') <= ?2)"
#define STATS_VERDICTS "coalesce(sum(r.verdict = 'likely'), 0), "	\
	"coalesce(sum(r.verdict = 'to_check'), 0), "			\
	"coalesce(sum(r.verdict = 'unlikely'), 0), "			\
	"coalesce(sum(r.non_take_up), 0), coalesce(sum(r.received), 0)"
#define STATS_SQL							\
	"WITH c AS (SELECT id, channel, site, strftime('%Y-%m', created, "	\
	"'unixepoch', 'localtime') AS month FROM cases WHERE " STATS_RANGE	\
	") "								\
	"SELECT 0, 'cases', count(DISTINCT c.id), " STATS_VERDICTS	\
	" FROM c LEFT JOIN results r ON r.case_id = c.id "		\
	"UNION ALL SELECT 1, c.channel, count(DISTINCT c.id), "		\
	STATS_VERDICTS " FROM c LEFT JOIN results r ON r.case_id = c.id "	\
	"GROUP BY c.channel "						\
	"UNION ALL SELECT 2, c.site, count(DISTINCT c.id), "		\
	STATS_VERDICTS " FROM c LEFT JOIN results r ON r.case_id = c.id "	\
	"GROUP BY c.site "						\
	"UNION ALL SELECT 3, c.month, count(DISTINCT c.id), "		\
	STATS_VERDICTS " FROM c LEFT JOIN results r ON r.case_id = c.id "	\
	"GROUP BY c.month "						\
	"UNION ALL SELECT 4, r.domain, count(DISTINCT CASE WHEN "		\
	"r.verdict <> 'unlikely' THEN r.case_id END), " STATS_VERDICTS	\
	" FROM results r JOIN c ON c.id = r.case_id GROUP BY r.domain "	\
	"UNION ALL SELECT 5, r.scheme, count(DISTINCT CASE WHEN "		\
	"r.verdict <> 'unlikely' THEN r.case_id END), " STATS_VERDICTS	\
	" FROM results r JOIN c ON c.id = r.case_id GROUP BY r.scheme "	\
	"UNION ALL SELECT 6, p.service, count(DISTINCT p.case_id), 0, 0, "	\
	"0, 0, 0 FROM plan p JOIN c ON c.id = p.case_id GROUP BY p.service "	\
	"UNION ALL SELECT 7, c.site || ' / ' || c.channel, "		\
	"count(DISTINCT c.id), " STATS_VERDICTS " FROM c LEFT JOIN results r "\
	"ON r.case_id = c.id GROUP BY c.site, c.channel "		\
	"ORDER BY 1, 2"


enum store_query {
#define X(id, sql) id,
	STORE_SQL
#undef X
	Q_COUNT
};

static const char *const store_sql[] = {
#define X(id, sql) sql,
	STORE_SQL
#undef X
};

/* Schema migrations: migrations[i] brings user_version i to i + 1. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE cases ("
	"  id INTEGER PRIMARY KEY,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  finished INTEGER,"
	"  agent TEXT NOT NULL,"
	"  site TEXT NOT NULL DEFAULT '',"
	"  channel TEXT NOT NULL DEFAULT '',"
	"  rules_version TEXT NOT NULL,"
	"  eval_date TEXT NOT NULL,"
	"  reference TEXT"
	") STRICT;"
	"CREATE INDEX cases_agent ON cases(agent, finished);"
	"CREATE TABLE answers ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
	"  var TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  saved INTEGER NOT NULL,"
	"  PRIMARY KEY (case_id, var)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE results ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
	"  scheme TEXT NOT NULL,"
	"  code TEXT,"
	"  domain TEXT,"
	"  verdict TEXT NOT NULL CHECK (verdict IN ('likely', 'to_check',"
	"    'unlikely')),"
	"  variant TEXT,"
	"  amount INTEGER,"		/* millionths of a euro, exact */
	"  period TEXT,"
	"  non_take_up INTEGER NOT NULL DEFAULT 0,"
	"  route TEXT,"
	"  UNIQUE (case_id, scheme)"
	") STRICT;"
	"CREATE TABLE urgencies ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
	"  ord INTEGER NOT NULL,"
	"  urgency TEXT NOT NULL,"
	"  priority TEXT,"
	"  PRIMARY KEY (case_id, ord)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE plan ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
	"  step INTEGER NOT NULL,"
	"  service TEXT,"
	"  title TEXT,"
	"  why TEXT,"
	"  urgency TEXT,"
	"  prereq INTEGER NOT NULL DEFAULT 0,"
	"  assisted INTEGER NOT NULL DEFAULT 0,"
	"  schemes TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY (case_id, step)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE documents ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
	"  ord INTEGER NOT NULL,"
	"  document TEXT NOT NULL,"
	"  PRIMARY KEY (case_id, ord)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE access_log ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
	"  reader TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX access_log_case ON access_log(case_id);",
	/*
	 * 1 -> 2: what erase and purge leave (issue 16): a tombstone per
	 * case and an audit line, without content and without a foreign
	 * key (they outlive the case). Case numbers are never reused: an
	 * erased number stays its tombstone's.
	 */
	"CREATE TABLE tombstones ("
	"  case_id INTEGER NOT NULL,"
	"  erased INTEGER NOT NULL,"
	"  by TEXT NOT NULL,"
	"  how TEXT NOT NULL CHECK (how IN ('erase', 'purge'))"
	") STRICT;"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  who TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  case_id INTEGER,"
	"  detail TEXT NOT NULL DEFAULT ''"
	") STRICT;",
	/*
	 * 2 -> 3: a right the person already receives (received_if):
	 * shown so by `cases show` and the export, as on the screen. The
	 * cases stored before keep 0, what their program showed.
	 */
	"ALTER TABLE results ADD COLUMN received INTEGER NOT NULL DEFAULT 0;",
	/*
	 * 3 -> 4: the statistics count the rights received (a column of
	 * the query, as PostgreSQL's aig_stats): no table changes here.
	 */
	"SELECT 1;",
	/*
	 * 4 -> 5: an amount computed from a figure not confirmed at its
	 * date (a parameter's unconfirmed_from) says so in `cases show`,
	 * the export and the past cases screen, as on the result screen.
	 * The cases stored before keep 0: their program did not know.
	 */
	"ALTER TABLE results ADD COLUMN unconfirmed INTEGER NOT NULL "
	"DEFAULT 0;",
};
_Static_assert(sizeof migrations / sizeof migrations[0] ==
    STORE_SCHEMA_VERSION, "one migration per schema version");

/* The SQLite store: the common header, then the connection. */
struct sq {
	struct store		 b;
	sqlite3			*db;
	int			 flags;
	unsigned		 seed;		/* busy-wait jitter */
	int64_t			 busy_start;	/* ms, 0 when not waiting */
	int			 lockfd;	/* writers' queue, -1: none */
	int			 lockfd_stuck;	/* queue_enter gave up */
	dev_t			 dev;		/* the file opened, to see */
	ino_t			 ino;		/* it vanish or be replaced */
	sqlite3_stmt		*stmt[Q_COUNT];
};

/* Milliseconds on a monotonic clock. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/*
 * The busy handler: wait with a short, growing, jittered sleep until the
 * store's timeout. Short sleeps keep the answer latency low when dozens
 * of agents write at once (SQLite's default handler sleeps up to 100 ms).
 */
static int
busy_wait(void *arg, int count)
{
	struct sq *st = arg;
	int64_t now = now_ms();
	long cap;

	if (st->busy_start == 0)
		st->busy_start = now;
	if (now - st->busy_start >= st->b.timeout_ms)
		return 0;
	/*
	 * Aging instead of backoff: a newcomer sleeps up to 3 ms, a writer
	 * that has waited 30 ms polls every few hundred microseconds. With
	 * many writers, the ones that waited longest get the lock first,
	 * which keeps the slowest saves (the 99th percentile) short.
	 */
	cap = 3000 - 100 * (long)(now - st->busy_start);
	if (cap < 300)
		cap = 300;
	(void)count;
	sleep_us(100 + (long)(rand_r(&st->seed) % cap));
	return 1;
}

/*
 * Fill `err` for a failed SQLite call `rc` while doing `what`, with a
 * sentence an agent can act on, SQLite's own words in parentheses.
 */
static int
sql_fail(struct sq *st, int rc, const char *what, struct error *err)
{
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	const char *p = st->b.path;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		st->b.status = STORE_BUSY;
		return error_set(err, NULL, 0, 0,
		    _("cannot %s: database \"%s\" "
		    "is busy, another program has held it for %d s; try again"),
		    _(what), p, (st->b.timeout_ms + 999) / 1000);
	case SQLITE_FULL:
		st->b.status = STORE_FULL;
		return error_set(err, NULL, 0, 0,
		    _("cannot %s: the disk holding "
		    "\"%s\" is full (%s)"), _(what), p, msg);
	case SQLITE_READONLY:
		st->b.status = STORE_READ_ONLY;
		return error_set(err, NULL, 0, 0,
		    _("cannot %s: database \"%s\" "
		    "is read-only (%s)"), _(what), p, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		st->b.status = STORE_CORRUPT;
		return error_set(err, NULL, 0, 0,
		    _("cannot %s: database \"%s\" "
		    "is corrupt or not a database (%s)"), _(what), p, msg);
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		st->b.status = STORE_READ_ONLY;
		return error_set(err, NULL, 0, 0, _("cannot %s: cannot open or "
		    "write database \"%s\" or its directory (%s)"), _(what), p,
		    msg);
	case SQLITE_IOERR:
		st->b.status = STORE_IO;
		if (st->db != NULL && sqlite3_system_errno(st->db) != 0)
			return error_set(err, NULL, 0, 0, _("cannot %s: "
			    "input/output error on \"%s\": %s"), _(what), p,
			    strerror(sqlite3_system_errno(st->db)));
		return error_set(err, NULL, 0, 0, _("cannot %s: input/output "
		    "error on \"%s\" (%s)"), _(what), p, msg);
	default:
		st->b.status = STORE_IO;
		return error_set(err, NULL, 0, 0,
		    _("cannot %s: database \"%s\": "
		    "%s"), _(what), p, msg);
	}
}

/* The prepared statement `q`, reset and unbound. NULL on failure. */
static sqlite3_stmt *
stmt(struct sq *st, enum store_query q, struct error *err)
{
	int rc;

	if (st->stmt[q] == NULL) {
		rc = sqlite3_prepare_v3(st->db, store_sql[q], -1,
		    SQLITE_PREPARE_PERSISTENT, &st->stmt[q], NULL);
		if (rc != SQLITE_OK) {
			sql_fail(st, rc, N_("prepare a query"), err);
			return NULL;
		}
	} else {
		sqlite3_reset(st->stmt[q]);
		sqlite3_clear_bindings(st->stmt[q]);
	}
	return st->stmt[q];
}

static void
bind_text(sqlite3_stmt *s, int i, const char *t)
{
	if (t == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
}

/* Step a statement that returns no row; records the status. */
static int
step_done(struct sq *st, sqlite3_stmt *s, const char *what,
    struct error *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_fail(st, rc, what, err);
	return 0;
}

static int
exec(struct sq *st, const char *sql, const char *what, struct error *err)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return sql_fail(st, rc, what, err);
	return 0;
}

/*
 * The writers' queue: an flock on "<db>-lock" taken around each write
 * transaction. Waiting writers sleep in the kernel and are woken as soon
 * as the holder commits, instead of polling SQLite's lock: with dozens of
 * agents this keeps the slowest saves short. The queue is an optimisation
 * only: without the lock file (read-only directory) SQLite's lock and the
 * busy handler still serialise writers. The kernel drops the flock of a
 * process that dies; one stopped in the millisecond of a save (Ctrl-Z)
 * holds the queue until it resumes.
 */
static void
on_alarm(int sig)
{
	(void)sig;	/* only to interrupt flock() */
}

static void
queue_enter(struct sq *st)
{
	struct sigaction sa, old;
	struct itimerval tick, before;
	int64_t start;

	if (st->lockfd < 0 || flock(st->lockfd, LOCK_EX | LOCK_NB) == 0)
		return;
	/*
	 * Never an unbounded wait: a process that holds the lock file for
	 * good (stopped, or hostile) must not hang every writer. We sleep
	 * in flock() (woken the moment the holder commits: that keeps the
	 * slowest saves short), interrupted every 50 ms by SIGALRM to look
	 * at the clock. At the store's timeout we go on without the queue:
	 * SQLite's own lock and its bounded busy handler still serialise
	 * the writers. If the program already runs a timer, we poll.
	 */
	start = now_ms();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;	/* no SA_RESTART: flock gets EINTR */
	sigemptyset(&sa.sa_mask);
	memset(&tick, 0, sizeof tick);
	tick.it_value.tv_usec = 50000;
	tick.it_interval.tv_usec = 50000;
	if (getitimer(ITIMER_REAL, &before) == 0 &&
	    before.it_value.tv_sec == 0 && before.it_value.tv_usec == 0 &&
	    sigaction(SIGALRM, &sa, &old) == 0) {
		if (setitimer(ITIMER_REAL, &tick, NULL) == 0) {
			while (now_ms() - start < st->b.timeout_ms) {
				if (flock(st->lockfd, LOCK_EX) == 0)
					break;
				if (errno != EINTR)
					break;
			}
			memset(&tick, 0, sizeof tick);
			(void)setitimer(ITIMER_REAL, &tick, NULL);
		}
		(void)sigaction(SIGALRM, &old, NULL);
		if (flock(st->lockfd, LOCK_EX | LOCK_NB) == 0)
			return;
	} else {
		while (now_ms() - start < st->b.timeout_ms) {
			sleep_us(100 + (long)(rand_r(&st->seed) % 400));
			if (flock(st->lockfd, LOCK_EX | LOCK_NB) == 0)
				return;
		}
	}
	st->lockfd_stuck = 1;
}

static void
queue_leave(struct sq *st)
{
	if (st->lockfd >= 0 && !st->lockfd_stuck)
		flock(st->lockfd, LOCK_UN);
	st->lockfd_stuck = 0;
}

/*
 * Is the database still the file we opened? A removed directory or a
 * replaced file leaves SQLite writing to an unlinked inode (in WAL mode it
 * notices nothing): every answer "saved" there is lost. 0 or -1.
 */
static int
still_there(struct sq *st, const char *what, struct error *err)
{
	struct stat sb;

	if (lstat(st->b.path, &sb) == 0 && sb.st_dev == st->dev &&
	    sb.st_ino == st->ino)
		return 0;
	st->b.status = STORE_IO;
	return error_set(err, NULL, 0, 0, _("cannot %s: the database \"%s\" "
	    "was removed or replaced (its directory is gone?)"), _(what),
	    st->b.path);
}

/*
 * Run `fn` in one BEGIN IMMEDIATE transaction. If the database stays busy
 * past the busy handler (a checkpoint, a crashed reader's snapshot), roll
 * back and start again until the store's timeout: "database is locked"
 * never reaches the agent before that. Returns fn's result, or -1.
 */
static int
transact(struct sq *st, int (*fn)(struct sq *, void *, struct error *),
    void *ctx, const char *what, struct error *err)
{
	int64_t start = now_ms();
	int rc, r;

	for (;;) {
		st->b.status = STORE_OK;
		st->busy_start = 0;
		if (still_there(st, what, err) == -1)
			return -1;
		queue_enter(st);
		rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK) {
			r = fn(st, ctx, err);
			if (r >= 0) {
				rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL,
				    NULL);
				if (rc == SQLITE_OK) {
					queue_leave(st);
					/* Committed to a vanished file:
					 * not saved, say so. */
					if (still_there(st, what, err) == -1)
						return -1;
					return r;
				}
				sql_fail(st, rc, what, err);
			}
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			queue_leave(st);
			if (st->b.status != STORE_BUSY)
				return -1;
		} else {
			queue_leave(st);
			if ((rc & 0xff) != SQLITE_BUSY &&
			    (rc & 0xff) != SQLITE_LOCKED)
				return sql_fail(st, rc, what, err);
		}
		if (now_ms() - start >= st->b.timeout_ms)
			return sql_fail(st, SQLITE_BUSY, what, err);
		sleep_us(200 + (long)(rand_r(&st->seed) % 2000));
	}
}

/* mkdir -p for the parent directories of `path`; the last one gets
 * `mode`, the ones above 0700. */
static int
make_parents(const char *path, mode_t mode, struct error *err)
{
	char *dir = xstrdup(path), *p;
	struct stat sb;
	int rc = 0;

	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	if (stat(dir, &sb) == 0) {
		free(dir);
		return 0;
	}
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(dir, c == '\0' ? mode : 0700) == -1 &&
			    errno != EEXIST) {
				rc = error_set(err, NULL, 0, 0,
				    _("cannot create "
				    "directory \"%s\": %s"), dir,
				    strerror(errno));
				break;
			}
			if (c == '\0') {
				chmod(dir, mode);	/* umask */
				break;
			}
			*p = c;
		}
	}
	free(dir);
	return rc;
}

/* Create an empty database file with exactly `mode`. */
static int
create_file(const char *path, mode_t mode, struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd == -1) {
		if (errno == EEXIST)
			return 0;
		return error_set(err, NULL, 0, 0, _("cannot create database "
		    "\"%s\": %s"), path, strerror(errno));
	}
	if (fchmod(fd, mode) == -1) {
		close(fd);
		return error_set(err, NULL, 0, 0, _("cannot set the mode of "
		    "\"%s\": %s"), path, strerror(errno));
	}
	close(fd);
	return 0;
}

static int
pragma_int(struct sq *st, const char *sql, int *out, struct error *err)
{
	sqlite3_stmt *s;
	int rc;

	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(st, rc, N_("read the database"), err);
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(st, rc, N_("read the database"), err);
	return 0;
}

static int
migrate_tx(struct sq *st, void *ctx, struct error *err)
{
	int version, nobjects;
	unsigned i;
	char sql[64];

	(void)ctx;
	if (pragma_int(st, "PRAGMA user_version", &version, err) == -1 ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_schema", &nobjects,
	    err) == -1)
		return -1;
	if (version == 0 && nobjects > 0) {
		st->b.status = STORE_FOREIGN;
		return error_set(err, NULL, 0, 0, _("\"%s\" is a database of "
		    "another program, not of aiguillage"), st->b.path);
	}
	for (i = (unsigned)version; i < sizeof migrations /
	    sizeof migrations[0]; i++)
		if (exec(st, migrations[i], N_("migrate the database"),
		    err) == -1)
			return -1;
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", STORE_APP_ID);
	if (exec(st, sql, N_("migrate the database"), err) == -1)
		return -1;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    STORE_SCHEMA_VERSION);
	return exec(st, sql, N_("migrate the database"), err);
}

/* Check the file is ours and current; migrate it when older. */
static int
check_schema(struct sq *st, struct error *err)
{
	int version, app, nobjects, rc;

	if (pragma_int(st, "PRAGMA user_version", &version, err) == -1 ||
	    pragma_int(st, "PRAGMA application_id", &app, err) == -1 ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_schema", &nobjects,
	    err) == -1)
		return -1;
	if ((version > 0 && app != STORE_APP_ID) || (version == 0 &&
	    nobjects > 0)) {
		st->b.status = STORE_FOREIGN;
		return error_set(err, NULL, 0, 0, _("\"%s\" is a database of "
		    "another program, not of aiguillage"), st->b.path);
	}
	if ((rc = store_schema_check(&st->b, version, st->flags &
	    STORE_READONLY, err)) <= 0)
		return rc;
	return transact(st, migrate_tx, NULL, N_("create the tables"), err);
}

/*
 * May the file `path` (the database, its lock, WAL, shared memory or
 * journal) be used? Absent: yes. Never through a symbolic link, never a
 * special file, never one anyone may write; for writing, owned by us
 * unless the database is shared by a group (STORE_GROUP) or we are root
 * (the purge).
 */
static int
safe_file(const char *path, int flags, struct error *err)
{
	struct stat sb;

	if (lstat(path, &sb) == -1)
		return errno == ENOENT ? 0 : error_set(err, NULL, 0, 0,
		    _("cannot open database \"%s\": %s"), path,
		    strerror(errno));
	if (S_ISLNK(sb.st_mode))
		return error_set(err, NULL, 0, 0, _("refusing \"%s\": it is a "
		    "symbolic link (the database is opened only as a plain "
		    "file)"), path);
	if (!S_ISREG(sb.st_mode))
		return error_set(err, NULL, 0, 0, _("refusing \"%s\": not a "
		    "regular file"), path);
	if (sb.st_mode & S_IWOTH)
		return error_set(err, NULL, 0, 0, _("refusing \"%s\": anyone "
		    "may write it (chmod o-w)"), path);
	/* Another user's file that we may write: planted, or shared
	 * without the configuration saying so. */
	if (sb.st_uid != geteuid() && geteuid() != 0 &&
	    !(flags & (STORE_GROUP | STORE_READONLY)) &&
	    access(path, W_OK) == 0)
		return error_set(err, NULL, 0, 0, _("refusing \"%s\": it "
		    "belongs to another user (set group in the configuration "
		    "to share a database)"), path);
	return 0;
}

/* The database and the files SQLite opens beside it, all safe_file(). */
static int
safe_files(const char *path, int flags, struct error *err)
{
	static const char *const sfx[] = { "-lock", "-wal", "-shm",
	    "-journal" };
	size_t i;
	int rc = safe_file(path, flags, err);

	for (i = 0; rc == 0 && i < sizeof sfx / sizeof sfx[0]; i++) {
		char *p = xasprintf("%s%s", path, sfx[i]);

		rc = safe_file(p, flags, err);
		free(p);
	}
	return rc;
}

static const struct store_ops sq_ops;
static void	sq_close(struct store *);

struct store *
store_sqlite_open(const char *path, int flags, struct error *err)
{
	struct sq *st;
	mode_t fmode = flags & STORE_GROUP ? 0660 : 0600;
	mode_t dmode = flags & STORE_GROUP ? 02770 : 0700;
	struct stat sb;
	int rc;

	if (path == NULL || *path == '\0') {
		error_set(err, NULL, 0, 0, _("no database path given"));
		return NULL;
	}
	if (sq_lib_open(err) == -1)
		return NULL;
	/* SQLite would take "file:…?mode=memory" as a URI and ":memory:"
	 * as no file at all: the answers would vanish. */
	if (strncasecmp(path, "file:", 5) == 0 || path[0] == ':') {
		error_set(err, NULL, 0, 0, _("refusing database path \"%s\": "
		    "give a plain file path (SQLite URIs and \":memory:\" are "
		    "not accepted)"), path);
		return NULL;
	}
	if (flags & STORE_READONLY) {
		if (stat(path, &sb) == -1) {
			error_set(err, NULL, 0, 0, _("cannot open database "
			    "\"%s\": %s"), path, strerror(errno));
			return NULL;
		}
	} else if (make_parents(path, dmode, err) == -1 ||
	    create_file(path, fmode, err) == -1) {
		return NULL;
	}
	if (safe_files(path, flags, err) == -1 || lstat(path, &sb) == -1) {
		if (err != NULL && err->msg[0] == '\0')
			error_set(err, NULL, 0, 0, _("cannot open database "
			    "\"%s\": %s"), path, strerror(errno));
		return NULL;
	}
	st = xcalloc(1, sizeof *st);
	st->b.ops = &sq_ops;
	st->b.path = xstrdup(path);
	st->flags = flags;
	st->b.timeout_ms = STORE_TIMEOUT_MS;
	st->seed = (unsigned)getpid() ^ (unsigned)now_ms();
	st->lockfd = -1;
	st->dev = sb.st_dev;
	st->ino = sb.st_ino;
	if (!(flags & STORE_READONLY)) {
		char *lock = xasprintf("%s-lock", path);

		/* Create it with our mode (umask aside); never tighten an
		 * existing one, which a shared database's group needs. */
		st->lockfd = open(lock, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC |
		    O_NOFOLLOW, fmode);
		if (st->lockfd >= 0)
			(void)fchmod(st->lockfd, fmode);	/* umask */
		else if (errno == EEXIST)
			st->lockfd = open(lock, O_RDWR | O_CLOEXEC |
			    O_NOFOLLOW | O_NONBLOCK);
		/* Only a regular file: not a FIFO planted to block us. */
		if (st->lockfd >= 0 && (fstat(st->lockfd, &sb) == -1 ||
		    !S_ISREG(sb.st_mode))) {
			close(st->lockfd);
			st->lockfd = -1;
		}
		free(lock);
	}
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_NOFOLLOW |
	    ((flags & STORE_READONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE), NULL);
	if (rc != SQLITE_OK) {
		sql_fail(st, rc, N_("open the database"), err);
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_handler(st->db, busy_wait, st);
	if (!(flags & STORE_READONLY) && sqlite3_db_readonly(st->db, "main")) {
		st->b.status = STORE_READ_ONLY;
		error_set(err, NULL, 0, 0, _("cannot write database \"%s\": "
		    "the file or its directory is read-only"), path);
		goto fail;
	}
	/*
	 * secure_delete: deleted answers are overwritten with zeros, not
	 * left in free pages. FULL: a commit is on disk when it returns
	 * (a power cut loses at most the answer being typed).
	 */
	if (exec(st, "PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON; "
	    "PRAGMA trusted_schema = OFF", N_("open the database"), err) == -1)
		goto fail;
	if (!(flags & STORE_READONLY) && exec(st, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = FULL", N_("open the database"), err) == -1)
		goto fail;
	if (check_schema(st, err) == -1)
		goto fail;
	st->b.status = STORE_OK;
	return &st->b;
fail:
	sq_close(&st->b);
	return NULL;
}

static void
sq_close(struct store *base)
{
	struct sq *st = (struct sq *)base;
	int i;

	if (st == NULL)
		return;
	for (i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	if (st->lockfd >= 0)
		close(st->lockfd);
	free(st->b.path);
	free(st);
}

/* ---- cases and answers ----------------------------------------------- */

struct new_ctx {
	const char	*agent, *site, *channel, *version, *date, *reference;
	int64_t		 id;
};

static int
case_new_tx(struct sq *st, void *arg, struct error *err)
{
	struct new_ctx *c = arg;
	sqlite3_stmt *s = stmt(st, Q_CASE_NEW, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)time(NULL));
	bind_text(s, 2, c->agent);
	bind_text(s, 3, c->site ? c->site : "");
	bind_text(s, 4, c->channel ? c->channel : "");
	bind_text(s, 5, c->version ? c->version : "");
	bind_text(s, 6, c->date);
	bind_text(s, 7, c->reference && *c->reference ? c->reference : NULL);
	if (step_done(st, s, N_("start a case"), err) == -1)
		return -1;
	c->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
sq_case_new(struct store *base, const char *agent, const char *site,
    const char *channel, const char *rules_version, const char *eval_date,
    const char *reference, int64_t *id, struct error *err)
{
	struct sq *st = (struct sq *)base;
	struct new_ctx c = { agent, site, channel, rules_version, eval_date,
	    reference, 0 };

	if (transact(st, case_new_tx, &c, N_("start a case"), err) == -1)
		return -1;
	*id = c.id;
	return 0;
}

/* Touch the case (reopening it); fails when it does not exist. */
static int
case_touch(struct sq *st, int64_t id, const char *what, struct error *err)
{
	sqlite3_stmt *s = stmt(st, Q_CASE_TOUCH, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)time(NULL));
	if (step_done(st, s, what, err) == -1)
		return -1;
	if (sqlite3_changes(st->db) == 0) {
		st->b.status = STORE_NOT_FOUND;
		return error_set(err, NULL, 0, 0, _("cannot %s: no case %lld"),
		    _(what), (long long)id);
	}
	return 0;
}

struct answer_ctx {
	int64_t		 id;
	const char	*var, *text;
};

static int
answer_tx(struct sq *st, void *arg, struct error *err)
{
	struct answer_ctx *a = arg;
	sqlite3_stmt *s;

	if (case_touch(st, a->id, N_("save the answer"), err) == -1)
		return -1;
	if (a->text == NULL) {
		if ((s = stmt(st, Q_ANSWER_DEL, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, a->id);
		bind_text(s, 2, a->var);
		return step_done(st, s, N_("forget the answer"), err);
	}
	if ((s = stmt(st, Q_ANSWER_PUT, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, a->id);
	bind_text(s, 2, a->var);
	bind_text(s, 3, a->text);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)time(NULL));
	return step_done(st, s, N_("save the answer"), err);
}

struct finish_ctx {
	int64_t				 id;
	const struct store_case_data	*d;
};

static int
finish_tx(struct sq *st, void *arg, struct error *err)
{
	static const enum store_query dels[] = { Q_RES_DEL, Q_URG_DEL,
	    Q_PLAN_DEL, Q_DOC_DEL };
	static const enum store_query put[STORE_NPARTS] = {
		[STORE_PART_SCHEMES] = Q_RES_PUT,
		[STORE_PART_URGENCIES] = Q_URG_PUT,
		[STORE_PART_PLAN] = Q_PLAN_PUT,
		[STORE_PART_DOCUMENTS] = Q_DOC_PUT,
	};
	struct finish_ctx *c = arg;
	const struct store_case_data *d = c->d;
	const char *what = N_("save the result");
	struct store_param p[STORE_MAX_PARAMS];
	sqlite3_stmt *s;
	unsigned k;
	int i, n, part;

	if (case_touch(st, c->id, what, err) == -1)
		return -1;
	if ((s = stmt(st, Q_CASE_FINISH, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)time(NULL));
	if (step_done(st, s, what, err) == -1)
		return -1;
	for (k = 0; k < sizeof dels / sizeof dels[0]; k++) {
		if ((s = stmt(st, dels[k], err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, c->id);
		if (step_done(st, s, what, err) == -1)
			return -1;
	}
	for (part = STORE_PART_SCHEMES; part <= STORE_PART_DOCUMENTS; part++)
		for (i = 0; (n = store_put_params(d, (enum store_part)part, i,
		    p)) > 0; i++) {
			if ((s = stmt(st, put[part], err)) == NULL)
				return -1;
			sqlite3_bind_int64(s, 1, c->id);
			for (k = 0; k < (unsigned)n; k++)
				if (p[k].is_num)
					sqlite3_bind_int64(s, (int)k + 2,
					    p[k].num);
				else
					bind_text(s, (int)k + 2, p[k].text);
			if (step_done(st, s, what, err) == -1)
				return -1;
		}
	return 0;
}

static int
sq_finish(struct store *base, int64_t id, const struct store_case_data *d,
    struct error *err)
{
	struct finish_ctx c = { id, d };

	return transact((struct sq *)base, finish_tx, &c, N_("save the result"),
	    err);
}

static int
sq_answer_put(struct store *base, int64_t id, const char *var,
    const char *text, struct error *err)
{
	struct answer_ctx a = { id, var, text };

	return transact((struct sq *)base, answer_tx, &a, text != NULL ?
	    N_("save the answer") : N_("forget the answer"), err);
}

/* ---- reading --------------------------------------------------------- */

/* A stepped statement's row, for store.c's readers (store_backend.h). */
static const char *
row_text(const struct store_row *r, int col)
{
	return (const char *)sqlite3_column_text(r->res, col);
}

static int64_t
row_integer(const struct store_row *r, int col)
{
	return sqlite3_column_int64(r->res, col);
}

static struct store_row
row_of(sqlite3_stmt *s)
{
	struct store_row r = { row_text, row_integer, s, 0 };

	return r;
}

/*
 * Reads run outside explicit transactions (WAL readers never wait for
 * writers); a statement that still finds the file busy (a checkpoint
 * being truncated) is retried until the timeout.
 */
static int
step_row(struct sq *st, sqlite3_stmt *s, const char *what,
    struct error *err)
{
	int64_t start = now_ms();
	int rc;

	for (;;) {
		st->busy_start = 0;
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc == SQLITE_DONE) {
			sqlite3_reset(s);
			return 0;
		}
		sqlite3_reset(s);
		if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) !=
		    SQLITE_LOCKED) || now_ms() - start >= st->b.timeout_ms)
			return sql_fail(st, rc, what, err);
		sleep_us(200 + (long)(rand_r(&st->seed) % 2000));
	}
}

static int
sq_case_get(struct store *base, int64_t id, struct store_case *c,
    struct error *err)
{
	struct sq *st = (struct sq *)base;
	sqlite3_stmt *s = stmt(st, Q_CASE_GET, err);
	struct store_row row;
	int rc;

	memset(c, 0, sizeof *c);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = step_row(st, s, N_("read the case"), err);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		st->b.status = STORE_NOT_FOUND;
		return error_set(err, NULL, 0, 0, _("no case %lld"),
		    (long long)id);
	}
	row = row_of(s);
	store_row_case(&row, c);
	sqlite3_reset(s);
	return 0;
}

static int
sq_case_list(struct store *base, const struct store_filter *f,
    struct store_case **out, int *n, struct error *err)
{
	struct sq *st = (struct sq *)base;
	sqlite3_stmt *s = stmt(st, Q_CASE_LIST, err);
	struct store_row row = row_of(s);
	char d[16];
	int rc, cap = 0;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	if (f != NULL) {
		bind_text(s, 1, f->agent);
		sqlite3_bind_int(s, 2, f->unfinished != 0);
		if (f->from >= 0)
			bind_text(s, 3, date_format(f->from, d));
		if (f->to >= 0)
			bind_text(s, 4, date_format(f->to, d));
	} else {
		sqlite3_bind_int(s, 2, 0);
	}
	while ((rc = step_row(st, s, N_("list the cases"), err)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, sizeof **out * (size_t)cap);
		}
		store_row_case(&row, &(*out)[(*n)++]);
	}
	if (rc == -1) {
		store_cases_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}


/* The statement reading each part of a case (enum store_part). */
static const enum store_query part_query[STORE_NPARTS] = {
	Q_ANSWERS, Q_RES_GET, Q_URG_GET, Q_PLAN_GET, Q_DOC_GET, Q_LOG_GET
};

static int
sq_part(struct store *base, int64_t id, struct store_case_data *d,
    enum store_part part, struct error *err)
{
	struct sq *st = (struct sq *)base;
	sqlite3_stmt *s = stmt(st, part_query[part], err);
	struct store_row row = row_of(s);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = step_row(st, s, N_("read the case"), err)) == 1)
		store_row_add(&row, d, part);
	return rc;
}

static int
sq_fetch(struct store *base, int64_t id, struct store_case_data *d,
    struct error *err)
{
	struct sq *st = (struct sq *)base;
	int rc;

	memset(d, 0, sizeof *d);
	d->c.id = id;
	/* One read transaction: a consistent picture of the case. */
	if (exec(st, "BEGIN", N_("read the case"), err) == -1)
		return -1;
	rc = store_fetch_parts(&st->b, d, err);
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc == -1)
		store_case_data_release(d);
	return rc;
}

/* ---- access log, erase, purge ---------------------------------------- */

struct log_ctx {
	int64_t		 id;
	const char	*reader, *action;
};

static int
log_tx(struct sq *st, void *arg, struct error *err)
{
	struct log_ctx *l = arg;
	sqlite3_stmt *s = stmt(st, Q_LOG_PUT, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, l->id);
	bind_text(s, 2, l->reader);
	bind_text(s, 3, l->action);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)time(NULL));
	return step_done(st, s, N_("log the read"), err);
}

static int
sq_log_access(struct store *base, int64_t id, const char *reader,
    const char *action, struct error *err)
{
	struct sq *st = (struct sq *)base;
	struct log_ctx l = { id, reader, action };
	struct store_case c;

	if (sq_case_get(&st->b, id, &c, err) == -1)
		return -1;
	store_case_release(&c);
	if (reader == NULL || *reader == '\0')
		reader = "unknown";
	return transact(st, log_tx, &l, N_("log the read"), err);
}

/*
 * Copy the WAL into the database and truncate it to zero bytes, so the
 * old page images holding erased answers leave the files. 0, or 1 when
 * another connection kept part of the WAL alive.
 */
static int
checkpoint(struct sq *st)
{
	int rc, nlog = 0, nckpt = 0;

	st->busy_start = 0;
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, &nlog, &nckpt);
	return rc == SQLITE_OK ? 0 : 1;
}

struct erase_ctx {
	int64_t		 id;
	int		 days;
	int		 count;
};

/* The tombstone of case `id`, and its audit line (id 0: the purge's
 * summary line, `detail` its period). */
static int
bury(struct sq *st, int64_t id, const char *how, const char *detail,
    struct error *err)
{
	sqlite3_stmt *s;
	const char *who = store_agent();
	int64_t now = (int64_t)time(NULL);

	if (id != 0) {
		if ((s = stmt(st, Q_TOMB_PUT, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, now);
		bind_text(s, 3, who);
		bind_text(s, 4, how);
		if (step_done(st, s, N_("leave a tombstone"), err) == -1)
			return -1;
	}
	if ((s = stmt(st, Q_AUDIT_PUT, err)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	bind_text(s, 2, who);
	bind_text(s, 3, how);
	if (id != 0)
		sqlite3_bind_int64(s, 4, id);
	else
		sqlite3_bind_null(s, 4);
	bind_text(s, 5, detail);
	return step_done(st, s, N_("write the audit"), err);
}

static int
erase_tx(struct sq *st, void *arg, struct error *err)
{
	struct erase_ctx *e = arg;
	sqlite3_stmt *s = stmt(st, Q_CASE_DEL, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, e->id);
	if (step_done(st, s, N_("erase the case"), err) == -1)
		return -1;
	if (sqlite3_changes(st->db) == 0) {
		st->b.status = STORE_NOT_FOUND;
		return error_set(err, NULL, 0, 0,
		    _("cannot erase: no case %lld"),
		    (long long)e->id);
	}
	return bury(st, e->id, "erase", "", err);
}

static int
sq_erase(struct store *base, int64_t id, struct error *err)
{
	struct sq *st = (struct sq *)base;
	struct erase_ctx e = { id, 0, 0 };

	if (transact(st, erase_tx, &e, N_("erase the case"), err) == -1)
		return -1;
	return checkpoint(st);
}

static int
purge_tx(struct sq *st, void *arg, struct error *err)
{
	struct erase_ctx *e = arg;
	sqlite3_stmt *s = stmt(st, Q_CASE_OLD, err);
	int64_t *ids = NULL;
	int rc, n = 0, i;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)time(NULL) -
	    (sqlite3_int64)e->days * 86400);
	while ((rc = step_row(st, s, N_("purge old cases"), err)) == 1) {
		ids = store_grow(ids, n, sizeof *ids);
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	for (i = 0; rc == 0 && i < n; i++) {
		if ((s = stmt(st, Q_CASE_DEL, err)) == NULL) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(s, 1, ids[i]);
		rc = step_done(st, s, N_("purge old cases"), err);
		if (rc == 0)
			rc = bury(st, ids[i], "purge", "", err);
	}
	free(ids);
	e->count = n;
	if (rc == 0) {
		char detail[64];

		snprintf(detail, sizeof detail, "%d cases, older than %d days",
		    n, e->days);
		rc = bury(st, 0, "purge", detail, err);
	}
	return rc;
}

static int
sq_tombstones(struct store *base, struct store_tombstone **out, int *n,
    struct error *err)
{
	struct sq *st = (struct sq *)base;
	sqlite3_stmt *s = stmt(st, Q_TOMB_GET, err);
	struct store_row row = row_of(s);
	struct store_tombstone *t = NULL;
	int rc, k = 0;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	while ((rc = step_row(st, s, N_("list the tombstones"), err)) == 1)
		store_row_tombstone(&row, &t, &k);
	if (rc == -1) {
		store_tombstones_free(t, k);
		return -1;
	}
	*out = t;
	*n = k;
	return 0;
}

static int
sq_purge(struct store *base, int days, int *count, struct error *err)
{
	struct sq *st = (struct sq *)base;
	struct erase_ctx e = { 0, days, 0 };

	if (count != NULL)
		*count = 0;
	if (days < 0) {
		st->b.status = STORE_INVALID;
		return error_set(err, NULL, 0, 0,
		    _("cannot purge: the retention "
		    "period must be 0 days or more"));
	}
	if (transact(st, purge_tx, &e, N_("purge old cases"), err) == -1)
		return -1;
	if (count != NULL)
		*count = e.count;
	return checkpoint(st);
}

static int
sq_stats(struct store *base, int32_t from, int32_t to,
    struct store_stat **out, int *n, struct error *err)
{
	struct sq *st = (struct sq *)base;
	sqlite3_stmt *s = stmt(st, Q_STATS, err);
	struct store_row row = row_of(s);
	char d[16];
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	if (from >= 0)
		bind_text(s, 1, date_format(from, d));
	if (to >= 0)
		bind_text(s, 2, date_format(to, d));
	while ((rc = step_row(st, s, N_("compute statistics"), err)) == 1)
		store_row_stat(&row, out, n);
	if (rc == -1) {
		store_stats_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static const struct store_ops sq_ops = {
	"sqlite", sq_close, sq_case_new, sq_answer_put, sq_finish,
	sq_case_get, sq_case_list, sq_part, sq_fetch, sq_log_access,
	sq_erase, sq_purge, sq_tombstones, sq_stats, NULL
};
