#!/usr/bin/env python3
"""A large synthetic corpus for the scale benchmark (speed and memory only, never quality).

Writes N articles as JSONL files of --per-file articles each (`articles-0001.jsonl`, ...) under
DIR, in publication order, as a feed would deliver them. Every sentence is a real news sentence
from ../shared/data (Multi-News, ECB+, MEANTIME), recombined: each story draws its sentences
from two or three source clusters, swaps their names for invented ones (consistently within the
story), and swaps years, months and figures. Story sizes: most stories 1-3 articles, about one
in ten 5-20; a story's articles are published within a few days of each other, stories spread
over --days days from --start. Deterministic for a given --seed. Python 3 standard library only.
"""

import argparse
import ast
import csv
import datetime
import json
import os
import random
import re
import sys

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
KEEP = set(MONTHS) | {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "In", "On", "At", "But", "And",
    "This", "That", "These", "Those", "His", "Her", "Their", "Our", "Its", "Mr", "Mrs", "Ms",
    "Dr", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "After",
    "When", "While", "If", "As", "For", "With", "From", "By", "Of", "To", "There", "What", "Who",
    "According", "However", "Some", "One", "Two", "Three", "New", "President", "Police",
    "Associated", "Press", "AP", "Reuters", "CNN", "US", "U.S", "UK",
}
OUTLETS = [
    "Harbor Gazette", "Northern Ledger", "Daily Courier", "Evening Standard Times",
    "Riverside Post", "Capital Wire", "Coastal Herald", "Metro Tribune", "Valley News",
    "Morning Dispatch", "Global Report", "City Chronicle", "Plains Observer", "Bay Journal",
    "Summit Times", "Lakeside Record", "Union Bulletin", "Frontier Press", "Atlantic Review",
    "Pacific Monitor", "Central Register", "Highland Voice", "Delta Star", "Mountain Mirror",
    "Westside Examiner", "Eastern Sentinel", "Southern Beacon", "Island Messenger",
    "Prairie Leader", "Orchard Daily", "Granite Post", "Canal Street News", "Border Times",
    "Civic Telegraph", "Market Wire", "Sunrise Herald", "Twin Cities Ledger", "Port Gazette",
    "Old Town Crier", "National Digest",
]
SYLLABLES = [
    "ba", "ko", "ren", "ta", "mi", "vol", "shan", "der", "lo", "quin", "ar", "bel", "cor", "dan",
    "el", "fen", "gar", "hal", "is", "jor", "kel", "lan", "mor", "nev", "os", "pra", "ril", "sel",
    "tor", "ul", "var", "wen", "yas", "zel", "bri", "cas", "dov", "eth", "fal", "gri",
]
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘']?[A-Z])")
NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")
NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})*(?:\.\d+)?\b")
MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")


def sentences_of(text):
    """A document's usable sentences (paragraph lines, then sentence ends)."""
    out = []
    for paragraph in re.split(r"\n+", text):
        paragraph = " ".join(paragraph.split())
        for sentence in SENTENCE_END.split(paragraph):
            sentence = sentence.strip()
            if 40 <= len(sentence) <= 400 and sentence[-1] in ".!?\"”'’":
                out.append(sentence)
    return out


def detokenise(text):
    """ECB+ and MEANTIME write tokens with spaces around punctuation."""
    text = re.sub(r" ([,.;:!?%)\]'])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    text = text.replace(" n't", "n't").replace("`` ", "\"").replace(" ''", "\"")
    return text


def load_clusters(data):
    """Source clusters: each a list of sentences (articles of one real story pooled)."""
    clusters = []
    csv.field_size_limit(1 << 30)
    with open(os.path.join(data, "multi-news", "validation.csv"), newline="",
              encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pooled = []
            for doc in ast.literal_eval(row["documents"]):
                pooled.extend(sentences_of(doc))
            if len(pooled) >= 8:
                clusters.append(pooled)
    for name in (os.path.join("ecbplus", "train-dev.jsonl"), os.path.join("meantime", "en.jsonl")):
        groups = {}
        with open(os.path.join(data, name), encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                groups.setdefault(record["group"], []).extend(
                    sentences_of(detokenise(record["text"])))
        clusters.extend(g for _, g in sorted(groups.items()) if len(g) >= 8)
    return clusters


def story_size(rng):
    roll = rng.random()
    if roll < 0.55:
        return 1
    if roll < 0.75:
        return 2
    if roll < 0.85:
        return 3
    if roll < 0.90:
        return 4
    return rng.randint(5, 20)


class Story:
    """One invented story: its sentences, its name/figure swaps, its date."""

    def __init__(self, rng, clusters, day, names):
        self.rng = rng
        self.day = day
        picked = rng.sample(range(len(clusters)), rng.randint(2, 3))
        main = clusters[picked[0]]
        pool = rng.sample(main, min(len(main), rng.randint(10, 24)))
        for other in picked[1:]:
            pool += rng.sample(clusters[other], min(len(clusters[other]), rng.randint(3, 8)))
        self.pool = pool
        self.lead = pool[0]
        self.names = {}
        self.numbers = {}
        self.name_pool = names

    def swap(self, sentence):
        def name(m):
            word = m.group(0)
            if word in KEEP:
                return word
            if word not in self.names:
                self.names[word] = self.rng.choice(self.name_pool)
            return self.names[word]

        def number(m):
            text = m.group(0)
            if text not in self.numbers:
                digits = sum(c.isdigit() for c in text.split(".")[0])
                low = 10 ** (digits - 1) if digits > 1 else 1
                value = self.rng.randint(low, 10 ** digits - 1)
                self.numbers[text] = f"{value:,}" if "," in text else str(value)
            return self.numbers[text]

        sentence = YEAR.sub(str(self.day.year), sentence)
        sentence = MONTH.sub(MONTHS[self.day.month - 1], sentence)
        sentence = NUMBER.sub(number, sentence)
        return NAME.sub(name, sentence)

    def article(self, rng, extra_pool):
        """One outlet's report: a run of the story's sentences, some reordered, a few from
        elsewhere."""
        length = rng.randint(8, 20)
        start = rng.randrange(len(self.pool))
        body = [self.pool[(start + i) % len(self.pool)] for i in range(min(length, len(self.pool)))]
        body += rng.sample(self.pool, min(len(self.pool), max(0, length - len(body))))
        if rng.random() < 0.5:
            body.insert(0, self.lead)
        if rng.random() < 0.3:
            body.insert(rng.randrange(len(body) + 1), rng.choice(extra_pool))
        body = [self.swap(s) for s in body]
        words = self.swap(self.lead).split()
        title = " ".join(words[: rng.randint(6, 12)]).rstrip(",;:")
        return title, body


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="articles to write")
    parser.add_argument("dir", help="output folder (created)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--per-file", type=int, default=1000)
    parser.add_argument("--start", default="2025-01-01")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--data", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data"))
    args = parser.parse_args()

    rng = random.Random(args.seed)
    clusters = load_clusters(args.data)
    everything = [s for c in clusters for s in c]
    # A finite pool of invented names, so rare and common names both occur.
    names = sorted({
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(60000)
    })
    start = datetime.datetime.fromisoformat(args.start)
    articles = []
    while len(articles) < args.n:
        day = start + datetime.timedelta(seconds=rng.randrange(args.days * 86400))
        story = Story(rng, clusters, day, names)
        size = min(story_size(rng), args.n - len(articles))
        spread = 1 if size <= 3 else 7
        outlets = rng.sample(OUTLETS, min(size, len(OUTLETS)))
        for i in range(size):
            at = day + datetime.timedelta(seconds=rng.randrange(spread * 86400))
            title, body = story.article(rng, everything)
            outlet = outlets[i % len(outlets)]
            articles.append((at, title, body, outlet))
    articles.sort(key=lambda a: a[0])
    os.makedirs(args.dir, exist_ok=True)
    words = 0
    for index, (at, title, body, outlet) in enumerate(articles):
        if index % args.per_file == 0:
            if index:
                out.close()
            out = open(os.path.join(args.dir, f"articles-{index // args.per_file + 1:04d}.jsonl"),
                       "w", encoding="utf-8")
        slug = "-".join(re.findall(r"[a-z]+", title.lower())[:6])
        domain = outlet.lower().replace(" ", "") + ".example"
        record = {
            "id": f"syn-{index + 1:06d}",
            "url": f"https://{domain}/{at:%Y/%m/%d}/{slug}-{index + 1}",
            "outlet": outlet,
            "title": title,
            "published": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "text": "\n\n".join(body),
        }
        words += sum(len(s.split()) for s in body)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if articles:
        out.close()
    print(f"{len(articles)} articles, {words / max(1, len(articles)):.0f} words each on average, "
          f"in {(len(articles) + args.per_file - 1) // args.per_file} files under {args.dir}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
