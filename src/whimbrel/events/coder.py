"""The rule-based event coder: triggers, their source and target actors, and evidence spans.

For each sentence of a parsed document, every token whose lemma is a trigger in the rules file
(a verb such as "condemn", or a noun such as "strikes" or "talks") may yield events. The
arguments come from the dependency parse:

* verbs: the subject is the source (the ``by``-agent of a passive), the direct object or the
  object of a listed preposition the target; a verb with no subject of its own takes it from the
  verb it is conjoined with or depends on ("... condemned X and pledged support", "issuing a
  warning"), or from the noun a relative clause modifies ("strikes that targeted ...");
* nouns: a possessive or the phrase's own country modifier is the source ("Russia's
  condemnation", "US strikes"), a ``by``/``from`` object too; a listed preposition's object is
  the target ("strikes on Iran", "talks with Araghchi"); a noun that is the object of a verb takes
  the verb's subject ("Russia signed a pact with Iran", "issued a warning");
* coordinated actors give one event each ("Russia and China condemned ...").

Attributes (negation, hedging, speaker, date, place) are in :mod:`whimbrel.events.attributes`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from whimbrel.actors.mentions import DocMention, MentionIndex
from whimbrel.events.attributes import Attributes, attributes_of
from whimbrel.events.rules import Rules, Trigger
from whimbrel.places import Gazetteer
from whimbrel.records import Actor, Event, Location, Span

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
INHERIT_DEPS = ("conj", "advcl", "xcomp", "ccomp", "pcomp", "acl", "relcl")
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "press", "tell", "request", "encourage",
                            "push", "force", "help", "require"})
RECIPROCAL = frozenset({"CONSULT", "COOPERATE", "AGREE"})
RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
LIGHT = frozenset({"issue", "make", "send", "hold", "sign", "launch", "conduct", "carry", "stage",
                   "deliver", "provide", "offer", "express", "voice", "pledge", "announce",
                   "extend", "give", "seek", "reiterate", "reaffirm", "impose", "resume", "mount",
                   "wage", "pose", "file", "lodge", "reach", "conclude", "seal", "ink", "begin",
                   "start", "continue", "escalate", "have", "pen", "write", "renew", "repeat",
                   "step", "intensify", "order", "authorize", "approve", "complete", "finalize"})
PLACE_NOUNS = frozenset({"site", "target", "facility", "base", "position", "infrastructure",
                         "installation", "city", "town", "village", "area", "region", "port"})
UNDERGO = frozenset({"face", "suffer", "endure", "weather", "withstand", "receive", "absorb"})


@dataclass(frozen=True, slots=True)
class Arg:
    """An argument: the mention and the token it was found at."""

    mention: DocMention
    actor: Actor


class Coder:
    """Codes the events of parsed documents with one rule set."""

    def __init__(self, rules: Rules, gazetteer: Gazetteer | None = None) -> None:
        self.rules = rules
        self.gazetteer = gazetteer

    def _geocode(self, loc: Location | None) -> Location | None:
        """Country and coordinates for a place (the first of a list: "Fordow, Natanz, and ...")."""
        if loc is None or self.gazetteer is None:
            return loc
        first = loc.name.split(",")[0].split(" and ")[0].strip()
        found = self.gazetteer.lookup(first)
        if found is None:
            return loc
        return Location(loc.name, found.country, found.lat, found.lon)

    # -- triggers --------------------------------------------------------------------------
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

    # -- arguments -------------------------------------------------------------------------
    def _expand(self, tok, mentions: MentionIndex) -> list[Arg]:  # type: ignore[no-untyped-def]
        """Mentions at ``tok`` and at its conjuncts ("Russia and China")."""
        out: list[Arg] = []
        for t in [tok, *[c for c in tok.conjuncts if c.i > tok.i]]:
            m = mentions.at(t)
            if m is not None and m.kind == "vague":
                # "regional blocs like the SCO and BRICS": the examples are the actors
                examples = [a for p in t.children if p.dep_ == "prep" and p.lower_ in ("like", "as")
                            for g in p.children if g.dep_ == "pobj"
                            for a in self._expand(g, mentions)]
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
                                inner = self._expand(pobj, mentions)
                                out.extend(inner)
                                m = None
            if m is not None:
                out.extend(Arg(m, a) for a in m.actors)
        return out

    def _subject(self, verb, mentions: MentionIndex, depth: int = 0) -> list[Arg]:  # type: ignore[no-untyped-def]
        if depth > 4:
            return []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive:
            for c in verb.children:
                if c.dep_ == "agent":
                    for pobj in c.children:
                        if pobj.dep_ == "pobj":
                            return self._expand(pobj, mentions)
            if verb.dep_ not in INHERIT_DEPS:
                return []
        else:
            for c in verb.children:
                if c.dep_ in ("nsubj", "csubj") and c.lower_ not in RELATIVE:
                    return self._expand(c, mentions)
        head = verb.head
        if head.i == verb.i:
            return []
        if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            found = self._expand(head, mentions) or self._noun_source(head, mentions)
            if found:
                return found
        if verb.dep_ == "xcomp":
            for c in head.children:
                if c.dep_ == "nsubjpass":  # "Putin is reported to have reiterated ..."
                    return self._expand(c, mentions)
        if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            for c in head.children:
                if c.dep_ == "dobj":
                    return self._expand(c, mentions)
        if verb.dep_ in ("acl", "pcomp", "xcomp") and head.pos_ == "NOUN":
            src = self._noun_source(head, mentions)
            if src:
                return src
            if head.dep_ in ("dobj", "attr") and head.head.pos_ in ("VERB", "AUX"):
                # "issued a statement condemning the attacks": the issuer condemns
                return self._subject(head.head, mentions, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            return self._subject(head.head, mentions, depth + 1) if head.head.pos_ in (
                "VERB", "AUX") else self._noun_source(head.head, mentions)
        if verb.dep_ in INHERIT_DEPS and head.pos_ in ("VERB", "AUX"):
            return self._subject(head, mentions, depth + 1)
        if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head.pos_ in ("VERB", "AUX"):
            # "the Kremlin is unlikely to offer aid", "Russia is ready to help"
            return self._subject(head.head, mentions, depth + 1)
        return []

    def _noun_source(self, noun, mentions: MentionIndex) -> list[Arg]:  # type: ignore[no-untyped-def]
        if _to_the_aid_of(noun):
            return []
        for c in noun.children:
            if c.dep_ == "poss":
                found = self._expand(c, mentions)
                if found:
                    return found
        own = mentions.at(noun)
        if own is not None and own.actors[0].code is not None or (
                own is not None and own.kind == "vague"):
            return [Arg(own, a) for a in own.actors]
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        found = self._expand(pobj, mentions)
                        if found:
                            return found
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod", "npadvmod"):
                found = self._expand(c, mentions)
                if found:
                    return found
        return []

    def _targets(self, tok, rule: Trigger, mentions: MentionIndex, etype: str) -> list[Arg]:  # type: ignore[no-untyped-def]
        preps = self.rules.target_preps.get(etype, frozenset())
        kids = list(tok.children)
        if _to_the_aid_of(tok):
            for c in kids:
                if c.dep_ == "poss":
                    return self._expand(c, mentions)
        if tok.pos_ == "VERB" and rule.requires_object:
            # "provide Iran with hardware": the direct object is the recipient
            for c in kids:
                if c.dep_ in ("dobj", "dative") and mentions.at(c) is not None and any(
                        p.dep_ == "prep" and p.lower_ == "with" for p in kids):
                    return self._expand(c, mentions)
        if tok.pos_ in ("VERB", "AUX"):
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids)
            for c in kids:
                if c.dep_ == ("nsubjpass" if passive else "dobj"):
                    if rule.requires_object and not passive:
                        found = self._noun_target(c, mentions, preps, possessor=True)
                    else:
                        found = self._expand(c, mentions) or self._noun_target(c, mentions, preps)
                    if found:
                        return found
            if passive and tok.dep_ in ("acl",) and tok.head.pos_ in ("NOUN", "PROPN"):
                pass
        for c in kids:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps | {"to"} & preps:
                for pobj in c.children:
                    if pobj.dep_ in ("pobj", "pcomp"):
                        found = self._expand(pobj, mentions)
                        if found:
                            return found
        if tok.pos_ in ("VERB", "AUX"):
            for c in kids:
                if c.dep_ == "dobj":
                    # "signed a pact with Iran", "sent a threat to the US": the object's prepositions
                    found = self._noun_target(c, mentions, preps)
                    if found:
                        return found
        return []

    def _conditional_subject(self, tok, mentions: MentionIndex) -> list[Arg]:  # type: ignore[no-untyped-def]
        """A warning's target is who would act in its condition ("warned ... if Israel continues")."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        for c in verb.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless", "should")
                                         for m in c.children):
                for sub in c.children:
                    if sub.dep_ in ("nsubj", "nsubjpass"):
                        return self._expand(sub, mentions)
        return []

    def _prep_targets(self, verb, mentions: MentionIndex, etype: str) -> list[Arg]:  # type: ignore[no-untyped-def]
        preps = self.rules.target_preps.get(etype, frozenset())
        for c in verb.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        found = self._expand(pobj, mentions)
                        if found:
                            return found
        return []

    def _noun_target(self, noun, mentions: MentionIndex, preps: frozenset[str],  # type: ignore[no-untyped-def]
                     possessor: bool = False) -> list[Arg]:
        if possessor:  # "seeks Putin's help": the helper is the target
            for c in noun.children:
                if c.dep_ == "poss":
                    found = self._expand(c, mentions)
                    if found:
                        return found
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        found = self._expand(pobj, mentions)
                        if found:
                            return found
        return []

    # -- coding ----------------------------------------------------------------------------
    def code_doc(self, doc, mentions: MentionIndex, *, article_id: str,  # type: ignore[no-untyped-def]
                 sentence_index: list[int], reference=None) -> list[Event]:
        """Events of every sentence of ``doc``; ``sentence_index[k]`` maps spaCy's k-th sentence
        to the stored sentence number (-1 for a sentence that was not stored)."""
        events: list[Event] = []
        for k, sent in enumerate(doc.sents):
            s_idx = sentence_index[k] if k < len(sentence_index) else -1
            if s_idx < 0:
                continue
            events.extend(self._code_sentence(sent, mentions, article_id, s_idx, reference))
        return events

    def _code_sentence(self, sent, mentions, article_id, s_idx, reference) -> Iterator[Event]:  # type: ignore[no-untyped-def]
        consumed: set[int] = set()
        found: list[tuple] = []  # type: ignore[type-arg]
        for tok in sent:
            rule = self.trigger_of(tok, mentions)
            if rule is None or tok.i in consumed or self._directed(tok):
                continue
            if rule.pos == "verb":
                etype = self._retype(tok, rule)
                for c in tok.children:
                    if (rule.requires_object and c.dep_ in ("dobj", "nsubjpass")
                            and c.lower_ in self.rules.nouns):
                        consumed.add(c.i)  # "launched strikes": one event at the light verb
                if tok.dep_ in ("acl", "relcl") and tok.head.lower_ in self.rules.nouns:
                    consumed.add(tok.head.i)
                sources = self._subject(tok, mentions)
            else:
                etype = self._retype_noun(tok, rule)
                sources = self._noun_source(tok, mentions)
                verb = tok.head if tok.dep_ in ("dobj", "attr") else tok.head.head
                with_light = (tok.dep_ == "pobj" and tok.head.lower_ == "with"
                              and verb.lemma_.lower() in LIGHT)
                if with_light and not sources:
                    # "Russia's condemnation provides Iran with crucial backing"
                    sources = self._subject(verb, mentions)
                if (not sources and verb.pos_ in ("VERB", "AUX")
                        and (tok.dep_ in ("dobj", "attr") and verb.lemma_.lower() in LIGHT
                             or tok.dep_ == "attr" and verb.lemma_.lower() == "be"
                             or tok.dep_ == "pobj" and verb.lemma_.lower() not in self.rules.verbs
                             and verb.lemma_.lower() not in UNDERGO)):
                    # "Russia signed a pact", "issued a warning", "came during talks with X"
                    sources = self._subject(verb, mentions)
            etype = self._pledged(tok, etype)
            targets = self._targets(tok, rule, mentions, etype)
            head_of_list = tok
            while head_of_list.dep_ == "conj" and head_of_list.head.i != head_of_list.i:
                head_of_list = head_of_list.head  # "faced isolation and sanctions"
            if (rule.pos == "noun" and not targets and head_of_list.dep_ == "dobj"
                    and head_of_list.head.lemma_.lower() in UNDERGO):
                # "Russia, facing Western sanctions": who faces it is the target
                targets = self._subject(head_of_list.head, mentions)
                if sources and targets and sources[0].mention is targets[0].mention:
                    sources = []
            if (rule.pos == "noun" and not targets and tok.dep_ == "pobj"
                    and tok.head.lower_ == "with" and tok.head.head.lemma_.lower() in LIGHT):
                targets = [a for c in tok.head.head.children if c.dep_ in ("dobj", "dative")
                           for a in self._expand(c, mentions)]
            if (rule.pos == "verb" and not targets and tok.dep_ in ("advcl", "xcomp")
                    and tok.head.pos_ == "VERB"):
                # "penned a letter to Putin, requesting assistance": the letter's addressee
                targets = self._prep_targets(tok.head, mentions, "CONSULT")
            if rule.pos == "noun" and not targets and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
                # "Western sanctions persist against both countries"
                targets = self._prep_targets(tok.head, mentions, etype)
            if rule.pos == "noun" and not targets and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
                # "sent a letter to Putin": the target hangs on the verb
                targets = self._prep_targets(tok.head, mentions, etype)
            if rule.pos == "noun" and not targets and tok.dep_ == "pobj" and tok.head.lower_ == "with":
                verb = tok.head.head
                if verb.lemma_.lower() in ("meet", "greet", "receive"):
                    # "the strikes have been met with condemnation from Moscow"
                    targets = [a for c in verb.children if c.dep_ == "nsubjpass"
                               for a in self._expand(c, mentions)]
            if etype == "THREATEN" and not targets:
                targets = self._conditional_subject(tok, mentions)
            if not sources and not targets:
                attrs = attributes_of(tok, self.rules, reference)
                if not (attrs.date or attrs.location):
                    continue  # a bare back-reference ("the appeal") adds no event
            found.append((tok, rule, etype, sources, targets))
        # a noun whose acl/relcl verb was coded as the same event is one event
        found = [f for f in found if f[0].i not in consumed or f[1].pos == "verb"]
        seen: set[tuple] = set()  # type: ignore[type-arg]
        coded: list[Event] = []
        for tok, rule, etype, sources, targets in found:
            attrs = attributes_of(tok, self.rules, reference)
            if etype in RECIPROCAL and not targets and len(sources) >= 2:
                sources, targets = sources[:1], sources[1:]  # "Russia and Iran cooperated"
            elif etype in RECIPROCAL and not sources and len(targets) >= 2:
                sources, targets = targets[:1], targets[1:]  # "talks between X and Y"
            pairs = [(s, t) for s in (sources or [None]) for t in (targets or [None])]
            for s, t in pairs:
                if s is not None and t is not None and s.actor.code == t.actor.code \
                        and s.actor.code is not None:
                    continue  # an actor does not act on itself here: a wrong argument
                key = (etype, s.actor.code if s else None, t.actor.code if t else None)
                if key in seen:
                    continue
                seen.add(key)
                coded.append(self._event(tok, rule, etype, s, t, attrs, article_id, s_idx))
        yield from _unique(_drop_subsumed(_sole_other(_join_halves(coded), sent, mentions)))

    def _retype(self, tok, rule: Trigger) -> str:  # type: ignore[no-untyped-def]
        if rule.object_types:
            for c in tok.children:
                if c.dep_ in ("dobj", "prep"):
                    words = [c.lemma_.lower()] + [g.lemma_.lower() for g in c.subtree]
                    for w in words:
                        if w in rule.object_types:
                            return rule.object_types[w]
        return rule.type

    def _retype_noun(self, tok, rule: Trigger) -> str:  # type: ignore[no-untyped-def]
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in rule.prep_types:
                return rule.prep_types[c.lower_]
        return rule.type

    def _directed(self, tok) -> bool:  # type: ignore[no-untyped-def]
        """A verb in the complement of a directive ("urged X to halt", "telling X not to strike")
        is what is asked for, not an event that happened."""
        return (tok.pos_ == "VERB" and tok.dep_ == "xcomp"
                and tok.head.lemma_.lower() in self.rules.directive_verbs
                and any(c.dep_ in ("dobj", "dative") for c in tok.head.children))

    def _pledged(self, tok, etype: str) -> str:  # type: ignore[no-untyped-def]
        """Aid or cooperation that is only pledged or decided is coded as SUPPORT; an attack that
        is only hinted at or vowed is a THREATEN."""
        if etype == "ASSAULT":
            node = tok
            for _ in range(3):
                if node.head.i == node.i:
                    break
                node = node.head
                if node.lemma_.lower() in self.rules.threat_heads:
                    return "THREATEN"
            return etype
        if etype not in ("AID", "COOPERATE"):
            return etype
        node = tok
        for _ in range(4):
            if node.head.i == node.i:
                break
            node = node.head
            if node.lemma_.lower() in self.rules.pledge_heads:
                return "SUPPORT"
        return etype

    def _event(self, tok, rule: Trigger, etype: str, s: Arg | None, t: Arg | None,  # type: ignore[no-untyped-def]
               attrs: Attributes, article_id: str, s_idx: int) -> Event:
        doc = tok.doc

        def span(m: DocMention | None) -> Span | None:
            if m is None:
                return None
            a, b = m.char_span(doc)
            return Span(a, b, doc.text[a:b])

        cameo = rule.cameo if etype == rule.type else None
        contexts = attrs.contexts
        return Event(
            article_id=article_id, sentence=s_idx, type=etype,
            trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text),
            source=s.actor if s else None, target=t.actor if t else None,
            source_span=span(s.mention if s else None), target_span=span(t.mention if t else None),
            mode=rule.mode if etype == rule.type else None, contexts=contexts, cameo=cameo,
            negated=attrs.negated, hedged=attrs.hedged, quoted=attrs.quoted,
            speaker=attrs.speaker, date=attrs.date, location=self._geocode(attrs.location),
            confidence=_confidence(s, t, attrs), rule=f"{rule.pos}:{rule.lemma}",
        )


def _to_the_aid_of(noun) -> bool:  # type: ignore[no-untyped-def]
    """"come to Iran's aid", "rushing to Tehran's aid": the possessor receives the aid."""
    return (noun.dep_ == "pobj" and noun.head.lower_ == "to"
            and noun.lemma_.lower() in ("aid", "assistance", "help", "rescue", "defence", "defense"))


def _sole_other(events: list[Event], sent, mentions: MentionIndex) -> list[Event]:  # type: ignore[no-untyped-def]
    """An event with a source and no target takes the one other actor its sentence names, when
    there is exactly one ("Russia isn't rushing to Tehran's aid in the face of Israeli strikes":
    the strikes are on Tehran). Marked with lower confidence."""
    from dataclasses import replace

    sentence_mentions = [m for m in mentions if sent.start <= m.head < sent.end
                         and m.kind not in ("vague", "name", "pronoun")
                         and not any(a.person for a in m.actors)]
    acting = {e.source.code for e in events if e.source is not None}
    out = []
    for e in events:
        if e.source is None or e.target is not None or e.source.code is None \
                or _has_object(sent.doc, e):
            out.append(e)
            continue
        others = {a.code: (m, a) for m in sentence_mentions for a in m.actors
                  if a.code and a.code not in acting}
        if len(others) != 1:
            out.append(e)
            continue
        m, actor = next(iter(others.values()))
        a, b = m.char_span(sent.doc)
        out.append(replace(e, target=actor, target_span=Span(a, b, sent.doc.text[a:b]),
                           confidence=round(e.confidence * 0.8, 2)))
    return out


def _has_object(doc, e: Event) -> bool:  # type: ignore[no-untyped-def]
    """The trigger has an object of its own ("condemned the strikes"): its empty target is
    what the text says, not a gap to fill."""
    span = doc.char_span(e.trigger.start, e.trigger.end)
    if span is None:
        return True
    return any(c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in ("of", "on",
               "against", "to", "with", "for")) for c in span.root.children)


def _join_halves(events: list[Event]) -> list[Event]:
    """One act told twice in a sentence ("Russian condemnation ..., Medvedev lambasted Trump"):
    an event with only a source and one of the same type with only a target become one."""
    from dataclasses import replace

    out = list(events)
    for e in events:
        if e.source is None or e.target is not None or e not in out:
            continue
        partner = next((f for f in out if f.type == e.type and f.source is None
                        and f.target is not None and f.target.code != e.source.code), None)
        if partner is not None:
            out.remove(partner)
            out[out.index(e)] = replace(e, target=partner.target,
                                        target_span=partner.target_span)
    return out


def _unique(events: list[Event]) -> list[Event]:
    """One event per type and dyad in a sentence (the first, usually the verb's)."""
    seen: set[tuple[str, str | None, str | None]] = set()
    out = []
    for e in events:
        key = (e.type, e.source.code if e.source else None, e.target.code if e.target else None)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _drop_subsumed(events: list[Event]) -> list[Event]:
    """Drop an event with no target when another of its type and source has one (the same
    event seen at a light verb and at its noun or complement)."""
    def covers(f: Event, e: Event) -> bool:
        same_src = e.source is None or _who(f.source) == _who(e.source)
        same_tgt = e.target is None or _who(f.target) == _who(e.target)
        more = (f.source is not None) + (f.target is not None) > (
            (e.source is not None) + (e.target is not None))
        return f.type == e.type and same_src and same_tgt and more

    return [e for e in events if not any(covers(f, e) for f in events if f is not e)]


def _who(actor: Actor | None) -> tuple[str | None, str | None] | None:
    return (actor.code, actor.sector) if actor is not None else None


def _confidence(s: Arg | None, t: Arg | None, attrs: Attributes) -> float:
    score = 0.5 + 0.2 * (s is not None) + 0.2 * (t is not None)
    if attrs.hedged:
        score -= 0.2
    return round(max(0.1, min(1.0, score)), 2)
