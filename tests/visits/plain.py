#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The six visits of issue 14, a winter energy cut, a helpline call
about an invalid man, an asylum seeker without health cover and a young
mother on the RSA, in plain mode, end to end.

    python3 tests/visits/plain.py AIGUILLAGE [VISIT...]

Runs `AIGUILLAGE interview --plain --no-save` for each visit and answers
whatever the interview asks from the visit's situation file
(tests/tui/visits/NAME.yaml), recognising each question by its text in
rules/questions, so the visits survive a change of question order. The
commune is typed as an agent would (a name or a postal code, `typed:`
below) and chosen in the list the search gives. Then it checks what a
social worker expects: the urgencies announced during the interview,
before the next question; the one-line summary first; the result.

Prints "ok ..." or "FAIL ..." per check, then "N passed, N failed".
"""
import glob
import os
import re
import subprocess
import sys


def plain_spaces(text):
    """No-break spaces (French typography) read as ordinary spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
VISITS = os.path.join(ROOT, "tests", "tui", "visits")

# What a social worker expects, per visit: the commune as typed at the
# counter, the depth, the urgencies that must be announced during the
# interview (their titles), and lines the printed result must contain.
EXPECT = {
    "mother-violence": dict(
        typed="auch", depth="orientation", full=False,
        urgencies=["Violences conjugales ou familiales",
                   "Pas d'hébergement pour ce soir",
                   "Plus d'argent pour l'essentiel"],
        result=["3919", "115", "ASF — allocation de soutien familial"]),
    "elderly-fall": dict(
        typed="32100", depth="orientation", full=True,
        urgencies=[],
        result=["ASPA", "Équipe autonomie du département (APA)",
                "Portage de repas"]),
    "eviction": dict(
        typed="Auch", depth="full", full=False,
        urgencies=["Expulsion imminente"],
        result=["0 805 16 00 75", "FSL maintien",
                "Prévention des expulsions"]),
    # The orientation alone finds her two rights (rules/interview.yaml,
    # money and housing).
    "young-ase": dict(
        typed="auch", depth="orientation", full=False,
        urgencies=[],
        result=["Contrat jeune majeur (18–21 ans)", "Mission locale, CEJ"],
        glance=["+ Contrat jeune majeur (18–21 ans)",
                "+ Mission locale, CEJ"]),
    "disabled-adult": dict(
        typed=["99999", "32000"], depth="full", full=False,
        urgencies=[],
        result=["AAH", "MDPH du Gers", "Carte mobilité inclusion"]),
    "energy-cut": dict(
        typed="condom", depth="orientation", full=False,
        urgencies=["Énergie ou eau coupée"],
        result=["À VÉRIFIER FSL énergie, eau, téléphone"]),
    "helpline-invalidity": dict(
        typed="condom", depth="full", full=False, again=True,
        urgencies=[],
        result=["Carte mobilité inclusion", "MDPH du Gers"]),
    "asylum-health": dict(
        typed="auch", depth="orientation", full=False,
        urgencies=[],
        result=["Ouvrir une couverture maladie"],
        glance=["? Complémentaire santé solidaire"],
        not_glance=["Complément familial", "PAJE"]),
    "young-mother-rsa": dict(
        typed="auch", depth="full", full=False,
        urgencies=[],
        result=["RSA majoré pour parent isolé"],
        glance=["+ Mission locale, CEJ",
                "≠ L'allocation du CEJ ne se cumule pas avec le RSA."]),
    "mother-received": dict(
        typed="auch", depth="full", full=False,
        urgencies=[],
        result=["Allocations familiales : environ 152,24 € par mois "
                "(estimation)  [PERÇU]"],
        not_glance=["Aide au logement", "Allocations familiales"]),
    "child-danger": dict(
        typed="auch", depth="orientation", full=False,
        urgencies=["Enfant en danger ou en risque de l'être"],
        result=["119", "information préoccupante à la CRIP"]),
}

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok", what)
    else:
        failed += 1
        print("FAIL", what)
        if detail:
            print("  | " + detail.replace("\n", "\n  | "))


def load_questions():
    """Question text (and third-party text) -> question definition."""
    by_text = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "questions",
                                              "*.yaml"))):
        doc = yaml.safe_load(open(path, encoding="utf-8")) or {}
        for q in doc.get("questions", []):
            for key in ("text", "text_third"):
                if q.get(key):
                    by_text[plain_spaces(q[key])] = q
    return by_text


def same_label(a):
    return plain_spaces(a).replace("\u2019", "'").strip()


def offered(chunk):
    """The options listed under the last question of `chunk`, by label:
    the number the agent reads on the screen (an option the answers so
    far rule out is not listed, and the others are numbered in order)."""
    part = re.split(r"\n\[\d+\] ", chunk)[-1]
    return {same_label(m.group(2)): int(m.group(1))
            for m in re.finditer(r"^   (\d+)\. (.*)$", part, re.M)}


def option_number(q, value, shown):
    for o in q.get("options", []):
        if o["value"] == value:
            label = same_label(o.get("label", value))
            if label not in shown:
                check(False, "%s: option %r offered" % (q["id"], value),
                      "\n".join(shown))
                return None
            return shown[label]
    raise KeyError("%s: no option %r" % (q["id"], value))


def answer_text(q, value, shown=None):
    """The line typed for `value` (None: don't know), the options read
    in `shown` (offered())."""
    if value is None:
        return ""
    t = q.get("type")
    if t == "bool":
        return "o" if value else "n"
    if t == "enum":
        return str(option_number(q, value, shown or {}))
    if t == "set":
        if not value:
            return "aucune" if q["id"] != "urgent" else "0"
        return ",".join(str(n) for n in (option_number(q, v, shown or {})
                                         for v in value) if n is not None)
    return str(value)


class Plain:
    def __init__(self, binary, depth):
        env = dict(os.environ, LANGUAGE="fr", LC_ALL="C.UTF-8", TZ="UTC")
        self.p = subprocess.Popen(
            [binary, "interview", "--plain", "--no-save", "--date",
             "2026-11-15", "--depth", depth],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        self.out = ""

    def prompt(self):
        """Read up to the next "> " prompt; the text read, or None at
        the end of the program."""
        start = len(self.out)
        buf = b""
        while True:
            c = self.p.stdout.read(1)
            if not c:
                self.out += plain_spaces(buf.decode("utf-8", "replace"))
                return None
            buf += c
            if buf.endswith(b"> ") and (len(buf) == 2 or
                                        buf[-3:-2] == b"\n"):
                self.out += plain_spaces(buf.decode("utf-8", "replace"))
                return self.out[start:]

    def send(self, line):
        self.out += line + "\n"
        self.p.stdin.write((line + "\n").encode("utf-8"))
        self.p.stdin.flush()


def run_visit(binary, name, by_text):
    exp = EXPECT[name]
    sit = yaml.safe_load(open(os.path.join(VISITS, name + ".yaml"),
                              encoding="utf-8"))
    pl = Plain(binary, exp["depth"])
    asked = []
    typed = exp["typed"] if isinstance(exp["typed"], list) else \
        [exp["typed"]]
    refused = []
    tries = 0
    guard = 0
    while guard < 300:
        guard += 1
        chunk = pl.prompt()
        if chunk is None:
            break
        lines = [l for l in chunk.split("\n") if l.strip()]
        # At the orientation depth the interview asks whether to go on
        # to the full check; at the full depth it only says so.
        if exp["depth"] == "orientation" and "Orientation faite" in chunk:
            pl.send("o" if exp["full"] else "n")
            continue
        if "Lequel ? (son numéro)" in chunk:
            # the communes found: the one in the situation's department
            dep = "(%s)" % sit.get("commune", "")[:2]
            found = [l for l in lines if re.match(r"^   \d+\. ", l)]
            pick = next((l for l in found if dep in l), None)
            check(pick is not None, "%s: the commune is among those found "
                  "for %r" % (name, typed[-1]), "\n".join(found))
            pl.send(pick.split(".")[0].strip() if pick else "")
            continue
        if "aucune commune trouvée" in chunk:
            refused.append(chunk)
        heads = [l for l in lines if re.match(r"^\[\d+\] ", l)]
        if not heads:
            check(False, "%s: a prompt without a question" % name, chunk)
            pl.send("")
            continue
        text = re.sub(r"^\[\d+\] ", "", heads[-1])
        if "Combien ? (0 si aucun)" in chunk:
            q = by_text.get(text)
            items = sit.get(q["id"]) if q else None
            asked.append(q["id"] if q else text)
            pl.send("" if items is None else str(len(items)))
            continue
        q = by_text.get(text)
        if q is not None:
            asked.append(q["id"])
            value = sit.get(q["id"])
            if q.get("type") == "commune" and value is not None:
                pl.send(typed[min(tries, len(typed) - 1)])
                tries += 1
                continue
            if q.get("type") == "record":
                pl.send("")
                continue
            pl.send(answer_text(q, value, offered(chunk)))
            continue
        # a field of a list or record: "TEXT — n° K : FIELD" or "TEXT : FIELD"
        m = re.match(r"^(.*) — n° (\d+) : (.*)$", text) or \
            re.match(r"^(.*) : (.*)$", text)
        parent = by_text.get(m.group(1)) if m else None
        if parent is None:
            check(False, "%s: a question not in the rules: %r" % (name, text))
            pl.send("")
            continue
        ftext = m.group(m.lastindex)
        field = next((f for f in parent.get("fields", [])
                      if f.get("text") == ftext), None)
        value = sit.get(parent["id"])
        if m.lastindex == 3 and value is not None:
            value = value[int(m.group(2)) - 1]
        v = value.get(field["id"]) if value and field else None
        pl.send(answer_text(field, v, offered(chunk)) if field else "")
    pl.p.stdin.close()
    rest = plain_spaces(pl.p.stdout.read().decode("utf-8", "replace"))
    pl.out += rest
    rc = pl.p.wait()
    out = pl.out
    check(rc == 0, "%s: exit status 0 (got %d)" % (name, rc), out[-2000:])
    # An unknown code is refused, then the commune found is the right one.
    check(len(refused) == len(typed) - 1, "%s: %d unknown commune(s) "
          "refused" % (name, len(typed) - 1))
    if len(typed) > 1 or "→ " in out:
        m = re.search(r"\n   → .* — (\d[0-9AB]\d+)\n", out)
        if m:
            check(m.group(1) == sit.get("commune"), "%s: the commune "
                  "found is %s" % (name, sit.get("commune")), m.group(0))
    # Every line typed was taken: no answer refused but the unknown
    # commune codes.
    bad = [l for l in out.split("\n") if l.startswith("   ! ") and
           "commune" not in l]
    check(not bad, "%s: no answer refused" % name, "\n".join(bad))
    # The orientation is announced once; when answers of the full check
    # called for more of its questions, a short line says it is settled
    # again.
    check(out.count("Orientation faite :") <= 1, "%s: the orientation "
          "message once" % name, out[-1500:])
    if exp.get("again"):
        check("Orientation de nouveau établie" in out, "%s: the "
              "orientation settled again, in one line" % name)
    # Each urgency announced during the interview, before the next
    # question, not only in the result.
    head, _, result = out.partition("========================================")
    for u in exp["urgencies"]:
        m = re.search(r"‼ URGENCE P\d : " + re.escape(u) + r"\n", head)
        check(m is not None and re.search(r"\n\[\d+\] ",
              head[m.end():] if m else "") is not None,
              "%s: urgency announced during the interview: %s" % (name, u),
              head[-1500:])
    # The result opens on a one-line summary, then the urgencies.
    first = result.strip("\n").split("\n")[0] if result else ""
    check(bool(first) and not first.startswith("=="),
          "%s: one-line summary first (%s)" % (name, first))
    # The first lines, before the full report: what the agent reads.
    glance = result.split("----------------------------------------")[0]
    for r in exp.get("glance", []):
        check(r in glance, "%s: the first lines say %r" % (name, r), glance)
    for r in exp.get("not_glance", []):
        check(r not in glance, "%s: the first lines do not say %r" %
              (name, r), glance)
    for r in exp["result"]:
        check(r in result, "%s: the result says %r" % (name, r),
              result[:3000])
    print("   %s: %d questions asked at depth %s%s" % (
        name, len(asked), exp["depth"],
        " then full" if exp["full"] else ""))


def main():
    binary = sys.argv[1]
    names = sys.argv[2:] or list(EXPECT)
    by_text = load_questions()
    for name in names:
        run_visit(binary, name, by_text)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
