#!/usr/bin/env python3
"""Reference implementation of the commune search ranking (doc/territory.md,
"Commune search"), used to check tests/data/commune-queries.tsv against
rules/territory/communes.tsv. The C implementation must give the same FIRST
result for every query of that file.

Usage:
  python3 tools/communes/search-reference.py QUERY...      top results for queries
  python3 tools/communes/search-reference.py --check       check the queries file
"""
import csv, re, sys, unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TSV = ROOT / "rules/territory/communes.tsv"
QUERIES = ROOT / "tests/data/commune-queries.tsv"

ABBREV = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
ARTICLES = {"le", "la", "les", "l"}
GROUP = {"commune": 0, "arrondissement": 0, "deleguee": 1, "associee": 1}
TYPE_ORDER = {"commune": 0, "arrondissement": 1, "deleguee": 2, "associee": 3}


def fold(s):
    s = s.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def tokens(s):
    return [ABBREV.get(t, t) for t in fold(s).split()]


def load():
    rows = []
    with open(TSV, encoding="utf-8") as fh:
        r = csv.reader((l for l in fh if not l.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(r)
        for rec in r:
            d = dict(zip(header, rec))
            d["pop"] = int(d["population"]) if d["population"] else 0
            d["cps"] = d["codes_postaux"].split(",") if d["codes_postaux"] else []
            t = tokens(d["nom"])
            d["t"] = t
            d["n"] = " ".join(t)
            d["a"] = " ".join(t[1:]) if len(t) > 1 and t[0] in ARTICLES else d["n"]
            # A déléguée with its commune's code, name and postal codes
            # is the same place: not listed twice (doc/territory.md).
            p = rows[-1] if rows else None
            if (d["type"] != "commune" and p is not None and p["type"] == "commune"
                    and p["insee"] == d["insee"] == d["parent"]
                    and p["nom"] == d["nom"] and p["codes_postaux"] == d["codes_postaux"]):
                continue
            rows.append(d)
    return rows


def key(d):
    return (GROUP[d["type"]], -d["pop"], d["insee"], TYPE_ORDER[d["type"]])


def word_prefix(qt, nt):
    i = 0
    for q in qt:
        while i < len(nt) and not nt[i].startswith(q):
            i += 1
        if i == len(nt):
            return False
        i += 1
    return True


def search_text(rows, qt):
    q = " ".join(qt)
    qc = q.replace(" ", "")
    tiers = ([], [], [], [])
    for d in rows:
        forms = (d["n"], d["a"])
        if q in forms:
            tiers[0].append(d)                      # exact name (or name without its article)
        elif any(f.startswith(q) for f in forms):
            tiers[1].append(d)                      # name starts with the query
        elif any(f.replace(" ", "").startswith(qc) for f in forms):
            tiers[2].append(d)                      # same, ignoring spaces ("lisle jourdain")
        elif word_prefix(qt, d["t"]):
            tiers[3].append(d)                      # every query word starts a name word, in order
    return [d for t in tiers for d in sorted(t, key=key)]


def search(rows, query, deps):
    qt = tokens(query)
    if not qt:
        return []
    if len(qt) > 1 and all(t.isdigit() for t in qt):
        qt = ["".join(qt)]                          # "30 000" -> "30000"
    if len(qt) == 1 and re.fullmatch(r"[0-9][0-9ab][0-9]{3}", qt[0]):
        code = qt[0].upper()
        by_cp = [d for d in rows if code in d["cps"]]
        # arrondissements before the commune that groups them, then population
        by_cp.sort(key=lambda d: (GROUP[d["type"]], 0 if d["type"] == "arrondissement" else 1, -d["pop"], d["insee"]))
        by_insee = sorted((d for d in rows if d["insee"] == code), key=lambda d: TYPE_ORDER[d["type"]])
        seen, out = set(), []
        for d in by_cp + by_insee:
            if id(d) not in seen:
                seen.add(id(d)); out.append(d)
        return out
    if len(qt) == 1 and re.fullmatch(r"[0-9]{2,4}", qt[0]):
        out = [d for d in rows if any(cp.startswith(qt[0]) for cp in d["cps"])]
        return sorted(out, key=key)
    if len(qt) >= 2 and qt[-1].upper() in deps:
        dep = qt[-1].upper()
        out = [d for d in search_text(rows, qt[:-1]) if d["dep"] == dep]
        if out:
            return out
        # nothing in that department: the number may be part of the name
        # ("paris 15"), else ignore it ("nimes 32" still finds Nîmes)
        return search_text(rows, qt) or search_text(rows, qt[:-1])
    return search_text(rows, qt)


def main():
    rows = load()
    deps = {d["dep"] for d in rows}
    if sys.argv[1:] == ["--check"]:
        bad = n = 0
        with open(QUERIES, encoding="utf-8") as fh:
            r = csv.reader((l for l in fh if not l.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(r)
            for rec in r:
                d = dict(zip(header, rec))
                n += 1
                res = search(rows, d["query"], deps)
                got = res[0]["insee"] if res else ""
                if got != d["expected_insee"]:
                    bad += 1
                    print(f"FAIL {d['query']!r}: expected {d['expected_insee'] or '(none)'}, got {got or '(none)'}"
                          + (f" {res[0]['nom']} ({res[0]['type']})" if res else ""))
        print(f"{n - bad} passed, {bad} failed")
        sys.exit(1 if bad else 0)
    for q in sys.argv[1:]:
        res = search(rows, q, deps)
        print(f"{q!r}: " + "; ".join(f"{d['insee']} {d['nom']} ({d['dep']}, {d['type']}, {d['pop']})" for d in res[:5]))


if __name__ == "__main__":
    main()
