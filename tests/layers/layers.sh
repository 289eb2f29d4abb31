#!/bin/sh
# tests/layers/layers.sh - the floors of src/ only include downwards.
#
# Runs tools/check-layers.sh on the real tree (it must pass), then on
# copies with an upward include, an unknown header, a stray folder and
# the interview and result screens naming each other (each must be
# refused), so the check itself is known to bite.
# Prints "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
check="$root/tools/check-layers.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0

if sh "$check" "$root/src"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: src/ includes upwards (above)"
fi

refused() {	# refused WHAT: the copy in $tmp/src must fail the check
	if sh "$check" "$tmp/src" >"$tmp/out" 2>&1; then
		fail=$((fail + 1))
		echo "FAIL: the check accepts $1"
	elif ! grep -q . "$tmp/out"; then
		fail=$((fail + 1))
		echo "FAIL: the check refuses $1 without saying why"
	else
		pass=$((pass + 1))
	fi
	rm -rf "$tmp/src"
}

cp -R "$root/src" "$tmp/src"
printf '#include "store.h"\n' >>"$tmp/src/engine/eval.c"
refused "engine/eval.c including store/store.h"

cp -R "$root/src" "$tmp/src"
printf '#include "ui.h"\n' >>"$tmp/src/base/value.h"
refused "base/value.h including ui/ui.h"

cp -R "$root/src" "$tmp/src"
printf '#include "nowhere.h"\n' >>"$tmp/src/model/rules.c"
refused "an include found in no floor"

cp -R "$root/src" "$tmp/src"
mkdir "$tmp/src/misc" && : >"$tmp/src/misc/x.c"
refused "a folder that is not a floor"

# The interview and result screens go through the screen stack.
cp -R "$root/src" "$tmp/src"
printf 'const void *ui_x(void) { return &ui_result_screen; }\n' \
    >>"$tmp/src/ui/ui_interview.c"
refused "the interview screen naming the result screen"

cp -R "$root/src" "$tmp/src"
printf 'void ui_x(struct ui *ui) { ui_interview_start(ui, 0); }\n' \
    >>"$tmp/src/ui/ui_result.c"
refused "the result screen calling the interview screen"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
