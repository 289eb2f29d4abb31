#!/usr/bin/env python3
"""Developer check of rules/services/*.yaml against doc/territory.md.

Not part of the build (`aiguillage check` is the authoritative validator);
this catches data mistakes before committing. Needs PyYAML.

Usage: python3 tools/communes/check-directory.py [RULES_DIR]
"""
import csv, re, sys
from pathlib import Path
import yaml

rules = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "rules")
errors = []
def err(f, msg): errors.append(f"{f}: {msg}")

# data·inclusion v1 controlled vocabularies (schemas/v1/extra/*.json)
THEMATIQUES = set("""
choisir-un-metier--confirmer-son-choix-de-metier choisir-un-metier--connaitre-les-opportunites-demploi
choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite choisir-un-metier--identifier-ses-points-forts-et-ses-competences
creer-une-entreprise--definir-son-projet-de-creation-dentreprise creer-une-entreprise--developper-son-entreprise
creer-une-entreprise--structurer-son-projet-de-creation-dentreprise
difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives
difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete
difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits
difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte
difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination
difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire
difficultes-financieres--acquerir-une-autonomie-budgetaire difficultes-financieres--ameliorer-sa-gestion-budgetaire
difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere
difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere
difficultes-financieres--situation-dendettement-surendettement
equipement-et-alimentation--aide-menagere equipement-et-alimentation--alimentation
equipement-et-alimentation--electromenager equipement-et-alimentation--habillement
famille--garde-denfants famille--prise-en-charge-personne-dependante famille--soutien-a-la-parentalite-et-a-leducation
famille--soutien-aidants famille--surmonter-conflits-separation-violence
lecture-ecriture-calcul--maitriser-le-calcul lecture-ecriture-calcul--maitriser-le-francais
logement-hebergement--acheter-un-logement logement-hebergement--changer-de-logement logement-hebergement--louer-un-logement
logement-hebergement--rechercher-une-solution-dhebergement-temporaire logement-hebergement--reduire-les-impayes-de-loyer
logement-hebergement--se-maintenir-dans-le-logement logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement
mobilite--acceder-a-un-vehicule mobilite--entretenir-reparer-son-vehicule mobilite--etre-accompagne-dans-son-parcours-mobilite
mobilite--financer-ma-mobilite mobilite--mobilite-douce-partagee-collective mobilite--preparer-un-permis
numerique--acceder-a-des-services-en-ligne numerique--acceder-a-une-connexion-internet numerique--acquerir-un-equipement
numerique--maitriser-les-fondamentaux-du-numerique
preparer-sa-candidature--developper-son-reseau preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi
preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation preparer-sa-candidature--valoriser-ses-competences
remobilisation--activites-sportives-et-culturelles remobilisation--benevolat-action-citoyenne
remobilisation--bien-etre-confiance-en-soi remobilisation--lien-social
sante--acces-aux-soins sante--addictions sante--constituer-un-dossier-mdph-invalidite sante--sante-mentale sante--sante-sexuelle
se-former--monter-son-dossier-de-formation se-former--trouver-sa-formation
souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger
souvrir-a-linternational--sinformer-sur-les-aides-pour-travailler-a-letranger
souvrir-a-linternational--sorganiser-suite-a-son-retour-en-france
trouver-un-emploi--convaincre-un-recruteur-en-entretien trouver-un-emploi--faire-des-candidatures-spontanees
trouver-un-emploi--maintien-dans-lemploi trouver-un-emploi--repondre-a-des-offres-demploi
trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs
""".split())
PUBLICS = set("""actifs beneficiaires-des-minimas-sociaux demandeurs-emploi etudiants familles femmes jeunes
personnes-en-situation-de-handicap personnes-en-situation-durgence personnes-en-situation-juridique-specifique
personnes-exilees residents-qpv-frr seniors tous-publics""".split())
TYPES = {"accompagnement", "aide-financiere", "aide-materielle", "atelier", "formation", "information"}
MODES_ACCUEIL = {"en-presentiel", "a-distance"}
MODES_MOB = {"se-presenter", "telephoner", "envoyer-un-courriel", "utiliser-lien-mobilisation"}
MOB_PAR = {"usagers", "professionnels"}
RESEAUX = set("""departements maisons-des-solidarites mdph maison-departementale-de-lautonomie caf cpam
mutualite-sociale-agricole france-travail mission-locale ccas-cias france-service communes siao chrs chu cada huda
cidff points-justice points-conseil-budget csapa caarud cmp cms ase pjj spip restos-du-coeur secours-populaire
croix-rouge banques-alimentaires emmaus""".split())

STRUCT_REQ = ["id", "nom", "date_maj", "x_verification"]
SVC_REQ = ["id", "structure_id", "nom", "description", "date_maj", "x_kind", "x_verification"]
PHONE = re.compile(r"^(\+33[1-9][0-9]{8}|1[0-9]{1,5}|3[0-9]{3})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

kinds = {k["id"] for k in yaml.safe_load((rules / "services/kinds.yaml").read_text())["kinds"]}

communes = {}
with open(rules / "territory/communes.tsv", encoding="utf-8") as fh:
    rows = csv.reader((l for l in fh if not l.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows)
    for r in rows:
        d = dict(zip(header, r))
        if d["type"] == "commune":
            communes[d["insee"]] = d

seen_ids = {}
for f in sorted((rules / "services").glob("*.yaml")):
    if f.name == "kinds.yaml":
        continue
    text = f.read_text(encoding="utf-8")
    # restricted YAML subset (doc/territory.md): no anchors, aliases, tags or block scalars
    for ln, line in enumerate(text.splitlines(), 1):
        code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', line).split("#", 1)[0]
        if re.search(r"(^|[\s\[{,])[&*!][A-Za-z]", code) or re.search(r":\s*[|>][-+]?\s*$", code):
            err(f.name, f"line {ln}: anchors, aliases, tags and block scalars are not allowed")
    doc = yaml.safe_load(text)
    meta = doc.get("meta") or {}
    if meta.get("cog") != 2026:
        err(f.name, "meta.cog must be 2026")
    dep = meta.get("departement")
    if f.name != "national.yaml":
        if not isinstance(dep, str) or not f.name.startswith(dep + "-"):
            err(f.name, "meta.departement must be a quoted string matching the file name")
    structs = {}
    for s in doc.get("structures") or []:
        for k in STRUCT_REQ:
            if s.get(k) in (None, ""):
                err(f.name, f"structure {s.get('id')}: missing {k}")
        sid = s.get("id")
        if sid in seen_ids:
            err(f.name, f"id {sid} already used in {seen_ids[sid]}")
        seen_ids[sid] = f.name
        structs[sid] = s
        for r in s.get("reseaux_porteurs") or []:
            if r not in RESEAUX:
                err(f.name, f"{sid}: unknown reseau_porteur {r}")
        ci = s.get("code_insee")
        if ci is not None:
            if not isinstance(ci, str) or ci not in communes:
                err(f.name, f"{sid}: code_insee {ci!r} is not a current commune")
            elif dep and communes[ci]["dep"] != dep:
                err(f.name, f"{sid}: code_insee {ci} is not in department {dep}")
            elif s.get("commune") and s["commune"] != communes[ci]["nom"]:
                err(f.name, f"{sid}: commune {s['commune']!r} != {communes[ci]['nom']!r}")
    svc_ids = set()
    for s in doc.get("services") or []:
        sid = s.get("id")
        for k in SVC_REQ:
            if s.get(k) in (None, ""):
                err(f.name, f"service {sid}: missing {k}")
        if sid in seen_ids:
            err(f.name, f"id {sid} already used in {seen_ids[sid]}")
        seen_ids[sid] = f.name
        svc_ids.add(sid)
        if s.get("structure_id") not in structs:
            err(f.name, f"{sid}: structure_id {s.get('structure_id')} not in this file")
        if s.get("x_kind") not in kinds:
            err(f.name, f"{sid}: x_kind {s.get('x_kind')} not in kinds.yaml")
        if s.get("type") not in TYPES:
            err(f.name, f"{sid}: type {s.get('type')}")
        for t in s.get("thematiques") or []:
            if t not in THEMATIQUES:
                err(f.name, f"{sid}: thematique {t}")
        pubs = s.get("publics") or []
        for p in pubs:
            if p not in PUBLICS:
                err(f.name, f"{sid}: public {p}")
        if "tous-publics" in pubs and len(pubs) > 1:
            err(f.name, f"{sid}: tous-publics must be alone")
        for k, allowed in (("modes_accueil", MODES_ACCUEIL), ("modes_mobilisation", MODES_MOB), ("mobilisable_par", MOB_PAR)):
            for v in s.get(k) or []:
                if v not in allowed:
                    err(f.name, f"{sid}: {k} {v}")
        if s.get("frais") not in ("gratuit", "payant"):
            err(f.name, f"{sid}: frais {s.get('frais')}")
        z = s.get("zone_eligibilite") or []
        want = ["france"] if f.name == "national.yaml" else [dep]
        if z != want:
            err(f.name, f"{sid}: zone_eligibilite {z} (expected {want})")
        if not isinstance(s.get("x_urgence"), bool):
            err(f.name, f"{sid}: x_urgence must be true/false")
        sec = s.get("x_secteur")
        if sec is not None and sec not in (doc.get("secteurs") or {}):
            err(f.name, f"{sid}: x_secteur {sec} not in secteurs")
    for rec in (doc.get("structures") or []) + (doc.get("services") or []):
        rid = rec.get("id")
        v = rec.get("x_verification") or {}
        if v.get("statut") not in ("verifie", "a_verifier"):
            err(f.name, f"{rid}: x_verification.statut {v.get('statut')}")
        if "source" not in v or "verifie_le" not in v:
            err(f.name, f"{rid}: x_verification needs source and verifie_le")
        if v.get("verifie_le") is not None and not DATE.match(str(v["verifie_le"])):
            err(f.name, f"{rid}: verifie_le {v['verifie_le']}")
        if v.get("statut") == "verifie" and not v.get("source"):
            err(f.name, f"{rid}: verifie without a source")
        if not DATE.match(str(rec.get("date_maj"))):
            err(f.name, f"{rid}: date_maj {rec.get('date_maj')}")
        t = rec.get("telephone")
        if t is not None and not (isinstance(t, str) and PHONE.match(t)):
            err(f.name, f"{rid}: telephone {t!r} (E.164 or short number, quoted)")
        cp = rec.get("code_postal")
        if cp is not None and not (isinstance(cp, str) and re.fullmatch(r"\d{5}", cp)):
            err(f.name, f"{rid}: code_postal {cp!r}")
        n = rec.get("nom") or ""
        if not (3 <= len(n) <= 150) or n.endswith("."):
            err(f.name, f"{rid}: nom length 3-150, no final full stop")
    if f.name != "national.yaml":
        cg = meta.get("contact_general")
        if cg not in svc_ids:
            err(f.name, f"meta.contact_general {cg} is not a service of this file")
    # sectors: every commune at most once per kind, codes of this department
    secteurs = doc.get("secteurs")
    if not isinstance(secteurs, dict):
        err(f.name, "secteurs must be a mapping ({} when unknown)")
        secteurs = {}
    kind_of_sector = {}
    for s in doc.get("services") or []:
        if s.get("x_secteur"):
            kind_of_sector.setdefault(s["x_secteur"], set()).add(s["x_kind"])
    assigned = {}
    for sec, body in secteurs.items():
        for c in (body or {}).get("communes") or []:
            if not isinstance(c, str) or c not in communes:
                err(f.name, f"secteur {sec}: {c!r} is not a current commune (COG 2026)")
                continue
            if communes[c]["dep"] != dep:
                err(f.name, f"secteur {sec}: {c} is not in department {dep}")
            for k in kind_of_sector.get(sec, {"?"}):
                if (c, k) in assigned:
                    err(f.name, f"commune {c} assigned twice for kind {k} ({assigned[(c, k)]}, {sec})")
                assigned[(c, k)] = sec

if errors:
    print("\n".join(errors))
    print(f"{len(errors)} error(s)")
    sys.exit(1)
print(f"directory OK ({len(seen_ids)} records)")
