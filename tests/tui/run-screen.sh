#!/bin/sh
# Screen tests: each tests/tui/scripts/*.keys runs in colour
# (TERM=xterm-256color) and in monochrome (NO_COLOR=1), at 80x24; the
# screens are dumped from curses' own buffer and compared with
# tests/tui/golden/*.{color,mono}.txt.
#
#   sh tests/tui/run-screen.sh DRIVER [--update]
#
# DRIVER is the tests/tui/tui_driver binary. Prints "N passed, N failed".
dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$dir/../.." && pwd)
driver=${1:?usage: run-screen.sh DRIVER [--update]}
update=${2:-}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for script in "$dir"/scripts/*.keys "$dir"/visits/*.keys; do
	for mode in color mono; do
		if [ $mode = color ]; then
			set -- env -u NO_COLOR TERM=xterm-256color
		else
			set -- env NO_COLOR=1 TERM=xterm-256color
		fi
		"$@" TZ=UTC HOME="$tmp" LC_ALL=C.UTF-8 LANGUAGE=fr \
		    ESCDELAY=25 "$driver" --rules "$root/rules" \
		    --date 2026-11-15 --script "$script" \
		    $(case $script in *hooks*) echo --fake-hooks ;;
		    *territory*|*/visits/*) echo --territory ;; esac) \
		    $(case $script in *orientation*) echo --depth orientation ;;
		    esac) \
		    --golden "$dir/golden" $update >"$tmp/out" 2>&1
		p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$tmp/out")
		f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$tmp/out")
		if [ -z "$p" ]; then
			echo "FAIL $(basename "$script") ($mode): driver did not finish"
			cat "$tmp/out"
			fail=$((fail + 1))
			continue
		fi
		grep '^FAIL' "$tmp/out" | sed "s|^|$(basename "$script") ($mode): |"
		if grep -q 'Sanitizer' "$tmp/out"; then
			echo "FAIL $(basename "$script") ($mode): sanitizer report"
			grep -A20 'Sanitizer' "$tmp/out" | head -40
			f=$((f + 1))
		fi
		pass=$((pass + p))
		fail=$((fail + f))
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
