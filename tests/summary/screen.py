#!/usr/bin/env python3
"""tests/summary/screen.py BINARY - print = screen (issue 20, item 1).

For every situation of the rule tests (rules/tests/*.yaml) and the
summary's own, the plain-mode result (`interview --replay FILE
--no-save`, what the agent's screen lists at the end of the interview)
and the person's summary of the same answers (`print --situation FILE
--format html`, parsed; what the interview asked and FILE leaves out is
answered "don't know") must list the same things: the urgencies, every
likely right with the same estimated amount, every right to check, every
step of the plan, every document to bring, in the same order; the rights
received already (`[PERÇU]` on the screen) in the summary's one sentence
"Vous recevez déjà : …".
Typography is compared loosely (no-break spaces as spaces, ’ as ').
Prints "N passed, N failed"; exit 1 if anything failed.
"""
import glob
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

import yaml

BIN = sys.argv[1]
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def norm(s):
    s = html.unescape(s).replace("\u2019", "'")
    s = s.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", s).strip()


class Summary(HTMLParser):
    """The lists of the summary page, from its structure."""

    def __init__(self):
        super().__init__()
        self.stack = []          # (tag, class)
        self.text = None
        self.urgencies, self.steps, self.rights, self.docs = [], [], [], []
        self.amounts = {}        # right -> amount text
        self.paras = []
        self.cur_right = None

    def handle_starttag(self, tag, attrs):
        if tag in ("meta", "br"):
            return
        self.stack.append((tag, dict(attrs).get("class", "")))
        if tag in ("h3", "li", "p"):
            self.text = ""

    def handle_data(self, data):
        if self.text is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag in ("meta", "br"):
            return
        if not self.stack:
            return
        t, cls = self.stack.pop()
        classes = [c for _, c in self.stack]
        text = norm(self.text or "")
        if t == "h3":
            if "urgency" in classes:
                self.urgencies.append(text)
            elif "plan" in classes:
                self.steps.append(text)
            elif "right" in classes:
                self.rights.append(text)
                self.cur_right = text
            self.text = None
        elif t == "li" and "check" in classes:
            self.docs.append(text)
            self.text = None
        elif t == "p":
            if "right" in classes and self.cur_right:
                m = re.search(r"environ (.*?)(?: par |, |\.$)", text)
                if text.startswith("Montant estimé") and m:
                    self.amounts[self.cur_right] = m.group(1)
            self.paras.append(text)
            self.text = None


def plain(out):
    """The lists of the plain-mode result (report_text)."""
    urg, likely, check, steps, docs, got = [], {}, [], [], [], []
    section = None
    for line in out.splitlines():
        m = re.match(r"^== (.*) ==$", line)
        if m:
            section = m.group(1)
            continue
        line = norm(line) if not line.startswith(" ") else line
        if section == "URGENCES" and line.startswith("[P"):
            urg.append(norm(line.split("] ", 1)[1]))
        elif section == "PLAN":
            m = re.match(r"^\s?\d+\. (.*)$", line)
            if m:
                steps.append(re.sub(r" \(avec aide\)$", "", norm(m.group(1))))
        elif section == "DOCUMENTS" and line.startswith("[ ] "):
            docs.append(norm(line[4:]))
        elif line.endswith("[PERÇU]") and (line.startswith("PROBABLE ") or
                                           line.startswith("À VÉRIFIER ")):
            got.append(norm(re.sub(r"^(PROBABLE|À VÉRIFIER) ", "", line)))
        elif line.startswith("PROBABLE "):
            rest = norm(line[len("PROBABLE "):])
            m = re.search(r" : environ (.*?) (par mois|par an|une fois|\(estimation\))", rest)
            likely[rest] = m.group(1) if m else None
        elif line.startswith("À VÉRIFIER "):
            check.append(norm(line[len("À VÉRIFIER "):]))
    return urg, likely, check, steps, docs, got


def answered(sit, date):
    """`sit` with the answers the interview gave: a question it asked and
    the file leaves out was answered "don't know" (null). Left out, it
    would be a question not asked yet, whose rights wait for it out of
    the plan (doc/rules.md, "Orientation")."""
    with tempfile.NamedTemporaryFile("w", suffix=".json") as tf:
        json.dump(sit, tf, default=str)
        tf.flush()
        p = subprocess.run([BIN, "interview", "--replay", tf.name,
                            "--no-save", "--date", date, "--json"],
                           capture_output=True, text=True)
    if p.returncode:
        return sit
    out = dict(sit)
    for q in json.loads(p.stdout.splitlines()[0]).get("asked", []):
        out.setdefault(q, None)
    return out


def compare(sit, date, label, mutate=None):
    sit = answered(sit, date)
    with tempfile.NamedTemporaryFile("w", suffix=".json") as tf:
        json.dump(sit, tf, default=str)
        tf.flush()
        p = subprocess.run([BIN, "interview", "--replay", tf.name,
                            "--no-save", "--date", date],
                           capture_output=True, text=True)
        s = subprocess.run([BIN, "print", "--situation", tf.name,
                            "--date", date, "--format", "html"],
                           capture_output=True, text=True)
    if p.returncode or s.returncode:
        return ["exit %d/%d: %s" % (p.returncode, s.returncode,
                                    (p.stderr + s.stderr)[:300])]
    urg, likely, check, steps, docs, received = plain(p.stdout)
    h = Summary()
    h.feed(mutate(s.stdout) if mutate else s.stdout)
    bad = []
    if urg != h.urgencies:
        bad.append("urgencies: screen %s, summary %s" % (urg, h.urgencies))
    # urgency steps are said with their urgency, above the plan
    psteps = [t for t in steps if t not in urg]
    if psteps != h.steps:
        bad.append("plan: screen %s, summary %s" % (psteps, h.steps))
    if docs != h.docs:
        bad.append("documents differ: %s" % (set(docs) ^ set(h.docs)))
    if len(likely) != len(h.rights):
        bad.append("likely rights: screen %d, summary %d (%s)" % (
            len(likely), len(h.rights), h.rights))
    for name in h.rights:
        hits = [k for k in likely if k == name or k.startswith(name + " ")]
        if not hits:
            bad.append("right %r not on the screen" % name)
            continue
        got = likely[hits[0]]
        want = h.amounts.get(name)
        if (got if got and not got.startswith("0,00") else None) != want:
            bad.append("amount of %r: screen %s, summary %s" % (name, got, want))
    sentence(h, "À vérifier avec", check, "to check", bad)
    # Received already (received_if): one sentence on paper too.
    sentence(h, "Vous recevez déjà", received, "received", bad)
    return bad


def sentence(h, start, names, what, bad):
    """The rights `names` of the screen are those the summary's paragraph
    beginning with `start` lists ("… : a ; b ; c.")."""
    para = [t for t in h.paras if t.startswith(start)]
    listed = para[0].split(" : ", 1)[1] if para else ""
    for name in names:
        base = re.split(r" \(| : environ| \[", name)[0]
        if base not in listed:
            bad.append("%s %r missing from the summary" % (what, name))
    if len(names) != (listed.count(" ; ") + 1 if listed else 0):
        bad.append("%s: screen %d, summary %r" % (what, len(names), listed))


def main():
    passed = failed = 0
    cases = []
    for f in sorted(glob.glob(os.path.join(ROOT, "rules/tests/*.yaml"))):
        for t in yaml.safe_load(open(f))["tests"]:
            cases.append((t.get("situation") or {}, str(t.get("date", "2026-11-15")),
                          "%s: %s" % (os.path.basename(f), t["name"])))
    own = yaml.safe_load(open(os.path.join(ROOT, "tests/summary/mere-isolee.yaml")))
    cases.append((dict(own), str(own.pop("date")), "mere-isolee.yaml"))
    # The comparison can fail: a summary that lost its last document,
    # or its first right, is caught.
    for name, cut in (("document", r"<li>[^<]*</li>\n(?=</ul>)"),
                      ("right", r'<div class="right">.*?</div>\n')):
        def mutate(page, cut=cut):
            m = list(re.finditer(cut, page, re.S))
            return page[:m[0].start()] + page[m[0].end():] if m else page
        if compare(own, cases[-1][1], "mutated", mutate):
            passed += 1
        else:
            failed += 1
            print("FAIL: a summary without its %s passes the comparison" % name)
    for sit, date, label in cases:
        bad = compare(sit, date, label)
        if bad:
            failed += 1
            print("FAIL: %s" % label)
            for b in bad[:4]:
                print("   " + b)
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
