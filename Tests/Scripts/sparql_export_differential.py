#!/usr/bin/env python3
"""Queries that travel: symkb's answers against the translated SPARQL on symkb's exported RDF.

Usage: sparql_export_differential.py SYMKB_BINARY README [--packs PATH] [--seed N] [--count N]
                                     [--question TEXT]...

1. `symkb export --format turtle` writes the loaded graph (bundled packs, plus the packs found on
   --packs, a $SYMKB_PACKS search path);
   pyoxigraph, an independent SPARQL 1.1 store, loads it.
2. Every `symkb query` example of the README (```sh and ```console blocks), every --question,
   and COUNT random core patterns (the generator of sparql_differential.py, seeded) are
   translated with `symkb query --explain sparql`, run in the store, and compared with symkb's
   own answers as sets of rows (IRIs mapped back to ids through dcterms:identifier).
   Questions symkb refuses to translate (why, near, rank, …) are listed, not compared.

Prints each disagreement, then `N compared, N passed, N failed, N not translatable`; exits 1 on
any failure. Without pyoxigraph it prints a "skipped" line and exits 0.
"""
import argparse
import atexit
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

try:
    import pyoxigraph as ox
except ImportError:
    print("skipped: pyoxigraph not installed (pip install pyoxigraph)")
    sys.exit(0)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sparql_differential as gen  # noqa: E402  (the random pattern generator)

IDENTIFIER = "http://purl.org/dc/terms/identifier"


class Symkb:
    def __init__(self, binary, packs):
        self.binary = binary
        self.home = tempfile.mkdtemp(prefix="symkb-export-sparql-")
        atexit.register(shutil.rmtree, self.home, ignore_errors=True)
        self.env = {k: v for k, v in os.environ.items() if k not in ("SYMKB_PACKS", "XDG_DATA_HOME")}
        self.env["HOME"] = self.home
        if packs:
            self.env["SYMKB_PACKS"] = packs

    def run(self, *arguments):
        return subprocess.run([self.binary, *arguments], env=self.env, capture_output=True, text=True)

    def answers(self, questions):
        """symkb's JSON document for each question, in one process."""
        proc = self.run("query", "--format", "json", *questions)
        try:
            docs = json.loads(proc.stdout)
        except ValueError:
            sys.exit(f"symkb query gave no JSON (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
        return {doc["query"]: doc for doc in docs}

    def translations(self, questions):
        """The SPARQL of each question (or why there is none), in one process."""
        proc = self.run("query", "--explain", "sparql", "--format", "json", *questions)
        try:
            items = json.loads(proc.stdout)
        except ValueError:
            sys.exit(f"symkb query --explain gave no JSON (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
        return {item["query"]: (item.get("sparql"), (item.get("error") or {}).get("message")) for item in items}


def readme_questions(path):
    """The query of every `symkb query …` line in the README's sh and console blocks."""
    questions, block = [], None
    for line in open(path, encoding="utf-8").read().split("\n"):
        if block is None and line in ("```sh", "```console"):
            block = line
            continue
        if block is not None and line == "```":
            block = None
            continue
        if block is None:
            continue
        command = line[2:] if line.startswith("$ ") else line
        if not command.startswith("symkb query "):
            continue
        try:
            words = shlex.split(command, comments=True)[2:]
        except ValueError:
            continue
        skip = False
        for index, word in enumerate(words):
            if skip:
                skip = False
            elif word in ("--format", "-f", "--pack", "--explain", "--max-rows", "--max-work", "--timeout"):
                skip = True
            elif not word.startswith("-"):
                questions.append(word)
    return list(dict.fromkeys(questions))


def cell(value):
    if isinstance(value, dict):
        return value.get("id") or value.get("relation") or json.dumps(value, sort_keys=True)
    return str(value)


def compare(store, ids, question, translation, doc):
    """None when both agree, 'untranslatable: …' when symkb refuses to translate, else a problem."""
    sparql, refusal = translation
    if sparql is None:
        return "untranslatable: " + (refusal or "?").split("\n")[0]
    if "error" in doc:
        return "symkb error: " + doc["error"].get("message", "?")
    try:
        result = store.query(sparql)
    except (SyntaxError, OSError, ValueError) as e:
        return f"SPARQL error: {e}\n{sparql}"
    if isinstance(result, (bool, ox.QueryBoolean)):  # ASK
        said, result = doc.get("answer"), bool(result)
        if (said == "yes") != result:
            return f"ASK says {result}, symkb says {said}"
        return None
    variables = [v.value for v in result.variables]
    rows = set()
    for solution in result:
        row = []
        for name in variables:
            term = solution[name]
            value = None if term is None else term.value
            if isinstance(term, ox.NamedNode):
                value = ids.get(value, value)
            row.append(value)
        rows.add(tuple(row))
    columns = doc["columns"]
    if sorted(columns) != sorted(variables):
        return f"columns differ: symkb {columns}, SPARQL {variables}"
    mine = {tuple(cell(r["values"].get(c)) for c in variables) for r in doc["rows"]}
    if doc.get("partial"):
        # symkb stopped at a limit (--max-rows): what it found must still be among SPARQL's answers.
        missing = sorted(mine - rows)
        return None if not missing else f"partial answer with rows SPARQL lacks: {missing[:3]}"
    if mine != rows:
        only_k, only_s = sorted(mine - rows), sorted(rows - mine)
        lines = [f"rows differ: symkb {len(mine)}, SPARQL {len(rows)}"]
        lines += [f"  only symkb : {r}" for r in only_k[:3]] + [f"  only SPARQL: {r}" for r in only_s[:3]]
        lines.append("  SPARQL: " + " ".join(l for l in sparql.split("\n") if not l.startswith(("#", "PREFIX"))))
        return "\n".join(lines)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("readme")
    parser.add_argument("--packs", default="", help="a $SYMKB_PACKS search path")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--question", action="append", default=[])
    args = parser.parse_args()
    symkb = Symkb(args.binary, args.packs)

    turtle = os.path.join(symkb.home, "symkb.ttl")
    proc = symkb.run("export", "--format", "turtle", "--out", turtle)
    if proc.returncode != 0:
        sys.exit(f"symkb export failed (exit {proc.returncode}): {proc.stderr}")
    store = ox.Store()
    store.bulk_load(path=turtle, format=ox.RdfFormat.TURTLE)
    ids = {s["e"].value: s["id"].value for s in store.query(f"SELECT ?e ?id WHERE {{ ?e <{IDENTIFIER}> ?id }}")}
    print(f"exported {len(store)} triples, {len(ids)} entities")

    questions = [(q, "README") for q in readme_questions(args.readme)] + [(q, "given") for q in args.question]
    if args.count:
        _, triples, entities, kinds = gen.load(gen.Symkb(args.binary))
        generator = gen.Gen(random.Random(args.seed), triples, entities, kinds)
        questions += [(generator.pattern()[0], "random") for _ in range(args.count)]

    texts = list(dict.fromkeys(q for q, _ in questions))
    translations, answers = symkb.translations(texts), symkb.answers(texts)
    compared = passed = failed = refused = 0
    for question, origin in questions:
        problem = compare(store, ids, question, translations[question], answers[question])
        if problem and problem.startswith("untranslatable: unknown entity"):  # a README example of a misspelling
            refused += 1
            print(f"not translated ({origin}): {question}\n  {problem[16:]}")
            continue
        if problem and problem.startswith("untranslatable: "):
            refused += 1
            print(f"not translated ({origin}): {question}\n  {problem[16:]}")
            continue
        compared += 1
        if problem is None:
            passed += 1
        else:
            failed += 1
            print(f"\nFAIL ({origin}) {question}\n  {problem}")
    print(f"\n{compared} compared, {passed} passed, {failed} failed, {refused} not translatable")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
