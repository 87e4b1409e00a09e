#!/usr/bin/env python3
"""Differential test of symkb's core pattern language against SPARQL 1.1 (pyoxigraph).

Usage: sparql_differential.py SYMKB_BINARY [SEED [COUNT]]     (defaults: seed 1, 300 patterns)

The triples come from symkb itself (`?s ?r ?o`, which reads every assertion from both ends and
binds inverse names, and `?x kind K` per kind), are loaded into an in-memory oxigraph store, and
then COUNT random core patterns are answered by both engines and compared as sets of rows.
symkb runs on its bundled packs only: SYMKB_PACKS and XDG_DATA_HOME are unset and HOME is an
empty temporary folder, so no user packs load.

Prints each disagreement, then `N passed, N failed`; exits 1 on any failure.
If pyoxigraph is not installed (`pip install pyoxigraph`) it prints a "skipped" line and exits 0,
so the script can sit in a test run on machines without it.
"""
import atexit
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import pyoxigraph as ox
except ImportError:
    print("skipped: pyoxigraph not installed (pip install pyoxigraph)")
    sys.exit(0)

ENT, REL, KIND = "urn:symkb:", "urn:symkb-rel:", "urn:symkb-kind:"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KINDS = ["condition", "disease", "finding", "symptom", "sign", "trigger", "mechanism", "effect",
         "body-site", "course", "advice"]


class Symkb:
    def __init__(self, binary):
        self.binary = binary
        self.home = tempfile.mkdtemp(prefix="symkb-sparql-")
        atexit.register(shutil.rmtree, self.home, ignore_errors=True)
        self.env = {k: v for k, v in os.environ.items() if k not in ("SYMKB_PACKS", "XDG_DATA_HOME")}
        self.env["HOME"] = self.home

    def query(self, pattern):
        """The JSON document for one query; retried because the binary may be rebuilt meanwhile."""
        why = "?"
        for attempt in range(4):
            try:
                proc = subprocess.run([self.binary, "query", "--format", "json", pattern],
                                      env=self.env, capture_output=True, text=True)
                doc = json.loads(proc.stdout)
                # `--format json` is always an array of documents, one per query (README "JSON output").
                return doc[0] if isinstance(doc, list) and len(doc) == 1 else doc
            except OSError as e:  # e.g. "Text file busy" while the binary is being relinked
                why = str(e)
            except ValueError:
                why = f"no JSON (exit {proc.returncode}): {proc.stderr.strip()[:300]}"
            time.sleep(1 + attempt)
        return {"error": {"message": why}}


def cell(value):
    if isinstance(value, dict):
        return value.get("id") or value.get("relation") or json.dumps(value, sort_keys=True)
    return value


def rows_of(doc):
    cols = doc["columns"]
    return cols, [tuple(cell(r["values"].get(c)) for c in cols) for r in doc["rows"]]


# ---- the data -------------------------------------------------------------------------------
def load(symkb):
    store, triples, entities, kinds = ox.Store(), [], set(), {}
    doc = symkb.query("?s ?r ?o")
    if "error" in doc:
        sys.exit(f"symkb failed on '?s ?r ?o': {doc['error']['message']}")
    for s, r, o in rows_of(doc)[1]:
        triples.append((s, r, o))
        entities.update((s, o))
        store.add(ox.Quad(ox.NamedNode(ENT + s), ox.NamedNode(REL + r), ox.NamedNode(ENT + o)))
    for k in KINDS:
        doc = symkb.query(f"?x kind {k}")
        if "error" in doc:
            sys.exit(f"symkb failed on '?x kind {k}': {doc['error']['message']}")
        kinds[k] = [row[0] for row in rows_of(doc)[1]]
        for x in kinds[k]:
            entities.add(x)
            store.add(ox.Quad(ox.NamedNode(ENT + x), ox.NamedNode(RDF_TYPE), ox.NamedNode(KIND + k)))
    return store, triples, sorted(entities), {k: v for k, v in kinds.items() if v}


# ---- paths: ("rel", name) | ("inv", p) | ("mod", p, op) | ("alt", p, q) | ("seq", p, q) ------
def gen_path(rng, rels, depth, zero_ok):
    ops = ["inv", "+", "alt", "seq"] + (["*", "?"] if zero_ok else [])
    if depth == 0 or rng.random() < 0.45:
        return ("rel", rng.choice(rels))
    op = rng.choice(ops)
    sub = lambda: gen_path(rng, rels, depth - 1, zero_ok)
    if op == "inv":
        return ("inv", sub())
    if op in "+*?":
        return ("mod", sub(), op)
    return (op, sub(), sub())


def show(p, sparql, prec=0):
    """Render a path; precedence: 0 alternative, 1 sequence, 2 unary. symkb gets the parentheses
    its grammar needs (so its parser is tested too); SPARQL gets a parenthesis around anything
    that is not a bare IRI under `^` or a modifier (`^^p` and `p+*` are not SPARQL)."""
    tag = p[0]
    if tag == "rel":
        return f"<{REL}{p[1]}>" if sparql else p[1]
    if tag == "inv":
        bare = p[1][0] == "rel" or (not sparql and p[1][0] in ("inv", "mod"))
        return "^" + (show(p[1], sparql, 2) if bare else f"({show(p[1], sparql)})")
    if tag == "mod":
        return (show(p[1], sparql) if p[1][0] == "rel" else f"({show(p[1], sparql)})") + p[2]
    text = show(p[1], sparql, 1 if tag == "seq" else 0) + ("/" if tag == "seq" else "|") \
        + show(p[2], sparql, 1 if tag == "seq" else 0)
    need = 1 if tag == "seq" else 0
    return text if prec <= need else f"({text})"


# ---- clauses: each is (symkb text, SPARQL group text, positive variables) --------------------
def term(t, sparql):
    if t.startswith("?"):
        return t
    return f"<{ENT}{t}>" if sparql else json.dumps(t)


class Gen:
    def __init__(self, rng, triples, entities, kinds):
        self.rng, self.triples, self.entities, self.kinds = rng, triples, entities, kinds
        self.rels = sorted({r for _, r, _ in triples})

    def name(self):
        # Mostly an entity with assertions, so that answers are not all empty.
        if self.rng.random() < 0.8:
            return self.rng.choice(self.rng.choice(self.triples)[::2])
        return self.rng.choice(self.entities)

    def ends(self, bound, fresh):
        """Subject and object: at least one variable; one of them shared with `bound` if any."""
        v = self.rng.choice(bound) if bound and self.rng.random() < 0.85 else fresh()
        shape = self.rng.choice(["vv", "nv", "vn"])
        if shape == "vv":
            w = self.rng.choice(bound + [fresh()]) if bound and self.rng.random() < 0.3 else fresh()
            return (v, w) if self.rng.random() < 0.5 else (w, v)
        return (self.name(), v) if shape == "nv" else (v, self.name())

    def path_clause(self, s, o):
        # `*` and `?` only when an end is named: a zero-length path between two variables ranges
        # over every entity in symkb but over graph terms in SPARQL (deliberately different).
        zero_ok = not (s.startswith("?") and o.startswith("?"))
        p = gen_path(self.rng, self.rels, 2, zero_ok)
        return (f"{term(s, 0)} {show(p, False)} {term(o, 0)}",
                f"{term(s, 1)} {show(p, True)} {term(o, 1)} .")

    def clause(self, bound, fresh, rvars):
        kind = self.rng.choices(["path", "relvar", "kind"], [6, 2, 1.5])[0]
        if kind == "kind":
            x, k = (self.rng.choice(bound) if bound else fresh()), self.rng.choice(list(self.kinds))
            return f"{x} kind {k}", f"{x} a <{KIND}{k}> .", [x]
        s, o = self.ends(bound, fresh)
        vars_ = [t for t in (s, o) if t.startswith("?")]
        if kind == "relvar":
            r = self.rng.choice(rvars) if rvars and self.rng.random() < 0.3 else f"?r{len(rvars)}"
            if r not in rvars:
                rvars.append(r)
            return (f"{term(s, 0)} {r} {term(o, 0)}",
                    f"{term(s, 1)} {r} {term(o, 1)} . FILTER({r} != <{RDF_TYPE}>)", vars_ + [r])
        return (*self.path_clause(s, o), vars_)

    def negation(self, bound):
        x = self.rng.choice(bound)
        form = self.rng.choices(["path", "kind", "group"], [5, 2, 1])[0]
        if form == "kind":
            k = self.rng.choice(list(self.kinds))
            return f"not {x} kind {k}", f"FILTER NOT EXISTS {{ {x} a <{KIND}{k}> . }}"
        if form == "group":  # not (?x path ?local, ?local kind K): a variable local to the not
            (s, q), k = self.path_clause(x, "?local"), self.rng.choice(list(self.kinds))
            return (f"not ({s}, ?local kind {k})",
                    f"FILTER NOT EXISTS {{ {q} ?local a <{KIND}{k}> . }}")
        if self.rng.random() < 0.2 and len(bound) > 1:
            y = self.rng.choice([b for b in bound if b != x])
        else:
            y = self.name()
        s, q = self.path_clause(*((x, y) if self.rng.random() < 0.6 else (y, x)))
        return f"not {s}", f"FILTER NOT EXISTS {{ {q} }}"

    def pattern(self):
        """1-3 clauses joined by `,`, sharing variables; a `not` only mentions bound variables."""
        bound, rvars, clauses = [], [], []
        counter = iter("abcdefghijklmnopqrstuvwxyz")
        fresh = lambda: "?" + next(counter)
        n = self.rng.choice([1, 2, 2, 3, 3])
        for i in range(n):
            if i > 0 and bound and self.rng.random() < 0.25:
                clauses.append(self.negation(bound))
                continue
            text, group, vars_ = self.clause(bound, fresh, rvars)
            bound += [v for v in vars_ if v not in bound and v not in rvars]
            clauses.append((text, group))
        if len(clauses) > 1 and self.rng.random() < 0.3:  # `not` placed first must still run last
            self.rng.shuffle(clauses)
        return ", ".join(c[0] for c in clauses), "\n  ".join(c[1] for c in clauses), bound + rvars


# ---- the comparison --------------------------------------------------------------------------
def sparql_rows(store, where, cols):
    q = f"SELECT DISTINCT {' '.join('?' + c for c in cols)} WHERE {{\n  {where}\n}}"
    rows = set()
    for sol in store.query(q):
        row = []
        for c in cols:
            t = sol[c]
            v = None if t is None else t.value
            for prefix in (ENT, REL):
                if v is not None and v.startswith(prefix):
                    v = v[len(prefix):]
            row.append(v)
        rows.add(tuple(row))
    return q, rows


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    symkb = Symkb(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    store, triples, entities, kinds = load(symkb)
    gen = Gen(random.Random(seed), triples, entities, kinds)
    print(f"{len(triples)} triples (both directions), {len(entities)} entities, "
          f"{len(gen.rels)} relation names, seed {seed}")
    passed = failed = nonempty = 0
    for _ in range(count):
        pattern, where, expected_vars = gen.pattern()
        doc = symkb.query(pattern)
        problem, only_k, only_s, q = None, [], [], where
        if "error" in doc:
            problem = "symkb error: " + doc["error"].get("message", "?")
        else:
            cols, krows = rows_of(doc)
            wanted = [c for c in cols if "?" + c in expected_vars]
            problems = []
            if sorted(cols) != sorted(v[1:] for v in expected_vars):
                problems.append(f"columns {cols}, expected {[v[1:] for v in expected_vars]}")
                # Still compare the rows on the expected columns, so a column bug hides no other.
                krows = [tuple(r[cols.index(c)] for c in wanted) for r in krows]
            try:
                q, srows = sparql_rows(store, where, wanted)
            except (SyntaxError, OSError, ValueError) as e:
                problems.append(f"SPARQL error: {e}")
            else:
                only_k, only_s = sorted(set(krows) - srows), sorted(srows - set(krows))
                if only_k or only_s:
                    problems.append(f"rows differ: symkb {len(set(krows))}, SPARQL {len(srows)}")
                nonempty += bool(srows)
            problem = "; ".join(problems) or None
        if problem is None:
            passed += 1
            continue
        failed += 1
        print(f"\nFAIL {pattern}\n  {problem}\n  SPARQL: {' '.join(q.split())}")
        for label, rows in (("only symkb ", only_k), ("only SPARQL", only_s)):
            for row in rows[:3]:
                print(f"  {label}: {row}")
            if len(rows) > 3:
                print(f"  {label}: … {len(rows) - 3} more")
    print(f"\n({nonempty} of {passed + failed} patterns had non-empty SPARQL answers)")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
