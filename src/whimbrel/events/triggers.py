"""Finding event triggers: which tokens of a sentence are coded, and with which rule.

A verb or a noun whose lemma (or, for nouns, surface form) is in the rules file is a candidate;
the rule's conditions (an object from a list, a preposition, a particle, an actor as object, a
light verb, a modifier) decide whether it is a trigger in this sentence.
"""

from __future__ import annotations

from whimbrel.actors.mentions import MentionIndex
from whimbrel.events.rules import Rules, Trigger


class TriggerFinder:
    """Trigger matching with one rule set."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def trigger_of(self, tok, mentions: MentionIndex) -> Trigger | None:  # type: ignore[no-untyped-def]
        """The first of the token's rules whose conditions hold in this sentence, or None."""
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.lemma_ in self.rules.verbs):
            for rule in self.rules.verb_rules.get(tok.lemma_.lower(), ()):
                if self._verb_ok(tok, rule, mentions) and not _excluded(tok, rule):
                    return rule
            return None
        if tok.pos_ in ("NOUN", "PROPN"):
            rules = (self.rules.noun_rules.get(tok.lower_)
                     or self.rules.noun_rules.get(tok.lemma_.lower(), ()))
            for rule in rules:
                if self._noun_ok(tok, rule) and not _excluded(tok, rule):
                    return rule
        return None

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
        return True

    def _noun_ok(self, tok, rule: Trigger) -> bool:  # type: ignore[no-untyped-def]
        if rule.requires_verb and not (tok.dep_ in ("dobj", "nsubjpass", "pobj")
                                       and tok.head.lemma_.lower() in rule.requires_verb):
            if not any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in rule.requires_verb
                       for c in tok.children):
                return False
        if rule.requires_modifier and not any(
                c.lower_ in rule.requires_modifier for c in tok.lefts):
            return False
        holders = [tok] + ([tok.head] if tok.dep_ == "dobj" else [])
        if rule.requires_prep_pobj and not any(
                c.dep_ == "prep" and any(g.dep_ in ("pobj", "pcomp") for g in c.children)
                for h in holders for c in h.children):
            return False
        return True



def _excluded(tok, rule: Trigger) -> bool:  # type: ignore[no-untyped-def]
    """A word of the rule's ``excludes`` is the token's object or the object of one of its
    prepositions ("requests for comment", "strike a truce" under an ASSAULT reading)."""
    if not rule.excludes:
        return False
    near = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "compound")]
    near += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(w.lemma_.lower() in rule.excludes or w.lower_ in rule.excludes for w in near)
