"""Scoring system events against a gold set, as ../shared/gold/FORMAT.md specifies.

1. **Alignment.** Both sentences are normalised (lower case; every run of characters that are not
   letters or digits becomes one space, so a "β" the cleaner turned into "—" does not matter). A
   system event belongs to a gold sentence of the same document when the words of the gold
   sentence matched, in order, by the system sentence (``difflib`` matching blocks) are at least
   half of the gold sentence's words. An event aligning to several gold sentences goes to the
   best-covered one. Events aligned to no gold sentence are not scored.
2. **Reciprocal types.** For CONSULT, COOPERATE and AGREE an X->Y and a Y->X event in one sentence
   are one event, on both sides, and these types are compared without direction.
3. **Pairing.** In each sentence, system and gold events are paired one to one to maximise
   agreement (full 3 > dyad 2 > type 1; pairs of different types are allowed with a tiny weight
   so that the confusion table shows what was mistaken for what). Exact search for up to 7
   events a side, greedy beyond.
4. **Counts.** At each level a pair agreeing at that level is a true positive; every other system
   event is a false positive and every other gold event a false negative (micro-averaged).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from whimbrel.evaluation.gold import GoldEvent, GoldSentence

RECIPROCAL = frozenset({"CONSULT", "COOPERATE", "AGREE"})
LEVELS = ("type", "dyad", "full")
NONE = "∅"


@dataclass(frozen=True, slots=True)
class SystemEvent:
    doc: str
    sentence_text: str
    type: str
    source: str | None = None
    source_sector: str | None = None
    target: str | None = None
    target_sector: str | None = None
    negated: bool = False
    hedged: bool = False
    cameo: str | None = None
    trigger: str | None = None  # the trigger's text and the rule that coded it, for error lists
    rule: str | None = None
    source_text: str | None = None
    target_text: str | None = None


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int

    @classmethod
    def of(cls, tp: int, fp: int, fn: int) -> PRF:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(round(p, 4), round(r, 4), round(f, 4), tp, fp, fn)

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True, slots=True)
class EvalReport:
    type: PRF
    dyad: PRF
    full: PRF
    per_type: dict[str, PRF]
    confusion: dict[tuple[str, str], int]
    gold_sentences: int
    gold_events: int
    system_events: int
    no_event_sentences: int
    false_positives_on_no_event: int
    pairs: list[tuple[str, str, GoldEvent | None, SystemEvent | None]] = field(
        default_factory=list, repr=False)

    def to_json(self) -> dict:  # type: ignore[type-arg]
        return {
            "type": self.type.as_dict(), "dyad": self.dyad.as_dict(), "full": self.full.as_dict(),
            "per_type": {t: p.as_dict() for t, p in sorted(self.per_type.items())},
            "confusion": [{"gold": g, "system": s, "count": n}
                          for (g, s), n in sorted(self.confusion.items())],
            "no_event": {"sentences": self.no_event_sentences,
                         "false_positives": self.false_positives_on_no_event},
            "counts": {"gold_sentences": self.gold_sentences, "gold_events": self.gold_events,
                       "system_events_aligned": self.system_events},
        }


def _norm_words(text: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).split()


def coverage(gold_sentence: str, system_sentence: str) -> float:
    """Share of the gold sentence's words matched in order by the system sentence."""
    g, s = _norm_words(gold_sentence), _norm_words(system_sentence)
    if not g:
        return 0.0
    blocks = difflib.SequenceMatcher(None, g, s, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(g)


def _key(e: GoldEvent | SystemEvent) -> tuple:  # type: ignore[type-arg]
    if e.type in RECIPROCAL:
        ends = sorted([(e.source, e.source_sector), (e.target, e.target_sector)], key=str)
        return (e.type, tuple(ends))
    return (e.type, e.source, e.target, e.source_sector, e.target_sector)


def _collapse(events: Iterable) -> list:  # type: ignore[type-arg]
    """One event per reciprocal pair (X->Y and Y->X) in a sentence."""
    out, seen = [], set()
    for e in events:
        if e.type in RECIPROCAL:
            k = (_key(e), e.negated, e.hedged)
            if k in seen:
                continue
            seen.add(k)
        out.append(e)
    return out


def agreement(g: GoldEvent, s: SystemEvent) -> int:
    """3 full, 2 dyad, 1 type, 0 different types."""
    if g.type != s.type:
        return 0
    if g.type in RECIPROCAL:
        gd = sorted([g.source, g.target], key=str)
        sd = sorted([s.source, s.target], key=str)
        dyad = gd == sd
        sectors = _key(g) == _key(s)
    else:
        dyad = (g.source, g.target) == (s.source, s.target)
        sectors = (g.source_sector, g.target_sector) == (s.source_sector, s.target_sector)
    if not dyad:
        return 1
    return 3 if sectors and (g.negated, g.hedged) == (s.negated, s.hedged) else 2


def _weight(g: GoldEvent, s: SystemEvent) -> float:
    a = agreement(g, s)
    return float(a) if a else 0.01


def pair_events(gold: Sequence[GoldEvent], system: Sequence[SystemEvent]
                ) -> list[tuple[int, int]]:
    """Index pairs (gold, system) of a one-to-one matching that maximises agreement."""
    if not gold or not system:
        return []
    if len(gold) <= 7 and len(system) <= 7:
        best: tuple[float, list[tuple[int, int]]] = (-1.0, [])
        small, large, flip = (gold, system, False) if len(gold) <= len(system) else (
            system, gold, True)
        for perm in itertools.permutations(range(len(large)), len(small)):
            pairs = [(j, i) if flip else (i, j) for i, j in enumerate(perm)]
            total = sum(_weight(gold[a], system[b]) for a, b in pairs)
            if total > best[0]:
                best = (total, pairs)
        return best[1]
    candidates = sorted(((_weight(g, s), i, j) for i, g in enumerate(gold)
                         for j, s in enumerate(system)), reverse=True)
    used_g, used_s, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_g and j not in used_s:
            used_g.add(i)
            used_s.add(j)
            pairs.append((i, j))
    return pairs


def align(gold: Sequence[GoldSentence], system: Sequence[SystemEvent]
          ) -> dict[int, list[SystemEvent]]:
    """System events by the index of the gold sentence they belong to."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        by_doc[g.doc].append(i)
    cache: dict[tuple[int, str], float] = {}
    out: dict[int, list[SystemEvent]] = defaultdict(list)
    for e in system:
        best, best_cov = None, 0.5
        for i in by_doc.get(e.doc, ()):
            key = (i, e.sentence_text)
            if key not in cache:
                cache[key] = coverage(gold[i].sentence, e.sentence_text)
            if cache[key] >= best_cov and (best is None or cache[key] > best_cov):
                best, best_cov = i, cache[key]
        if best is not None:
            out[best].append(e)
    return out


def score(gold: Sequence[GoldSentence], system: Sequence[SystemEvent]) -> EvalReport:
    aligned = align(gold, system)
    tp = Counter[str]()
    n_gold = n_sys = 0
    type_tp, type_sys, type_gold = Counter[str](), Counter[str](), Counter[str]()
    confusion: Counter[tuple[str, str]] = Counter()
    no_event = fp_no_event = 0
    pairs_out: list[tuple[str, str, GoldEvent | None, SystemEvent | None]] = []
    for i, g in enumerate(gold):
        gev = _collapse(g.events)
        sev = _collapse(aligned.get(i, []))
        n_gold += len(gev)
        n_sys += len(sev)
        if not g.events:
            no_event += 1
            fp_no_event += len(sev)
        type_gold.update(e.type for e in gev)
        type_sys.update(e.type for e in sev)
        matched = pair_events(gev, sev)
        used_g, used_s = {a for a, _ in matched}, {b for _, b in matched}
        for a, b in matched:
            level = agreement(gev[a], sev[b])
            for n, name in enumerate(LEVELS, start=1):
                tp[name] += level >= n
            confusion[(gev[a].type, sev[b].type)] += 1
            if level >= 1:
                type_tp[gev[a].type] += 1
            pairs_out.append((g.doc, g.sentence, gev[a], sev[b]))
        for a, e in enumerate(gev):
            if a not in used_g:
                confusion[(e.type, NONE)] += 1
                pairs_out.append((g.doc, g.sentence, e, None))
        for b, e in enumerate(sev):
            if b not in used_s:
                confusion[(NONE, e.type)] += 1
                pairs_out.append((g.doc, g.sentence, None, e))
    levels = {name: PRF.of(tp[name], n_sys - tp[name], n_gold - tp[name]) for name in LEVELS}
    per_type = {t: PRF.of(type_tp[t], type_sys[t] - type_tp[t], type_gold[t] - type_tp[t])
                for t in sorted(set(type_gold) | set(type_sys))}
    return EvalReport(levels["type"], levels["dyad"], levels["full"], per_type, dict(confusion),
                      len(gold), n_gold, n_sys, no_event, fp_no_event, pairs_out)


def coding_share(gold: Sequence[GoldSentence], system: Sequence[SystemEvent]) -> tuple[int, int]:
    """PETRARCH-style: expected codings produced with the same CAMEO root (first two digits) and
    both actor codes (compared on their first three letters, the country or group code)."""
    aligned = align(gold, system)
    produced = expected = 0

    def short(code: str | None) -> str:
        return (code or "")[:3]

    for i, g in enumerate(gold):
        got = {((e.cameo or "")[:2], short(e.source), short(e.target)) for e in aligned.get(i, [])}
        for e in g.events:
            expected += 1
            produced += ((e.cameo or "")[:2], short(e.source), short(e.target)) in got
    return produced, expected


def render_text(report: EvalReport) -> str:
    lines = [f"{'level':6} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name in LEVELS:
        p = getattr(report, name)
        lines.append(f"{name:6} {p.precision:6.3f} {p.recall:6.3f} {p.f1:6.3f} "
                     f"{p.tp:5} {p.fp:5} {p.fn:5}")
    lines.append("")
    lines.append(f"{'type':10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'sys':>5}")
    for t, p in report.per_type.items():
        lines.append(f"{t:10} {p.precision:6.3f} {p.recall:6.3f} {p.f1:6.3f} "
                     f"{p.tp + p.fn:5} {p.tp + p.fp:5}")
    lines.append("")
    lines.append("confusion (gold -> system, off-diagonal):")
    for (g, s), n in sorted(report.confusion.items(), key=lambda kv: -kv[1]):
        if g != s:
            lines.append(f"  {g:10} -> {s:10} {n}")
    lines.append("")
    lines.append(f"no-event sentences: {report.no_event_sentences}, events coded on them: "
                 f"{report.false_positives_on_no_event}")
    return "\n".join(lines)


ERROR_CLASSES = (
    "missed: nothing coded in the sentence",
    "missed: the sentence has other events",
    "wrong type",
    "right type, source and target wrong",
    "right type, source wrong",
    "right type, source missing",
    "right type, target wrong",
    "right type, target missing",
    "right dyad, sector, negation or hedging wrong",
    "extra event on an event sentence",
    "extra event on a no-event sentence",
)


def error_classes(report: EvalReport, gold: Sequence[GoldSentence]
                  ) -> dict[str, list[tuple[str, str, GoldEvent | None, SystemEvent | None]]]:
    """Every scoring error in one class of :data:`ERROR_CLASSES` (a pair reaching the full level
    is no error), with its pairs (doc, sentence, gold, system) as evidence."""
    no_event = {(g.doc, g.sentence) for g in gold if not g.events}
    coded: set[tuple[str, str]] = {(d, t) for d, t, _, s in report.pairs if s is not None}
    out: dict[str, list] = {c: [] for c in ERROR_CLASSES}  # type: ignore[type-arg]
    for doc, sentence, g, s in report.pairs:
        pair = (doc, sentence, g, s)
        if g is None and s is not None:
            key = 10 if (doc, sentence) in no_event else 9
        elif s is None and g is not None:
            key = 1 if (doc, sentence) in coded else 0
        elif g is not None and s is not None:
            level = agreement(g, s)
            if level == 3:
                continue
            if level == 0:
                key = 2
            elif level == 2:
                key = 8
            else:
                src_ok, tgt_ok = _ends_agree(g, s)
                if not src_ok and not tgt_ok:
                    key = 3
                elif not src_ok:
                    key = 5 if s.source is None else 4
                else:
                    key = 7 if s.target is None else 6
        else:
            continue
        out[ERROR_CLASSES[key]].append(pair)
    return out


def _ends_agree(g: GoldEvent, s: SystemEvent) -> tuple[bool, bool]:
    """Whether the source and the target codes agree (for reciprocal types, in either order)."""
    if g.type in RECIPROCAL:
        if {g.source, g.target} == {s.source, s.target}:
            return True, True
        if g.source == s.target or g.target == s.source:  # one side right, the other way round
            return True, False
    return g.source == s.source, g.target == s.target


def render_error_classes(classes: dict[str, list]) -> str:  # type: ignore[type-arg]
    total = sum(len(v) for v in classes.values())
    lines = [f"{'errors by class':52} {'count':>5} {'share':>6}"]
    for name, pairs in classes.items():
        share = len(pairs) / total if total else 0.0
        lines.append(f"  {name:50} {len(pairs):5} {share:6.1%}")
    return "\n".join(lines)


def _describe(e: GoldEvent | SystemEvent) -> str:
    flags = "".join(f for f, on in (("N", e.negated), ("H", e.hedged)) if on)
    text = f"{e.type} {e.source}/{e.source_sector} -> {e.target}/{e.target_sector}"
    words = f" [{e.source_text or '-'} | {e.target_text or '-'}]"
    extra = f" ({e.trigger}, {e.rule})" if isinstance(e, SystemEvent) else ""
    return text + (f" {flags}" if flags else "") + words + extra


def render_errors(report: EvalReport) -> str:
    """Every scored sentence with its gold and system events paired as the scorer paired them,
    each pair marked with the level it reached (``full``, ``dyad``, ``type``, ``WRONG TYPE``,
    ``MISSED``, ``EXTRA``): the raw material of an error analysis."""
    by_sentence: dict[tuple[str, str], list] = {}  # type: ignore[type-arg]
    for doc, sentence, g, s in report.pairs:
        by_sentence.setdefault((doc, sentence), []).append((g, s))
    lines: list[str] = []
    for (doc, sentence), pairs in by_sentence.items():
        lines.append(f"## {doc}: {sentence}")
        for g, s in pairs:
            if g is not None and s is not None:
                level = ("WRONG TYPE", "type", "dyad", "full")[agreement(g, s)]
                lines.append(f"  {level:10} gold {_describe(g)}")
                lines.append(f"  {'':10} sys  {_describe(s)}")
            elif g is not None:
                lines.append(f"  {'MISSED':10} gold {_describe(g)}")
            elif s is not None:
                lines.append(f"  {'EXTRA':10} sys  {_describe(s)}")
        lines.append("")
    return "\n".join(lines)
