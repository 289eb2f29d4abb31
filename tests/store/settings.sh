#!/bin/sh
# settings.sh - per-agent settings from the configuration (issue 16):
# "[agent NAME]" (site, channel, printer of the account NAME, from the
# system) and "[site NAME]" (channel, printer of that site's agents)
# over the global keys; another agent's section changes nothing; a bad
# section is an error with its file and line.
#   sh tests/store/settings.sh [AIG_BIN]
bin=${1:-build/aiguillage}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/  | /' "$2"; }
tmp=$(mktemp -d /tmp/aig-settings-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
me=$(id -un)
# AIG_TEST_DB: a PostgreSQL conninfo instead (tests/store/pg_suites.sh).
export AIGUILLAGE_DB="${AIG_TEST_DB:-$tmp/c.db}" USER=someone-else
cat >"$tmp/s.yaml" <<'Y'
respondent: self
age: 52
commune: "41018"
Y
cat >"$tmp/conf" <<EOF2
site = Siège
channel = other
printer = global-printer
[site MDS Blois]
channel = mds_counter
printer = blois-rdc
[agent someone-else]
site = Ailleurs
channel = phone
[agent $me]
site = MDS Blois
EOF2
"$bin" --config "$tmp/conf" interview --replay "$tmp/s.yaml" \
    --date 2026-11-15 >/dev/null 2>"$tmp/err" || ko "interview" "$tmp/err"
"$bin" --config "$tmp/conf" cases list >"$tmp/out"
line=$(cut -f3-5 "$tmp/out" | tr '\t' '|')
# The case's agent: the account, or on PostgreSQL the database login
# (the sections are the account's: with peer authentication, the same).
agent=$me
[ -n "${AIG_TEST_DB:-}" ] && agent=${PGUSER:-$me}
[ "$line" = "$agent|MDS Blois|mds_counter" ] &&
    ok "site from [agent $me], channel from [site MDS Blois]; \$USER ignored" ||
    ko "case: $line" "$tmp/out"
id=$(cut -f1 "$tmp/out")
mkdir "$tmp/bin"
printf '#!/bin/sh\necho "$@" >"%s/lp-args"\ncat >/dev/null\n' "$tmp" >"$tmp/bin/lp"
chmod +x "$tmp/bin/lp"
PATH="$tmp/bin:$PATH" "$bin" --config "$tmp/conf" print "$id" --lp \
    >/dev/null 2>"$tmp/err"
grep -q -- "-d blois-rdc" "$tmp/lp-args" 2>/dev/null &&
    ok "printer from the site section" || ko "printer" "$tmp/err"
printf '[agent %s]\nprinter = mine\n' "$me" >>"$tmp/conf"
PATH="$tmp/bin:$PATH" "$bin" --config "$tmp/conf" print "$id" --lp \
    >/dev/null 2>"$tmp/err"
grep -q -- "-d mine" "$tmp/lp-args" 2>/dev/null &&
    ok "the agent's own printer wins" || ko "agent printer" "$tmp/err"
printf 'site = A\n[agent %s]\nretention_days = 3\n' "$me" >"$tmp/bad"
"$bin" --config "$tmp/bad" cases list >/dev/null 2>"$tmp/err"
[ $? != 0 ] && grep -q "bad:3:" "$tmp/err" &&
    ok "a global key in a section: error with file:line" || ko "bad key" "$tmp/err"
printf '[service x]\n' >"$tmp/bad"
"$bin" --config "$tmp/bad" cases list >/dev/null 2>"$tmp/err"
[ $? != 0 ] && grep -q "bad:1:" "$tmp/err" &&
    ok "an unknown section: error with file:line" || ko "bad section" "$tmp/err"
printf '[site X]\nchannel = fax\n' >"$tmp/bad"
"$bin" --config "$tmp/bad" cases list >/dev/null 2>"$tmp/err"
[ $? != 0 ] && grep -q "channel vaut" "$tmp/err" &&
    ok "a bad channel in a section is refused" || ko "bad channel" "$tmp/err"
# The depth of a new interview (issue 14): a site's counters stop at the
# orientation; an agent's own section, then --depth, win.
replay() {
	"$bin" --config "$1" interview --no-save --replay "$tmp/s.yaml" --why \
	    --date 2026-11-15 $2 2>&1 | sed -n 's/^asked (//p'
}
printf 'site = MDS Blois\n[site MDS Blois]\ndepth = orientation\n' \
    >"$tmp/depth"
ori=$(replay /dev/null "--depth orientation")
full=$(replay /dev/null "--depth full")
got=$(replay "$tmp/depth" "")
[ -n "$ori" ] && [ "$ori" != "$full" ] && [ "$got" = "$ori" ] &&
    ok "depth = orientation in [site MDS Blois]: the replay stops at the orientation" ||
    ko "site depth: got '$got', orientation '$ori', full '$full'"
got=$(replay "$tmp/depth" "--depth full")
[ "$got" = "$full" ] && ok "--depth full wins over the site's depth" ||
    ko "--depth over the site: got '$got', full '$full'"
printf '[agent %s]\ndepth = full\n' "$me" >>"$tmp/depth"
got=$(replay "$tmp/depth" "")
[ "$got" = "$full" ] && ok "the agent's own depth wins over the site's" ||
    ko "agent depth: got '$got', full '$full'"
printf 'depth = quick\n' >"$tmp/bad"
"$bin" --config "$tmp/bad" cases list >/dev/null 2>"$tmp/err"
[ $? != 0 ] && grep -q "bad:1:.*depth vaut orientation ou full" "$tmp/err" &&
    ok "a bad depth is refused with file:line" || ko "bad depth" "$tmp/err"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
