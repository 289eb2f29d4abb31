#!/usr/bin/env python3
"""Compare `aiguillage eval` with OpenFisca-France on the reference
households (see README.md). Usage: compare.py AIGUILLAGE [--list]

Prints the agreement per benefit, then every difference; exits 1 on a
difference not listed in divergences.md (or a listed one that no longer
occurs). Ends with "N passed, N failed" (one check per comparison)."""
import json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1.00
CSS_MARGIN = 0.12
# CSS ceilings (yearly): ours (April 2025) and OpenFisca's (April 2024).
CSS_CEILINGS = {
    "ours": ([10339, 15508, 18609, 21711], 4135, 1.35),
    "openfisca": ([10166, 15249, 18299, 21348], 4066, 1.35),
}


def rule_param(name):
    """A parameter's value in force on 2026-11-15, read from rules/."""
    pdir = os.path.join(HERE, "..", "..", "rules", "parameters")
    for f in sorted(os.listdir(pdir)):
        text = open(os.path.join(pdir, f), encoding="utf-8").read()
        m = re.search(r"^  %s:\n(.*?)(?=^  \S|\Z)" % re.escape(name), text,
                      re.M | re.S)
        if m:
            vals = re.findall(r"from: (\d{4}-\d\d-\d\d), value: ([\d.]+)",
                              m.group(1))
            vals = [float(v) for d, v in vals if d <= "2026-11-15"]
            return vals[-1]
    raise KeyError(name)


def css_comparable(sit, of, cf):
    """Yearly resources as both engines see them, far enough from the
    ceilings of both (README of the reference)."""
    kids = [c for c in sit.get("children", []) if c.get("age", 0) < 25]
    n = 1 + (1 if sit.get("couple") else 0) + len(kids)
    p = sit.get("partner") or {}
    monthly = sum(sit.get(k, 0) or 0 for k in (
        "income_work", "income_unemployment", "income_pension",
        "income_invalidity", "income_maintenance", "income_other"))
    monthly += (p.get("income_work", 0) or 0) if sit.get("couple") else 0
    monthly += of["af"] + of["asf"] + cf + max(0, of["aah"] - 68)
    monthly += max(0, of["aspa"] - (110 if sit.get("couple") else 71))
    base = 651.69 * (1, 1.5, 1.8)[min(n, 3) - 1]
    fl = 0.0
    if sit.get("housing") in ("owner", "hosted_free"):
        fl = base * (0.12, 0.14, 0.14)[min(n, 3) - 1]
    elif (sit.get("housing_benefit") or 0) > 0:
        fl = min(sit["housing_benefit"], base * (0.12, 0.16, 0.165)[min(n, 3) - 1])
    yearly = 12 * (monthly + fl)
    for table, extra, part in CSS_CEILINGS.values():
        free = table[min(n, 4) - 1] + extra * max(0, n - 4)
        for ceiling in (free, round(free * part)):
            if abs(yearly - ceiling) <= CSS_MARGIN * ceiling:
                return False
    return True


def situation(sit):
    """The reference situation in our vocabulary. OpenFisca's input for a
    recent separation (isolement récent, RSA and PPA majoration) defaults
    to false; the reference gives isolated_since_months only when it set
    one, so a single parent without it separated long ago."""
    sit = dict(sit)
    # OpenFisca was given gross salaries equal to the net ones / 0.78
    # (recovered to the cent from the ASPA of OF0009 and OF0365); the ASPA
    # counts gross salaries, asked as income_work_gross.
    if (sit.get("income_work") or 0) > 0:
        sit["income_work_gross"] = round(sit["income_work"] / 0.78, 2)
    p = sit.get("partner")
    if sit.get("couple") and p and (p.get("income_work") or 0) > 0:
        sit["partner"] = dict(p, income_work_gross=round(p["income_work"] / 0.78, 2))
    if (not sit.get("couple") and sit.get("children")
            and "isolated_since_months" not in sit):
        sit["isolated_since_months"] = 120
    # The reference gives the housing benefit's amount, not the boxes of
    # `receives`: a household that receives one ticks its box.
    if (sit.get("housing_benefit") or 0) > 0:
        sit["receives"] = sorted(set(sit.get("receives") or []) | {"apl"})
    return sit


def load_divergences():
    listed = {}
    for line in open(os.path.join(HERE, "divergences.md"), encoding="utf-8"):
        m = re.match(r"\|\s*(OF\d{4})\s*\|\s*(\w+)\s*\|", line)
        if m:
            listed[(m.group(1), m.group(2))] = line
    return listed


def main():
    binary = sys.argv[1]
    households = json.load(open(os.path.join(HERE, "openfisca-households.json")))
    mva = rule_param("aah.mva")
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for h in households:
            f = os.path.join(tmp, h["id"] + ".json")
            with open(f, "w") as out:
                json.dump(situation(h["situation"]), out)
            files.append(f)
        run = subprocess.run([binary, "eval", "--date", "2026-11-15",
                              "--json"] + files, capture_output=True, text=True)
    if run.returncode != 0:
        print("eval failed:", run.stderr[:2000])
        return 1
    results = [json.loads(l) for l in run.stdout.splitlines() if l.strip()]
    assert len(results) == len(households), "one result per household"

    stats, diffs = {}, []

    def check(benefit, hid, ours, ref, ok, undecided=False):
        s = stats.setdefault(benefit, [0, 0, 0, 0])  # agree, differ, to check, left out
        if undecided:
            s[2] += 1
            return
        if ok:
            s[0] += 1
        else:
            s[1] += 1
            diffs.append((hid, benefit, ours, ref))

    for h, res in zip(households, results):
        of, sit, hid = h["openfisca"], h["situation"], h["id"]
        sch = {s["id"]: s for s in res["schemes"]}

        def amount(sid, minus=0.0):
            s = sch[sid]
            if s["verdict"] == "unlikely":
                return 0.0
            return (s["amount"] or 0.0) - minus

        for benefit, sid, key in (("rsa", "rsa", "rsa"),
                                  ("ppa", "prime_activite", "ppa"),
                                  ("aspa", "aspa", "aspa"),
                                  ("af", "af", "af_net_crds"),
                                  ("asf", "asf", "asf_net_crds"),
                                  ("aah", "aah", "aah")):
            s = sch[sid]
            minus = mva if sid == "aah" and s["variant"] == "mva" else 0.0
            if s["verdict"] == "to_check" or (s["verdict"] == "likely" and
                                              s["amount"] is None):
                check(benefit, hid, "to_check", of[key], False, True)
                continue
            mine = round(amount(sid, minus), 2)
            check(benefit, hid, mine, of[key], abs(mine - of[key]) <= TOL)

        s = sch["css"]
        # The reference does not give OpenFisca's complément familial:
        # ours (gross) stands in for the zone test.
        cfs = sch["complement_familial"]
        cf = (cfs["amount"] or 0) / 0.995 if cfs["verdict"] == "likely" else 0
        if not css_comparable(sit, of, cf):
            stats.setdefault("css", [0, 0, 0, 0])[3] += 1
        elif s["verdict"] == "to_check" or (s["verdict"] == "likely" and
                                            s["variant"] is None):
            # Likely, free or not still open (the RSA to check).
            check("css", hid, "to_check", of["css"], False, True)
        else:
            mine = ("not_eligible" if s["verdict"] == "unlikely" else
                    "free" if s["variant"] == "free" else "with_participation")
            ok = mine == of["css"]
            if ok and mine == "with_participation":
                ok = abs((s["amount"] or 0) - of["css_participation_month"]) <= TOL
                mine = "with_participation %s" % s["amount"]
            check("css", hid, mine, "%s %s" % (of["css"],
                  of["css_participation_month"]), ok)

    listed = load_divergences()
    print("reference: OpenFisca-France 176.0.7, %d households, November 2026"
          % len(households))
    total_a = total_d = 0
    for b in ("rsa", "ppa", "aah", "aspa", "af", "asf", "css"):
        a, d, u, left = stats.get(b, [0, 0, 0, 0])
        total_a += a
        total_d += d
        n = a + d
        print("  %-5s %3d/%3d agree (%5.1f %%), %d differ, "
              "%d to check, %d outside the comparable zone"
              % (b, a, n, 100.0 * a / n if n else 100.0,
                 sum(1 for x in diffs if x[1] == b), u, left))
    n = total_a + total_d
    print("  all   %d/%d agree (%.1f %%)" % (total_a, n, 100.0 * total_a / n))

    failed = 0
    found = set()
    for hid, benefit, ours, ref in diffs:
        found.add((hid, benefit))
        if (hid, benefit) not in listed:
            print("FAIL %s %s: aiguillage %s, OpenFisca %s — not in "
                  "divergences.md" % (hid, benefit, ours, ref))
            failed += 1
        elif "--list" in sys.argv:
            print("     %s %s: aiguillage %s, OpenFisca %s (listed)"
                  % (hid, benefit, ours, ref))
    for key in sorted(set(listed) - found):
        print("FAIL %s %s: listed in divergences.md but no longer differs"
              % key)
        failed += 1
    if 100.0 * total_a / n < 99.0:
        print("FAIL agreement %.1f %% is under 99 %%" % (100.0 * total_a / n))
        failed += 1
    print("%d passed, %d failed" % (total_a + total_d - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
