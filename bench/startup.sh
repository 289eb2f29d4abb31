#!/bin/sh
# Cold start of the binary to a useful answer, best and median of 20 runs:
# `aiguillage check` loads and checks the whole rule base (the work done
# before the first screen).
BIN=${1:-./aiguillage}
i=0
: >/tmp/aig-startup.$$
while [ $i -lt 20 ]; do
	s=$(date +%s%N)
	"$BIN" check >/dev/null 2>&1
	e=$(date +%s%N)
	echo $(((e - s) / 1000)) >>/tmp/aig-startup.$$
	i=$((i + 1))
done
sort -n /tmp/aig-startup.$$ | awk '{a[NR]=$1} END {printf "start-up (check):      %8.2f ms best, %.2f ms median (20 runs)\n", a[1]/1000, a[int((NR+1)/2)]/1000}'
rm -f /tmp/aig-startup.$$
