#!/usr/bin/env python3
# annuaire-gen.py - writes the annuaire fixtures (tests/data/annuaire-*.json)
# from the DILA specification of the base de données locales (V1.4) and
# from the form of an export of its API. The offices are made up ("essai",
# example.org); the INSEE codes are real. Run from the source tree root;
# the committed JSON files are what the tests read.
# Generates the fixture files once; committed output is what tests read.
import json
U = "https://lannuaire.service-public.fr/occitanie/gers/"
def rec(id, nom, pivots, insee, addr=None, tel=None, hours=None, mail=None,
        site=None, date="20/11/2026 10:12:00", url=True, extra=None):
    r = {"id": id, "nom": nom,
         "pivot": [{"type_service_local": t, "code_insee_commune": c} for t, c in pivots],
         "code_insee_commune": insee,
         "adresse": [addr] if addr else [],
         "telephone": [{"valeur": tel, "description": ""}] if tel else [],
         "adresse_courriel": [mail] if mail else [],
         "site_internet": [{"libelle": "", "valeur": site}] if site else [],
         "plage_ouverture": hours or [],
         "date_modification": date,
         "url_service_public": (U + id) if url else "",
         "categorie": "SL", "copyright": "Direction de l'information légale et administrative (Première ministre)"}
    if extra: r.update(extra)
    return r
def ad(voie, cp, commune, c1=""):
    return {"type_adresse": "Adresse", "complement1": c1, "complement2": "",
            "numero_voie": voie, "service_distribution": "", "code_postal": cp,
            "nom_commune": commune, "pays": "", "continent": "",
            "longitude": "", "latitude": "", "accessibilite": "", "note_accessibilite": ""}
def pl(d1, d2, h1, f1, h2="", f2="", com=""):
    return {"nom_jour_debut": d1, "nom_jour_fin": d2, "valeur_heure_debut_1": h1,
            "valeur_heure_fin_1": f1, "valeur_heure_debut_2": h2,
            "valeur_heure_fin_2": f2, "commentaire": com}
NOG = ["32296", "32005", "32049", "32062", "32155", "32227", "32369", "40192"]
good = [
 rec("a0000000-0000-4000-8000-000000000001", "Maison départementale des solidarités de Nogaro (essai)",
     [("mds", NOG)], "32296", ad("8 rue d'Essai", "32110", "Nogaro"), "05 62 00 00 01",
     [pl("Lundi", "Vendredi", "08:30:00", "12:00:00", "13:30:00", "17:00:00")],
     mail="mds-essai@example.org"),
 rec("a0000000-0000-4000-8000-000000000002", "PMI de Nogaro (essai)",
     [("pmi", NOG + ["32074"])], "32296", ad("8 rue d'Essai", "32110", "Nogaro", "1er étage"), "0562000002",
     [pl("Mardi", "Mardi", "09:00:00", "12:00:00"), pl("Jeudi", "Jeudi", "14:00:00", "17:00:00", com="Sur rendez-vous l'après-midi.")]),
 rec("a0000000-0000-4000-8000-000000000003", "Centre communal d'action sociale d'Auch (essai).",
     [("ccas", ["32013"])], "32013", ad("1 place d'Essai", "32000", "Auch"), "+33 5 62 00 00 03",
     [pl("Lundi", "Vendredi", "08:00:00", "12:00:00"), pl("Samedi", "Samedi", "09:00:00", "11:30:00")],
     site="https://www.example.org/ccas"),
 rec("a0000000-0000-4000-8000-000000000004", "France services de Condom (essai)",
     [("mairie", ["32107"]), ("france_services", ["32107", "32147", "32418"])], "32107",
     ad("2 rue d'Essai", "32100", "Condom"), "05 62 00 00 04",
     [pl("Lundi", "Jeudi", "09:00:00", "12:30:00", "14:00:00", "17:30:00"), pl("Vendredi", "Vendredi", "09:00:00", "12:30:00")]),
 rec("a0000000-0000-4000-8000-000000000005", "Caisse d'allocations familiales du Gers - accueil d'Auch (essai)",
     [("caf", ["32013", "32107", "32296"])], "32013", ad("3 avenue d'Essai", "32000", "Auch"), "3230",
     [pl("Lundi", "Vendredi", "08:30", "12:00")]),
 rec("a0000000-0000-4000-8000-000000000006", "Mairie de Nogaro (essai)",
     [("mairie", ["32296"])], "32296", ad("Place d'Essai", "32110", "Nogaro"), "05 62 00 00 06",
     [pl("Lundi", "Vendredi", "08:00:00", "12:00:00")]),
 rec("a0000000-0000-4000-8000-000000000007", "Maison départementale des solidarités de Mont-de-Marsan (essai)",
     [("mds", ["40192"])], "40192", ad("4 rue d'Essai", "40000", "Mont-de-Marsan"), "05 58 00 00 07", []),
 rec("a0000000-0000-4000-8000-000000000008", "Conseil départemental du Gers (essai)",
     [("cg", [])], "32013", ad("5 route d'Essai", "32000", "Auch"), "05 62 00 00 08", []),
]
json.dump({"service": good}, open("tests/data/annuaire-32.json", "w"), ensure_ascii=False, indent=1)
bad = [
 rec("b0000000-0000-4000-8000-000000000001", "Maison départementale des solidarités d'Essai",
     [("mds", ["32296", "32999"])], "32296", ad("8 rue d'Essai", "32110", "Nogaro"), "05 62 00 00 01",
     [pl("Lundy", "Vendredi", "08:30:00", "12:00:00")]),
 rec("b0000000-0000-4000-8000-000000000002", "PMI d'Essai",
     [("pmi", ["32296"])], "32296", None, "téléphone",
     [pl("Mardi", "Mardi", "12:00:00", "09:00:00"), pl("Jeudi", "Jeudi", "09:00:00", "12:00:00", "14:00:00", "")],
     date="2026-13-45"),
 rec("b0000000-0000-4000-8000-000000000003", "AB", [("ccas", ["32013"])], "32013", url=False),
 rec("b0000000-0000-4000-8000-000000000003", "CCAS d'Essai", [("ccas", ["32013"])], "32013"),
 {"nom": "France services sans identifiant", "pivot": [{"type_service_local": "france_services", "code_insee_commune": ["32107"]}],
  "code_insee_commune": "32107", "date_modification": "20/11/2026 10:12:00", "url_service_public": U + "x"},
 rec("b0000000-0000-4000-8000-000000000006", "Caisse d'allocations familiales d'Essai",
     [("caf", ["32013"])], "32013", ad("3 avenue d'Essai", "32000", "Auch"), "3230",
     [pl("Lundi", "Vendredi", "08:30", "12:00")]),
 # no commune has this code, but its digits name the Gers: reported
 rec("b0000000-0000-4000-8000-000000000007", "Centre communal d'action sociale d'Essai",
     [("ccas", ["32998"])], "32998"),
]
json.dump({"service": bad}, open("tests/data/annuaire-32-bad.json", "w"), ensure_ascii=False, indent=1)
# An export of the API (one department): a list, members as JSON text.
def api(r):
    r["url_service_public"] = r["url_service_public"].replace("occitanie/gers", "centre-val-de-loire/loir-et-cher")
    r = dict(r)
    for k in ("pivot", "adresse", "telephone", "site_internet", "plage_ouverture"):
        r[k] = json.dumps(r[k], ensure_ascii=False)
    r["adresse_courriel"] = (r["adresse_courriel"] or [""])[0]
    r["date_modification"] = "2026-11-02T09:15:00+00:00"
    return r
mer = rec("c0000000-0000-4000-8000-000000000001", "Maison départementale des solidarités de Mer (essai)",
     [("mds", ["41136", "41212", "41084"])], "41136", ad("5 avenue d'Essai", "41500", "Mer"), "02 54 00 00 01",
     [pl("Lundi", "Vendredi", "09:00:00", "12:30:00", "13:30:00", "17:00:00")])
json.dump([api(mer)], open("tests/data/annuaire-41-api.json", "w"), ensure_ascii=False, indent=1)
