#!/bin/sh
# Whole-process timings of the binary (issue 19), median of 50 runs:
# `eval` of one situation, `check`, and start to the first full-screen
# frame, each with the caches warm (the images built by make beside the
# rules: rules.img, rules.territory.img, rules.communes.img) and cold
# (the cache emptied before every run, and a copy of the rules without
# the images: the YAML is loaded and the images written); the JSON-Lines
# throughput of `eval --json` over a batch of random situations; a whole
# commune search; the peak RSS (the largest of the runs, and their
# median) and the processor time (user + system) of
# each: on a busy machine the wall time mostly says how busy it is, the
# processor time still what a run costs. Never a timed test: the figures
# depend on the machine and its load (printed first and last).
#   sh bench/whole.sh [BIN] [BUILD_DIR]
BIN=${1:-./aiguillage}
BUILD=${2:-build}
RUNS=${RUNS:-50}
BP=$BUILD/bench_process
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Never the user's own cache, data, configuration or database.
export HOME="$tmp/home" XDG_CACHE_HOME="$tmp/cache" XDG_DATA_HOME="$tmp/data"
export AIGUILLAGE_DB="$tmp/bench.db" AIGUILLAGE_CONFIG=/dev/null
export AIGUILLAGE_LOCALEDIR="$PWD/build/locale" TZ=UTC LC_ALL=C.UTF-8
unset AIGUILLAGE_RULES AIGUILLAGE_LOCAL_DIR
mkdir -p "$HOME"
one=bench/profiles/single-parent.yaml
# The figures mean little on a busy machine: say how busy it is.
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$BP" gen rules "$tmp/sits" 2000 || exit 1
cp -r rules "$tmp/rules"
cold="env AIGUILLAGE_RULES=$tmp/rules"

"$BIN" eval "$one" >/dev/null 2>&1	# fills the cache (if no rules.img)
# A file changed less than 2 s ago is hashed again at every run and not
# remembered (files.idx, racy as git's index): the warm figures are those
# of a counter's day, once the images written above have settled.
sleep 3
"$BIN" eval "$one" >/dev/null 2>&1
"$BP" run "$RUNS" "eval one situation, warm" -- "$BIN" eval "$one"
"$BP" run "$RUNS" "eval one situation, cold" -c "$XDG_CACHE_HOME" -- \
    $cold "$BIN" eval "$one"
"$BIN" check >/dev/null 2>&1
"$BP" run "$RUNS" "check, warm" -- "$BIN" check
"$BP" run "$RUNS" "check, cold" -c "$XDG_CACHE_HOME" -- $cold "$BIN" check
"$BP" frame "$RUNS" "start to first frame, warm" "F10" -- "$BIN"
"$BP" frame "$RUNS" "start to first frame, cold" "F10" \
    -c "$XDG_CACHE_HOME" -- $cold "$BIN"
# The full-screen program once the agent has searched (the directory,
# "auch"): the commune index is mapped as it is read, so its peak RSS is
# that of the pages the search reads (issue 19: <= 10 MB). The first use
# of a new commune image reads it whole to check its sum (once an image,
# then remembered by its stat): that one is made before, as for `eval`.
"$BIN" commune --no-offices paris >/dev/null 2>&1
"$BP" frame "$RUNS" "start, directory, 'auch' searched" "F10" \
    -k "aauch" "Grand Auch" -- "$BIN"
# A whole interview typed at once, to its result: no danger, "don't
# know" (F5 under TERM=xterm) to every question but the commune, "auch"
# (the fifth question); the extra F5 do nothing on the result screen,
# whose title says "Résultats" (the message at the orientation's end
# says "les résultats").
f5=$(printf '\033[15~')
keys="n2$f5$f5$f5${f5}auch$(printf '\r')"
i=0
while [ $i -lt 80 ]; do keys="$keys$f5"; i=$((i + 1)); done
"$BP" frame "$RUNS" "a whole interview, to its result" "F10" \
    -k "$keys" "Résultats" -- "$BIN"
# JSON Lines as issue 19 means it: one process reads 2000 situations, one
# JSON object a line (the random YAML files turned into JSON by python3),
# and writes one compact line each (ids and values, no rule texts); then
# the full reports of the YAML files, for comparison.
python3 -c 'import sys, json, yaml
for p in sys.argv[1:]:
    print(json.dumps(yaml.safe_load(open(p)) or {}, ensure_ascii=False,
        default=str))' "$tmp"/sits/*.yaml >"$tmp/sits.jsonl" || exit 1
"$BP" run 5 "eval --lines --compact, 2000 JSON Lines" -i 2000 -- \
    "$BIN" eval --lines --compact "$tmp/sits.jsonl"
"$BP" run 5 "eval --json (full reports), 2000 YAML files" -i 2000 -- \
    "$BIN" eval --json "$tmp"/sits/*.yaml
"$BIN" commune --no-offices paris >/dev/null 2>&1
"$BP" run "$RUNS" "commune search, warm" -- "$BIN" commune --no-offices \
    "saint martin"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
