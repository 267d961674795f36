"""Synthetic news articles for the benchmarks, made from the bundled sample corpus.

The sample has 37 short reports (about 210 sentences). A benchmark needs thousands of articles
that whimbrel keeps (neither exact copies nor, mostly, near-duplicates), that read like news and
that exercise the same stages. Each generated article is:

* paragraphs of 1-3 sentences drawn at random from the whole sample (cleaned text), so
  sentences from different reports are permuted across articles: 8-16 paragraphs for
  news-length articles (about 480 words, a wire story; the throughput corpus), 2-5 for short
  ones (about 140 words; the memory corpus, where the number of articles is what matters);
* varied per article: every country named (name, demonym, capital) is mapped to another country
  from :data:`COUNTRIES`, numbers get other numbers of the same size, years and weekdays other
  years and weekdays; the 5-word shingles MinHash compares are broken in most sentences;
* in about a quarter of the articles, followed by web junk the cleaner removes (comment-bait,
  related-article links, licence lines) taken from the raw sample texts.

Articles are written as JSON Lines (``id``, ``published``, ``title``, ``url``, ``text``) and cached
under ``benchmarks/.cache/``; the same size and seed always give the same file.

>>> records = list(generate(3, seed=1))
>>> [r["id"] for r in records]
['bench-1-000000', 'bench-1-000001', 'bench-1-000002']
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import whimbrel
from whimbrel.errors import RejectedInput
from whimbrel.pipeline import prepare
from whimbrel.readers import read_inputs
from whimbrel.records import Rejection

CORPUS_VERSION = 2  # bump when generation changes: cached files carry it in their name
LENGTHS = {"news": (8, 16), "short": (2, 5)}  # paragraphs per article, at least and at most
SAMPLE = Path(whimbrel.__file__).parent / "data" / "sample"
CACHE = Path(__file__).resolve().parent / ".cache"

# (name, demonym, capital): the sample's countries and others to map them to
COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("Iran", "Iranian", "Tehran"), ("Israel", "Israeli", "Jerusalem"),
    ("Russia", "Russian", "Moscow"), ("Ukraine", "Ukrainian", "Kyiv"),
    ("China", "Chinese", "Beijing"), ("Qatar", "Qatari", "Doha"),
    ("Turkey", "Turkish", "Ankara"), ("Pakistan", "Pakistani", "Islamabad"),
    ("Syria", "Syrian", "Damascus"), ("Yemen", "Yemeni", "Sanaa"),
    ("Oman", "Omani", "Muscat"), ("Iraq", "Iraqi", "Baghdad"),
    ("Egypt", "Egyptian", "Cairo"), ("Jordan", "Jordanian", "Amman"),
    ("Lebanon", "Lebanese", "Beirut"), ("Saudi Arabia", "Saudi", "Riyadh"),
    ("France", "French", "Paris"), ("Germany", "German", "Berlin"),
    ("Poland", "Polish", "Warsaw"), ("Italy", "Italian", "Rome"),
    ("Spain", "Spanish", "Madrid"), ("India", "Indian", "New Delhi"),
    ("Japan", "Japanese", "Tokyo"), ("Brazil", "Brazilian", "Brasilia"),
    ("Canada", "Canadian", "Ottawa"), ("Mexico", "Mexican", "Mexico City"),
    ("Kazakhstan", "Kazakh", "Astana"), ("Azerbaijan", "Azerbaijani", "Baku"),
    ("Armenia", "Armenian", "Yerevan"), ("Georgia", "Georgian", "Tbilisi"),
    ("Belarus", "Belarusian", "Minsk"), ("Hungary", "Hungarian", "Budapest"),
    ("North Korea", "North Korean", "Pyongyang"), ("South Korea", "South Korean", "Seoul"),
    ("Indonesia", "Indonesian", "Jakarta"), ("Nigeria", "Nigerian", "Abuja"),
    ("Ethiopia", "Ethiopian", "Addis Ababa"), ("Kenya", "Kenyan", "Nairobi"),
    ("Venezuela", "Venezuelan", "Caracas"), ("Colombia", "Colombian", "Bogota"),
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_FORMS = {form: (row, k) for row, forms in enumerate(COUNTRIES) for k, form in enumerate(forms)}
_COUNTRY = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _FORMS), key=len, reverse=True))
                      + r")\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?![\w.,]\d)")
_SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])")


@dataclass(frozen=True, slots=True)
class SamplePools:
    """What articles are made of: cleaned sentences, titles, and raw junk lines."""

    sentences: tuple[str, ...]
    titles: tuple[str, ...]
    junk: tuple[str, ...]


@cache
def load_pools(sample: Path = SAMPLE) -> SamplePools:
    """Sentences (from the cleaned texts), titles and junk lines (raw lines the cleaner drops)."""
    sentences: list[str] = []
    titles: list[str] = []
    junk: list[str] = []
    for item in read_inputs([sample]):
        if isinstance(item, Rejection):
            continue
        try:
            article = prepare(item)
        except RejectedInput:
            continue
        if article.title:
            titles.append(article.title)
        cleaned = " ".join(article.text.split())
        for line in article.text.split("\n"):
            if line.rstrip().endswith((".", "!", "?", '"', "”")):  # headings are not prose
                sentences.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
        for line in (item.text or "").split("\n"):
            folded = " ".join(line.split())
            if folded and folded[:30] not in cleaned:  # the cleaner removed it, not repaired it
                junk.append(line)
    return SamplePools(tuple(sentences), tuple(titles), tuple(dict.fromkeys(junk)))


class _Variation:
    """One article's substitutions: a country mapping, numbers, years and weekdays."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.countries: dict[int, int] = {}

    def _country(self, match: re.Match[str]) -> str:
        row, form = _FORMS[match.group(1)]
        if row not in self.countries:
            taken = set(self.countries.values())
            free = [r for r in range(len(COUNTRIES)) if r not in taken] or [row]
            self.countries[row] = self.rng.choice(free)
        return COUNTRIES[self.countries[row]][form]

    def _number(self, match: re.Match[str]) -> str:
        digits = match.group(0)
        value = int(digits)
        if len(digits) == 4 and 1950 <= value <= 2035:
            return str(self.rng.randint(2012, 2026))
        if len(digits) == 1:
            return str(self.rng.randint(2, 9))
        return str(self.rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    def apply(self, text: str) -> str:
        text = _COUNTRY.sub(self._country, text)
        text = _WEEKDAY.sub(lambda m: self.rng.choice(WEEKDAYS), text)
        return _NUMBER.sub(self._number, text)


def generate(n: int, *, seed: int = 0, pools: SamplePools | None = None,
             length: str = "short") -> Iterator[dict[str, str]]:
    """``n`` article records (JSON Lines fields), deterministic for a seed and length."""
    pools = pools or load_pools()
    fewest, most = LENGTHS[length]
    rng = random.Random(seed)
    first = date(2016, 1, 1)
    for i in range(n):
        vary = _Variation(rng)
        paragraphs = []
        for _ in range(rng.randint(fewest, most)):
            picked = rng.sample(pools.sentences, rng.randint(1, 3))
            paragraphs.append(" ".join(vary.apply(s) for s in picked))
        if pools.junk and rng.random() < 0.25:
            paragraphs.extend(rng.sample(pools.junk, min(len(pools.junk), rng.randint(1, 3))))
        published = first + timedelta(days=rng.randrange(3650))
        yield {"id": f"bench-{seed}-{i:06d}", "published": published.isoformat(),
               "title": vary.apply(rng.choice(pools.titles)) if pools.titles else "",
               "url": f"https://bench.test/{seed}/{i}", "text": "\n".join(paragraphs)}


def write_jsonl(path: Path, n: int, *, seed: int = 0, length: str = "short") -> Path:
    """Write ``n`` generated articles to ``path`` (atomically) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for record in generate(n, seed=seed, length=length):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def ensure_cache_dir() -> Path:
    """``benchmarks/.cache/``, with a ``.gitignore`` that keeps it out of git."""
    CACHE.mkdir(parents=True, exist_ok=True)
    ignore = CACHE / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    return CACHE


def corpus_file(n: int, *, seed: int = 0, length: str = "short") -> Path:
    """The cached JSON Lines file of ``n`` generated articles, written on first use."""
    path = ensure_cache_dir() / f"corpus-v{CORPUS_VERSION}-{length}-s{seed}-{n}.jsonl"
    return path if path.exists() else write_jsonl(path, n, seed=seed, length=length)


def cleaned_texts(path: Path) -> list[str]:
    """The cleaned texts whimbrel would parse from ``path`` (read and clean stages, no dedup)."""
    texts = []
    for item in read_inputs([path]):
        if isinstance(item, Rejection):
            continue
        try:
            texts.append(prepare(item).text)
        except RejectedInput:
            continue
    return texts


def words(texts: list[str]) -> int:
    """Words as the benchmarks count them: ``len(text.split())`` summed."""
    return sum(len(t.split()) for t in texts)


if __name__ == "__main__":
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    for record in generate(count, seed=int(sys.argv[2]) if len(sys.argv) > 2 else 0):
        print(record["id"], record["published"], record["title"])
        print(record["text"], end="\n\n")
