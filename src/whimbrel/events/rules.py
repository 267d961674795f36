"""The coding rules: trigger lemmas and their PLOVER type, CAMEO code and argument hints.

Loaded once from the versioned data file ``data/events/rules.yaml`` into immutable lookups.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import yaml

from whimbrel.errors import WhimbrelError
from whimbrel.records import PLOVER_TYPES

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "events" / "rules.yaml"


class RuleError(WhimbrelError):
    """The rules file is malformed (the message names the file and the entry)."""


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: str
    pos: str  # "verb" or "noun"
    type: str
    cameo: str
    mode: str | None = None
    requires_object: frozenset[str] = frozenset()
    requires_object_actor: bool = False
    requires_prep: frozenset[str] = frozenset()
    requires_particle: frozenset[str] = frozenset()
    requires_prep_actor: bool = False
    excludes: frozenset[str] = frozenset()
    excludes_subject: frozenset[str] = frozenset()
    requires_verb: frozenset[str] = frozenset()
    requires_modifier: frozenset[str] = frozenset()
    requires_prep_pobj: bool = False
    requires_prep_object: frozenset[str] = frozenset()
    requires_participant: bool = False
    requires_label: str | None = None  # "condemnatory" or "approving": a key of `evaluations`
    requires_complement: bool = False  # an infinitive complement: "told X to leave", "wants X to"
    active_only: bool = False
    object_types: Mapping[str, str] = field(default_factory=dict)
    prep_types: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rules:
    """``verbs``/``nouns`` give each lemma's first rule; ``verb_rules``/``noun_rules`` all of
    its alternatives in file order ("pull out" RETREAT, "pull back" RETREAT ...; "strike a deal"
    AGREE before "strike" ASSAULT): the first whose conditions hold is the trigger."""

    version: int
    verbs: Mapping[str, Trigger]
    nouns: Mapping[str, Trigger]
    target_preps: Mapping[str, frozenset[str]]
    pledge_heads: frozenset[str]
    threat_heads: frozenset[str]
    directive_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    negation_words: frozenset[str]
    negation_verbs: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_modals: frozenset[str]
    hedge_verbs: frozenset[str]
    hedge_nouns: frozenset[str]
    hedge_adjectives: frozenset[str]
    hedge_marks: frozenset[str]
    media: Mapping[tuple[str, str], str] = field(default_factory=dict)
    verb_rules: Mapping[str, tuple[Trigger, ...]] = field(default_factory=dict)
    noun_rules: Mapping[str, tuple[Trigger, ...]] = field(default_factory=dict)
    # evaluative words as token runs ({"condemnatory": (("war", "crime"), ...), ...}), the verbs
    # heading a copular predication ("was", "constitute", "amount to"), and the rule a reporting
    # verb takes when its complement labels an actor ("X said the junta was out of control")
    evaluations: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    copulas: frozenset[str] = frozenset()
    statement_rules: Mapping[str, Trigger] = field(default_factory=dict)


def _trigger(lemma: str, pos: str, spec: dict, where: str) -> Trigger:  # type: ignore[type-arg]
    if not isinstance(spec, dict) or spec.get("type") not in PLOVER_TYPES:
        raise RuleError(f"{where}: {pos} {lemma!r}: 'type' must be one of the 16 PLOVER types")
    for t in list(spec.get("object_types", {}).values()) + list(spec.get("prep_types", {}).values()):
        if t not in PLOVER_TYPES:
            raise RuleError(f"{where}: {pos} {lemma!r}: unknown type {t!r}")
    return Trigger(
        lemma=lemma, pos=pos, type=spec["type"], cameo=str(spec.get("cameo", "")),
        mode=spec.get("mode"),
        requires_object=frozenset(spec.get("requires_object", ())),
        requires_object_actor=bool(spec.get("requires_object_actor", False)),
        requires_prep=frozenset(spec.get("requires_prep", ())),
        requires_particle=_words(spec.get("requires_particle")),
        requires_prep_actor=bool(spec.get("requires_prep_actor", False)),
        excludes=frozenset(spec.get("excludes", ())),
        excludes_subject=frozenset(spec.get("excludes_subject", ())),
        requires_verb=frozenset(spec.get("requires_verb", ())),
        requires_modifier=frozenset(spec.get("requires_modifier", ())),
        requires_prep_pobj=bool(spec.get("requires_prep_pobj", False)),
        requires_prep_object=frozenset(spec.get("requires_prep_object", ())),
        requires_participant=bool(spec.get("requires_participant", False)),
        requires_label=spec.get("requires_label"),
        requires_complement=bool(spec.get("requires_complement", False)),
        active_only=bool(spec.get("active_only", False)),
        object_types=MappingProxyType(dict(spec.get("object_types", {}))),
        prep_types=MappingProxyType(dict(spec.get("prep_types", {}))),
    )


def _words(value: str | list[str] | None) -> frozenset[str]:
    """A condition given as one word or a list of words."""
    if value is None:
        return frozenset()
    return frozenset([value] if isinstance(value, str) else value)


def _alternatives(lemma: str, pos: str, spec: object, where: str) -> tuple[Trigger, ...]:
    """One rule (a mapping) or alternatives (a list of mappings, tried in order)."""
    specs = spec if isinstance(spec, list) else [spec]
    if not specs:
        raise RuleError(f"{where}: {pos} {lemma!r}: give a rule or a list of rules")
    return tuple(_trigger(lemma, pos, one, where) for one in specs)


def _check_strings(data: object, where: str) -> None:
    """YAML 1.1 reads bare on/off/yes/no as booleans: every list item must be a string."""
    if isinstance(data, dict):
        for k, v in data.items():
            _check_strings(v, f"{where}.{k}")
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict):  # a lemma's alternative rules
                _check_strings(item, where)
            elif not isinstance(item, str):
                raise RuleError(f"{where}: {item!r} is not a string (quote words like \"on\")")


def read_rules(path: Path) -> Rules:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: cannot read rules: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise RuleError(f"{path}: a rules file needs a top-level 'version'")
    where = str(path)
    _check_strings({k: v for k, v in data.items() if k != "version"}, where)
    verb_rules = {k: _alternatives(k, "verb", v, where) for k, v in (data.get("verbs") or {}).items()}
    noun_rules = {k: _alternatives(k, "noun", v, where) for k, v in (data.get("nouns") or {}).items()}
    verbs = {k: v[0] for k, v in verb_rules.items()}
    nouns = {k: v[0] for k, v in noun_rules.items()}
    preps = {t: frozenset(p) for t, p in (data.get("defaults", {}).get("target_preps") or {}).items()}
    evaluations, copulas, statement = _evaluations(data.get("evaluations") or {}, where)
    for lemma, alts in verb_rules.items():
        for t in alts:
            if t.requires_label is not None and t.requires_label not in evaluations:
                raise RuleError(f"{where}: verb {lemma!r}: requires_label must be one of "
                                f"{sorted(evaluations)} (the lists under 'evaluations')")
    reporting = frozenset(data.get("reporting_verbs", ()))
    neg = data.get("negation", {})
    hedge = data.get("hedging", {})
    return Rules(
        version=int(data["version"]), verbs=MappingProxyType(verbs),
        nouns=MappingProxyType(nouns), target_preps=MappingProxyType(preps),
        pledge_heads=frozenset(data.get("pledge_heads", ())),
        threat_heads=frozenset(data.get("threat_heads", ())),
        directive_verbs=frozenset(data.get("directive_verbs", ())),
        reporting_verbs=reporting,
        negation_words=frozenset(neg.get("words", ())),
        negation_verbs=frozenset(neg.get("verbs", ())),
        hedge_adverbs=frozenset(hedge.get("adverbs", ())),
        hedge_modals=frozenset(hedge.get("modals", ())),
        hedge_verbs=frozenset(hedge.get("verbs", ())),
        hedge_nouns=frozenset(hedge.get("nouns", ())),
        hedge_adjectives=frozenset(hedge.get("adjectives", ())),
        hedge_marks=frozenset(hedge.get("marks", ())),
        media=MappingProxyType(_media(data.get("media") or {}, where)),
        verb_rules=MappingProxyType(verb_rules), noun_rules=MappingProxyType(noun_rules),
        evaluations=MappingProxyType(evaluations), copulas=copulas,
        statement_rules=MappingProxyType({
            v: replace(t, lemma=v) for v in reporting for t in statement}),
    )


def _evaluations(spec: dict, where: str  # type: ignore[type-arg]
                 ) -> tuple[dict[str, tuple[tuple[str, ...], ...]], frozenset[str], list[Trigger]]:
    """``evaluations: {condemnatory: [...], approving: [...], copulas: [...], statement: {...}}``
    -> the word lists as token runs ("out of control" -> ("out", "of", "control")), the copulas,
    and the rule of a reported copular statement (as a one-element list, or none)."""
    if not isinstance(spec, dict):
        raise RuleError(f"{where}: evaluations: give a mapping of word lists")
    lists = {k: tuple(tuple(w.lower().split()) for w in v) for k, v in spec.items()
             if k not in ("copulas", "statement")}
    for k, v in lists.items():
        if not v or any(not run for run in v):
            raise RuleError(f"{where}: evaluations.{k}: give a non-empty list of words")
    statement = []
    if spec.get("statement") is not None:
        statement = [_trigger("statement", "verb", spec["statement"], where)]
        label = statement[0].requires_label
        if label not in lists:
            raise RuleError(f"{where}: evaluations.statement: requires_label must be one of "
                            f"{sorted(lists)}")
    return lists, frozenset(spec.get("copulas", ())), statement


def _media(spec: dict, where: str) -> dict[tuple[str, str], str]:  # type: ignore[type-arg]
    """``{medium: {nouns: [...], verbs: [...]}}`` -> {(lemma, "noun"|"verb"): medium}."""
    out: dict[tuple[str, str], str] = {}
    for medium, words in spec.items():
        if not isinstance(words, dict) or set(words) - {"nouns", "verbs"}:
            raise RuleError(f"{where}: media.{medium}: give 'nouns' and/or 'verbs' lists")
        for pos in ("nouns", "verbs"):
            for w in words.get(pos, ()):
                out[(w, pos[:-1])] = medium
    return out


@functools.lru_cache(maxsize=4)
def _cached(path: Path) -> Rules:
    return read_rules(path)


def load_rules(path: Path | None = None) -> Rules:
    """The coding rules (the bundled file by default), loaded once per path."""
    return _cached((path or DEFAULT_PATH).resolve())
