#!/usr/bin/env python3
"""Ranks symkb-bench's simulated patients with hpo3, so `symkb-bench diagnose` can print hpo3's accuracy
beside symkb's, on the same patients, in the same run.

Usage: PYTHON hpo3_diagnose.py HPO_DIR PATIENTS.tsv
PATIENTS.tsv: one patient per line: scenario <TAB> true disease id <TAB> comma-separated HP ids
(excluded findings are not given: hpo3 has no notion of them).
Prints per scenario and method: scenario <TAB> method <TAB> top1 <TAB> top3 <TAB> top10 <TAB> mrr <TAB> n,
ranks counted pessimistically (1 + the number of other diseases scored at least as high; scores
rounded to 12 decimals, as symkb does). Setup: python3 -m venv /tmp/hpo3-venv && /tmp/hpo3-venv/bin/pip install hpo3==1.5.1
"""
import collections, os, sys, tempfile

src, patients_file = os.path.abspath(sys.argv[1]), sys.argv[2]
tmp = tempfile.mkdtemp()
for f in ("hp.obo", "phenotype.hpoa"):
    os.symlink(os.path.join(src, f), os.path.join(tmp, f))
with open(os.path.join(tmp, "genes_to_phenotype.txt"), "w") as f:
    f.write("ncbi_gene_id\tgene_symbol\thpo_id\thpo_name\tfrequency\tdisease_id\n")

from pyhpo import Ontology, HPOSet  # hpo3 installs under the name pyhpo
Ontology(tmp, True)
diseases = sorted(Ontology.omim_diseases, key=lambda d: d.id)
ids = [f"OMIM:{d.id}" for d in diseases]
sets = [HPOSet.from_queries(sorted(d.hpo)) for d in diseases]
position = {disease_id: i for i, disease_id in enumerate(ids)}

results = collections.defaultdict(lambda: [0, 0, 0, 0.0, 0])
for line in open(patients_file):
    scenario, disease, findings = line.rstrip("\n").split("\t")
    query = HPOSet.from_queries(findings.split(","))
    for method, combine in (("resnik", "BMA"), ("graphic", "funSimAvg")):
        scores = [round(s, 12) for s in query.similarity_scores(sets, kind="omim", method=method, combine=combine)]
        mine = scores[position[disease]] if disease in position else float("-inf")
        rank = 1 + sum(1 for i, s in enumerate(scores) if s >= mine and ids[i] != disease)
        r = results[(scenario, method)]
        r[0] += rank <= 1; r[1] += rank <= 3; r[2] += rank <= 10; r[3] += 1 / rank; r[4] += 1
for (scenario, method), (t1, t3, t10, mrr, n) in results.items():
    print(f"{scenario}\t{method}\t{t1 / n}\t{t3 / n}\t{t10 / n}\t{mrr / n}\t{n}")
