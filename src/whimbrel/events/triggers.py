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
# where a label verb puts its label: "called the junta illegitimate" (oprd), "considers it a
# threat", "called what happened an act of aggression" (ccomp); "as" phrases are read too
LABEL_DEPS = frozenset({"oprd", "xcomp", "ccomp", "attr", "acomp"})
# a label phrase does not run on into clauses of its own ("the goal was to fight terrorism")
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis"})
# relative and interrogative pronouns ("which", "what")
WH_TAGS = frozenset({"WDT", "WP", "WP$"})
# what is not part of a copular clause's predicate
NOT_PREDICATE = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "neg", "aux", "auxpass", "mark",
                           "punct", "cc", "advmod", "npadvmod", "intj"})


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
            statement = self.rules.statement_rules.get(tok.lemma_.lower())
            if statement is not None and self._labelling_statement(tok, statement, mentions):
                return statement
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

    # -- evaluative labels (ANNOTATION rule 5) ---------------------------------------------
    def labelled(self, tok, mentions: MentionIndex | None = None):  # type: ignore[no-untyped-def]
        """The labelled party of a label trigger (one whose rule has ``requires_label``): the
        label verb's object ("called the junta illegitimate": junta; passive "the move was
        described as a violation": move), or the subject of the copular clause a reporting verb
        reports ("X said the junta was out of control"). With ``mentions``, the first actor
        mention inside that phrase stands for it ("the actions carried out by the rebels":
        rebels; "the protesters' actions": protesters). None when the label names no one."""
        clause = self._copular_clause(tok)
        if clause is not None and tok.lemma_.lower() in self.rules.statement_rules:
            phrase = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        else:
            kids = list(tok.children)
            phrase = next((c for c in kids if c.dep_ in ("dobj", "nsubjpass")), None)
            if phrase is None:  # "considers Togo a threat" (a small clause), "called the junta
                # illegitimate" parsed as a compound of the label
                phrase = next((g for c in kids if c.dep_ in LABEL_DEPS for g in c.children
                               if g.dep_ in ("nsubj", "compound") and g.i < c.i), None)
        if phrase is None or mentions is None or mentions.at(phrase) is not None:
            return phrase
        label = {t.i for p in phrase.children if p.dep_ == "prep" and p.lower_ == "as"
                 for t in p.subtree}  # "described the decision as a violation of its rights"
        return next((t for t in phrase.subtree
                     if t.i not in label and mentions.at(t) is not None), phrase)

    def _label_words(self, tok, which: str) -> bool:  # type: ignore[no-untyped-def]
        """A word of the ``which`` list in the label a verb attaches: its predicate-like
        children ("called X illegitimate", "considers X a threat") or an "as" phrase on it or
        on its object ("described the move as a violation", "condemned X as aggression")."""
        if tok.dep_ == "relcl" or any(c.dep_ in ("dobj", "nsubjpass") and c.tag_ in WH_TAGS
                                      for c in tok.children):
            return False  # a stance that describes someone ("the doctrine, which views X as a
            # violation"), or a thing named by it ("resistance to what Iran views as aggression")
        heads = [c for c in tok.children if c.dep_ in LABEL_DEPS]
        holders = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        heads += [g for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ == "as"
                  for g in p.children]
        return _has_words([t for h in heads for t in _phrase(h)], self.rules.evaluations[which])

    def _copular_clause(self, tok):  # type: ignore[no-untyped-def]
        """The copular clause a reporting verb reports ("said the junta was out of control",
        "'the raids constitute war crimes,' he said"), or None."""
        if tok.lemma_.lower() not in self.rules.reporting_verbs:
            return None
        for c in tok.children:
            if c.dep_ == "ccomp" and c.lemma_.lower() in self.rules.copulas:
                return c
        if tok.dep_ == "parataxis" and tok.head.lemma_.lower() in self.rules.copulas:
            return tok.head
        return None

    def _labelling_statement(self, tok, rule: Trigger, mentions: MentionIndex) -> bool:  # type: ignore[no-untyped-def]
        """A reported copular statement that labels an actor: not negated, an actor in its
        subject, a word of the rule's list in its predicate."""
        clause = self._copular_clause(tok)
        if clause is None or rule.requires_label is None:
            return False
        if any(c.dep_ == "neg" for c in clause.children):
            return False  # "said the talks were not a violation"
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not any(mentions.at(t) is not None for s in subjects for t in s.subtree):
            return False
        predicate = [t for c in clause.children if c.dep_ not in NOT_PREDICATE
                     and c.dep_ not in CLAUSE_DEPS for t in _phrase(c)]
        if any(t.dep_ in ("det", "neg") and t.lower_ in self.rules.negation_words for t in predicate):
            return False  # "was no violation"
        return _has_words(predicate, self.rules.evaluations[rule.requires_label])

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
        # a labelled act is the label's content too ("described the raid as a breach": rule 5)
        return rule is not None and (rule.type in CONTENT_TAKING or rule.requires_label is not None)

    def _verb_ok(self, tok, rule: Trigger, mentions: MentionIndex) -> bool:  # type: ignore[no-untyped-def]
        kids = list(tok.children)
        if rule.active_only and any(c.dep_ in ("auxpass", "nsubjpass") for c in kids):
            return False
        if rule.requires_complement and not any(
                c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
                for c in kids):
            return False  # "told the regime not to target civilians", not "told reporters that"
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
        if rule.requires_label and not self._label_words(tok, rule.requires_label):
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
        if rule.requires_prep and not any(
                c.dep_ == "prep" and c.lower_ in rule.requires_prep for c in tok.children):
            return False  # "calls for a ceasefire"
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


def _phrase(head) -> list:  # type: ignore[no-untyped-def,type-arg]
    """``head`` and its dependents, not running on into clauses of their own ("an act of
    aggression", "hostile and outrageous"; not "to fight terrorism" under "the aim was")."""
    out, todo = [], [head]
    while todo:
        t = todo.pop()
        out.append(t)
        todo += [c for c in t.children if c.dep_ not in CLAUSE_DEPS
                 and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    return out


def _has_words(tokens: list, runs: tuple[tuple[str, ...], ...]) -> bool:  # type: ignore[type-arg]
    """One of the word runs occurs among ``tokens`` (contiguous in the text), each word matching
    a token's surface form or lemma ("war crime" matches "war crimes")."""
    if not tokens:
        return False
    doc, where = tokens[0].doc, {t.i for t in tokens}
    for t in tokens:
        for run in runs:
            end = t.i + len(run)
            if end <= len(doc) and all(
                    k in where and w in (doc[k].lower_, doc[k].lemma_.lower())
                    for k, w in zip(range(t.i, end), run)):
                return True
    return False


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
    prepositions ("requests for comment", "strike a truce" under an ASSAULT reading), or one of
    its ``excludes_subject`` is its subject ("troops arrived in" is no visit)."""
    if rule.excludes_subject and any(
            c.dep_ in ("nsubj", "nsubjpass") and (c.lemma_.lower() in rule.excludes_subject
                                                  or c.lower_ in rule.excludes_subject)
            for c in tok.children):
        return True  # "peacekeeping troops arrived in Bosnia" is no visit
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
