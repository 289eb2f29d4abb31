#!/bin/sh
# tests/packaging/deb.sh - the Debian package on a real system (issue 16,
# "Must show"): install the .deb with apt, two accounts of the group
# aiguillage each run a plain interview on the shipped configuration and
# see their own case in the one shared database; an account outside the
# group is refused with a message (no private database in its home);
# then `apt-get purge` removes everything but a non-empty case database,
# which it names.
#
# It changes the machine (a package, a system group, three accounts), so
# it runs only as root on Debian with apt, and only where nothing of
# aiguillage is there before (package, group, /etc, /var/lib, /usr/share,
# the test accounts): otherwise it is skipped with the reason. Whatever
# happens, the trap purges the package and removes the accounts, the
# group and the state directory it created: the machine is left as found.
#
# The package is build/deb/aiguillage_*.deb, built here by `make deb`
# (one optimised build, no sanitizer, then lintian) unless AIG_DEB names
# a .deb already built.
#   sh tests/packaging/deb.sh        (from the top of the source tree)
# Ends with "N passed, N failed".

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok $1"; }
ko() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/  | /' "$2" | head -n 20; }
skip() { echo "skip: $*"; echo "0 passed, 0 failed"; exit 0; }

USERS="aigdeb-agent1 aigdeb-agent2 aigdeb-outside"

[ "$(id -u)" = 0 ] || skip "installs a package and creates accounts: run as root"
[ -f /etc/debian_version ] || skip "not a Debian system"
for c in apt-get dpkg dpkg-buildpackage useradd userdel groupdel runuser; do
	command -v $c >/dev/null 2>&1 || skip "$c is not installed"
done
dh_ok=1
command -v dh >/dev/null 2>&1 || dh_ok=0
[ -n "${AIG_DEB:-}" ] || [ $dh_ok = 1 ] ||
    skip "debhelper is not installed (apt-get install debhelper)"
# Only on a machine without aiguillage: what was there could not be put back.
if dpkg-query -W -f='${Status}' aiguillage 2>/dev/null | grep -q installed; then
	skip "the package aiguillage is installed already"
fi
getent group aiguillage >/dev/null && skip "the group aiguillage exists already"
for d in /etc/aiguillage /var/lib/aiguillage /usr/share/aiguillage \
    /var/cache/aiguillage /usr/share/doc/aiguillage; do
	[ -e "$d" ] && skip "$d exists already"
done
for u in $USERS; do
	getent passwd "$u" >/dev/null && skip "the account $u exists already"
	[ -e "/home/$u" ] && skip "/home/$u exists already"
done

tmp=$(mktemp -d /tmp/aig-deb-XXXXXX)
chmod 755 "$tmp"
installed=0
cleanup() {
	if [ $installed = 1 ] || dpkg-query -W aiguillage >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -q aiguillage \
		    >/dev/null 2>&1 || dpkg --purge aiguillage >/dev/null 2>&1
	fi
	for u in $USERS; do
		getent passwd "$u" >/dev/null && userdel -r "$u" >/dev/null 2>&1
	done
	# The package leaves its system group and a non-empty case
	# database (postrm): neither was here before.
	rm -rf /var/lib/aiguillage
	getent group aiguillage >/dev/null && groupdel aiguillage
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# --- the package -------------------------------------------------------------
if [ -n "${AIG_DEB:-}" ]; then
	deb=$AIG_DEB
else
	echo "== make deb"
	# Nothing of a calling make (make check) or of the test
	# environment reaches the package build.
	if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u AIGUILLAGE_DB \
	    -u AIGUILLAGE_LOCALEDIR -u AIGUILLAGE_CONFIG nice \
	    make --no-print-directory deb >"$tmp/build" 2>&1; then
		ok "make deb (dpkg-buildpackage, lintian)"
	else
		ko "make deb" "$tmp/build"
		tail -n 20 "$tmp/build"
	fi
	deb=$(ls build/deb/aiguillage_*.deb 2>/dev/null | tail -n 1)
fi
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
	ko "no .deb to install"
	echo "$passed passed, $failed failed"
	exit 1
fi
case $deb in /*) ;; *) deb=$(pwd)/$deb ;; esac
cp "$deb" "$tmp/"	# apt reads it as _apt: a world-readable place
deb=$tmp/$(basename "$deb")
chmod 644 "$deb"

echo "== apt-get install $(basename "$deb")"
installed=1
if DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "$deb" >"$tmp/apt" 2>&1; then
	ok "apt-get install"
else
	ko "apt-get install" "$tmp/apt"
	echo "$passed passed, $failed failed"
	exit 1
fi
for f in /usr/bin/aiguillage /etc/aiguillage/aiguillage.conf \
    /usr/share/aiguillage/rules/urgencies.yaml /usr/share/aiguillage/rules.img \
    /usr/share/man/man1/aiguillage.1.gz \
    /usr/share/locale/fr/LC_MESSAGES/aiguillage.mo \
    /lib/systemd/system/aiguillage-purge.timer; do
	[ -f "$f" ] && ok "installed: $f" || ko "missing: $f"
done
st=$(stat -c '%U:%G %a' /var/lib/aiguillage 2>/dev/null)
[ "$st" = "root:aiguillage 2770" ] &&
    ok "state directory root:aiguillage 2770" || ko "state directory: $st"

# --- the accounts ------------------------------------------------------------
useradd -m -s /bin/sh -G aiguillage aigdeb-agent1 &&
    useradd -m -s /bin/sh -G aiguillage aigdeb-agent2 &&
    useradd -m -s /bin/sh aigdeb-outside || { ko "useradd"; exit 1; }

# as LOGIN CMD...: a login session's environment, nothing of ours (no
# AIGUILLAGE_*: the shipped configuration and the compiled-in paths).
as() {
	u=$1
	shift
	runuser -u "$u" -- env -i PATH=/usr/bin:/bin HOME="/home/$u" \
	    USER="$u" LOGNAME="$u" LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
	    "$@"
}
# A plain interview with piped answers: a situation of the person's own
# (age, commune), the remaining questions left unanswered ("." ends).
# Questions: danger_now, urgent, reason, respondent, age, commune.
interview() {	# LOGIN AGE
	printf 'n\n\n\n1\n%s\n32013\n.\n' "$2" |
	    as "$1" aiguillage interview --plain --date 2026-11-15 \
	    >"$tmp/$1.out" 2>&1
}

echo "== two agents of the group, the shipped configuration"
interview aigdeb-agent1 71 && ok "agent1: plain interview" ||
    ko "agent1: plain interview" "$tmp/aigdeb-agent1.out"
interview aigdeb-agent2 34 && ok "agent2: plain interview" ||
    ko "agent2: plain interview" "$tmp/aigdeb-agent2.out"
db=/var/lib/aiguillage/aiguillage.db
st=$(stat -c '%G %a' "$db" 2>/dev/null)
[ "$st" = "aiguillage 660" ] &&
    ok "one shared database: group aiguillage, 0660" || ko "database: $st"
for a in 1 2; do
	u=aigdeb-agent$a
	[ ! -e "/home/$u/.local/share/aiguillage/aiguillage.db" ] &&
	    ok "$u: no private database" || ko "$u: a private database"
	as "$u" aiguillage cases list >"$tmp/list$a" 2>&1 ||
	    ko "$u: cases list" "$tmp/list$a"
	id=$(awk -F'\t' -v u="$u" '$3 == u { print $1 }' "$tmp/list$a" | head -n 1)
	if [ -n "$id" ]; then
		ok "$u sees the own case ($id) in the list"
	else
		ko "$u: the own case is not listed" "$tmp/list$a"
		continue
	fi
	[ $a = 1 ] && age=71 || age=34
	as "$u" aiguillage cases show "$id" >"$tmp/show$a" 2>&1
	grep -q "$age" "$tmp/show$a" && grep -q 32013 "$tmp/show$a" &&
	    ok "$u: cases show $id holds the answers given" ||
	    ko "$u: cases show $id" "$tmp/show$a"
done
n=$(grep -c . "$tmp/list2")
[ "$n" = 2 ] && ok "both cases in the one database" ||
    ko "agent2 lists $n cases" "$tmp/list2"

echo "== an account outside the group"
printf 'n\n\n\n1\n50\n32013\n.\n' |
    as aigdeb-outside aiguillage interview --plain --date 2026-11-15 \
    >"$tmp/out.out" 2>&1
rc=$?
[ $rc != 0 ] && ok "outsider: refused (exit $rc)" ||
    ko "outsider: interview ran" "$tmp/out.out"
grep -q "aiguillage" "$tmp/out.out" &&
    grep -qi -e "group" -e "groupe" "$tmp/out.out" &&
    ok "outsider: the refusal names the group" ||
    ko "outsider: unclear refusal" "$tmp/out.out"
sed 's/^/   | /' "$tmp/out.out" | tail -n 2
[ -z "$(find /home/aigdeb-outside -name '*.db' 2>/dev/null)" ] &&
    ok "outsider: no private database" ||
    ko "outsider: a database in the home"
as aigdeb-outside aiguillage cases list >"$tmp/out.list" 2>&1
[ $? != 0 ] && ok "outsider: cases list refused" ||
    ko "outsider: cases list ran" "$tmp/out.list"

# --- purge ------------------------------------------------------------------
echo "== apt-get purge"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q aiguillage \
    >"$tmp/purge" 2>&1 && ok "apt-get purge" || ko "apt-get purge" "$tmp/purge"
installed=0
left=$(find /usr/share /etc /var/cache /usr/bin /lib/systemd /etc/systemd \
    -path '*aiguillage*' 2>/dev/null)
[ -z "$left" ] && ok "nothing of aiguillage left in /usr, /etc, /var/cache" ||
    ko "left after purge: $(echo $left | cut -c 1-300)"
# The case database holds personal data: purge keeps it and says so
# (postrm, doc/admin.md); nothing else stays in /var/lib/aiguillage.
rest=$(cd /var/lib/aiguillage 2>/dev/null && ls -A | grep -v '^aiguillage\.db\(-wal\|-shm\|-lock\|-journal\)\{0,1\}$')
[ -f $db ] && [ -z "$rest" ] && grep -q "not empty" "$tmp/purge" &&
    ok "purge keeps only the case database, and says so" ||
    ko "/var/lib/aiguillage after purge: $rest" "$tmp/purge"
dpkg-query -W aiguillage >/dev/null 2>&1 &&
    ko "dpkg still knows aiguillage" || ok "dpkg forgot the package"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
