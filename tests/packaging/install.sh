#!/bin/sh
# tests/packaging/install.sh - `make install` into a DESTDIR stage.
#
# Installs with prefix=/usr sysconfdir=/etc localstatedir=/var into a
# temporary DESTDIR, then checks the files, runs the staged binary and
# uninstalls. The binary has /usr/share/aiguillage/rules compiled in (or
# whatever prefix the build used), not the stage: every run here points
# into the stage with --rules, AIGUILLAGE_LOCALEDIR and --config. The
# .deb test (make deb, dpkg -i) covers the compiled-in paths.
#
# Run from the top of the source tree: sh tests/packaging/install.sh
# Ends with "N passed, N failed".

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() {	# description, then a command that must succeed
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then pass; else fail "$d"; fi
}

STAGE=$(mktemp -d)
TMP=$(mktemp -d)
trap 'rm -rf "$STAGE" "$TMP"' EXIT
export HOME="$TMP" XDG_DATA_HOME="$TMP/data" TZ=UTC LC_ALL=C.UTF-8
unset AIGUILLAGE_RULES AIGUILLAGE_DB AIGUILLAGE_CONFIG AIGUILLAGE_LOCALEDIR \
    LANGUAGE

# Until the Makefile includes the fragment, name both files.
if grep -q '^include packaging/install.mk' Makefile; then
	MK="make --no-print-directory"
else
	MK="make --no-print-directory -f Makefile -f packaging/install.mk"
fi
DIRS="prefix=/usr sysconfdir=/etc localstatedir=/var DESTDIR=$STAGE"

if $MK install $DIRS >"$TMP/log" 2>&1; then
	pass
else
	fail "make install"
	cat "$TMP/log"
	echo "$passed passed, $failed failed"
	exit 1
fi

# --- the files -------------------------------------------------------------
S=$STAGE
for f in usr/bin/aiguillage usr/share/man/man1/aiguillage.1 \
    usr/share/bash-completion/completions/aiguillage \
    etc/aiguillage/aiguillage.conf \
    usr/share/locale/fr/LC_MESSAGES/aiguillage.mo \
    usr/share/locale/en/LC_MESSAGES/aiguillage-rules.mo \
    usr/share/aiguillage/rules/urgencies.yaml \
    usr/share/aiguillage/rules/orientation.yaml \
    usr/share/aiguillage/rules/territory/communes.tsv \
    usr/share/doc/aiguillage/admin.md usr/share/doc/aiguillage/README.md; do
	check "installed: /$f" test -f "$S/$f"
done
check "binary is executable" test -x "$S/usr/bin/aiguillage"
check "state directory /var/lib/aiguillage" test -d "$S/var/lib/aiguillage"
check "rule tests installed" test -n "$(ls "$S"/usr/share/aiguillage/rules/tests/*.yaml 2>/dev/null)"
n_src=$(find rules -type f \( -name '*.yaml' -o -name '*.tsv' \) | wc -l)
n_dst=$(find "$S/usr/share/aiguillage/rules" -type f | wc -l)
check "whole rule base ($n_src files, $n_dst installed)" test "$n_src" -eq "$n_dst"
check "rule files are 0644" test -z "$(find "$S/usr/share/aiguillage/rules" -type f ! -perm 644)"
check "config is 0644" test -z "$(find "$S/etc/aiguillage" -type f ! -perm 644)"
# The purge timer's units go to systemd's own directory of the prefix.
check "nothing outside the directory variables" test -z "$(cd "$S" && find . -type f | grep -v '^\./usr/bin/\|^\./usr/share/\|^\./etc/aiguillage/\|^\./usr/lib/systemd/system/aiguillage-purge\.')"
check "bash completion parses" bash -n "$S/usr/share/bash-completion/completions/aiguillage"
if command -v groff >/dev/null; then
	groff -man -Tutf8 -ww "$S/usr/share/man/man1/aiguillage.1" >/dev/null 2>"$TMP/groff"
	check "man page: no groff warning" test ! -s "$TMP/groff"
fi

# --- the staged binary ------------------------------------------------------
BIN=$S/usr/bin/aiguillage
R=$S/usr/share/aiguillage/rules
export AIGUILLAGE_LOCALEDIR="$S/usr/share/locale"
check "--help" "$BIN" --help
"$BIN" --help >"$TMP/out" 2>&1
check "--help lists the commands" sh -c "grep -q '^  territory ' '$TMP/out' && grep -q '^  print ' '$TMP/out' && grep -q '^  cases ' '$TMP/out'"
check "the shipped config parses (check)" "$BIN" --config "$S/etc/aiguillage/aiguillage.conf" --rules "$R" check
"$BIN" --config /dev/null --rules "$R" --lang en check >"$TMP/out" 2>/dev/null
check "check names the staged rules" grep -q "^$R: .* schemes" "$TMP/out"
"$BIN" --config /dev/null --rules "$R" test >"$TMP/out" 2>&1
check "rule tests pass installed" grep -q ' passed, 0 failed$' "$TMP/out"
printf 'n\n\n1\n32013\n70\n' | "$BIN" --config /dev/null --rules "$R" \
    --no-save interview --plain >"$TMP/out" 2>&1
check "plain interview" grep -q '== PLAN ==' "$TMP/out"
"$BIN" --config /dev/null --rules "$R" print --help >"$TMP/out" 2>&1
check "French catalogue from the stage" grep -q 'le résumé pour la personne' "$TMP/out"
check "French synopsis from the stage" grep -q 'print DOSSIER|--situation FICHIER' "$TMP/out"
"$BIN" --config /dev/null --rules "$R" commune auch >"$TMP/out" 2>&1
check "commune search on the installed territory" grep -q '32013' "$TMP/out"

# Local data (territory import) go to the state directory, never into
# /usr/share, which the package owns (apt purge removes it whole).
AIGUILLAGE_LOCAL_DIR="$S/var/lib/aiguillage" "$BIN" --config /dev/null \
    --rules "$R" territory import tests/data/import-41-clean.csv >"$TMP/out" 2>&1
check "territory import installed" test -s "$S/var/lib/aiguillage/sectors/41.yaml"
check "territory import leaves /usr/share alone" test ! -e "$R/territory/sectors"

# --- install again keeps the administrator's configuration ------------------
echo "site = MDS test" >>"$S/etc/aiguillage/aiguillage.conf"
$MK install $DIRS >"$TMP/log" 2>&1
check "reinstall keeps a modified config" grep -q '^site = MDS test' "$S/etc/aiguillage/aiguillage.conf"

# --- uninstall --------------------------------------------------------------
: >"$S/var/lib/aiguillage/aiguillage.db"
$MK uninstall $DIRS >"$TMP/log" 2>&1
check "make uninstall" test $? -eq 0
check "uninstall removes the binary" test ! -e "$S/usr/bin/aiguillage"
check "uninstall removes the rules" test ! -e "$S/usr/share/aiguillage"
check "uninstall removes the catalogues" test ! -e "$S/usr/share/locale/fr/LC_MESSAGES/aiguillage.mo"
check "uninstall keeps a modified config" test -f "$S/etc/aiguillage/aiguillage.conf"
check "uninstall keeps the cases" test -f "$S/var/lib/aiguillage/aiguillage.db"
check "no other file left" test -z "$(cd "$S" && find . -type f | grep -v '^\./etc/aiguillage/aiguillage.conf$\|^\./var/lib/aiguillage/aiguillage.db$\|^\./var/lib/aiguillage/sectors/41.yaml$')"
check "nothing left in /usr/share" test -z "$(cd "$S" && find ./usr/share -path '*aiguillage*' 2>/dev/null)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
