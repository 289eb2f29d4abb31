#!/usr/bin/env python3
"""Extract the texts a person reads from the rule base into a gettext catalogue.

Usage:
  tools/rules-po.py pot [-r RULES_DIR] [-o OUTPUT.pot]   (default: stdout)
  tools/rules-po.py update [-r RULES_DIR] LANG.po [...]
  tools/rules-po.py check [-r RULES_DIR] LANG.po [...]

`pot` writes a template with `#: file` references (paths relative to the
parent of RULES_DIR, e.g. rules/schemes/insertion/rsa.yaml).

`update` merges each LANG.po with the current msgids: existing translations
are kept, new msgids are added with an empty msgstr, stale entries are
dropped, nothing is marked fuzzy.  The header of LANG.po is kept.

`check` prints the msgids missing from LANG.po or untranslated, and exits 1
if there are any.

Fields extracted (shared with src/cli/potgen.c so that the msgids match):
  questions/*.yaml       question text, text_third, help, option labels,
                         field text (fields of record/list questions) and
                         the option labels of enum fields
  derived/*.yaml         derived variable text
  schemes/*/*.yaml       name, long_name, operator, condition text, variant
                         text, rounding, how_to_apply.text, delay,
                         non_take_up_text, to_check_text, incompatible_with
                         note
  urgencies.yaml         title, banner, each action
  consistency.yaml       check text
  orientation.yaml       prerequisite title and why, mds_appointment title
                         and why, referent title
  documents/*.yaml       document label and help (a plain string = label)
  services/kinds.yaml    kind name
msgids are the YAML string values after parsing, deduplicated, in file order.
"""

import argparse
import glob
import os
import sys

import yaml


class Catalogue:
    def __init__(self, base):
        self.base = base
        self.order = []          # msgids in first-seen order
        self.refs = {}           # msgid -> list of file references

    def add(self, path, value):
        if value is None:
            return
        if not isinstance(value, str):
            # Numbers or booleans are not texts a person reads.
            return
        if value == "":
            return
        ref = os.path.relpath(path, self.base)
        if value not in self.refs:
            self.order.append(value)
            self.refs[value] = []
        if ref not in self.refs[value]:
            self.refs[value].append(ref)


def load(path):
    with open(path, encoding="utf-8") as f:
        try:
            return yaml.safe_load(f)
        except yaml.YAMLError as e:
            sys.exit("%s: %s" % (path, e))


def items(doc, key):
    if not isinstance(doc, dict):
        return []
    v = doc.get(key)
    return v if isinstance(v, list) else []


def get(d, key):
    return d.get(key) if isinstance(d, dict) else None


def options(cat, path, node):
    for opt in items(node, "options"):
        if isinstance(opt, dict):
            cat.add(path, opt.get("label"))


def extract(rules):
    cat = Catalogue(os.path.dirname(os.path.abspath(rules)))
    rules = os.path.abspath(rules)

    for path in sorted(glob.glob(os.path.join(rules, "questions", "*.yaml"))):
        doc = load(path)
        for q in items(doc, "questions"):
            if not isinstance(q, dict):
                continue
            for k in ("text", "text_third", "help"):
                cat.add(path, q.get(k))
            options(cat, path, q)
            for fl in items(q, "fields"):
                if isinstance(fl, dict):
                    cat.add(path, fl.get("text"))
                    options(cat, path, fl)

    for path in sorted(glob.glob(os.path.join(rules, "derived", "*.yaml"))):
        doc = load(path)
        for d in items(doc, "derived"):
            cat.add(path, get(d, "text"))

    for path in sorted(glob.glob(os.path.join(rules, "schemes", "*", "*.yaml"))):
        s = load(path)
        if not isinstance(s, dict):
            continue
        for k in ("name", "long_name", "operator"):
            cat.add(path, s.get(k))
        for c in items(s, "conditions"):
            cat.add(path, get(c, "text"))
        for v in items(s, "variants"):
            cat.add(path, get(v, "text"))
        cat.add(path, s.get("rounding"))
        cat.add(path, get(s.get("how_to_apply"), "text"))
        cat.add(path, s.get("delay"))
        cat.add(path, s.get("non_take_up_text"))
        cat.add(path, s.get("to_check_text"))
        for i in items(s, "incompatible_with"):
            cat.add(path, get(i, "note"))

    path = os.path.join(rules, "urgencies.yaml")
    if os.path.exists(path):
        for u in items(load(path), "urgencies"):
            if not isinstance(u, dict):
                continue
            cat.add(path, u.get("title"))
            cat.add(path, u.get("banner"))
            for a in items(u, "actions"):
                cat.add(path, a)

    path = os.path.join(rules, "consistency.yaml")
    if os.path.exists(path):
        for c in items(load(path), "checks"):
            cat.add(path, get(c, "text"))

    path = os.path.join(rules, "orientation.yaml")
    if os.path.exists(path):
        doc = load(path)
        for p in items(doc, "prerequisites"):
            cat.add(path, get(p, "title"))
            cat.add(path, get(p, "why"))
        mds = get(doc, "mds_appointment")
        cat.add(path, get(mds, "title"))
        cat.add(path, get(mds, "why"))
        cat.add(path, get(get(doc, "referent"), "title"))
        cat.add(path, get(get(doc, "night"), "title"))
        cat.add(path, get(get(doc, "night"), "why"))

    for path in sorted(glob.glob(os.path.join(rules, "documents", "*.yaml"))):
        docs = get(load(path), "documents")
        if isinstance(docs, dict):
            entries = docs.values()
        elif isinstance(docs, list):
            entries = docs
        else:
            entries = []
        for d in entries:
            if isinstance(d, str):
                cat.add(path, d)
            elif isinstance(d, dict):
                cat.add(path, d.get("label"))
                cat.add(path, d.get("help"))

    path = os.path.join(rules, "services", "kinds.yaml")
    if os.path.exists(path):
        for k in items(load(path), "kinds"):
            cat.add(path, get(k, "name"))

    return cat


# ---------------------------------------------------------------- PO output

def po_escape(s):
    return (s.replace("\\", "\\\\").replace("\"", "\\\"")
             .replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n"))


def po_string(keyword, s):
    """keyword "..." ; multi-line values are split after each \\n."""
    if "\n" not in s.rstrip("\n"):
        return '%s "%s"\n' % (keyword, po_escape(s))
    out = '%s ""\n' % keyword
    parts = s.split("\n")
    for i, p in enumerate(parts):
        last = i == len(parts) - 1
        if last and p == "":
            break
        out += '"%s"\n' % po_escape(p + ("" if last else "\n"))
    return out


def po_unescape(s):
    out = []
    i = 0
    esc = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "\"": "\"",
           "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(esc.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


POT_HEADER = """# Texts of the Aiguillage rule base (rules/), extracted by tools/rules-po.py.
# This file is distributed under the same license as the Aiguillage package.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: aiguillage-rules\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: %s\\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"
"Language-Team: LANGUAGE <LL@li.org>\\n"
"Language: \\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def refs_comment(refs):
    lines = []
    cur = "#:"
    for r in refs:
        if len(cur) + 1 + len(r) > 79 and cur != "#:":
            lines.append(cur)
            cur = "#:"
        cur += " " + r
    lines.append(cur)
    return "\n".join(lines) + "\n"


def entry(cat, msgid, msgstr):
    return (refs_comment(cat.refs[msgid]) + po_string("msgid", msgid)
            + po_string("msgstr", msgstr))


def write_pot(cat, out):
    import datetime
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    out.write(POT_HEADER % now)
    for m in cat.order:
        out.write("\n" + entry(cat, m, ""))


def parse_po(path):
    """Return (header_text, {msgid: msgstr}).  header_text is the raw text of
    the header entry (comments + msgid "" + msgstr), kept verbatim."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    entries = []
    cur = {"lines": [], "msgid": None, "msgstr": None, "ctx": None,
           "obsolete": False}
    field = None

    def flush():
        nonlocal cur
        if cur["msgid"] is not None or cur["lines"]:
            entries.append(cur)
        cur = {"lines": [], "msgid": None, "msgstr": None, "ctx": None,
               "obsolete": False}

    for ln in lines:
        raw = ln
        s = ln.strip()
        if s.startswith("#~"):
            cur["obsolete"] = True
            s = s[2:].strip()
            if not s:
                continue
        if s == "":
            flush()
            field = None
            continue
        if s.startswith("#"):
            if cur["msgid"] is not None and cur["msgstr"] is not None:
                flush()
            cur["lines"].append(raw)
            continue
        cur["lines"].append(raw)
        for kw in ("msgctxt", "msgid_plural", "msgid", "msgstr"):
            if s.startswith(kw + " ") or s.startswith(kw + "["):
                if kw == "msgid" and cur["msgstr"] is not None:
                    last = cur["lines"].pop()
                    flush()
                    cur["lines"].append(last)
                rest = s[len(kw):].strip()
                if rest.startswith("["):
                    rest = rest[rest.index("]") + 1:].strip()
                field = {"msgctxt": "ctx", "msgid": "msgid",
                         "msgstr": "msgstr", "msgid_plural": None}[kw]
                if field:
                    cur[field] = po_unescape(rest[1:-1])
                break
        else:
            if s.startswith('"') and field:
                cur[field] += po_unescape(s[1:-1])
    flush()

    header = None
    trans = {}
    for e in entries:
        if e["msgid"] is None:
            continue
        if e["msgid"] == "" and not e["obsolete"] and header is None:
            header = "\n".join(e["lines"]) + "\n"
            continue
        if e["obsolete"] or e["ctx"] is not None:
            continue
        trans[e["msgid"]] = e["msgstr"] or ""
    return header, trans


EN_HEADER = """# English translation of the texts of the Aiguillage rule base.
# This file is distributed under the same license as the Aiguillage package.
#
msgid ""
msgstr ""
"Project-Id-Version: aiguillage-rules\\n"
"Report-Msgid-Bugs-To: \\n"
"PO-Revision-Date: 2026-01-01 00:00+0000\\n"
"Last-Translator: Aiguillage\\n"
"Language-Team: English\\n"
"Language: %s\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def update(cat, path):
    if os.path.exists(path):
        header, trans = parse_po(path)
    else:
        header, trans = None, {}
    if header is None:
        lang = os.path.splitext(os.path.basename(path))[0]
        header = EN_HEADER % lang
    new = [m for m in cat.order if m not in trans]
    stale = [m for m in trans if m not in cat.refs]
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        out.write(header)
        for m in cat.order:
            out.write("\n" + entry(cat, m, trans.get(m, "")))
    os.replace(tmp, path)
    untrans = sum(1 for m in cat.order if not trans.get(m))
    print("%s: %d messages, %d new, %d dropped, %d untranslated"
          % (path, len(cat.order), len(new), len(stale), untrans),
          file=sys.stderr)


def check(cat, path):
    _, trans = parse_po(path)
    missing = [m for m in cat.order if not trans.get(m)]
    for m in missing:
        print("untranslated: %s (%s)" % (m, ", ".join(cat.refs[m])))
    print("%s: %d messages, %d untranslated" % (path, len(cat.order), len(missing)),
          file=sys.stderr)
    return 1 if missing else 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_rules = os.path.join(os.path.dirname(here), "rules")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-r", "--rules", default=default_rules,
                    help="rule base directory (default: %(default)s)")
    sub = ap.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("pot", help="write the template")
    p.add_argument("-o", "--output", default="-")
    u = sub.add_parser("update", help="merge LANG.po with the current msgids")
    u.add_argument("po", nargs="+")
    c = sub.add_parser("check", help="list missing translations")
    c.add_argument("po", nargs="+")
    args = ap.parse_args()

    cat = extract(args.rules)
    if args.mode == "pot":
        if args.output == "-":
            write_pot(cat, sys.stdout)
        else:
            tmp = args.output + ".tmp"
            d = os.path.dirname(args.output)
            if d:
                os.makedirs(d, exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as out:
                write_pot(cat, out)
            os.replace(tmp, args.output)
            print("%s: %d messages" % (args.output, len(cat.order)), file=sys.stderr)
        return 0
    if args.mode == "update":
        for po in args.po:
            update(cat, po)
        return 0
    rc = 0
    for po in args.po:
        rc |= check(cat, po)
    return rc


if __name__ == "__main__":
    sys.exit(main())
