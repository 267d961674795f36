"""Clause-level tests on the dependency parse that the coder asks of a trigger: whose clause it
is in, whether it is governed by a word, conditional, refused, passive, mutual, only referred
to inside another act, a statement, and whom a judged act was done to. Pure functions of spaCy
tokens (and the coder's rules), each named for the sentence it exists for."""

from __future__ import annotations

from whimbrel.actors.mentions import MentionIndex
from whimbrel.events.parties import party
from whimbrel.events.rules import Rules
from whimbrel.records import Event


def clause_verb(tok):  # type: ignore[no-untyped-def]
    while tok.pos_ != "VERB" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def governed_by(tok, lemmas: frozenset[str], hops: int) -> bool:  # type: ignore[no-untyped-def]
    """Is one of the ``hops`` nearest heads of ``tok`` a word in ``lemmas``?"""
    node = tok
    for _ in range(hops):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in lemmas:
            return True
    return False


def chained(a, b, hops: int = 3) -> bool:  # type: ignore[no-untyped-def]
    """Is ``a`` reached from ``b``'s clause through conjoined or adverbial clauses?"""
    node = a
    for _ in range(hops):
        if node.dep_ not in ("conj", "advcl") or node.head.i == node.i:
            return False
        node = node.head
        if node.i == b.i:
            return True
    return False


def trigger_token(doc, e: Event):  # type: ignore[no-untyped-def]
    """The head token of an event's trigger in ``doc``, or None (a span spaCy cannot cut)."""
    span = doc.char_span(e.trigger.start, e.trigger.end)
    return None if span is None else span.root


def objects(tok, preps: frozenset[str] | None = None) -> list:  # type: ignore[no-untyped-def,type-arg]
    """What ``tok`` acts on: its direct object or passive subject, then the objects of its
    prepositions (of those in ``preps`` only, when given)."""
    out = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    return out + [g for c in tok.children if c.dep_ == "prep"
                  and (preps is None or c.lower_ in preps)
                  for g in c.children if g.dep_ == "pobj"]


BACKGROUND_PREPS = frozenset({"after", "following", "since", "before", "amid", "despite", "over",
                              "during", "against", "in"})


def only_mentioned(doc, e: Event, triggers: set[int]) -> bool:  # type: ignore[no-untyped-def]
    """A noun trigger inside another coded act's phrase ("condemned the US strikes") or in a
    background adjunct ("after the strikes", "amid talks"): referred to, not reported."""
    node = trigger_token(doc, e)
    if node is None or node.pos_ not in ("NOUN", "PROPN"):
        return False
    for _ in range(3):
        if node.head.i == node.i:
            return False
        if node.dep_ == "pobj" and node.head.lower_ in BACKGROUND_PREPS:
            return True
        node = node.head
        if node.i in triggers:
            return True
    return False


def statement(doc, e: Event, rules: Rules) -> bool:  # type: ignore[no-untyped-def]
    """An event coded on a verb of saying (a user dictionary may code "said"): a statement is
    addressed to no one the article would say."""
    tok = trigger_token(doc, e)
    return tok is not None and tok.lemma_.lower() in rules.reporting_verbs


# acts that judge another act: their other side is the act's author, not whom it was done to
JUDGING = frozenset({"ACCUSE", "THREATEN", "REJECT"})


def victims_in_object(doc, e: Event, mentions: MentionIndex,  # type: ignore[no-untyped-def]
                       rules: Rules) -> frozenset:  # type: ignore[type-arg]
    """The parties an act in the object of a judging event was done to ("condemned the strikes
    on Ukraine": Ukraine), or that intercepted projectiles were aimed at ("shot down missiles
    aimed at Israel"): not the event's implicit other side. The act's author ("the US move")
    may well be."""
    tok = trigger_token(doc, e) if e.type in JUDGING or e.type == "ASSAULT" else None
    if tok is None:
        return frozenset()
    objs = objects(tok)
    if e.type in JUDGING:
        acts = [o for o in objs if o.lower_ in rules.nouns or o.lemma_.lower() in rules.nouns]
    else:  # "shot down missiles aimed at Israel": whom the projectiles were aimed at
        acts = [o for o in objs if o.lemma_.lower() in PROJECTILES]
    return frozenset(party(a) for o in acts for p in o.children if p.dep_ in ("prep", "acl")
                     for t in p.subtree if t.i != p.i
                     for m in [mentions.at(t)] if m is not None for a in m.actors if a.code)


def judged_act(doc, e: Event, rules: Rules) -> str | None:  # type: ignore[no-untyped-def]
    """The type of the act a judging event is about, when its object is an event noun with no
    author of its own ("condemned the attack", "rejected the strikes"; not "condemned the US
    strikes", whose author the sentence names)."""
    tok = trigger_token(doc, e) if e.type in JUDGING else None
    if tok is None:
        return None
    for o in objects(tok, frozenset({"over", "for", "of"})):
        rule = rules.nouns.get(o.lower_) or rules.nouns.get(o.lemma_.lower())
        if rule is not None and rule.type not in JUDGING and not any(
                c.dep_ in ("poss", "compound", "amod", "nmod") and c.pos_ in ("PROPN", "PRON", "ADJ")
                and c.ent_type_ in ("GPE", "NORP", "ORG") for c in o.children):
            return rule.type
    return None


# what an interception is aimed at: its target is who fired them, not whom they were fired at
PROJECTILES = frozenset({"missile", "rocket", "drone", "projectile", "shell", "munition",
                         "bomb", "interceptor", "warhead", "salvo", "barrage"})


# mediation: the mediator consults each party of what it mediates (CAMEO 045)
MEDIATE = frozenset({"mediate", "broker"})
MUTUAL_VERBS = frozenset({"fight", "clash", "battle", "skirmish", "exchange", "trade", "spar",
                          "war", "feud"})


CONDITIONS = frozenset({"if", "unless", "whether"})


def condition(tok) -> bool:  # type: ignore[no-untyped-def]
    """A trigger in the condition of a conditional ("to defend Saudi Arabia if it is
    attacked") is hypothetical, not an event (ANNOTATION rule 11); what would follow from it
    is coded, hedged."""
    node = tok
    for _ in range(4):
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONS
                                        for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


# cooperative acts whose refusal by their would-be source is a rejection
REFUSABLE = frozenset({"SUPPORT", "AGREE", "COOPERATE", "CONCEDE", "RETREAT", "CONSULT", "AID"})


def refusal(tok) -> bool:  # type: ignore[no-untyped-def]
    """A negated act stated as the actor's will ("will never recognize", "won't accept",
    "would not withdraw"), not the narrator's report that it did not happen ("did not
    attend")."""
    verb = clause_verb(tok)
    kids = list(verb.children)
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall", "would", "wo")
                 for c in kids)
    return future and any(c.dep_ == "neg" for c in kids)


def is_passive(tok) -> bool:  # type: ignore[no-untyped-def]
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def mutual(tok) -> bool:  # type: ignore[no-untyped-def]
    """A symmetric act: a verb that takes its parties together ("the two sides clashed",
    "exchanged fire") or one done to "each other" / "one another"."""
    if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in MUTUAL_VERBS:
        return True
    for t in tok.subtree:
        if t.lower_ == "other" and t.i > 0 and tok.doc[t.i - 1].lower_ == "each":
            return True
        if t.lower_ == "another" and t.i > 0 and tok.doc[t.i - 1].lower_ == "one":
            return True
    return False


def list_head(tok):  # type: ignore[no-untyped-def]
    """The first item of the coordinated list ``tok`` is in ("X, Y and Z": X)."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


# verbs whose object is something wanted, not something done ("would require the coordination
# of troops", "needs talks")
WANTING = frozenset({"require", "need", "want", "wish", "desire"})
PRONOUN_SUBJECTS = frozenset({"it", "this", "that", "these", "those"})


def unreal(tok) -> bool:  # type: ignore[no-untyped-def]
    """A trigger that names no act that took place (ANNOTATION rule 11): the complement of an
    evaluative adjective ("it is tough to strike a truce"), the object of a verb of wanting
    ("would require the coordination of troops"), or the description of a back-reference
    ("It was the biggest assault on the government in decades")."""
    if tok.dep_ == "xcomp" and _it_is_adjective(tok.head):
        return True  # "it is tough to ...", not "Peru is ready to help"
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    head = tok.head
    if tok.dep_ == "dobj" and head.lemma_.lower() in WANTING:
        return True
    if tok.dep_ == "attr" and head.lemma_.lower() == "be":
        return any(c.dep_ == "nsubj" and c.lower_ in PRONOUN_SUBJECTS for c in head.children)
    return False


# adjectives that take an extraposed infinitive ("it is tough to ..."), not a subject who
# acts ("it was willing to negotiate": it is the actor)
EXTRAPOSING = frozenset({"tough", "hard", "difficult", "easy", "impossible", "possible",
                         "important", "necessary", "essential", "crucial", "vital", "unlikely",
                         "likely", "premature", "unrealistic", "pointless", "useless"})


def _it_is_adjective(head) -> bool:  # type: ignore[no-untyped-def]
    """``head`` is an extraposing adjective, or a copula with one, whose subject is "it"."""
    if head.pos_ == "ADJ":
        adjective, head = head, head.head
    else:
        adjective = next((c for c in head.children if c.dep_ == "acomp" and c.pos_ == "ADJ"),
                         None)
        if adjective is None:
            return False
    return adjective.lemma_.lower() in EXTRAPOSING and any(
        c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in head.children)
