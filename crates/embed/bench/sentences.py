"""Writes the first N sentences of multi-news validation documents, one a line (naive ". " split)."""
import ast
import csv
import sys

csv.field_size_limit(10**9)
path, limit, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sentences = []
with open(path, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        try:
            docs = ast.literal_eval(row["documents"])
        except (ValueError, SyntaxError):
            docs = [row["documents"]]
        for doc in docs:
            for part in doc.replace("\n", " ").split(". "):
                part = " ".join(part.split())
                if len(part) >= 3:
                    sentences.append(part)
        if len(sentences) >= limit:
            break
with open(out, "w", encoding="utf-8") as f:
    for s in sentences[:limit]:
        f.write(s + "\n")
