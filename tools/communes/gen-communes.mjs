#!/usr/bin/env node
// Generates rules/territory/communes.tsv from @etalab/decoupage-administratif.
//
// Run by a developer when the COG edition changes (see README.md), never by
// the build. Needs only node (>= 18) and the pinned npm package installed in
// ./node_modules (`npm ci`).
//
// Usage: node gen-communes.mjs [OUTPUT]   (default ../../rules/territory/communes.tsv)

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, 'node_modules', '@etalab', 'decoupage-administratif');
const out = resolve(process.argv[2] ?? join(here, '..', '..', 'rules', 'territory', 'communes.tsv'));

const COG_EDITION = 2026; // edition of the pinned package (README of the package: 2026 -> 6.0.0)
const EXPECTED_VERSION = '6.0.0';

function readJson(rel) {
  return JSON.parse(readFileSync(join(pkgDir, rel), 'utf8'));
}

const pkg = readJson('package.json');
if (pkg.version !== EXPECTED_VERSION) {
  console.error(`gen-communes: expected ${pkg.name} ${EXPECTED_VERSION}, found ${pkg.version}.`);
  console.error('Update EXPECTED_VERSION and COG_EDITION together when moving to a new COG edition.');
  process.exit(1);
}

const communes = readJson('data/communes.json');
const epcis = readJson('data/epci.json');

// INSEE code of a current commune -> EPCI SIREN (inverting epci.json membres).
const epciOf = new Map();
for (const e of epcis) {
  for (const m of e.membres ?? []) {
    if (epciOf.has(m.code) && epciOf.get(m.code) !== e.code) {
      console.error(`gen-communes: commune ${m.code} is a member of two EPCI (${epciOf.get(m.code)}, ${e.code})`);
      process.exit(1);
    }
    epciOf.set(m.code, e.code);
  }
}

const TYPES = {
  'commune-actuelle': 'commune',
  'arrondissement-municipal': 'arrondissement',
  'commune-deleguee': 'deleguee',
  'commune-associee': 'associee',
};
const TYPE_ORDER = { commune: 0, arrondissement: 1, deleguee: 2, associee: 3 };

const actuelles = new Map();
for (const c of communes) if (c.type === 'commune-actuelle') actuelles.set(c.code, c);

const clean = (s) => String(s ?? '').replace(/[\t\r\n]+/g, ' ').trim();

const rows = [];
const counts = { commune: 0, arrondissement: 0, deleguee: 0, associee: 0 };
const comDeps = new Set();
for (const c of communes) {
  const type = TYPES[c.type];
  if (!type) {
    console.error(`gen-communes: unknown record type ${c.type} (${c.code})`);
    process.exit(1);
  }
  if (!c.departement) {
    // Keep only records attached to a département code (all of them in 6.0.0).
    continue;
  }
  let parent = '';
  if (type === 'deleguee' || type === 'associee') parent = c.chefLieu;
  else if (type === 'arrondissement') parent = c.commune;
  const p = parent ? actuelles.get(parent) : null;
  if (parent && !p) {
    console.error(`gen-communes: parent ${parent} of ${c.code} ${c.nom} is not a current commune`);
    process.exit(1);
  }
  // A delegated/associated commune has no postal codes or population of its
  // own in the package: it takes the parent's postal codes (La Poste serves it
  // under them) and the parent's EPCI; population stays empty.
  let cps = c.codesPostaux ?? [];
  if ((type === 'deleguee' || type === 'associee') && cps.length === 0) cps = p.codesPostaux ?? [];
  const epci = epciOf.get(c.code) ?? (p ? epciOf.get(p.code) ?? '' : '');
  const population = type === 'deleguee' || type === 'associee' ? '' : (c.population ?? '');
  if (c.zone === 'com') comDeps.add(c.departement);
  counts[type]++;
  rows.push([
    c.code,
    clean(c.nom),
    c.departement,
    [...new Set(cps)].sort().join(','),
    epci,
    type,
    parent,
    String(population),
  ]);
}

rows.sort((a, b) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 :
  TYPE_ORDER[a[5]] - TYPE_ORDER[b[5]] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));

const header = [
  `# Communes of France, COG ${COG_EDITION} (INSEE code officiel géographique, 1 January ${COG_EDITION}).`,
  `# Source: npm package ${pkg.name} ${pkg.version} (data/communes.json, data/epci.json), https://github.com/datagouv/decoupage-administratif`,
  '# Data licence: Licence Ouverte / Etalab 2.0 (INSEE COG; DGCL EPCI composition; La Poste base officielle des codes postaux; INSEE populations légales).',
  '# Attribution: "INSEE, DGCL, La Poste, via @etalab/decoupage-administratif" — reuse must keep this attribution.',
  `# Scope: metropolitan France, DROM (971-976) and the overseas collectivities (COM) that the package lists as communes with a departement code (${[...comDeps].sort().join(', ')}).`,
  '# Types: commune = commune actuelle; arrondissement = arrondissement municipal of Paris/Lyon/Marseille (parent = 75056/69123/13055);',
  '#   deleguee/associee = commune déléguée/associée (parent = commune nouvelle / chef-lieu); these share postal codes and EPCI of their parent, population empty.',
  '#   The same INSEE code can appear twice (a commune déléguée that holds the seat has the code of its commune nouvelle): key on (insee, type).',
  '# epci = SIREN of the EPCI (empty: no EPCI, e.g. island communes and COM). population = population municipale (empty if unknown).',
  `# Rows: ${rows.length} (${counts.commune} commune, ${counts.arrondissement} arrondissement, ${counts.deleguee} deleguee, ${counts.associee} associee), sorted by insee then type.`,
  '# Generated by tools/communes/gen-communes.mjs — do not edit by hand; see tools/communes/README.md.',
];
const cols = ['insee', 'nom', 'dep', 'codes_postaux', 'epci', 'type', 'parent', 'population'];
const text = header.join('\n') + '\n' + cols.join('\t') + '\n' + rows.map((r) => r.join('\t')).join('\n') + '\n';

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
console.log(`gen-communes: wrote ${rows.length} rows to ${out} (${counts.commune} commune, ${counts.arrondissement} arrondissement, ${counts.deleguee} deleguee, ${counts.associee} associee)`);
