#!/bin/sh
# manpage.sh - the man page (doc/aiguillage.1) and the command table agree.
#
# The program's own help is the command table (src/cli/main.c): the
# commands of `aiguillage --help`, the options of each `aiguillage
# COMMAND --help`. The man page must name the same commands in its
# COMMANDS section, give each the same options in its SYNOPSIS line and
# its COMMANDS entries (both ways), and list every global option in
# OPTIONS. Prints "N passed, N failed".
. "$(dirname "$0")/lib.sh"
MAN="$(dirname "$0")/../../doc/aiguillage.1"

"$BIN" --lang en --help >"$TMP/help" 2>&1 || fail "aiguillage --help: exit $?"
for c in $(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' "$TMP/help"); do
	"$BIN" --lang en "$c" --help >"$TMP/help-$c" 2>&1 ||
	    fail "aiguillage $c --help: exit $?"
	echo "$c" >>"$TMP/commands"
done

python3 - "$MAN" "$TMP" >"$TMP/result" <<'P'
import os, re, sys

man, tmp = open(sys.argv[1]).read(), sys.argv[2]
cmds = open(os.path.join(tmp, "commands")).read().split()
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)

def section(name):
    m = re.search(r"^\.SH %s\n(.*?)(?=^\.SH )" % name, man, re.S | re.M)
    return m.group(1) if m else ""

def longopts(text):
    """Long options in roff (\\-\\-name) or plain text (--name)."""
    text = text.replace("\\-", "-")
    return set(re.findall(r"(?<![\w-])--([a-z][a-z-]*)", text))

# SYNOPSIS: one ".B aiguillage" block per command, up to the next .br.
synopsis = {}
for block in section("SYNOPSIS").split(".br\n"):
    m = re.search(r"^\.B (\w+)", block.split("[ options ]", 1)[-1], re.M)
    if m and m.group(1) != "aiguillage":
        synopsis[m.group(1)] = synopsis.get(m.group(1), "") + block

# COMMANDS: entries are ".TP" then a line naming the command first; the
# lines after (until the next command's entry) are its description.
entries, current = {}, None
commands_text = section("COMMANDS")
for para in commands_text.split(".TP\n")[1:]:
    head = para.split("\n", 1)[0]
    m = re.match(r'^\.B[IR]? "?(\w+)', head)	# not "\-\-option"
    if m:
        current = m.group(1)
    if current:
        entries[current] = entries.get(current, "") + para

check(sorted(entries) == sorted(cmds),
      "COMMANDS section names %s, the program %s"
      % (sorted(entries), sorted(cmds)))
for c in cmds:
    helptext = open(os.path.join(tmp, "help-" + c)).read()
    usage = helptext.split("\n\n")[0]
    own = set()
    if "options of the command:" in helptext:
        own = longopts(helptext.split("options of the command:")[1]
                       .split("\noptions:")[0])
    program = longopts(usage) | own
    manual = longopts(synopsis.get(c, "")) | longopts(entries.get(c, ""))
    check(c in synopsis, "no SYNOPSIS line for %s" % c)
    check(program <= manual, "%s: the man page lacks %s"
          % (c, sorted(program - manual)))
    check(longopts(synopsis.get(c, "")) <= program,
          "%s: the man page's synopsis has %s, the program does not"
          % (c, sorted(longopts(synopsis.get(c, "")) - program)))

helptext = open(os.path.join(tmp, "help")).read()
globals_ = longopts(helptext.split("\noptions:")[1])
options = longopts(re.sub(r"^\.TP\n", "", section("OPTIONS"), flags=re.M))
check(globals_ <= options, "OPTIONS lacks %s" % sorted(globals_ - options))
print("%d %d" % (passed, failed))
P
grep -v '^[0-9]* [0-9]*$' "$TMP/result"
set -- $(tail -n 1 "$TMP/result")
T_PASS=$((T_PASS + ${1:-0}))
T_FAIL=$((T_FAIL + ${2:-1}))
finish
