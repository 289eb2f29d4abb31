#!/bin/sh
# pgcluster.sh - a throwaway PostgreSQL cluster for the tests (issue 16).
#
#	. tests/store/pgcluster.sh; pg_start DIR && ...; pg_stop
#
# initdb + pg_ctl in DIR, listening only on a Unix socket in DIR (no TCP
# port unless PG_TCP_PORT is set, for the loopback benchmark), as the
# current user, or as `nobody` when run as root (the server refuses to
# run as root). Local connections are trusted: only the socket's owner
# reaches it (the directory is 0700... for nobody, and root). The
# superuser is "aig_owner"; it owns the database "aiguillage".
# Sets PGHOST, PGDATABASE; pg_start returns 1 with $PG_SKIP set to the
# reason when PostgreSQL is not installed.
pg_bindir() {
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" &&
	    return 0
	return 1
}

pg_as() {	# run a server command as the cluster's account
	if [ "$(id -u)" = 0 ]; then
		runuser -u nobody -- env HOME="$PG_DIR" "$@"
	else
		"$@"
	fi
}

pg_start() {
	PG_DIR=$1
	PG_SKIP=
	if ! PG_BIN=$(pg_bindir); then
		PG_SKIP="PostgreSQL is not installed (apt-get install postgresql)"
		return 1
	fi
	if [ "$(id -u)" = 0 ] && ! command -v runuser >/dev/null 2>&1; then
		PG_SKIP="running as root without runuser to start the server"
		return 1
	fi
	mkdir -p "$PG_DIR"
	if [ "$(id -u)" = 0 ]; then
		chown nobody "$PG_DIR"
		chmod go+x "$(dirname "$PG_DIR")"	# nobody goes through
	fi
	chmod 711 "$PG_DIR"
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U aig_owner -A trust \
	    -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || {
		PG_SKIP="initdb failed: $(tail -n 3 "$PG_DIR/initdb.log")"
		return 1
	}
	listen="-c listen_addresses=''"
	[ -n "${PG_TCP_PORT:-}" ] &&
	    listen="-c listen_addresses=127.0.0.1 -p $PG_TCP_PORT"
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
	    -t 60 -o "-k $PG_DIR $listen -c max_connections=${PG_MAXCONN:-100} \
	    -c fsync=${PG_FSYNC:-on} -c shared_buffers=64MB" start \
	    >/dev/null 2>&1 || {
		PG_SKIP="the server did not start: $(tail -n 3 "$PG_DIR/server.log")"
		return 1
	}
	export PGHOST="$PG_DIR" PGPORT="${PG_TCP_PORT:-5432}"
	export PGDATABASE=aiguillage
	pg_as "$PG_BIN/createdb" -h "$PG_DIR" -p "$PGPORT" -U aig_owner \
	    aiguillage || { PG_SKIP="createdb failed"; return 1; }
	return 0
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] &&
	    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop \
	    >/dev/null 2>&1
	return 0
}
