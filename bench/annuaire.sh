#!/bin/sh
# import-annuaire on a file the size of the national base de données
# locales (63,000 records, about 74 MB), made from the shape of the
# fixture's first record with random communes and types: the time and
# the peak memory of a dry run for one department (the reader streams
# the file, so memory is that of one record, not of the file).
BIN=${1:-./aiguillage}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir/base.json" <<'P'
import json, random, sys
random.seed(1)
codes = [l.split("\t")[0] for l in open("rules/territory/communes.tsv", encoding="utf-8")
         if not l.startswith("#") and "\tcommune\t" in l]
types = ["mairie"] * 8 + ["mds", "ccas", "caf", "cpam", "pmi", "france_services",
                          "gendarmerie", "poste"]
base = json.load(open("tests/data/annuaire-32.json", encoding="utf-8"))["service"][0]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write('{"service": [\n')
    for i in range(63000):
        r = dict(base)
        c = random.choice(codes)
        r["id"] = "%08x-0000-4000-8000-%012x" % (i, i)
        r["code_insee_commune"] = c
        r["pivot"] = [{"type_service_local": random.choice(types),
                       "code_insee_commune": [c] + random.sample(codes, 3)}]
        r["url_service_public"] = "https://lannuaire.service-public.fr/x/" + r["id"]
        out.write(("" if i == 0 else ",\n") + json.dumps(r, ensure_ascii=False))
    out.write("\n]}\n")
P
size=$(wc -c <"$dir/base.json")
/usr/bin/time -f "%e %M" -o "$dir/time" env AIGUILLAGE_LOCAL_DIR="$dir/local" \
    AIGUILLAGE_CONFIG=/dev/null "$BIN" --lang en directory import-annuaire \
    "$dir/base.json" --department 32 --dry-run >"$dir/out" 2>&1
set -- $(cat "$dir/time")
printf 'import-annuaire:       %8.2f s, %d MB resident, file of %d MB (%s)\n' \
    "$1" $(($2 / 1024)) $((size / 1048576)) "$(head -n 1 "$dir/out")"
