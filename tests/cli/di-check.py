#!/usr/bin/env python3
"""Check a data·inclusion export against the rules of schema 1.0.x.

Usage: di-check.py EXPORT.json. Written from the schema's public definition
(gip-inclusion/data-inclusion-schema, schemas/v1/structure.json and
service.json, summarised in ../shared/territory-notes.md §1.1): required
fields, lengths, formats and controlled lists. Extension keys (x_*) are
allowed, as the schema's models ignore unknown fields. Prints every
problem with the record id and exits 1 when there is one.
"""
import json
import re
import sys

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INSEE = re.compile(r"^(\d{2}|2A|2B)\d{3}$")
ZONE = re.compile(r"^((\d{2}|2A|2B)\d{3}|\d{2}|2A|2B|97\d|\d{9}|99\d{3}|france)$")
THEME = re.compile(r"^[a-z0-9-]+--[a-z0-9-]+$")
TYPES = {"accompagnement", "aide-financiere", "aide-materielle", "atelier",
         "formation", "information"}
MODES_ACCUEIL = {"en-presentiel", "a-distance"}
MOBILISATION = {"se-presenter", "telephoner", "envoyer-un-courriel",
                "utiliser-lien-mobilisation"}
MOBILISABLE = {"usagers", "professionnels"}
FRAIS = {"gratuit", "payant"}
STATUTS = {"verifie", "a_verifier"}

problems = []


def bad(rec, msg):
    problems.append("%s: %s" % (rec.get("id", "?"), msg))


def common(rec, required):
    for k in required:
        if rec.get(k) in (None, ""):
            bad(rec, "missing required field %s" % k)
    nom = rec.get("nom")
    if isinstance(nom, str) and (not 3 <= len(nom) <= 150 or nom.endswith(".")):
        bad(rec, "nom must be 3-150 characters, no final period")
    if rec.get("date_maj") is not None and not DATE.match(str(rec["date_maj"])):
        bad(rec, "date_maj is not an ISO date")
    if rec.get("code_postal") is not None and not re.match(r"^\d{5}$", rec["code_postal"]):
        bad(rec, "code_postal is not 5 digits")
    if rec.get("code_insee") is not None and not INSEE.match(rec["code_insee"]):
        bad(rec, "code_insee is not an INSEE code")
    for k in ("telephone", "courriel", "site_web", "horaires_accueil",
              "adresse", "commune"):
        if k in rec and rec[k] is not None and not isinstance(rec[k], str):
            bad(rec, "%s must be a string or null" % k)
    if not str(rec.get("id", "")).startswith(str(rec.get("source")) + "--"):
        bad(rec, "id is not source--id")
    v = rec.get("x_verification")
    if v is not None and (not isinstance(v, dict) or v.get("statut") not in STATUTS):
        bad(rec, "x_verification.statut must be verifie or a_verifier")


def subset(rec, key, allowed):
    val = rec.get(key)
    if val is None:
        return
    if not isinstance(val, list) or not set(val) <= allowed:
        bad(rec, "%s: values outside the list: %r" % (key, val))


def main():
    d = json.load(open(sys.argv[1]))
    if set(d) != {"structures", "services"}:
        problems.append("top level must be structures and services")
    ids = set()
    for s in d.get("structures", []):
        common(s, ("source", "id", "nom", "date_maj"))
        if s["id"] in ids:
            bad(s, "duplicate id")
        ids.add(s["id"])
    sids = set()
    for s in d.get("services", []):
        common(s, ("source", "structure_id", "id", "nom", "description",
                   "date_maj"))
        if s["id"] in sids:
            bad(s, "duplicate id")
        sids.add(s["id"])
        if s.get("structure_id") not in ids:
            bad(s, "structure_id names no exported structure")
        if s.get("type") is not None and s["type"] not in TYPES:
            bad(s, "type %r" % s["type"])
        subset(s, "modes_accueil", MODES_ACCUEIL)
        subset(s, "modes_mobilisation", MOBILISATION)
        subset(s, "mobilisable_par", MOBILISABLE)
        if s.get("frais") is not None and s["frais"] not in FRAIS:
            bad(s, "frais %r" % s["frais"])
        pub = s.get("publics")
        if isinstance(pub, list) and "tous-publics" in pub and len(pub) > 1:
            bad(s, "tous-publics must appear alone")
        for t in s.get("thematiques") or []:
            if not THEME.match(t):
                bad(s, "thematique %r" % t)
        z = s.get("zone_eligibilite")
        if z is not None:
            if not isinstance(z, list) or not all(isinstance(c, str) and ZONE.match(c) for c in z):
                bad(s, "zone_eligibilite %r" % (z,))
    for p in problems:
        print("di-check: " + p)
    return 1 if problems else 0


sys.exit(main())
