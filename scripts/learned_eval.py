"""Measure the learned type model (whimbrel.events.learned) against the rules, from one run.

Prints top-1 type accuracy of the model, of the rules and of rules+model combinations on
(a) realnews-dev's event sentences (right when the prediction is one of the sentence's gold
types) with the false-event rate on its no-event sentences, and (b) the PLOVER GSR sentences;
and the model's cross-validated accuracy on its own training file. The rules' answer for a
sentence is the type of the first event the rule coder gives on it (the real pipeline, as
``whimbrel eval`` runs it). realnews-dev and PLOVER GSR are never training data here.

Reads ../shared at run time only; exits cleanly when it is absent::

    .venv/bin/python scripts/learned_eval.py [--shared DIR] [--rules-cache FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)


def rule_types(gold_path: Path, fmt: str, docs: Path | None) -> list[str | None]:
    """Per gold sentence: the type of the first event the rule coder gives on it, else None."""
    from whimbrel.evaluation.run import evaluate
    from whimbrel.evaluation.score import align

    run = evaluate(gold_path, fmt, docs=docs)
    by_sentence = align(run.gold, run.system)
    return [by_sentence[i][0].type if by_sentence.get(i) else None for i in range(len(run.gold))]


def _cached_rule_types(cache: Path | None, key: str, gold_path: Path, fmt: str,
                       docs: Path | None) -> list[str | None]:
    """The rule coder is the slow part; a cache file lets the model be re-measured quickly."""
    store = json.loads(cache.read_text()) if cache and cache.exists() else {}
    if key not in store:
        store[key] = rule_types(gold_path, fmt, docs)
        if cache:
            cache.write_text(json.dumps(store))
    return store[key]


def _acc(hits: Sequence[bool]) -> str:
    return f"{sum(hits) / len(hits):.3f} ({sum(hits)}/{len(hits)})" if hits else "n/a"


def combine(rule: str | None, ranked: list[tuple[str, float]], threshold: float) -> str | None:
    """Rules where they fire; else the model's top type when it is not NONE and is sure enough."""
    if rule:
        return rule
    top, p = ranked[0]
    return top if top != "NONE" and p >= threshold else None


def report_set(name: str, gold: list, rules: list[str | None], model) -> None:  # type: ignore[type-arg]
    """Accuracies on one gold set: model, rules, combinations; false events on no-event ones."""
    ranked = [model.predict(g.sentence) for g in gold]
    events = [i for i, g in enumerate(gold) if g.events]
    quiet = [i for i, g in enumerate(gold) if not g.events]
    golds = {i: {e.type for e in gold[i].events} for i in events}

    def event_top1(pred_of) -> tuple[list[bool], list[bool]]:  # type: ignore[no-untyped-def]
        hits = [pred_of(i) in golds[i] for i in events]
        false = [pred_of(i) not in (None, "NONE") for i in quiet]
        return hits, false

    def model_best_type(i: int) -> str:
        """The best event type (NONE skipped): the model's guess when forced to choose."""
        return next(t for t, _ in ranked[i] if t != "NONE")

    print(f"\n== {name}: {len(events)} event sentences, {len(quiet)} no-event sentences")
    rows = [("rules (first event)", lambda i: rules[i]),
            ("model, forced type (NONE skipped)", model_best_type),
            ("model, top-1 (NONE = no event)", lambda i: ranked[i][0][0])]
    for t in THRESHOLDS:
        rows.append((f"rules, else model p>={t:.1f}",
                     lambda i, t=t: combine(rules[i], ranked[i], t)))
    rows.append(("rules, else model forced", lambda i: rules[i] or model_best_type(i)))
    fired = [i for i in events if rules[i]]
    silent = [i for i in events if not rules[i]]
    for label, pred_of in rows:
        hits, false = event_top1(pred_of)
        fr = f"  false-event rate {_acc(false)}" if quiet else ""
        added = [i for i in events + quiet if not rules[i] and pred_of(i) not in (None, "NONE")]
        right = sum(1 for i in added if i in golds and pred_of(i) in golds[i])
        extra = f"  model adds {len(added)} ({right} right)" if label.startswith("rules,") else ""
        print(f"  {label:36s} top-1 {_acc(hits)}{fr}{extra}")
    print(f"  rules fire on {len(fired)}/{len(events)} event sentences;"
          f" where they fire: rules {_acc([rules[i] in golds[i] for i in fired])},"
          f" model forced {_acc([model_best_type(i) in golds[i] for i in fired])};"
          f" where silent: model forced {_acc([model_best_type(i) in golds[i] for i in silent])}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--rules-cache", type=Path, default=None,
                    help="JSON file keeping the rule coder's answers between runs")
    ap.add_argument("--no-rules", action="store_true", help="measure the model alone")
    args = ap.parse_args(argv)
    dev = args.shared / "gold" / "realnews-dev.jsonl"
    docs = args.shared / "corpus" / "realnews-dev"
    gsr = args.shared / "peers" / "plover" / "PLOVER_GSR_CAMEO.txt"
    if not (dev.exists() and gsr.exists()):
        print(f"skipped: {args.shared} has no realnews-dev gold or PLOVER GSR file")
        return 0

    from whimbrel.evaluation.gold import load_plover_gsr, load_whimbrel_gold
    from whimbrel.events.learned import TypeModel, cross_validate

    t0 = time.perf_counter()
    model = TypeModel.default()
    model.predict("warm-up")
    print(f"training: {len(model.labels)} labels, {model.n_examples} examples,"
          f" {model.n_features} features, {time.perf_counter() - t0:.2f} s")
    acc, n = cross_validate(folds=5)
    print(f"training-set 5-fold cross-validated accuracy: {acc:.3f} ({n} sentences)")

    sets = [("realnews-dev", load_whimbrel_gold(dev), "whimbrel", dev, docs),
            ("PLOVER GSR", load_plover_gsr(gsr), "plover-gsr", gsr, None)]
    for name, gold, fmt, path, d in sets:
        if args.no_rules:
            rules: list[str | None] = [None] * len(gold)
        else:
            rules = _cached_rule_types(args.rules_cache, name, path, fmt, d)
        report_set(name, gold, rules, model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
