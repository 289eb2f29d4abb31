#!/bin/sh
# tools/check-layers.sh [SRC] - no folder of src/ includes a folder above it.
#
# The floors, lowest first (doc/architecture.md); a file may include
# headers of its own floor and of the floors below it, never above. Each
# #include "name.h" is looked up in the file's own folder first, then in
# every floor; a name found in no floor, or in two, is an error too (the
# build puts every floor on the include path, so names must be unique).
#
# Screens of the full-screen UI that must not know each other go through
# the screen stack (ui_screen.h: ui->result_screen, ui_pop_with and the
# uncovered screen's resume()): for each pair A:B of SEPARATE, ui/ui_A.c
# names nothing of ui_B (ui_B_screen, ui_B_*(), "ui_B.h") and the
# other way round.
# Prints one line per offence and exits 1 if there is any.
FLOORS="base model territory engine store render ui cli"
SEPARATE="interview:result"
src=${1:-src}
status=0

level() {	# level FLOOR: its position, 0 when it is not a floor
	n=0
	for f in $FLOORS; do
		n=$((n + 1))
		[ "$f" = "$1" ] && { echo "$n"; return; }
	done
	echo 0
}

for dir in "$src"/*/; do
	floor=$(basename "$dir")
	own=$(level "$floor")
	if [ "$own" -eq 0 ]; then
		echo "$dir: not a floor (add it to FLOORS and doc/architecture.md)"
		status=1
		continue
	fi
	for file in "$dir"*.[ch]; do
		[ -f "$file" ] || continue
		sed -n 's/^[ 	]*#[ 	]*include[ 	]*"\([^"]*\)".*/\1/p' \
		    "$file" >"${TMPDIR:-/tmp}/layers.$$"
		while read -r name; do
			if [ -f "$dir$name" ]; then
				continue
			fi
			found=
			for f in $FLOORS; do
				[ -f "$src/$f/$name" ] && found="$found $f"
			done
			set -- $found
			if [ $# -ne 1 ]; then
				echo "$file: \"$name\" is in ${found:- no floor}"
				status=1
			elif [ "$(level "$1")" -gt "$own" ]; then
				echo "$file: includes \"$name\" from $1, a floor above $floor"
				status=1
			fi
		done <"${TMPDIR:-/tmp}/layers.$$"
		rm -f "${TMPDIR:-/tmp}/layers.$$"
	done
done
for file in "$src"/*.[ch]; do
	[ -f "$file" ] && { echo "$file: outside any floor"; status=1; }
done
for pair in $SEPARATE; do
	a=${pair%%:*}
	b=${pair#*:}
	for x in "$a:$b" "$b:$a"; do
		from=${x%%:*}
		to=${x#*:}
		file="$src/ui/ui_$from.c"
		[ -f "$file" ] || continue
		grep -n "\<ui_${to}_[a-z_]*\|\"ui_${to}\.h\"" "$file" |
		while IFS= read -r hit; do
			echo "$file:${hit%%:*}: the $from screen names the $to" \
			    "screen (go through the screen stack)"
		done | grep . && status=1
	done
done
exit $status
