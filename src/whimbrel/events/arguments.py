"""Finding an event's arguments in the dependency parse: who acts (the source) and on whom (the
target), as actor mentions.

Sources: a verb's subject, a passive's ``by``-agent, a subject inherited through conjoined,
subordinate and complement clauses ("... condemned X and pledged support", "issuing a warning",
"is reported to have reiterated", "is unlikely to offer"), the noun a relative clause modifies;
a noun's possessor, its own country modifier ("US strikes"), or a ``by``/``from`` object.
Targets: the direct object, the object of a preposition listed for the event type in the rules,
or a preposition of the object noun ("signed a pact with Iran").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from whimbrel.actors.mentions import DocMention, MentionIndex
from whimbrel.events.rules import Rules, Trigger
from whimbrel.records import Actor

INHERIT_DEPS = ("conj", "advcl", "xcomp", "ccomp", "pcomp", "acl", "relcl")
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "press", "tell", "request", "encourage",
                            "push", "force", "help", "require"})
RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
PLACE_NOUNS = frozenset({"site", "target", "facility", "base", "position", "infrastructure",
                         "installation", "city", "town", "village", "area", "region", "port"})


@dataclass(frozen=True, slots=True)
class Arg:
    """An argument: the mention and one of its actors."""

    mention: DocMention
    actor: Actor


def _objects(node, preps: frozenset[str], deps: tuple[str, ...] = ("pobj",)) -> Iterator:  # type: ignore[no-untyped-def,type-arg]
    """Objects of ``node``'s prepositions that are in ``preps``, in text order."""
    for c in node.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            yield from (g for g in c.children if g.dep_ in deps)


def to_the_aid_of(noun) -> bool:  # type: ignore[no-untyped-def]
    """"come to Iran's aid", "rushing to Tehran's aid": the possessor receives the aid."""
    return (noun.dep_ == "pobj" and noun.head.lower_ == "to"
            and noun.lemma_.lower() in ("aid", "assistance", "help", "rescue", "defence", "defense"))



class Arguments:
    """Argument finding with one rule set."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def _first(self, nodes: Iterable, mentions: MentionIndex) -> list[Arg]:  # type: ignore[type-arg]
        for node in nodes:
            found = self.expand(node, mentions)
            if found:
                return found
        return []

    def expand(self, tok, mentions: MentionIndex) -> list[Arg]:  # type: ignore[no-untyped-def]
        """Mentions at ``tok`` and at its conjuncts ("Russia and China")."""
        out: list[Arg] = []
        items = [tok, *[c for c in tok.conjuncts if c.i > tok.i]]
        for c in tok.children:
            # "the US, Brazil and France": the parser may hang the list on an apposition; an
            # apposition that goes on with conjuncts is the rest of a list, not a description
            if c.dep_ == "appos" and c.i > tok.i and any(g.dep_ == "conj" for g in c.children):
                items += [c, *[g for g in c.conjuncts if g.i > c.i]]
        for t in items:
            m = mentions.at(t)
            if m is not None and m.kind == "vague":
                # "regional blocs like the SCO and BRICS": the examples are the actors
                examples = [a for p in t.children if p.dep_ == "prep" and p.lower_ in ("like", "as")
                            for g in p.children if g.dep_ == "pobj"
                            for a in self.expand(g, mentions)]
                if examples:
                    out.extend(examples)
                    continue
            if m is None and t.pos_ in ("NOUN", "PROPN"):
                for c in t.children:  # "its actions": the possessor acts
                    if c.dep_ == "poss" and mentions.at(c) is not None:
                        m = mentions.at(c)
            if m is None and t.pos_ in ("NOUN", "PROPN"):
                # "the government of President Bashar al-Assad", "ties with Russia and China",
                # "blocs like the SCO": the prepositional object names the actor(s)
                for prep in t.children:
                    if prep.dep_ == "prep" and (prep.lower_ in ("of", "with", "like") or (
                            prep.lower_ == "in" and t.lemma_.lower() in PLACE_NOUNS)):
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj" and m is None and not out:
                                inner = self.expand(pobj, mentions)
                                out.extend(inner)
                                m = None
            if m is not None:
                out.extend(Arg(m, a) for a in m.actors)
        return out

    def subject(self, verb, mentions: MentionIndex, depth: int = 0) -> list[Arg]:  # type: ignore[no-untyped-def]
        if depth > 4:
            return []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
            # "a ceasefire brokered by France": a past participle modifying a noun
            verb.dep_ == "acl" and verb.tag_ == "VBN"
            and any(c.dep_ == "agent" for c in verb.children))
        if passive:
            for c in verb.children:
                if c.dep_ == "agent":
                    for pobj in c.children:
                        if pobj.dep_ == "pobj":
                            return self.expand(pobj, mentions)
            if verb.dep_ not in INHERIT_DEPS or (
                    verb.dep_ in ("ccomp", "parataxis")
                    and verb.head.lemma_.lower() in self.rules.reporting_verbs):
                # "X said a village was attacked": the reporter is not the attacker (the coder
                # decides for which acts the reporter's side is the agent)
                return []
        else:
            for c in verb.children:
                if c.dep_ in ("nsubj", "csubj") and c.lower_ not in RELATIVE:
                    return self.expand(c, mentions)
        head = verb.head
        if head.i == verb.i:
            return []
        if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            found = self.expand(head, mentions) or self.noun_source(head, mentions)
            if found:
                return found
        if verb.dep_ == "xcomp":
            for c in head.children:
                if c.dep_ == "nsubjpass":  # "Putin is reported to have reiterated ..."
                    return self.expand(c, mentions)
        if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            for c in head.children:
                if c.dep_ == "dobj":
                    return self.expand(c, mentions)
        if verb.dep_ in ("acl", "pcomp", "xcomp") and head.pos_ == "NOUN":
            src = self.noun_source(head, mentions)
            if src:
                return src
            if head.dep_ in ("dobj", "attr") and head.head.pos_ in ("VERB", "AUX"):
                # "issued a statement condemning the attacks": the issuer condemns
                return self.subject(head.head, mentions, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            return self.subject(head.head, mentions, depth + 1) if head.head.pos_ in (
                "VERB", "AUX") else self.noun_source(head.head, mentions)
        if verb.dep_ in INHERIT_DEPS and head.pos_ in ("VERB", "AUX"):
            return self.subject(head, mentions, depth + 1)
        if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head.pos_ in ("VERB", "AUX"):
            # "the Kremlin is unlikely to offer aid", "Russia is ready to help"
            return self.subject(head.head, mentions, depth + 1)
        return []

    def noun_source(self, noun, mentions: MentionIndex) -> list[Arg]:  # type: ignore[no-untyped-def]
        if to_the_aid_of(noun):
            return []
        for c in noun.children:
            if c.dep_ == "poss":
                found = self.expand(c, mentions)
                if found:
                    return found
        own = mentions.at(noun)
        if own is not None and own.actors[0].code is not None or (
                own is not None and own.kind == "vague"):
            return [Arg(own, a) for a in own.actors]
        found = self._first(_objects(noun, frozenset({"by", "from"})), mentions)
        if found:
            return found
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod", "npadvmod"):
                found = self.expand(c, mentions)
                if found:
                    return found
        return []

    def targets(self, tok, rule: Trigger, mentions: MentionIndex, etype: str) -> list[Arg]:  # type: ignore[no-untyped-def]
        preps = self.rules.target_preps.get(etype, frozenset())
        kids = list(tok.children)
        if to_the_aid_of(tok):
            for c in kids:
                if c.dep_ == "poss":
                    return self.expand(c, mentions)
        if tok.pos_ == "VERB" and rule.requires_object:
            # "provide Iran with hardware": the direct object is the recipient
            for c in kids:
                if c.dep_ in ("dobj", "dative") and mentions.at(c) is not None and any(
                        p.dep_ == "prep" and p.lower_ == "with" for p in kids):
                    return self.expand(c, mentions)
        if tok.pos_ in ("VERB", "AUX"):
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids)
            for c in kids:
                if c.dep_ == ("nsubjpass" if passive else "dobj"):
                    if rule.requires_object and not passive:
                        found = self.noun_target(c, mentions, preps, possessor=True)
                    else:
                        found = self.expand(c, mentions) or self.noun_target(c, mentions, preps)
                    if found:
                        return found
        found = self._first(_objects(tok, preps, ("pobj", "pcomp")), mentions)
        if found:
            return found
        if tok.pos_ in ("VERB", "AUX"):
            for c in kids:
                if c.dep_ == "dobj":
                    # "signed a pact with Iran", "sent a threat to the US": the object's prepositions
                    found = self.noun_target(c, mentions, preps)
                    if found:
                        return found
        return []

    def conditional_subject(self, tok, mentions: MentionIndex) -> list[Arg]:  # type: ignore[no-untyped-def]
        """A warning's target is who would act in its condition ("warned ... if Israel continues")."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        for c in verb.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless", "should")
                                         for m in c.children):
                for sub in c.children:
                    if sub.dep_ in ("nsubj", "nsubjpass"):
                        return self.expand(sub, mentions)
        return []

    def prep_targets(self, verb, mentions: MentionIndex, etype: str) -> list[Arg]:  # type: ignore[no-untyped-def]
        preps = self.rules.target_preps.get(etype, frozenset())
        return self._first(_objects(verb, preps), mentions)

    def noun_target(self, noun, mentions: MentionIndex, preps: frozenset[str],  # type: ignore[no-untyped-def]
                     possessor: bool = False) -> list[Arg]:
        if possessor:  # "seeks Putin's help": the helper is the target
            for c in noun.children:
                if c.dep_ == "poss":
                    found = self.expand(c, mentions)
                    if found:
                        return found
        found = self._first(_objects(noun, preps), mentions)
        if found:
            return found
        # "the use of bombs against Iranian sites": the preposition may hang on the of-object
        return self._first((g for o in _objects(noun, frozenset({"of"}))
                            for g in _objects(o, preps)), mentions)
