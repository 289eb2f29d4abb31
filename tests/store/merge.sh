#!/bin/sh
# merge.sh - statistics across SQLite sites (issue 16): each site runs
# `stats --export` (counts only), the département sums the files with
# `stats --merge`; small counts stay hidden in what the merge shows; a
# file that is not an export is refused with file:line:column.
#   sh tests/store/merge.sh [AIG_BIN]
bin=${1:-build/aiguillage}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/  | /' "$2"; }
tmp=$(mktemp -d /tmp/aig-merge-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
cat >"$tmp/s.yaml" <<'Y'
respondent: self
age: 52
commune: "41018"
Y
# site NAME CHANNEL CASES: a site's database with CASES interviews.
site() {
	printf 'site = %s\nchannel = %s\n' "$1" "$2" >"$tmp/$1.conf"
	i=0
	while [ $i -lt "$3" ]; do
		AIGUILLAGE_DB="$tmp/$1.db" "$bin" --config "$tmp/$1.conf" \
		    interview --replay "$tmp/s.yaml" --date 2026-11-15 \
		    >/dev/null 2>"$tmp/err" || ko "interview at $1" "$tmp/err"
		i=$((i + 1))
	done
	AIGUILLAGE_DB="$tmp/$1.db" "$bin" --config "$tmp/$1.conf" stats \
	    --export >"$tmp/$1.csv" 2>"$tmp/err" || ko "export at $1" "$tmp/err"
}
site Blois mds_counter 3
site Vendome phone 4
grep -q '^site,"Blois",3,' "$tmp/Blois.csv" &&
    ok "an export holds the site's exact counts" || ko "export" "$tmp/Blois.csv"
grep -q -e "41018" -e "\"$(id -un)\"" "$tmp/Blois.csv" &&
    ko "an export holds case data" "$tmp/Blois.csv" ||
    ok "no answer nor agent in an export"
printf 'stats_threshold = 1\n' >"$tmp/dep.conf"
"$bin" --config "$tmp/dep.conf" stats --merge "$tmp/Blois.csv" \
    "$tmp/Vendome.csv" --csv >"$tmp/out" 2>"$tmp/err" || ko "merge" "$tmp/err"
grep -q '^total,cases,7,' "$tmp/out" && ok "merge sums the cases (3 + 4)" ||
    ko "merged total" "$tmp/out"
grep -q '^site,Blois,3,' "$tmp/out" && grep -q '^site,Vendome,4,' "$tmp/out" &&
    grep -q '^site_channel,Vendome / phone,4,' "$tmp/out" &&
    ok "by site and by site and channel" || ko "merged sites" "$tmp/out"
"$bin" --config /dev/null stats --merge "$tmp/Blois.csv" "$tmp/Vendome.csv" \
    --csv >"$tmp/out" 2>"$tmp/err"
grep -q '^total,cases,7,' "$tmp/out" && grep -q '^site,Blois,<5,' "$tmp/out" &&
    ok "small counts hidden in the merge (threshold 5)" || ko "suppression" "$tmp/out"
head -n 1 "$tmp/Blois.csv" | grep -qx "# aiguillage stats export 2" &&
    head -n 2 "$tmp/Blois.csv" | tail -n 1 | grep -q ",non_take_up,received\$" &&
    ok "an export of version 2 counts the rights received" ||
    ko "export version 2" "$tmp/Blois.csv"
# An export of an earlier version (no received column) still merges: the
# rights received are left out of its counts, and stderr says so.
{ echo "# aiguillage stats export 1"; tail -n +2 "$tmp/Vendome.csv" |
    sed 's/,[^,]*$//'; } >"$tmp/old.csv"
"$bin" --config "$tmp/dep.conf" stats --merge "$tmp/Blois.csv" \
    "$tmp/old.csv" --csv >"$tmp/out" 2>"$tmp/err" || ko "merge v1" "$tmp/err"
grep -q '^total,cases,7,' "$tmp/out" && grep -q "old.csv" "$tmp/err" &&
    ok "an export of version 1 merges, said without the rights received" ||
    ko "merge v1" "$tmp/err"
printf 'dimension,key\nsite,x,1\n' >"$tmp/bad.csv"
"$bin" stats --merge "$tmp/bad.csv" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q "bad.csv:1:1" "$tmp/err" &&
    ok "not an export: refused with file:line:column" || ko "bad file" "$tmp/err"
{ head -n 2 "$tmp/Blois.csv"; printf 'site,"B",1,2,x,0,0\n'; } >"$tmp/bad.csv"
"$bin" stats --merge "$tmp/bad.csv" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q "bad.csv:3:" "$tmp/err" &&
    ok "a bad count: refused with its line" || ko "bad count" "$tmp/err"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
