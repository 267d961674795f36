"""Attributes of a coded event: negation, hedging, speaker, quotation, date, place, contexts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from whimbrel.events.rules import Rules
from whimbrel.records import Location

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
CLAUSE_BOUNDARY = frozenset({"ccomp", "advcl", "relcl", "parataxis", "acl"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")


@dataclass(frozen=True, slots=True)
class Attributes:
    negated: bool = False
    hedged: bool = False
    quoted: bool = False
    speaker: str | None = None
    date: str | None = None
    location: Location | None = None
    contexts: tuple[str, ...] = ()
    medium: str | None = None


def _clause(tok):  # type: ignore[no-untyped-def]
    """The trigger and its ancestors up to (and including) the first clause head."""
    chain = [tok]
    node = tok
    while node.head.i != node.i:
        dep = node.dep_
        node = node.head
        chain.append(node)
        if dep in CLAUSE_BOUNDARY or node.pos_ in ("VERB", "AUX") and dep not in (
                "xcomp", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "conj", "pcomp", "acomp"):
            break
    return chain


NOT_ONLY = frozenset({"merely", "just", "only", "simply", "solely"})


def negated(tok, rules: Rules) -> bool:  # type: ignore[no-untyped-def]
    chain = _clause(tok)
    for k, node in enumerate(chain):
        if k and node.lemma_.lower() == "be" and chain[k - 1].dep_ in ("nsubj", "nsubjpass"):
            continue  # "the appeal is not a cry for help": the predicate is denied, not the event
        rule = rules.verbs.get(node.lemma_.lower()) if k and node.pos_ == "VERB" else None
        if rule is not None and not rule.requires_object:
            break  # "did not condemn the strikes": the condemnation is denied, not the strikes
        for c in node.children:
            nxt = c.nbor(1) if c.i + 1 < len(c.doc) else None
            if c.dep_ == "neg" and nxt is not None and nxt.lower_ in NOT_ONLY:
                continue  # "not only condemned ... but also"
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no" and node.pos_ == "NOUN"):
                return True
        if node.i != tok.i and node.lemma_.lower() in rules.negation_verbs:
            return True
    return False


def hedged(tok, rules: Rules) -> bool:  # type: ignore[no-untyped-def]
    chain = _clause(tok)
    for node in chain:
        for c in node.children:
            low = c.lower_
            if c.dep_ == "advmod" and low in rules.hedge_adverbs:
                return True
            if c.dep_ == "aux" and low in rules.hedge_modals:
                return True
            if c.dep_ == "mark" and low in rules.hedge_marks:
                return True
            if c.dep_ == "amod" and low in rules.hedge_adjectives and node.pos_ == "NOUN":
                return True
            if c.dep_ == "prep" and low == "according":
                if any(g.lemma_.lower() in ("report", "source") for g in c.subtree):
                    return True
        if node.i != tok.i and node.lower_ in rules.hedge_nouns:
            return True
    for child, node in zip(chain, chain[1:]):
        # the event is the complement of a hedging verb ("reports suggest Russia provided ...")
        if child.dep_ in ("ccomp", "xcomp", "advcl") and node.lemma_.lower() in rules.hedge_verbs:
            return True
    top = chain[-1]
    # "is reported to have reiterated", "reports suggesting he characterized"
    if top.head.i != top.i and top.head.lemma_.lower() in rules.hedge_verbs:
        return True
    return False


def reporting_verb(tok, rules: Rules, hops: int = 6):  # type: ignore[no-untyped-def]
    """The reporting verb ("said", "announced") whose complement ``tok`` is in, within
    ``hops`` heads, or None."""
    node = tok
    for _ in range(hops):
        if node.head.i == node.i:
            return None
        dep, node = node.dep_, node.head
        if dep in ("ccomp", "parataxis") and node.lemma_.lower() in rules.reporting_verbs:
            return node
    return None


def speaker_of(tok, rules: Rules) -> str | None:  # type: ignore[no-untyped-def]
    verb = reporting_verb(tok, rules)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb else None
    return None if subject is None else tok.doc[subject.left_edge.i:subject.right_edge.i + 1].text


def quoted(tok, sent=None) -> bool:  # type: ignore[no-untyped-def]
    sent = sent if sent is not None else tok.sent
    before = tok.doc[sent.start:tok.i].text  # (doc.text would join the whole document)
    return (before.count('"') + before.count("“") - before.count("”")) % 2 == 1


def resolve_date(text: str, reference: date | None) -> str | None:
    """A date expression as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; relative ones need a year.

    >>> resolve_date("June 13", date(2025, 6, 19))
    '2025-06-13'
    >>> resolve_date("in January", date(2025, 6, 19))
    '2025-01'
    >>> resolve_date("2022", None)
    '2022'
    """
    low = text.lower()
    year_m = _YEAR.search(low)
    month = next((n for m, n in MONTHS.items() if re.search(rf"\b{m}\b", low)), None)
    year = int(year_m.group(1)) if year_m else None
    if month is None:
        return str(year) if year and re.fullmatch(r"(in |the )?\d{4}s?", low.strip()) else (
            str(year) if year and len(low.split()) <= 2 else None)
    if year is None:
        if reference is None:
            return None
        year = reference.year if month <= reference.month else reference.year - 1
    day_m = _DAY.search(_YEAR.sub("", low))
    if day_m and 1 <= int(day_m.group(1)) <= 31:
        try:
            return date(year, month, int(day_m.group(1))).isoformat()
        except ValueError:
            return None
    return f"{year:04d}-{month:02d}"


def sentence_dates(sent):  # type: ignore[no-untyped-def]
    """The DATE entities wholly inside ``sent``, in order: ``sent.ents`` restricted to DATE,
    read from the tokens' entity tags (``Span.ents`` builds every entity of the document on
    each call, which made this the costliest step of coding a long article)."""
    doc, start = sent.doc, None
    for tok in sent:
        inside = tok.ent_iob_ == "I"
        if start is not None and not inside:
            yield doc[start:tok.i]
            start = None
        if tok.ent_iob_ == "B" and tok.ent_type_ == "DATE":
            start = tok.i
    if start is not None and (sent.end == len(doc) or doc[sent.end].ent_iob_ != "I"):
        yield doc[start:sent.end]


def date_entities(tok, sent=None):  # type: ignore[no-untyped-def]
    """DATE entities of the sentence (``tok.sent``, if not given) that hang on the trigger's
    clause."""
    anchors = {tok.i} | {a.i for a in _clause(tok)}
    for ent in sentence_dates(sent if sent is not None else tok.sent):
        node, hops = ent.root, 0
        while hops < 4 and node.i not in anchors and node.head.i != node.i:
            node, hops = node.head, hops + 1
        if node.i in anchors:
            yield ent


def date_of(tok, reference: date | None, sent=None) -> str | None:  # type: ignore[no-untyped-def]
    for ent in date_entities(tok, sent):
        value = resolve_date(ent.text, reference)
        if value:
            return value
    return None


def location_of(tok) -> Location | None:  # type: ignore[no-untyped-def]
    for node in _clause(tok)[:2]:
        for prep in node.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "near", "over"):
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ in PLACE_LABELS:
                    places = [pobj, *[c for c in pobj.conjuncts if c.ent_type_ in PLACE_LABELS]]
                    ents = [_entity(p) for p in places]
                    start, end = ents[0].start, max(e.end for e in ents)
                    if doc_text_is_list(pobj.doc[start:end]):
                        return Location(name=pobj.doc[start:end].text)
                    return Location(name=ents[0].text)
    return None


def _entity(tok):  # type: ignore[no-untyped-def]
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            start = ent.start + (1 if tok.doc[ent.start].lower_ == "the" else 0)
            return tok.doc[start:ent.end]
    return tok.doc[tok.i:tok.i + 1]


def doc_text_is_list(span) -> bool:  # type: ignore[no-untyped-def]
    """True for a plain list of places ("Fordow, Natanz, and Isfahan")."""
    return all(t.ent_type_ in PLACE_LABELS or t.lower_ in (",", "and", "or") for t in span)


def contexts_of(tok, sent=None) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    words = {t.lower_ for t in tok.subtree} | {
        t.lower_ for t in (sent if sent is not None else tok.sent)}
    out = []
    if words & {"nuclear", "uranium", "radiological", "enrichment"}:
        out.append("cbrn")
    if words & {"military", "troops", "army", "airstrikes", "strikes", "missile", "missiles"}:
        out.append("military")
    return tuple(out)


def medium_of(tok, rules: Rules) -> str | None:  # type: ignore[no-untyped-def]
    """How a communication went ("phone", "letter", "in person"), from the trigger, the words
    of its clause, and their objects ("penned a letter ..., requesting", "came during a call")."""
    nodes = _clause(tok)
    seen = list(nodes)
    for node in nodes:
        for c in node.children:
            if c.dep_ in ("dobj", "nsubj", "nsubjpass"):
                seen.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("during", "in", "via", "by", "through", "over"):
                seen.extend(g for g in c.children if g.dep_ == "pobj")
    for node in seen:
        key = (node.lemma_.lower(), "noun" if node.pos_ in ("NOUN", "PROPN") else "verb")
        if key in rules.media:
            return rules.media[key]
    return None


def attributes_of(tok, rules: Rules, reference: date | None,  # type: ignore[no-untyped-def]
                  sent=None) -> Attributes:
    """The trigger's attributes; ``sent`` is ``tok.sent`` when the caller has it (spaCy finds
    a token's sentence by walking the document)."""
    sent = sent if sent is not None else tok.sent
    return Attributes(
        negated=negated(tok, rules), hedged=hedged(tok, rules), quoted=quoted(tok, sent),
        speaker=speaker_of(tok, rules), date=date_of(tok, reference, sent),
        location=location_of(tok), contexts=contexts_of(tok, sent), medium=medium_of(tok, rules),
    )
