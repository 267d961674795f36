"""Finding event triggers: which tokens of a sentence are coded, and with which rule.

A verb or a noun whose lemma (or, for nouns, surface form) is in the rules file is a candidate;
the rule's conditions (an object from a list, a preposition, a particle, an actor as object, a
light verb, a modifier) decide whether it is a trigger in this sentence.
"""

from __future__ import annotations

from whimbrel.actors.mentions import MentionIndex
from whimbrel.events.rules import Rules, Trigger

# acts whose object is their content, not an act of its own (ANNOTATION.md rule 6: "demanded
# the withdrawal", "threatened sanctions", "agreed to US mediation"). A refusal is not among
# them (a rejected accusation is still an accusation someone made); nor, for now, an
# accusation: rule 5 says "condemned the US strikes" is ACCUSE only, but the seeds gold and
# tests/test_events.py still code the strikes too.
CONTENT_TAKING = frozenset({"REQUEST", "THREATEN", "AGREE"})
# prepositions that attach an act's content ("blamed X for", "called for", "agreed on"), not a
# time or circumstance ("agreed after talks", "signed following talks")
CONTENT_PREPS = frozenset({"of", "for", "over", "on", "about", "against", "to", "into"})


class TriggerFinder:
    """Trigger matching with one rule set."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def trigger_of(self, tok, mentions: MentionIndex) -> Trigger | None:  # type: ignore[no-untyped-def]
        """The first of the token's rules whose conditions hold in this sentence, or None."""
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.lemma_ in self.rules.verbs):
            if _modifier(tok):
                return None
            for rule in self.rules.verb_rules.get(tok.lemma_.lower(), ()):
                if self._verb_ok(tok, rule, mentions) and not _excluded(tok, rule):
                    return rule
            return None
        if tok.pos_ in ("NOUN", "PROPN"):
            rules = (self.rules.noun_rules.get(tok.lower_)
                     or self.rules.noun_rules.get(tok.lemma_.lower(), ()))
            if not rules or _name_part(tok) or self._content(tok, mentions):
                return None
            for rule in rules:
                if self._noun_ok(tok, rule) and not _excluded(tok, rule):
                    return rule
        return None

    def _content(self, tok, mentions: MentionIndex) -> bool:  # type: ignore[no-untyped-def]
        """A noun that is what a coded demand, threat or agreement is about ("demanded the
        withdrawal of troops", "called for sanctions", "threatened sanctions") is that act's
        content, not a second event: the verb whose object (or prepositional object) it is
        decides."""
        node = tok
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head  # "condemned the strikes and the blockade"
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ in CONTENT_PREPS:
            node = node.head  # "blamed Israel for the bombing", "called for sanctions"
        elif node.dep_ not in ("dobj", "nsubjpass"):
            return False
        verb = node.head
        if verb.i == node.i or verb.pos_ != "VERB":
            return False
        rule = self.trigger_of(verb, mentions)
        return rule is not None and rule.type in CONTENT_TAKING

    def _verb_ok(self, tok, rule: Trigger, mentions: MentionIndex) -> bool:  # type: ignore[no-untyped-def]
        kids = list(tok.children)
        if rule.active_only and any(c.dep_ in ("auxpass", "nsubjpass") for c in kids):
            return False
        if rule.requires_object:
            objs = [c for c in kids if c.dep_ in ("dobj", "attr", "nsubjpass")]
            objs += [g for p in kids if p.dep_ == "prep" and p.lower_ == "with"
                     for g in p.children if g.dep_ == "pobj"]
            # "the full spectrum of advanced military capabilities"
            objs += [g for o in list(objs) for p in o.children if p.dep_ == "prep"
                     and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
            # "launched Operation Rising Lion": a word of a compound name counts
            objs += [c for o in list(objs) for c in o.lefts if c.dep_ == "compound"]
            objs += [c for o in list(objs) for c in o.conjuncts]  # "offered manpower and aid"
            if tok.dep_ in ("acl", "relcl"):
                objs.append(tok.head)
            if not any(o.lemma_.lower() in rule.requires_object or o.lower_ in rule.requires_object
                       for o in objs):
                return False
        if rule.requires_prep and not any(
                c.dep_ in ("prep", "prt") and c.lower_ in rule.requires_prep for c in kids):
            return False
        if rule.requires_particle and not any(
                c.dep_ in ("prt", "advmod", "prep") and c.lower_ in rule.requires_particle for c in kids):
            return False  # "pulled out", "stepped down", "shot down" (prt, advmod or prep)
        if rule.requires_prep_actor and not any(
                c.dep_ == "prep" and (not rule.requires_prep or c.lower_ in rule.requires_prep)
                and any(g.dep_ == "pobj" and mentions.at(g) is not None for g in c.children)
                for c in kids):
            return False  # "spoke with Kurti", not "speaks to the determination of"
        if rule.requires_object_actor and not any(
                c.dep_ in ("dobj", "nsubjpass") and mentions.at(c) is not None for c in kids):
            return False
        return not rule.requires_prep_object or _prep_object(tok, rule)

    def _noun_ok(self, tok, rule: Trigger) -> bool:  # type: ignore[no-untyped-def]
        if rule.requires_verb and _governor(tok).lemma_.lower() not in rule.requires_verb:
            if not any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in rule.requires_verb
                       for c in tok.children):
                return False
        if rule.requires_modifier and not any(
                c.lower_ in rule.requires_modifier for c in tok.lefts):
            return False
        holders = [tok] + ([tok.head] if tok.dep_ == "dobj" else [])
        if rule.requires_participant and not any(
                c.dep_ == "poss" and h is tok
                or c.dep_ == "prep" and any(g.dep_ == "pobj" for g in c.children)
                for h in holders for c in h.children):
            return False  # "their coordination", "cooperation with Iran", "sought integration into"
        if rule.requires_prep_pobj and not any(
                c.dep_ == "prep" and any(g.dep_ in ("pobj", "pcomp") for g in c.children)
                for h in holders for c in h.children):
            return False
        return not rule.requires_prep_object or _prep_object(tok, rule)


def _governor(tok):  # type: ignore[no-untyped-def]
    """The verb a noun is the object or subject of ("signed a truce", "the truce began", "insisted
    on its demands"); the noun itself when it has none."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head  # "signed a pact and a truce"
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        return tok.head.head
    if tok.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj"):
        return tok.head
    return tok


def _prep_object(tok, rule: Trigger) -> bool:  # type: ignore[no-untyped-def]
    """One of ``words`` is the object of a preposition of the token or of its particle ("withdrew
    from the treaty", "pulled out of the deal"), or stands beside it; a treaty's name (entity
    type LAW: "the Paris Agreement") counts as "treaty". With ``requires_prep`` only those
    prepositions count ("withdrew from the treaty", not "under the treaty, withdrew troops")."""
    words, preps = rule.requires_prep_object, rule.requires_prep
    holders = [tok] + [c for c in tok.children if c.dep_ in ("prt", "advmod", "prep")]
    objs = [g for h in holders for p in h.children if p.dep_ == "prep"
            and (not preps or p.lower_ in preps) for g in p.children if g.dep_ == "pobj"]
    objs += [a for g in list(objs) for a in g.children if a.dep_ == "appos"]  # "the JCPOA, the deal"
    return any(g.lemma_.lower() in words or g.lower_ in words
               or g.ent_type_ == "LAW" and "treaty" in words for g in objs)


def _excluded(tok, rule: Trigger) -> bool:  # type: ignore[no-untyped-def]
    """A word of the rule's ``excludes`` is the token's object or the object of one of its
    prepositions ("requests for comment", "strike a truce" under an ASSAULT reading)."""
    if not rule.excludes:
        return False
    near = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "compound")]
    near += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(w.lemma_.lower() in rule.excludes or w.lower_ in rule.excludes for w in near)


def _modifier(tok) -> bool:  # type: ignore[no-untyped-def]
    """A participle used as an adjective ("the Iran-backed militia", "a UN-brokered deal", "the
    occupied territories", "the besieged town") describes its noun; it reports no act."""
    return tok.dep_ == "amod"


def _name_part(tok) -> bool:  # type: ignore[no-untyped-def]
    """A capitalised word inside a multi-word name ("Rapid Support Forces", "Asia-Pacific
    Economic Cooperation") is part of the name, not an act; a sentence's first word is not
    judged by its capital."""
    if tok.pos_ != "PROPN" or tok.is_sent_start or not tok.text[:1].isupper():
        return False
    if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
        return True
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children)
