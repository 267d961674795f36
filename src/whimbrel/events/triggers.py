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
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.lemma_ in self.rules.verbs):
            rule = self.rules.verbs.get(tok.lemma_.lower())
            if rule is None or not self._verb_ok(tok, rule, mentions):
                return None
            return rule
        if tok.pos_ in ("NOUN", "PROPN"):
            rule = self.rules.nouns.get(tok.lower_) or self.rules.nouns.get(tok.lemma_.lower())
            if rule is None or not self._noun_ok(tok, rule):
                return None
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
                c.dep_ == "prt" and c.lower_ == rule.requires_particle for c in kids):
            return False
        if rule.requires_object_actor and not any(
                c.dep_ == "dobj" and mentions.at(c) is not None for c in kids):
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

