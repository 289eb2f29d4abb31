# eval --lines in worker threads (--jobs N): the output is the same, byte
# for byte, as with one thread (--jobs 1), in input order; an error in the
# middle stops the run after the lines before it, with the same message
# (file:line:column) and exit status. The situations are the 400
# households of tests/reference, as JSON Lines, with blank lines.
# Run from the source tree root.
. tests/cli/lib.sh

python3 - "$TMP" <<'P' || fail "cannot write the JSON Lines"
import json, sys
tmp = sys.argv[1]
hh = json.load(open("tests/reference/openfisca-households.json"))
lines = [json.dumps(h["situation"], ensure_ascii=(i % 2 == 0))
         for i, h in enumerate(hh)]
with open(tmp + "/all.jsonl", "w") as f:
    for i, l in enumerate(lines):
        f.write(l + "\n" + ("\n" if i % 37 == 0 else ""))
# A line that is not JSON, then a line that is not a situation, each
# in the middle of a batch and after several batches.
bad = lines[:250] + ['{"age": 30, "commune": "32013" "x": 1}'] + lines[250:]
open(tmp + "/badjson.jsonl", "w").write("\n".join(bad) + "\n")
bad = lines[:123] + ['{"age": "old"}'] + lines[123:]
open(tmp + "/badval.jsonl", "w").write("\n".join(bad) + "\n")
open(tmp + "/few.jsonl", "w").write("\n".join(lines[:40]) + "\n")
P

# same NAME ARGS...: --jobs 1 and --jobs 2 (and 3) give the same exit
# status, stdout and stderr. Standard input is $IN (/dev/null if unset).
same() {
	name=$1
	shift
	"$BIN" eval "$@" --jobs 1 <"${IN:-/dev/null}" >"$TMP/out1" \
	    2>"$TMP/err1"
	rc1=$?
	for j in 2 3; do
		"$BIN" eval "$@" --jobs $j <"${IN:-/dev/null}" \
		    >"$TMP/out$j" 2>"$TMP/err$j"
		rc=$?
		if [ "$rc" != "$rc1" ]; then
			fail "$name: exit $rc with --jobs $j, $rc1 with one"
		elif ! cmp -s "$TMP/out1" "$TMP/out$j"; then
			fail "$name: the output of --jobs $j differs"
		elif ! cmp -s "$TMP/err1" "$TMP/err$j"; then
			fail "$name: the messages of --jobs $j differ"
			cat "$TMP/err1" "$TMP/err$j"
		else
			pass
		fi
	done
}

same "compact" --lines --compact "$TMP/all.jsonl"
[ "$(wc -l <"$TMP/out1")" -eq 400 ] && pass ||
    fail "compact: $(wc -l <"$TMP/out1") lines out of 400"
same "full JSON" --lines --json "$TMP/few.jsonl"
same "text" --lines "$TMP/few.jsonl"
same "two files" --lines --compact "$TMP/few.jsonl" "$TMP/all.jsonl"
IN="$TMP/all.jsonl"
same "stdin" --lines --compact -
IN=

same "bad JSON in the middle" --lines --compact "$TMP/badjson.jsonl"
[ "$rc1" = 2 ] && pass || fail "bad JSON: exit $rc1, expected 2"
expect_in "bad JSON: named" "$TMP/err2" "badjson.jsonl:251:32: JSON invalide"
[ "$(wc -l <"$TMP/out2")" -eq 250 ] && pass ||
    fail "bad JSON: $(wc -l <"$TMP/out2") lines out, expected the 250 before"
same "bad value in the middle" --lines --compact "$TMP/badval.jsonl"
[ "$rc1" = 2 ] && pass || fail "bad value: exit $rc1, expected 2"
expect_in "bad value: named" "$TMP/err2" "badval.jsonl:124:9: age"
[ "$(wc -l <"$TMP/out2")" -eq 123 ] && pass ||
    fail "bad value: $(wc -l <"$TMP/out2") lines out, expected the 123 before"

# The default (one thread per processor) is the same too.
"$BIN" eval --lines --compact "$TMP/all.jsonl" >"$TMP/outd" 2>&1
"$BIN" eval --lines --compact --jobs 1 "$TMP/all.jsonl" >"$TMP/out1" 2>&1
cmp -s "$TMP/out1" "$TMP/outd" && pass || fail "default --jobs: output differs"

expect_rc "--jobs 0" 2 "$BIN" eval --lines --jobs 0 "$TMP/few.jsonl"
expect_in "--jobs 0" "$TMP/err" "--jobs"
expect_rc "--jobs x" 2 "$BIN" eval --lines --jobs x "$TMP/few.jsonl"
expect_rc "--jobs is eval's" 2 "$BIN" check --jobs 2
finish
