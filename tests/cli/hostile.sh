# The hostile-input catalogue (issue 15, item 4): each input below must be
# refused with exit 2 (input) or 3 (rule base), a message naming the file
# (and a line and column where there is one), within 1 s of CPU and 100 MB.
# Under the sanitizers (make check) ASan reserves terabytes of shadow
# memory and runs 2-5 times slower, so there the address-space limit is
# replaced by a resident-memory limit of 300 MB and the time limit is 4 s.
# Run from the source tree root.
. tests/cli/lib.sh
R=rules		# read only: eval needs the territory

if grep -q __asan_init "$BIN" 2>/dev/null; then
	LIM_S=4 LIM_MB=300 ULIMIT=
else
	LIM_S=1 LIM_MB=100 ULIMIT=$((100 * 1024))
fi

# bounded NAME WANT_RC TEXT CMD...: exit WANT_RC, TEXT in stderr, within
# the limits. Time (CPU, user and system) and peak memory come from the
# kernel (python3's rusage), so that a machine busy with other jobs does
# not fail the test; a wait that burns no CPU (a blocked read) is caught
# by the wall-clock timeout, ten times the limit.
bounded() {
	name=$1 want=$2 text=$3
	shift 3
	python3 - "$LIM_S" "$LIM_MB" "${ULIMIT:-0}" "$@" >"$TMP/lim" 2>"$TMP/err" <<'EOF'
import resource, subprocess, sys
secs, mb, vlim = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def pre():
    if vlim:
        resource.setrlimit(resource.RLIMIT_AS, (vlim * 1024, vlim * 1024))
try:
    p = subprocess.run(sys.argv[4:], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=sys.stderr,
                       timeout=secs * 10, preexec_fn=pre)
    rc = p.returncode
except subprocess.TimeoutExpired:
    rc = -999
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
dt = ru.ru_utime + ru.ru_stime
rss = ru.ru_maxrss // 1024
print(rc, "%.2f" % dt, rss)
EOF
	read -r rc dt rss <"$TMP/lim"
	[ -n "$HOSTILE_VERBOSE" ] && echo "$name: exit $rc, $dt s, $rss MB"
	if [ "$rc" != "$want" ]; then
		fail "$name: exit $rc, expected $want"; head -3 "$TMP/err"
	elif ! t_spaces <"$TMP/err" |
	    grep -qF -- "$(printf '%s\n' "$text" | t_spaces)"; then
		fail "$name: \"$text\" not in the message"; head -3 "$TMP/err"
	elif ! awk -v d="$dt" -v l="$LIM_S" 'BEGIN { exit !(d <= l) }'; then
		fail "$name: took $dt s of CPU (limit $LIM_S s)"
	elif [ "$rss" -gt "$LIM_MB" ]; then
		fail "$name: used $rss MB (limit $LIM_MB MB)"
	else
		pass
	fi
}

gen() { python3 -c "$1" >"$2"; }

# --- situation files ---------------------------------------------------------
bounded "eval /dev/zero" 2 "/dev/zero: pas un fichier ordinaire" \
    "$BIN" --rules "$R" eval /dev/zero
mkfifo "$TMP/fifo"
bounded "eval a fifo" 2 "fifo: pas un fichier ordinaire" \
    "$BIN" --rules "$R" eval "$TMP/fifo"
gen 'print("age: 30\n" + "#" * (5 << 20))' "$TMP/big.yaml"
bounded "situation over 4 MiB" 2 "big.yaml: fichier de plus de 4 Mio" \
    "$BIN" --rules "$R" eval "$TMP/big.yaml"
gen 'print("children:\n" + "- {}\n" * 1000000)' "$TMP/kids.yaml"
bounded "a million children" 2 "kids.yaml" \
    "$BIN" --rules "$R" eval "$TMP/kids.yaml"
gen 'print("children:\n" + "- {}\n" * 5000)' "$TMP/kids5k.yaml"
bounded "5000 children" 2 "kids5k.yaml:2:1: children : plus de 1000" \
    "$BIN" --rules "$R" eval "$TMP/kids5k.yaml"
gen 'print("x:\n" + "- a\n" * 300000)' "$TMP/nodes.yaml"
bounded "300k values" 2 "nodes.yaml:" \
    "$BIN" --rules "$R" eval "$TMP/nodes.yaml"
gen 'print("{" + ",".join("\"k%d\": 1" % i for i in range(100000)) + "}")' \
    "$TMP/keys.json"
bounded "100k keys (JSON)" 2 "keys.json:1:2:" \
    "$BIN" --rules "$R" eval "$TMP/keys.json"
gen 'print("{" + ",".join("\"k%d\": 1" % i for i in range(60000)) + ", \"k5\": 2}")' \
    "$TMP/dupkeys.json"
bounded "duplicate among 100k keys" 2 "clé en double" \
    "$BIN" --rules "$R" eval "$TMP/dupkeys.json"
gen 'print("[" * 100000 + "]" * 100000)' "$TMP/deep.json"
bounded "100k nested lists" 2 "deep.json:1:" \
    "$BIN" --rules "$R" eval "$TMP/deep.json"
gen 'print("x:\n" + "".join("  k%d: 1\n" % i for i in range(90000)))' \
    "$TMP/keys.yaml"
bounded "90k keys (YAML)" 2 "keys.yaml:1:1:" \
    "$BIN" --rules "$R" eval "$TMP/keys.yaml"
gen 'print("x: " + "[" * 100000 + "]" * 100000)' "$TMP/deep.yaml"
bounded "100k nested lists (YAML)" 2 "deep.yaml:1:" \
    "$BIN" --rules "$R" eval "$TMP/deep.yaml"
# JSON that is valid but holds no situation value, or is not JSON.
printf '{"age": 1e400}' >"$TMP/huge.json"
bounded "number 1e400" 2 "huge.json:1:" \
    "$BIN" --rules "$R" eval "$TMP/huge.json"
printf '{"age": 1e-400}' >"$TMP/tiny.json"
bounded "number 1e-400" 2 "tiny.json:1:9: le nombre 1e-400 est trop grand ou trop précis" \
    "$BIN" --rules "$R" eval "$TMP/tiny.json"
printf '{"age": 123456789012345678901234567890}' >"$TMP/bigint.json"
bounded "30-digit integer" 2 "bigint.json:1:" \
    "$BIN" --rules "$R" eval "$TMP/bigint.json"
printf '{"age": 30,\n "commune": "\\ud800"}' >"$TMP/surrogate.json"
bounded "lone surrogate escape" 2 "surrogate.json:2:" \
    "$BIN" --rules "$R" eval "$TMP/surrogate.json"
printf '{"age": 30,\n "commune": "\\u0000"}' >"$TMP/nul.json"
bounded "NUL escape" 2 "nul.json:2:" \
    "$BIN" --rules "$R" eval "$TMP/nul.json"
printf '{"age": 30,\n "commune": "\377"}' >"$TMP/utf8.json"
bounded "invalid UTF-8 in JSON" 2 "utf8.json:2:" \
    "$BIN" --rules "$R" eval "$TMP/utf8.json"
printf '\357\273\277{"age": 30}' >"$TMP/bom.json"
bounded "byte order mark before JSON" 2 "bom.json:1:" \
    "$BIN" --rules "$R" eval "$TMP/bom.json"
# Codes of the right shape that name nothing (issue 15: "any 5-character
# commune code is accepted"): checked against the territory table.
printf 'commune: "32999"\n' >"$TMP/nocom.yaml"
bounded "commune code not in the table" 2 "nocom.yaml:1:10: commune: code commune inconnu « 32999 »" \
    "$BIN" --rules "$R" eval "$TMP/nocom.yaml"
printf '{"age": 30,\n "commune": "32999"}' >"$TMP/nocom.json"
bounded "commune code not in the table (JSON)" 2 "nocom.json:2:13: commune:" \
    "$BIN" --rules "$R" eval "$TMP/nocom.json"
printf 'commune: "32067"\n' >"$TMP/oldcom.yaml"
bounded "former commune" 2 "oldcom.yaml:1:10: commune: « 32067 » (Cabas-Loumassès) n'est pas une commune actuelle" \
    "$BIN" --rules "$R" eval "$TMP/oldcom.yaml"
printf 'department: "99"\n' >"$TMP/nodep.yaml"
bounded "department not in the table" 2 "nodep.yaml:1:13: department : département inconnu « 99 »" \
    "$BIN" --rules "$R" eval "$TMP/nodep.yaml"
printf 'commune: "32999"\n' >"$TMP/nocom-replay.yaml"
bounded "commune not in the table (replay)" 2 "nocom-replay.yaml:1:10: commune:" \
    "$BIN" --rules "$R" interview --no-save --replay "$TMP/nocom-replay.yaml"
bounded "directory --dep not in the table" 2 "--dep : département inconnu « 99 »" \
    "$BIN" --rules "$R" directory list --dep 99
bounded "directory --commune not in the table" 2 "« 32999 »" \
    "$BIN" --rules "$R" directory list --commune 32999
printf 'commune: "41\\e01"\n' >"$TMP/esc.yaml"
bounded "escape in a commune code" 2 "esc.yaml:1:10: commune" \
    "$BIN" --rules "$R" eval "$TMP/esc.yaml"
printf 'commune: "ABCDE"\n' >"$TMP/abc.yaml"
bounded "letters as a commune code" 2 "abc.yaml:1:10: commune" \
    "$BIN" --rules "$R" eval "$TMP/abc.yaml"

# --- rule files --------------------------------------------------------------
mk_rules() { rm -rf "$TMP/r"; cp -r tests/data/rules-mini "$TMP/r"; }
mk_rules
gen 'print("derived:\n  - {id: big, expr: \"" + "1 + " * 200000 + "1\"}")' \
    "$TMP/r/derived/big.yaml"
bounded "200,000 operators" 3 "big.yaml:2:" "$BIN" --rules "$TMP/r" check
mk_rules
gen 'print("derived:\n  - {id: big, expr: \"" + "- " * 200000 + "1\"}")' \
    "$TMP/r/derived/big.yaml"
bounded "200,000 unary minus" 3 "big.yaml:2:" "$BIN" --rules "$TMP/r" check
mk_rules
gen 'print("derived:\n  - {id: big, expr: \"" + "not " * 200000 + "true\"}")' \
    "$TMP/r/derived/big.yaml"
bounded "200,000 not" 3 "big.yaml:2:" "$BIN" --rules "$TMP/r" check
mk_rules
gen 'print("derived:\n  - {id: big, expr: \"" + "(" * 100000 + "1" + ")" * 100000 + "\"}")' \
    "$TMP/r/derived/big.yaml"
bounded "100,000 parentheses" 3 "big.yaml:2:" "$BIN" --rules "$TMP/r" check
mk_rules
sed 's/min: 0, max: 120, text: "Âge ?"/min: 130, max: 120, text: "Âge ?"/' \
    tests/data/rules-mini/questions/10-base.yaml >"$TMP/r/questions/10-base.yaml"
bounded "min > max" 3 "10-base.yaml:3:31: \"min\" is greater than \"max\"" \
    "$BIN" --rules "$TMP/r" check
# A prerequisite's `except` names a scheme of its own list, holds an
# expression, and a prerequisite has no key the loader would ignore.
mk_rules
cat >>"$TMP/r/orientation.yaml" <<'Y'
prerequisites:
  - id: tax
    when: "couple"
    service: caf
    title: "Déclarer"
    schemes: [demo]
    except:
      other: "age > 60"
Y
bounded "except: scheme not in the list" 3 "orientation.yaml:9:7: \"other\" is not in the schemes of prerequisite \"tax\"" \
    "$BIN" --rules "$TMP/r" check
sed -i 's/      other: "age > 60"/      demo: "age >"/' "$TMP/r/orientation.yaml"
bounded "except: bad expression" 3 "orientation.yaml:9:" \
    "$BIN" --rules "$TMP/r" check
sed -i 's/    except:/    exept:/; s/      demo: "age >"/      demo: "age > 60"/' "$TMP/r/orientation.yaml"
bounded "prerequisite: unknown key" 3 "orientation.yaml:8:5: unknown key \"exept\" in a prerequisite" \
    "$BIN" --rules "$TMP/r" check
sed -i 's/    exept:/    except:/' "$TMP/r/orientation.yaml"
printf 'couple: true\nage: 30\n' >"$TMP/pre30.yaml"
expect_rc "except: does not hold" 0 "$BIN" --rules "$TMP/r" eval "$TMP/pre30.yaml"
expect_in "except: does not hold, the scheme listed" "$TMP/out" "    - Demo"
printf 'couple: true\nage: 70\n' >"$TMP/pre70.yaml"
expect_rc "except: holds" 0 "$BIN" --rules "$TMP/r" eval "$TMP/pre70.yaml"
# Needed for none of its schemes: no step (doc/rules.md).
if grep -qF -- "Déclarer" "$TMP/out"; then
	fail "except: holds for its only scheme, the step still in the plan"
else pass; fi
if grep -qF -- "    - Demo" "$TMP/out"; then
	fail "except: holds, the scheme still listed"; else pass; fi
mk_rules
gen 'print("derived:\n" + "#" * (5 << 20))' "$TMP/r/derived/huge.yaml"
bounded "rule file over 4 MiB" 3 "huge.yaml: fichier de plus de 4 Mio" \
    "$BIN" --rules "$TMP/r" check

# --- configuration -----------------------------------------------------------
bounded "AIGUILLAGE_CONFIG=/dev/zero" 2 "/dev/zero: lecture de la configuration impossible" \
    env AIGUILLAGE_CONFIG=/dev/zero "$BIN" --rules "$R" check
gen 'print("site = a\n" * 20000)' "$TMP/big.conf"
bounded "configuration over 64 KiB" 2 "big.conf: lecture de la configuration impossible" \
    env AIGUILLAGE_CONFIG="$TMP/big.conf" "$BIN" --rules "$R" check
printf 'site = a\0b\n' >"$TMP/nul.conf"
bounded "NUL in the configuration" 2 "nul.conf:1:0: pas un fichier texte" \
    env AIGUILLAGE_CONFIG="$TMP/nul.conf" "$BIN" --rules "$R" check
printf 'site = MDS\tAuch\n' >"$TMP/tab.conf"
bounded "tab in a configuration value" 2 "tab.conf:1:0: caractère de contrôle" \
    env AIGUILLAGE_CONFIG="$TMP/tab.conf" "$BIN" --rules "$R" check
printf 'site = MDS \033[2J\n' >"$TMP/esc.conf"
bounded "escape in a configuration value" 2 "esc.conf:1:0: caractère de contrôle" \
    env AIGUILLAGE_CONFIG="$TMP/esc.conf" "$BIN" --rules "$R" check
printf 'channel = =cmd|calc\n' >"$TMP/chan.conf"
bounded "unknown channel" 2 "chan.conf:1:0: channel vaut" \
    env AIGUILLAGE_CONFIG="$TMP/chan.conf" "$BIN" --rules "$R" check
gen 'print("site = " + "a" * 5000)' "$TMP/long.conf"
bounded "configuration line too long" 2 "long.conf:1:0: ligne trop longue" \
    env AIGUILLAGE_CONFIG="$TMP/long.conf" "$BIN" --rules "$R" check

# --- CSV import --------------------------------------------------------------
RC="$TMP/rules-full"
cp -r rules "$RC"
bounded "import /dev/zero" 2 "/dev/zero" \
    "$BIN" --rules "$RC" territory import /dev/zero
gen 'print("code_insee;sector\n" + "41018;a\n" * 700000)' "$TMP/big.csv"
bounded "CSV over 4 MiB" 2 "big.csv: fichier de plus de 4 Mio" \
    "$BIN" --rules "$RC" territory import "$TMP/big.csv"
# 4 MiB of wrong rows: 740,000 problems, 200 shown, then their count.
gen 'print("commune,office\n" + "99999,nope\n" * 370000)' "$TMP/bad.csv"
bounded "4 MiB of wrong CSV rows" 2 "bad.csv : et 739800 autres problèmes" \
    "$BIN" --rules "$RC" territory import "$TMP/bad.csv"
printf 'commune,office\n41018,a\0b\n' >"$TMP/nul.csv"
bounded "NUL in a CSV" 2 "nul.csv: pas un fichier texte" \
    "$BIN" --rules "$RC" territory import "$TMP/nul.csv"
printf 'commune,office\n"41018\n' >"$TMP/quote.csv"
bounded "unterminated quote in a CSV" 2 "quote.csv:2:" \
    "$BIN" --rules "$RC" territory import "$TMP/quote.csv"

finish
