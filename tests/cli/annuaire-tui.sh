#!/bin/sh
# The offices of an annuaire import in the full-screen directory screen,
# in tmux (a private server): import tests/data/annuaire-32.json into a
# local data directory of the test's own, open the directory (a), search,
# open the details (Enter). Skipped, as passed, without tmux.
# Usage: tests/cli/annuaire-tui.sh [BIN]. Run from the source tree root.
. "$(dirname "$0")/lib.sh"
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
if ! command -v tmux >/dev/null; then
	echo "tmux missing: skipped"
	finish
	exit 0
fi

LOCAL="$TMP/local"
AIGUILLAGE_LOCAL_DIR="$LOCAL" AIGUILLAGE_CONFIG=/dev/null \
    "$BIN" directory import-annuaire tests/data/annuaire-32.json \
    --department 32 >"$TMP/import" 2>&1 && pass || fail "import: $(cat "$TMP/import")"

sock=aig-annuaire-$$
T() { tmux -L "$sock" -f /dev/null "$@"; }
# The program ended before its server (tests/tmux-stop.sh).
. "$(dirname "$0")/../tmux-stop.sh"
trap 'tmux_stop; T kill-server 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM
wait_for() {
	i=0
	while [ $i -lt 500 ]; do
		T capture-pane -p -t aig 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.02
		i=$((i + 1))
	done
	T capture-pane -p -t aig 2>/dev/null | sed 's/^/  | /'
	return 1
}
T new-session -d -s aig -x 100 -y 30 \
    "env -i PATH=/usr/bin:/bin TZ=UTC HOME=$TMP LC_ALL=C.UTF-8 LANGUAGE=fr \
    ESCDELAY=25 TERM=tmux-256color AIGUILLAGE_CONFIG=/dev/null \
    AIGUILLAGE_DB=$TMP/db AIGUILLAGE_LOCAL_DIR=$LOCAL $BIN; sleep 30"
wait_for "Annuaire" && pass || fail "home screen"
T send-keys -t aig a
wait_for "Chercher" && pass || fail "directory screen"
# The search field takes "?": the hint line does not offer it for help
# (issue 14, keys mean the same on every screen), F1 does.
T capture-pane -p -t aig | tail -1 | grep -q "F1 ^G Aide" &&
	! T capture-pane -p -t aig | tail -1 | grep -qF "F1 ^G ?" &&
	pass || fail "directory: help is F1 ^G while typing"
T send-keys -t aig F1
wait_for "Aiguillage — Aide" && pass || fail "directory: F1 opens the help"
T send-keys -t aig Escape
wait_for "Chercher" || fail "back from the help"
T send-keys -t aig -l "nogaro essai"
wait_for "Maison départementale des solidarités de Nogaro (essai)" &&
	pass || fail "directory: the annuaire office is listed"
T send-keys -t aig Enter
wait_for "du lundi au vendredi 8" && pass || fail "details: hours"
wait_for "05 62 00 00 01" && pass || fail "details: phone"
T send-keys -t aig Escape
T send-keys -t aig Escape
T send-keys -t aig q
tmux_stop && pass || fail "the program ends on SIGTERM within 5 s"
finish
