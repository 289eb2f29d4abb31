#!/bin/sh
# End-to-end tests of the full-screen UI in tmux (a private server), in a
# hermetic environment. Polls the pane for text instead of sleeping.
#
#   sh tests/tui/e2e.sh BINARY [ARGS...]
#
# BINARY runs the UI with ARGS (./aiguillage with no command once wired;
# tests/tui/tui_driver --rules rules meanwhile). Run from the source tree.
# Prints "N passed, N failed"; exits non-zero on failure.
bin=${1:?usage: e2e.sh BINARY [ARGS...]}
shift
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
command -v tmux >/dev/null || { echo "tmux missing"; echo "0 passed, 1 failed"; exit 1; }

sock=aig-test-$$
tmp=$(mktemp -d)
pass=0
fail=0
T() { tmux -L "$sock" -f /dev/null "$@"; }
# End the program of session aig, if it still runs, with SIGTERM (a clean
# exit, tested below) before its session is killed (tests/tmux-stop.sh).
. "$(dirname "$0")/../tmux-stop.sh"
stop() { tmux_stop || ko "the program ends on SIGTERM within 5 s"; }
cleanup() { stop; T kill-server 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

ok() { pass=$((pass + 1)); echo "ok $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; T capture-pane -p -t aig 2>/dev/null | sed 's/^/  | /'; }

# Start the program in a fresh session of COLSxROWS with extra env.
start() {
	cols=$1 rows=$2
	shift 2
	stop
	T kill-session -t aig 2>/dev/null
	T new-session -d -s aig -x "$cols" -y "$rows" \
	    "env -i PATH=/usr/bin:/bin TZ=UTC HOME=$tmp LC_ALL=C.UTF-8 \
	    LANGUAGE=fr ESCDELAY=25 TERM=tmux-256color $* $bin $ARGS; \
	    echo \"exit status \$?\"; sleep 30"
	T set-option -t aig remain-on-exit on >/dev/null
}

# Wait until the pane shows TEXT (fixed string); 0 if it did in time.
wait_for() {
	i=0
	while [ $i -lt ${2:-300} ]; do
		T capture-pane -p -t aig 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}

# Wait until the pane no longer shows TEXT; 0 if it went in time.
wait_gone() {
	i=0
	while [ $i -lt 200 ] && screen | grep -qF -- "$1"; do
		sleep 0.02
		i=$((i + 1))
	done
	! screen | grep -qF -- "$1"
}

screen() { T capture-pane -p -t aig; }
keys() { T send-keys -t aig "$@"; }
ARGS="$*"
# A session that lives through the whole run: killing the tested one
# must never take the server down between two tests.
T new-session -d -s keep -x 80 -y 24 "sleep 600"

now_ms() { date +%s%3N; }

# 1. Home shows; measure start-up to the first screen.
t0=$(now_ms)
start 80 24
if wait_for "Nouvel entretien"; then
	t1=$(now_ms)
	ok "home shows ($((t1 - t0)) ms from tmux start to home text)"
else
	ko "home shows"
fi

# 2. A scripted interview with an urgency reaches the results:
#    urgency banner first, then the plan.
# The questions come in the engine's order (rules/interview.yaml): the
# script answers what is asked, recognised by its text, and "don't know"
# (F5) to anything else, until the question it waits for.
answer_until() {
	i=0
	while [ $i -lt 60 ]; do
		scr=$(screen)
		case $scr in *"$1"*) return 0 ;; esac
		q=$(printf '%s\n' "$scr" | sed -n '/Question [0-9]/,$p' | sed -n 3p)
		case $scr in
		*"Qui répond"*) keys 1 ;;
		*"Quel âge"*) keys 34 Enter ;;
		*) keys F5 ;;
		esac
		# wait for the next question before looking again
		j=0
		while [ $j -lt 100 ] && [ "$(screen | sed -n '/Question [0-9]/,$p' | sed -n 3p)" = "$q" ]; do
			sleep 0.02
			j=$((j + 1))
		done
		i=$((i + 1))
	done
	return 1
}
keys n
wait_for "Question 1" || ko "interview starts"
keys n
wait_for "Question 2"
keys 4 Enter
wait_for "‼ P1" && ok "urgency banner pinned as soon as it is known" || ko "urgency banner"
if answer_until "Dans quelle commune"; then
	keys 32013
	wait_for "Auch (32)"
	keys Enter
	wait_gone "Dans quelle commune" &&
	    ok "answers typed in the interview" || ko "interview answers"
else
	ko "the commune question is asked"
fi
keys F8
if wait_for "Résultats"; then
	line2=$(screen | sed -n 2p)
	line3=$(screen | sed -n 3p)
	case "$line2$line3" in
	*‼*P1*"Pas d'hébergement"*115*) ok "results: urgency first" ;;
	*) ko "results: urgency banner first (got: $line2 / $line3)" ;;
	esac
else
	ko "results reached"
fi
# Issue 14: the first screen at 80x24 holds the urgencies, the plan (a
# numbered step, the office and its phone, what to bring) and the top
# rights, in that order, with the details one key away, and the whole
# plan (F7: its other steps, when not all are shown).
screen >"$tmp/first"
if python3 - "$tmp/first" <<'P'
import re, sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")[:24]
def at(pattern):
    for i, r in enumerate(rows):
        if re.search(pattern, r):
            return i
    return -1
u = at(r"‼ P1  Pas d'hébergement pour ce soir")
step = at(r"^ \d+\. ")
office = at(r"^    → .* — \d")
bring = at(r"^ À apporter : Pièce d'identité")
right = at(r"^ ✓ ")
sys.exit(0 if -1 < u < step < office < bring < right < 23 and
    at(r"\(plan : F7\)|F7 Plan") > step else 1)
P
then
	ok "results: urgencies, plan and top rights on the first screen"
else
	ko "results: first screen (urgencies, plan, what to bring, rights)"
fi
keys d
wait_for "Détails (F8 d)" && screen | sed -n 2p | grep -qF "Détails" &&
    ok "results: details one key away (d)" || ko "results: d to the details"
keys g
found=0
n=0
while [ $n -lt 80 ]; do
	if screen | grep -qF "Plan d'orientation"; then found=1; break; fi
	keys NPage
	n=$((n + 1))
	sleep 0.02
done
[ $found = 1 ] && ok "results: orientation plan shown" || ko "results: plan"
screen | grep -q "^ *1\. " && ok "results: plan steps numbered" || {
	keys NPage; sleep 0.05
	screen | grep -q "^ *1\. " && ok "results: plan steps numbered" || ko "plan steps"
}

# 3. Save the summary to a file the agent names.
keys F2
wait_for "Enregistrer le résumé dans"
keys C-u "$tmp/resume.txt" Enter
if wait_for "Résumé enregistré" && grep -q "115" "$tmp/resume.txt"; then
	ok "summary saved as text"
else
	ko "summary saved"
fi
# Saved for the agent alone, never over an existing file; the next one
# is proposed in the same directory, under the case's own name.
m=$(stat -c %a "$tmp/resume.txt" 2>/dev/null)
[ "$m" = 600 ] && ok "summary mode 0600" || ko "summary mode $m"
keys F2
wait_for "Enregistrer le résumé dans"
screen | grep -q "/resume-.*-dossier-[0-9]*\.txt" &&
    ok "proposed: the last directory, one name per case" ||
    ko "proposed summary name"
keys C-u "$tmp/resume.txt" Enter
wait_for "existe déjà" && ok "summary never overwritten" ||
    ko "summary overwritten"
keys Escape
# 4. Live resize: 60x20, too small, back to 80x24, no crash, no garbage.
T resize-window -t aig -x 60 -y 20
wait_for "Aiguillage — Résultats" && ok "resize to 60x20 redraws" || ko "resize 60x20"
T resize-window -t aig -x 50 -y 15
wait_for "Terminal trop petit" && ok "below 60x20: terminal too small" || ko "too small message"
T resize-window -t aig -x 80 -y 24
if wait_for "Aiguillage — Résultats"; then
	last=$(screen | sed -n 24p)
	dead=$(T display -p -t aig '#{pane_dead}')
	if [ "$dead" = 0 ] && ! screen | grep -q "Terminal trop petit" &&
	    printf '%s' "$last" | grep -q "F1 Aide"; then
		ok "back to 80x24: clean screen, still running"
	else
		ko "back to 80x24 (dead=$dead last=$last)"
	fi
else
	ko "back to 80x24"
fi

# 5. Discreet mode from the results, and back.
keys C-x
sleep 0.05
if wait_for "informations générales" && ! screen | grep -q "URGENCES\|115"; then
	ok "discreet mode hides everything"
else
	ko "discreet mode"
fi
keys F12
wait_for "Aiguillage — Résultats" && ok "discreet mode: same key comes back" || ko "discreet back"

# 6. Quit: F10 to home, q to quit, exit status 0, terminal restored.
keys F10
wait_for "Nouvel entretien"
keys q
if wait_for "exit status 0"; then ok "quit with status 0"; else ko "quit"; fi

# 6a. The discreet summary from the results (issue 15): after violence,
#     F11 saves the version that says nothing of it.
start 80 24
wait_for "Nouvel entretien"
keys n
wait_for "Question 1"
keys n
wait_for "Question 2"
keys 1 Enter
wait_for "‼ P1"
keys F8
wait_for "Aiguillage — Résultats"
keys F2
wait_for "Enregistrer le résumé dans"
keys C-u "$tmp/full.txt" Enter
wait_for "Résumé enregistré"
keys F11
wait_for "Résumé discret dans"
keys C-u "$tmp/discreet.txt" Enter
wait_for "Résumé enregistré"
if grep -q "3919" "$tmp/full.txt" && [ -s "$tmp/discreet.txt" ] &&
    ! grep -q "Violences\|3919" "$tmp/discreet.txt"; then
	ok "discreet summary from the results: nothing of the violence"
else
	ko "discreet summary"
fi
m=$(stat -c %a "$tmp/discreet.txt" 2>/dev/null)
[ "$m" = 600 ] && ok "discreet summary mode 0600" || ko "discreet mode $m"
keys F10
wait_for "Nouvel entretien"
keys q
wait_for "exit status 0"

# 6b. The cases and statistics screens, each with its own state on the
#     screen stack, over the store this run wrote; the keys of every
#     screen: Esc goes back, ? is help.
start 80 24
wait_for "Nouvel entretien"
keys d
if wait_for "Aiguillage — Dossiers" && screen | grep -q "^ *› "; then
	ok "cases: the interview of this run is listed"
else
	ko "cases list"
fi
keys Down Up Enter
sleep 0.1
keys Escape
sleep 0.05
keys Escape
wait_for "Nouvel entretien" && ok "cases: Esc back to home" || ko "cases: Esc"
keys s
wait_for "Aiguillage — Statistiques" && ok "statistics screen" ||
    ko "statistics screen"
keys '?'
wait_for "Aiguillage — Aide" && ok "? opens the help" || ko "? help"
keys Escape
wait_for "Aiguillage — Statistiques"
keys Escape
wait_for "Nouvel entretien"
keys q
wait_for "exit status 0" && ok "quit from home with q" || ko "quit with q"

# Close the case shown and the cases screen, then quit from home.
leave_cases() {
	keys Escape
	sleep 0.05
	keys Escape
	wait_for "Nouvel entretien"
	keys q
	wait_for "exit status 0"
}

# 6b'. A case stored with rights the person already receives: its screen
#      says so under each of them, as the results did (store schema 3).
python3 - "$tmp/received.yaml" <<'P'
import sys, yaml
t = {x["name"]: x for x in yaml.safe_load(open("rules/tests/orientation.yaml"))["tests"]}
yaml.safe_dump(t["mère seule de deux enfants qui perçoit déjà le RSA, les AF, l'ASF, l'aide au logement et la CSS : rien à redemander"]["situation"],
    open(sys.argv[1], "w"), allow_unicode=True)
P
env -i PATH=/usr/bin:/bin TZ=UTC HOME="$tmp" LC_ALL=C.UTF-8 LANGUAGE=fr \
    "$bin" interview --replay "$tmp/received.yaml" --date 2026-11-15 \
    >/dev/null 2>&1 || ko "received: the case stored"
start 100 60
wait_for "Nouvel entretien"
keys d
wait_for "Aiguillage — Dossiers"
keys Enter
if wait_for "déjà perçu" &&
    screen | grep -A1 "Allocations familiales" | grep -q "déjà perçu"; then
	ok "cases: a right already received says so"
else
	ko "cases: a right already received"
fi
leave_cases

# 6b''. A case whose amount reads a figure not confirmed at its date (the
#       CSS ceilings: unconfirmed_from 2026-04-01): its screen says so, as
#       the results did (store schema 5). The same case at a date before
#       it, stored too, says nothing.
python3 - "$tmp/unconfirmed.yaml" <<'P'
import sys, yaml
t = {x["name"]: x for x in yaml.safe_load(open("rules/tests/insertion.yaml"))["tests"]}
yaml.safe_dump(t["CSS : 35 ans, 10340 € — un euro au-dessus, participation 30–49 ans"]["situation"],
    open(sys.argv[1], "w"), allow_unicode=True)
P
for d in 2026-03-15 2026-11-15; do
	env -i PATH=/usr/bin:/bin TZ=UTC HOME="$tmp" LC_ALL=C.UTF-8 \
	    LANGUAGE=fr "$bin" interview --replay "$tmp/unconfirmed.yaml" \
	    --date $d >/dev/null 2>&1 || ko "unconfirmed: the case stored ($d)"
done
start 100 60
wait_for "Nouvel entretien"
keys d
wait_for "Aiguillage — Dossiers"
keys Enter
if wait_for "santé solidaire" && screen | grep -A1 "santé solidaire" |
    grep -q "barème non confirmé"; then
	ok "cases: an amount of a scale not confirmed says so"
else
	ko "cases: an amount of a scale not confirmed"
fi
keys Escape
sleep 0.05
keys Down Enter
if wait_for "santé solidaire" && ! screen | grep -q "non confirmé"; then
	ok "cases: a date before the unconfirmed figure says nothing"
else
	ko "cases: a date before the unconfirmed figure"
fi
leave_cases

# 6b'''. A case resumed after the rules changed (a copy whose age
#         question stops at 20): the answer they no longer accept is
#         named on the interview screen, and its question comes again.
#         (Left unfinished as a crash leaves it: no finish time.)
printf 'n\n\n\n1\n71\n.\n' | env -i PATH=/usr/bin:/bin TZ=UTC HOME="$tmp" \
    LC_ALL=C.UTF-8 LANGUAGE=fr AIGUILLAGE_DB="$tmp/dropped.db" "$bin" \
    interview --plain --date 2026-11-15 >/dev/null 2>&1 &&
    python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE cases SET finished = NULL")
db.commit()' "$tmp/dropped.db" || ko "dropped: the unfinished case"
cp -r rules "$tmp/rules3" &&
    sed -i '0,/max: 120/s//max: 20/' "$tmp/rules3/questions/20-personne.yaml"
start 120 30 AIGUILLAGE_RULES="$tmp/rules3" AIGUILLAGE_DB="$tmp/dropped.db"
wait_for "Nouvel entretien"
keys r
wait_for "Entretiens interrompus"
keys Enter
if wait_for "ne correspond plus aux règles en vigueur (age)"; then
	ok "resume: the answer the rules no longer accept is named"
else
	ko "resume: the answer the rules no longer accept"
fi
keys F10
wait_for "exit status 0" || keys q

# 6b''''. F2 on the cases screen: the person's summary again (a person
#          who lost the sheet), from the case selected, to a file for
#          the agent alone, never over an existing one.
start 100 60
wait_for "Nouvel entretien"
keys d
wait_for "Aiguillage — Dossiers"
keys F2
wait_for "Réimprimer dans"
keys C-u "$tmp/reprint.txt" Enter
if wait_for "Résumé enregistré" &&
    grep -q "Ce qui manque à cette réimpression" "$tmp/reprint.txt" &&
    [ "$(stat -c %a "$tmp/reprint.txt")" = 600 ]; then
	ok "cases: F2 reprints the summary, for the agent alone"
else
	ko "cases: F2 reprints the summary"
fi
keys Enter
wait_for "Dossier "
keys F2
wait_for "Réimprimer dans"
keys C-u "$tmp/reprint.txt" Enter
wait_for "existe déjà" && ok "cases: a reprint never over an existing file" ||
    ko "cases: a reprint over an existing file"
keys Escape
sleep 0.05
leave_cases

# 6b'''''. F8 on the cases screen: a person asks for their data to be
#           erased. A wrong number erases nothing; the case's number
#           typed again erases it (gone for `cases show`); another
#           agent's case is refused (an administrator's, with the CLI).
cli() { env -i PATH=/usr/bin:/bin TZ=UTC HOME="$tmp" LC_ALL=C.UTF-8 \
    LANGUAGE=fr "$bin" "$@"; }
db="$tmp/.local/share/aiguillage/aiguillage.db"
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE cases SET agent = ? WHERE id = (SELECT min(id) FROM cases)",
    ("collegue",))
db.commit()' "$db" || ko "erase: a colleague's case"
mine=$(cli cases list | head -n 1 | cut -f1)
start 100 60
wait_for "Nouvel entretien"
keys d
wait_for "Aiguillage — Dossiers"
keys F8
wait_for "Numéro à effacer"
keys 999999 Enter
wait_for "Rien n'est effacé" && ok "erase: a wrong number erases nothing" ||
    ko "erase: a wrong number"
keys F8
wait_for "Numéro à effacer"
keys "$mine" Enter
if wait_for "Dossier $mine effacé" && ! cli cases show "$mine" >/dev/null 2>&1
then
	ok "erase: the number typed again erases the case"
else
	ko "erase: the case erased"
fi
keys F4
wait_for "collegue"
keys End F8
wait_for "seul un administrateur peut l'effacer" &&
    ok "erase: a colleague's case is refused" || ko "erase: a colleague's case"
leave_cases

# 6c. TERM=vt100: the Ctrl twins of the F-keys answer.
start 80 24 TERM=vt100
wait_for "Nouvel entretien"
keys n
wait_for "Question 1"
keys C-n
wait_for "Question 2" && ok "TERM=vt100: ^N (F5) answers don't know" ||
    ko "TERM=vt100: ^N"
keys C-q
wait_for "Nouvel entretien"
keys q
wait_for "exit status 0"

# 7. SIGTERM: clean exit (status 1), no crash.
start 80 24
wait_for "Nouvel entretien"
pid=$(T display -p -t aig '#{pane_pid}')
pkid=$(pgrep -P "$pid" | head -1)
[ -n "$pkid" ] && kill -TERM "$pkid"
wait_for "exit status 1" && ok "SIGTERM: clean exit status 1" || ko "SIGTERM"

# 8. NO_COLOR=1 and TERM=vt100: focus shown without colour.
for envs in "NO_COLOR=1" "TERM=vt100"; do
	start 80 24 "$envs"
	if wait_for "Nouvel entretien"; then
		esc=$(T capture-pane -p -e -t aig)
		# 7 = reverse video; 3x/4x/9x/38;5 = colours
		if printf '%s' "$esc" | grep -q "› n  Nouvel entretien" &&
		    printf '%s' "$esc" | grep -q "$(printf '\033')\[[0-9;]*7m" &&
		    ! printf '%s' "$esc" | grep -q "$(printf '\033')\[[0-9;]*\(3[0-7]\|4[0-7]\|9[0-7]\|38;5\)[;m]"; then
			ok "$envs: focus by marker and reverse video, no colour"
		else
			ko "$envs: focus without colour"
		fi
	else
		ko "$envs: home"
	fi
done

# 9. A locale that is not UTF-8: clear message, suggests --plain.
stop
T kill-session -t aig 2>/dev/null
T new-session -d -s aig -x 80 -y 24 "env -i PATH=/usr/bin:/bin LC_ALL=C TERM=tmux-256color $bin $ARGS; echo \"exit status \$?\"; sleep 30"
wait_for "exit status 2" && screen | grep -q -- "--plain" &&
    ok "non-UTF-8 locale: message suggesting --plain" || ko "non-UTF-8 locale"

# 10. A store that cannot be opened (it is opened once the home screen is
#     drawn): the terminal is given back, then the reason and the advice
#     to use --no-save are shown, exit status 1.
start 80 24 AIGUILLAGE_DB=/proc/aig-none/cases.db
if wait_for "exit status 1" && screen | grep -qF "/proc/aig-none" &&
    screen | grep -qF -- "--no-save" && ! screen | grep -qF "Nouvel entretien"; then
	ok "store failure: said after the terminal is restored, status 1"
else
	ko "store failure after the first frame"
fi

# 11. Issue 14, the full depth at the counter: the header says that the
#     orientation's questions come first; once they are answered, it says
#     the full check's, and the message line that the plan is settled and
#     F8 gives the results.
start 80 24
wait_for "Nouvel entretien" || ko "home for the orientation test"
keys n
wait_for "Question 1" || ko "interview starts"
screen | grep -q "Question 1 · orientation" &&
    ok "full depth: the header names the orientation first" ||
    ko "the header names the orientation"
keys n
if answer_until "vérification complète"; then
	screen | grep -qF "Orientation faite, plan établi" &&
	    ok "full depth: the plan settled is said, F8 for the results" ||
	    ko "the plan settled is said"
	keys F5
	wait_gone "Orientation faite" &&
	    screen | grep -q "vérification complète.*encore environ" &&
	    ok "then the full check's questions, the message said once" ||
	    ko "the full check goes on"
	# Finished there: the results say the full check can go on, and
	# F4 goes back to it.
	keys F8
	wait_for "Orientation faite. F4 (c)" &&
	    ok "results after the orientation: F4 (c) offers the full check" ||
	    ko "results after the orientation offer the full check"
	# The person's summary made there says the check was partial.
	keys F2
	wait_for "Enregistrer le résumé dans"
	keys C-u "$tmp/partial.txt" Enter
	wait_for "Résumé enregistré" &&
	    grep -q "Vérification partielle" "$tmp/partial.txt" &&
	    ! grep -q "Entretien non terminé" "$tmp/partial.txt" &&
	    ok "summary after the orientation: a partial check, said" ||
	    ko "summary after the orientation says the check was partial"
	keys F4
	wait_for "vérification complète" &&
	    ok "F4: back to the full check's questions" ||
	    ko "F4 goes on with the full check"
else
	ko "the header reaches the full check"
fi
# Finished before the orientation is done: the results say so, and F4
# goes on with the orientation's questions.
start 80 24
wait_for "Nouvel entretien" || ko "home for the early finish"
keys n
wait_for "Question 1" || ko "interview starts"
keys n
wait_for "Question 2" || ko "question 2"
keys F8
wait_for "Arrêté avant la fin de l'orientation" &&
    ok "finished early: the results say the plan is not settled" ||
    ko "finished early: said"
# The person's summary made there says so too.
keys F2
wait_for "Enregistrer le résumé dans"
keys C-u "$tmp/early.txt" Enter
wait_for "Résumé enregistré" && grep -q "Entretien non terminé" \
    "$tmp/early.txt" && grep -q "faite avant la fin de" "$tmp/early.txt" &&
    ok "finished early: the summary says the interview was not finished" ||
    ko "finished early: the summary says so"
keys F4
wait_for "Question 2 · orientation" &&
    ok "F4: back to the orientation's questions" ||
    ko "F4 goes on with the orientation"
# 0 answers no to a yes/no question, as in plain mode: typed out of the
# habit of "0: none" on a multiple choice, it never leaves Enter to take
# the "yes" focused.
start 80 24
wait_for "Nouvel entretien" || ko "home for 0 on a yes/no"
keys n
wait_for "Question 1" || ko "interview starts"
keys 0
wait_for "Question 2" || ko "0 answers the yes/no question"
keys F3
wait_for "Relecture des réponses" &&
    screen | grep -q "1\. Quelqu'un est-il en danger immédiat.* non$" &&
    ok "0 to a yes/no question: no" || ko "0 to a yes/no question: no"
# A key the terminal sends as its terminfo entry does not say (tmux's
# Home, ESC [ 1 ~, under TERM=xterm, as PuTTY does): Home, not Esc (back
# to the home screen) followed by "[1~".
start 80 24 TERM=xterm
wait_for "Nouvel entretien" || ko "home under TERM=xterm"
keys n
wait_for "Question 1" || ko "interview starts under TERM=xterm"
keys Home
sleep 0.3
screen | grep -q "Question 1" && ! screen | grep -q "Nouvel entretien" &&
    ok "ESC [ 1 ~ under TERM=xterm is Home, not Esc" ||
    ko "ESC [ 1 ~ under TERM=xterm is Home, not Esc"

# 11. The plain interview on a terminal of 60 columns: its lines break
#     between words, under the text they continue (the terminal would cut
#     words at its edge): joined again (capture-pane -J), no line is
#     wider than the terminal.
ARGS="interview --plain --no-save --date 2026-11-15"
start 60 300
if wait_for "[1] " && keys n Enter && wait_for "[2] " &&
    keys 0 Enter && wait_for "[3] " && keys . Enter &&
    wait_for "exit status 0"; then
	T capture-pane -p -J -S - -t aig >"$tmp/plain.txt"
	if python3 - "$tmp/plain.txt" <<'P'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
wide = [l for l in lines if len(l.rstrip()) > 60]
assert not wide, wide
# the report is there, with conditions continued under their text
assert any(l.startswith("== PLAN") for l in lines), lines
assert any(l.startswith("              ") and l.strip() for l in lines)
P
	then
		ok "plain interview on a terminal: lines fit, words whole"
	else
		ko "plain interview on a terminal: lines fit"
	fi
else
	ko "plain interview on a terminal: runs to its results"
fi
ARGS=

stop
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
