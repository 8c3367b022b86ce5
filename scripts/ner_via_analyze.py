#!/usr/bin/env python3
"""Exact-span typed entity P/R/F1 of `corroborate analyze` on a CoNLL-2003-format file: each
sentence (tokens joined by single spaces) becomes one JSONL article, the JSON report's entity
mentions (stories[].entities[].mentions[{article, span}], with the entity's type) are read
back onto the tokens, and scored as conlleval does (PER/ORG/LOC overall).

    scripts/ner_via_analyze.py ../shared/data/conll2003/dev.conll [corroborate binary]
"""

import json
import os
import subprocess
import sys
import tempfile

TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC"}


def read_conll(path):
    sentences, tokens, tags = [], [], []
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        tokens.append(parts[0])
        tags.append(parts[-1])
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def gold_spans(tags):
    out, start, kind = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == kind):
            out.add((start, i, kind))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, kind = i, tag[2:]
    return out


def main():
    conll = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "corroborate"
    sentences = read_conll(conll)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sentences.jsonl")
        offsets = {}
        with open(path, "w", encoding="utf-8") as out:
            for i, (tokens, _) in enumerate(sentences):
                text, spans = "", []
                for tok in tokens:
                    if text:
                        text += " "
                    spans.append((len(text.encode()), len(text.encode()) + len(tok.encode())))
                    text += tok
                aid = f"s{i:05d}"
                offsets[aid] = (i, spans, text)
                out.write(json.dumps({"id": aid, "text": text}) + "\n")
        run = subprocess.run(
            [binary, "analyze", "--no-cache", "--quiet", "--format", "json", path],
            capture_output=True)
        # exit 1: some articles failed (e.g. nothing left after cleaning); the report is out
        if run.returncode not in (0, 1):
            sys.exit(run.stderr.decode())
        report = json.loads(run.stdout)
    texts = {a["id"]: a["text"] for a in report["articles"]}
    predicted = {}
    for story in report["stories"]:
        for entity in story["entities"]:
            kind = TYPES.get(entity["type"], "MISC")
            for m in entity["mentions"]:
                i, spans, text = offsets[m["article"]]
                # cleaning may cut a kicker ("SOCCER - "): place the reported text in ours
                shift = text.encode().find(texts[m["article"]].encode())
                if shift < 0:
                    continue
                s, e = (v + shift for v in m["span"])
                starts = [k for k, sp in enumerate(spans) if sp[0] == s]
                ends = [k for k, sp in enumerate(spans) if sp[1] == e]
                span = (starts[0], ends[0] + 1, kind) if starts and ends else (-1, -1, kind)
                predicted.setdefault(i, set()).add(span)
    counts = {k: [0, 0, 0] for k in ["PER", "ORG", "LOC", "MISC"]}
    changed = sum(1 for aid, (i, _, text) in offsets.items() if texts.get(aid) != text)
    dropped = sum(1 for aid in offsets if aid not in texts)
    for i, (_, tags) in enumerate(sentences):
        gold = gold_spans(tags)
        pred = predicted.get(i, set())
        for g in gold:
            counts[g[2]][0] += 1
        for p in pred:
            counts[p[2]][1] += 1
            counts[p[2]][2] += p in gold
    def prf(c):
        p = c[2] / c[1] if c[1] else 0.0
        r = c[2] / c[0] if c[0] else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0
    print(f"{len(sentences)} sentences; {len(texts)} articles in the report; "
          f"{changed} not reported verbatim, {dropped} of them dropped (no text left after "
          f"cleaning); encoder {report.get('encoder')}")
    for k, c in counts.items():
        print("%-5s gold %5d pred %5d correct %5d  P %.3f R %.3f F1 %.3f" % ((k, *c) + prf(c)))
    total = [sum(counts[k][j] for k in ["PER", "ORG", "LOC"]) for j in range(3)]
    print("PER/ORG/LOC overall  P %.3f R %.3f F1 %.3f" % prf(total))


if __name__ == "__main__":
    main()
