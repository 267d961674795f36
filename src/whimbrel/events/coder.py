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
from dataclasses import dataclass, replace
from typing import Any

from whimbrel.actors.mentions import DocMention, MentionIndex
from whimbrel.cameo import cameo_info
from whimbrel.events.arguments import Arg, Arguments
from whimbrel.events.attributes import Attributes, attributes_of, date_entities, reporting_verb
from whimbrel.events.tidy import first_of_each, tidy
from whimbrel.events.clauses import (
    MEDIATE,
    REFUSABLE,
    chained,
    clause_verb,
    condition,
    governed_by,
    list_head,
    mutual,
    only_mentioned,
    is_passive,
    judged_act,
    refusal,
    statement,
    trigger_token,
    unreal,
    victims_in_object,
)
from whimbrel.events.context import Cast, complete
from whimbrel.events.parties import distinct, party
from whimbrel.events.rules import Rules, Trigger
from whimbrel.events.triggers import TriggerFinder
from whimbrel.events.verbdict import Match, VerbMatcher, mention_spans, split_code
from whimbrel.places import Gazetteer
from whimbrel.records import Event, Location, Span

RECIPROCAL = frozenset({"CONSULT", "COOPERATE", "AGREE"})
# PLOVER type -> quad class, for events coded without a CAMEO code (re-typed events)
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "REQUEST": 1, "COOPERATE": 2, "AID": 2,
        "CONCEDE": 2, "RETREAT": 2, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
        "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
LIGHT = frozenset({"issue", "make", "send", "hold", "sign", "launch", "conduct", "carry", "stage",
                   "deliver", "provide", "offer", "express", "voice", "pledge", "announce",
                   "extend", "give", "seek", "reiterate", "reaffirm", "impose", "resume", "mount",
                   "wage", "pose", "file", "lodge", "reach", "conclude", "seal", "ink", "begin",
                   "start", "continue", "escalate", "have", "pen", "write", "renew", "repeat",
                   "step", "intensify", "order", "authorize", "approve", "complete", "finalize"})
UNDERGO = frozenset({"face", "suffer", "endure", "weather", "withstand", "receive", "absorb"})


HOSTILE = frozenset({"ACCUSE", "THREATEN"})
# acts an agentless passive in someone's report is taken to be done by the reporter's side
# ("Ali said the US had been contacted"); not attacks, arrests or accusations, which a
# speaker mostly reports of others
SPEAKER_AGENT = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "AID", "REQUEST",
                           "SANCTION", "REJECT", "CONCEDE", "RETREAT"})
# adjectives of readiness: "willing to negotiate" is an intent to negotiate
WILLING = frozenset({"willing", "ready", "prepared", "open", "eager", "keen"})
# acts whose verbal complement is their content, not a second event
EMBEDDING = frozenset({"ACCUSE", "AGREE", "REJECT", "REQUEST", "THREATEN"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger of a sentence with its type and the arguments found for it."""

    tok: Any  # the spaCy token
    rule: Trigger
    type: str
    sources: list[Arg]
    targets: list[Arg]


def _share_targets(found: list[Candidate]) -> list[Candidate]:
    """A warning or accusation with no target, in a clause joined to one that has its target,
    shares it ("condemned the American actions ..., warning of consequences")."""
    out = []
    for c in found:
        if not c.targets and c.type in HOSTILE:
            mine = clause_verb(c.tok)
            for other in found:
                theirs = clause_verb(other.tok)
                joined = chained(mine, theirs) or chained(theirs, mine)
                if other.type in HOSTILE and other.targets and joined and other.tok is not c.tok:
                    c = replace(c, targets=other.targets)
                    break
        out.append(c)
    return out


class Coder:
    """Codes the events of parsed documents with one rule set."""

    def __init__(self, rules: Rules, gazetteer: Gazetteer | None = None,
                 verbs: VerbMatcher | None = None) -> None:
        self.rules = rules
        self.gazetteer = gazetteer
        self.args = Arguments(rules)
        self.verbs = verbs if verbs else None  # the user's imported verb dictionaries
        self.triggers = TriggerFinder(rules)

    def trigger_of(self, tok, mentions: MentionIndex) -> Trigger | None:  # type: ignore[no-untyped-def]
        return self.triggers.trigger_of(tok, mentions)

    def _geocode(self, loc: Location | None) -> Location | None:
        """Country and coordinates for a place (the first of a list: "Fordow, Natanz, and ...")."""
        if loc is None or self.gazetteer is None:
            return loc
        first = loc.name.split(",")[0].split(" and ")[0].strip()
        found = self.gazetteer.lookup(first)
        if found is None:
            return loc
        return Location(loc.name, found.country, found.lat, found.lon)

    # -- coding ----------------------------------------------------------------------------
    def code_doc(self, doc, mentions: MentionIndex, *, article_id: str,  # type: ignore[no-untyped-def]
                 sentence_index: list[int], reference=None) -> list[Event]:
        """Events of every sentence of ``doc``; ``sentence_index[k]`` maps spaCy's k-th sentence
        to the stored sentence number (-1 for a sentence that was not stored)."""
        events: list[Event] = []
        spans = mention_spans(mentions) if self.verbs else {}
        for k, sent in enumerate(doc.sents):
            s_idx = sentence_index[k] if k < len(sentence_index) else -1
            if s_idx < 0:
                continue
            events.extend(self._code_sentence(sent, mentions, article_id, s_idx, reference,
                                              spans))
        triggers = {t.i for e in events for t in [trigger_token(doc, e)] if t is not None}
        return complete(events, Cast.of(mentions, sentence_index, events),
                        in_object=lambda e: victims_in_object(doc, e, mentions, self.rules),
                        mentioned=lambda e: only_mentioned(doc, e, triggers)
                        or statement(doc, e, self.rules),
                        judged=lambda e: judged_act(doc, e, self.rules))

    def _code_sentence(self, sent, mentions, article_id, s_idx, reference,  # type: ignore[no-untyped-def]
                       spans=None) -> Iterator[Event]:
        """The events of one sentence: a user dictionary's matches first, then each trigger of
        the rules with its arguments (sources, targets and their fallbacks) and its pairs."""
        user, consumed = self._user_matches(sent, mentions, reference, article_id, s_idx, spans)
        found: list[Candidate] = []
        for tok, rule in self._candidates(sent, mentions, consumed):
            etype = self._pledged(tok, self._retype(tok, rule) if rule.pos == "verb"
                                  else self._retype_noun(tok, rule))
            sources = self._sources(tok, rule, mentions)
            sources, targets = self._targets(tok, rule, etype, sources, mentions)
            if not sources and not targets:
                attrs = attributes_of(tok, self.rules, reference, sent)
                if not (attrs.date or attrs.location or next(date_entities(tok, sent), None)):
                    continue  # a bare back-reference ("the appeal") adds no event
            found.append(Candidate(tok, rule, etype, sources, targets))
        # a noun whose acl/relcl verb was coded as the same event is one event
        found = _share_targets([f for f in found if f.tok.i not in consumed or f.rule.pos == "verb"])
        seen: set[tuple] = set()  # type: ignore[type-arg]
        coded: list[Event] = []
        for c in found:
            attrs = attributes_of(c.tok, self.rules, reference, sent)
            if attrs.negated and c.type in REFUSABLE and refusal(c.tok):
                # "Serbia will never recognize Kosovo": an actor's refusal is a REJECT, not a
                # negated recognition (ANNOTATION rule 7); CAMEO 12
                c = replace(c, type="REJECT")
                attrs = replace(attrs, negated=False, hedged=False)
            for s, t in self._pairs(c, mentions):
                key = (c.type, party(s.actor) if s else None, party(t.actor) if t else None)
                if key in seen:
                    continue
                seen.add(key)
                coded.append(self._event(c.tok, c.rule, c.type, s, t, attrs, article_id, s_idx))
        # a user dictionary's codes stand as coded ("032:033" gives both directions)
        yield from first_of_each(user, _code_dyad_trigger)
        yield from tidy(coded, sent, mentions)

    # -- the steps ---------------------------------------------------------------------------
    def _user_matches(self, sent, mentions, reference, article_id, s_idx,  # type: ignore[no-untyped-def]
                      spans) -> tuple[list[Event], set[int]]:
        """Events of the user's imported verb dictionaries, and the tokens they used up."""
        user: list[Event] = []
        consumed: set[int] = set()
        if not self.verbs:
            return user, consumed
        for tok in sent:
            hit = self.verbs.match(tok, spans)
            coded = self._user_events(tok, hit, mentions, reference, article_id, s_idx) \
                if hit else None
            if coded is not None:
                user.extend(coded)
                consumed |= {tok.i, *hit.used}  # type: ignore[union-attr]
        return user, consumed

    def _candidates(self, sent, mentions: MentionIndex,  # type: ignore[no-untyped-def]
                    consumed: set[int]) -> Iterator[tuple]:  # type: ignore[type-arg]
        """Each trigger of the sentence with its rule, in order; what is asked for ("urged X to
        halt") or the content of another act ("agreed to meet") is not a trigger. A light verb's
        trigger noun ("launched strikes") and a noun whose relative clause is the trigger
        ("strikes that targeted ...") are marked consumed: the event is coded once, at the verb."""
        for tok in sent:
            rule = self.trigger_of(tok, mentions)
            if rule is None or tok.i in consumed or self._directed(tok) \
                    or self._embedded(tok, mentions) or condition(tok) or unreal(tok):
                continue
            if rule.pos == "verb":
                for c in tok.children:
                    if ((rule.requires_object or c.lemma_.lower() in rule.object_types)
                            and c.dep_ in ("dobj", "nsubjpass") and c.lower_ in self.rules.nouns):
                        consumed.add(c.i)  # "pledged aid": the object is the act itself
                if tok.dep_ in ("acl", "relcl") and tok.head.lower_ in self.rules.nouns:
                    consumed.add(tok.head.i)
            yield tok, rule

    def _sources(self, tok, rule: Trigger, mentions: MentionIndex) -> list[Arg]:  # type: ignore[no-untyped-def]
        """Who acts: a verb's subject; a noun's possessor or modifier, else the subject of the
        light verb that carries it ("Russia signed a pact", "issued a warning", "came during
        talks with X", "provides Iran with crucial backing")."""
        if rule.pos == "verb":
            return self.args.subject(tok, mentions)
        sources = self.args.noun_source(tok, mentions)
        if sources:
            return sources
        verb = tok.head if tok.dep_ in ("dobj", "attr") else tok.head.head
        if tok.dep_ == "pobj" and tok.head.lower_ == "with" and verb.lemma_.lower() in LIGHT:
            return self.args.subject(verb, mentions)
        lemma = verb.lemma_.lower()
        if verb.pos_ in ("VERB", "AUX") and (
                tok.dep_ in ("dobj", "attr") and lemma in LIGHT
                or tok.dep_ == "attr" and lemma == "be"
                or tok.dep_ == "pobj" and (lemma not in self.rules.verbs or rule.type in RECIPROCAL)
                and lemma not in UNDERGO):
            return self.args.subject(verb, mentions)
        return []

    def _targets(self, tok, rule: Trigger, etype: str, sources: list[Arg],  # type: ignore[no-untyped-def]
                 mentions: MentionIndex) -> tuple[list[Arg], list[Arg]]:
        """On whom: the trigger's own object or listed preposition, else where the sentence's
        structure puts it (each fallback names the sentence it exists for). Returns the sources
        too: who undergoes a noun ("Russia, facing Western sanctions") is its target, not its
        source."""
        if rule.requires_label is not None:
            # "called the junta illegitimate", "said the junta was out of control": the
            # labelled party, not the object the label verb happens to have
            labelled = self.triggers.labelled(tok, mentions)
            targets = self.args.expand(labelled, mentions) if labelled is not None else []
            if targets or labelled is not None:
                return sources, targets
        targets = self.args.targets(tok, rule, mentions, etype)
        if targets:
            return sources, targets
        noun, verb_head = rule.pos == "noun", tok.head
        head_of_list = tok
        while head_of_list.dep_ == "conj" and head_of_list.head.i != head_of_list.i:
            head_of_list = head_of_list.head  # "faced isolation and sanctions"
        if noun and head_of_list.dep_ == "dobj" and head_of_list.head.lemma_.lower() in UNDERGO:
            # "Russia, facing Western sanctions": who faces it is the target
            targets = self.args.subject(head_of_list.head, mentions)
            if sources and targets and sources[0].mention is targets[0].mention:
                sources = []
            if targets:
                return sources, targets
        if noun and tok.dep_ == "pobj" and verb_head.lower_ == "with" \
                and verb_head.head.lemma_.lower() in LIGHT:
            # "provided Iran with backing": the light verb's object receives it
            targets = [a for c in verb_head.head.children if c.dep_ in ("dobj", "dative")
                       for a in self.args.expand(c, mentions)]
        elif not noun and tok.dep_ in ("advcl", "xcomp") and verb_head.pos_ == "VERB":
            # "penned a letter to Putin, requesting assistance": the letter's addressee
            targets = self.args.prep_targets(verb_head, mentions, "CONSULT") or [
                a for c in verb_head.children if c.dep_ == "dobj"
                for a in self.args.noun_target(c, mentions, frozenset({"to"}))]
        elif noun and tok.dep_ in ("nsubj", "dobj", "nsubjpass") and verb_head.pos_ == "VERB":
            # "Western sanctions persist against both countries", "sent a letter to Putin",
            # "no talks were held between Peru and Chile"
            targets = self.args.prep_targets(verb_head, mentions, etype)
        elif noun and tok.dep_ == "pobj" and verb_head.lower_ == "with" \
                and verb_head.head.lemma_.lower() in ("meet", "greet", "receive"):
            # "the strikes have been met with condemnation from Moscow"
            targets = [a for c in verb_head.head.children if c.dep_ == "nsubjpass"
                       for a in self.args.expand(c, mentions)]
        if not targets and not noun and tok.dep_ == "acl" and tok.lemma_.lower() in MEDIATE:
            # "a ceasefire between Israel and Hezbollah, brokered by France", "the talks,
            # mediated by ...": the parties of what was mediated (the parser may hang the
            # participle on the last party)
            if verb_head.dep_ in ("pobj", "conj") and mentions.at(verb_head) is not None:
                targets = self.args.expand(list_head(verb_head), mentions)
            else:
                targets = self.args.prep_targets(verb_head, mentions, etype)
        if not targets and etype == "THREATEN":
            # "warned ... if Israel continues": who would act in the condition
            targets = self.args.conditional_subject(tok, mentions)
        return sources, targets

    def _pairs(self, c: Candidate, mentions: MentionIndex  # type: ignore[no-untyped-def]
               ) -> list[tuple[Arg | None, Arg | None]]:
        """The (source, target) pairs a candidate gives: one per source and target; an
        agentless passive in a report is the reporter's side's act (diplomatic acts only);
        joint subjects of a reciprocal act ("Russia and Iran cooperated") or the two objects of
        "talks between X and Y" face each other; a symmetric act ("fought", "each other")
        gives each side an event on the other. An actor does not act on itself, but an act on
        the source's own people ("withdrew its ambassador") keeps its source."""
        tok, etype, sources, targets = c.tok, c.type, c.sources, c.targets
        passive = c.rule.pos == "verb" and is_passive(tok)
        if passive and not sources and etype in SPEAKER_AGENT:
            sources = self._speaker_args(tok, mentions)
        if etype in RECIPROCAL and not targets and len(sources) >= 2 \
                and tok.lemma_.lower() not in MEDIATE:  # co-mediators do not talk to each other
            sources, targets = sources[:1], sources[1:]
        elif etype in RECIPROCAL and not sources and len(targets) >= 2 and not passive:
            sources, targets = targets[:1], targets[1:]
        if not targets and len(sources) >= 2 and mutual(tok):
            pairs: list[tuple[Arg | None, Arg | None]] = [
                (s, t) for s in sources for t in sources if s is not t]
        else:
            pairs = [(s, t) for s in (sources or [None]) for t in (targets or [None])]
        kept = [(s, t) for s, t in pairs if s is None or t is None or distinct(s.actor, t.actor)]
        if not kept and sources:
            kept = [(s, None) for s in sources]
        return kept

    def _user_events(self, tok, hit: Match, mentions: MentionIndex, reference,  # type: ignore[no-untyped-def]
                     article_id: str, s_idx: int) -> list[Event] | None:
        """Events of a verb matched in a user dictionary, or None to leave it to the rules.

        A matched pattern decides even when its code has no PLOVER type (a statement, or a code
        outside CAMEO): the verb then gives no event. A verb's default code that has no PLOVER
        type leaves the verb to the bundled rules."""
        code, back = split_code(hit.code)
        info = cameo_info(code)
        back_info = cameo_info(back)
        etype = info.plover if info else None
        back_type = back_info.plover if back_info else None
        if etype is None and back_type is None:
            return [] if hit.pattern is not None else None
        doc = tok.doc
        trigger = Trigger(tok.lemma_.lower(), "verb", etype or back_type or "", code or "")
        if hit.source is not None:
            sources = self.args.expand(list_head(doc[hit.source]), mentions)
        elif hit.compound is not None and hit.compound_before:
            sources = self.args.expand(list_head(doc[hit.compound]), mentions)
        else:
            sources = self.args.subject(tok, mentions)
        if hit.target is not None:
            targets = self.args.expand(list_head(doc[hit.target]), mentions)
        elif hit.compound is not None and not hit.compound_before:
            targets = self.args.expand(list_head(doc[hit.compound]), mentions)
        else:
            targets = self.args.targets(tok, trigger, mentions, trigger.type) or \
                self._first_after(tok, mentions)
        if (hit.compound is not None or back) and not targets and len(sources) >= 2:
            sources, targets = sources[:1], sources[1:]  # "Gondor and Osgiliath agreed"
        attrs = attributes_of(tok, self.rules, reference)
        where = hit.pattern.where if hit.pattern else hit.block.name
        out: list[Event] = []
        for s in sources or [None]:
            for t in targets or [None]:
                if s is not None and t is not None and not distinct(s.actor, t.actor):
                    continue
                for kind, c, a, b in (("", code, s, t), (" (back)", back, t, s)):
                    ci = cameo_info(c)
                    if ci is None or ci.plover is None or (kind and (a is None or b is None)):
                        continue
                    rule = Trigger(trigger.lemma, "verb", ci.plover, c or "")
                    e = self._event(tok, rule, ci.plover, a, b, attrs, article_id, s_idx)
                    out.append(replace(e, rule=f"user:{where}{kind}"))
        return out

    def _first_after(self, tok, mentions: MentionIndex) -> list[Arg]:  # type: ignore[no-untyped-def]
        """The first actor after the verb in its own phrase (a dictionary pattern's default)."""
        for t in tok.subtree:
            if t.i > tok.i and mentions.at(t) is not None:
                return self.args.expand(t, mentions)
        return []

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
        verb = tok
        while verb.pos_ != "VERB" and verb.head.i != verb.i:
            verb = verb.head  # "require Russia to come to Iran's aid": the clause of the noun
        return (verb.pos_ == "VERB" and verb.dep_ == "xcomp"
                and verb.head.lemma_.lower() in self.rules.directive_verbs
                and any(c.dep_ in ("dobj", "dative") for c in verb.head.children))

    def _speaker_args(self, tok, mentions: MentionIndex) -> list[Arg]:  # type: ignore[no-untyped-def]
        """The subject of the reporting verb whose complement ``tok`` is in, as arguments."""
        verb = reporting_verb(tok, self.rules)
        return [] if verb is None else [a for c in verb.children if c.dep_ == "nsubj"
                                        for a in self.args.expand(c, mentions)]

    def _embedded(self, tok, mentions: MentionIndex) -> bool:  # type: ignore[no-untyped-def]
        """A verb in the complement of a coded accusation, agreement, refusal, demand or threat
        ("accused Kenya of supporting the RSF", "agreed to meet", "refused to withdraw",
        "demanded that troops leave") is the content of that act, not an event of its own
        (ANNOTATION.md rules 5 and 6), and so is a noun a light verb there carries ("agreed to
        hold talks")."""
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass") \
                and tok.head.lemma_.lower() in LIGHT:
            tok = tok.head
        if tok.pos_ != "VERB":
            return False
        while tok.dep_ == "conj" and tok.head.pos_ == "VERB" and tok.head.i != tok.i:
            tok = tok.head  # "agreed not to use nor threaten to use force"
        if tok.dep_ in ("xcomp", "ccomp"):
            gov = tok.head
        elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
            gov = tok.head.head
        else:
            return False
        if gov.pos_ not in ("VERB", "AUX") or gov.i == tok.i:
            return False
        rule = self.trigger_of(gov, mentions)
        return rule is not None and rule.type in EMBEDDING

    def _announced_attack(self, tok) -> bool:  # type: ignore[no-untyped-def]
        """An attack its author says it will make ("'We will carry out more attacks,' he said";
        "the group said it would strike again"): a threat (CAMEO 138), not an attack."""
        verb = clause_verb(tok)
        future = any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall", "would")
                     for c in verb.children)
        if not future:
            return False
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("we", "i") for c in verb.children):
            return True
        if reporting_verb(verb, self.rules, hops=3) is None:
            return False
        # "X said it would strike": the reporter speaks of its own act
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        return bool(subj) and subj[0].lower_ in ("it", "they", "he", "she")

    def _pledged(self, tok, etype: str) -> str:  # type: ignore[no-untyped-def]
        """Aid or cooperation that is only pledged or decided is coded as SUPPORT; an attack that
        is only hinted at or vowed is a THREATEN; talks an actor says it is willing or ready to
        hold are an AGREE (CAMEO 036, intent to meet or negotiate)."""
        if etype == "CONSULT" and tok.pos_ == "VERB" and tok.dep_ == "xcomp" \
                and tok.head.lemma_.lower() in WILLING:
            return "AGREE"
        if etype == "ASSAULT" and (governed_by(tok, self.rules.threat_heads, 3)
                                   or self._announced_attack(tok)):
            return "THREATEN"
        if etype in ("AID", "COOPERATE") and governed_by(tok, self.rules.pledge_heads, 4):
            return "SUPPORT"
        return etype

    def _event(self, tok, rule: Trigger, etype: str, s: Arg | None, t: Arg | None,  # type: ignore[no-untyped-def]
               attrs: Attributes, article_id: str, s_idx: int) -> Event:
        doc = tok.doc

        def span(m: DocMention | None) -> Span | None:
            if m is None:
                return None
            a, b = m.char_span(doc)
            return Span(a, b, doc[m.start:m.end].text)

        cameo = rule.cameo if etype == rule.type else None
        info = cameo_info(cameo)
        contexts = attrs.contexts
        return Event(
            article_id=article_id, sentence=s_idx, type=etype,
            trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text),
            source=s.actor if s else None, target=t.actor if t else None,
            source_span=span(s.mention if s else None), target_span=span(t.mention if t else None),
            mode=rule.mode if etype == rule.type else None, contexts=contexts, cameo=cameo,
            quad_class=info.quad_class if info else QUAD.get(etype),
            goldstein=info.goldstein if info else None,
            negated=attrs.negated, hedged=attrs.hedged, quoted=attrs.quoted,
            speaker=attrs.speaker, date=attrs.date, location=self._geocode(attrs.location),
            confidence=_confidence(s, t, attrs), rule=f"{rule.pos}:{rule.lemma}",
            medium=attrs.medium if QUAD.get(etype) in (1, 3) else None,  # verbal acts only
        )


def _code_dyad_trigger(e: Event) -> tuple[str | None, str | None, str | None, int]:
    """A user dictionary's event is one per code, dyad and trigger ("032:033" gives two)."""
    return (e.cameo, e.source.code if e.source else None, e.target.code if e.target else None,
            e.trigger.start)


def _confidence(s: Arg | None, t: Arg | None, attrs: Attributes) -> float:
    score = 0.5 + 0.2 * (s is not None) + 0.2 * (t is not None)
    if attrs.hedged:
        score -= 0.2
    return round(max(0.1, min(1.0, score)), 2)
