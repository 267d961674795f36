"""Trigger coverage: the rules file reads alternatives and word-list conditions, and every PLOVER
type has English news triggers (sentences written for this test, not taken from any gold set)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from whimbrel.actors.knowledge import load_knowledge
from whimbrel.actors.mentions import find_mentions
from whimbrel.actors.offices import load_offices
from whimbrel.actors.resolve import Resolver
from whimbrel.cameo import cameo_info
from whimbrel.events.rules import RuleError, load_rules, read_rules
from whimbrel.events.triggers import TriggerFinder
from whimbrel.records import PLOVER_TYPES


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "rules.yaml"
    p.write_text("version: 1\n" + body, encoding="utf-8")
    return p


def test_a_lemma_may_have_alternative_rules_in_order(tmp_path):
    rules = read_rules(_write(tmp_path, (
        "verbs:\n"
        "  strike:\n"
        "    - {type: AGREE, cameo: '057', requires_object: [deal]}\n"
        "    - {type: ASSAULT, cameo: '195', excludes: [balance]}\n"
        "  pull: {type: RETREAT, cameo: '0874', requires_particle: [out, back]}\n"
        "  step: {type: CONCEDE, cameo: '0831', requires_particle: down}\n")))
    assert [t.type for t in rules.verb_rules["strike"]] == ["AGREE", "ASSAULT"]
    assert rules.verbs["strike"].type == "AGREE"  # the first rule stands for the lemma
    assert rules.verb_rules["strike"][1].excludes == frozenset({"balance"})
    assert rules.verbs["pull"].requires_particle == frozenset({"out", "back"})
    assert rules.verbs["step"].requires_particle == frozenset({"down"})


def test_an_alternative_is_checked_like_a_rule(tmp_path):
    with pytest.raises(RuleError, match="strike"):
        read_rules(_write(tmp_path, (
            "verbs:\n  strike:\n    - {type: AGREE, cameo: '057'}\n    - {type: HIT, cameo: '190'}\n")))
    with pytest.raises(RuleError, match="not a string"):
        read_rules(_write(tmp_path, (
            "verbs:\n  call:\n    - {type: REQUEST, cameo: '020', requires_prep: [on]}\n")))


def test_bundled_rules_cover_every_type_with_known_cameo_codes():
    rules = load_rules()
    alts = [t for table in (rules.verb_rules, rules.noun_rules) for ts in table.values() for t in ts]
    assert {t.type for t in alts} == set(PLOVER_TYPES)
    unknown = sorted({(t.lemma, t.cameo) for t in alts if cameo_info(t.cameo) is None})
    assert unknown == []


# -- with the real model ------------------------------------------------------------------------

# (sentence, trigger word, PLOVER type): one or more per type, each through a different rule
CASES = [
    ("Lithuania urged Poland to reopen the crossing.", "urged", "REQUEST"),
    ("Hungary called on Austria to return the paintings.", "called", "REQUEST"),
    ("Norway expressed concern over Sweden's new border rules.", "expressed", "ACCUSE"),
    ("Chile summoned the Peruvian ambassador on Friday.", "summoned", "ACCUSE"),
    ("Ghana hit back at Togo over the fishing dispute.", "hit", "ACCUSE"),
    ("Portugal threatened Spain with legal action.", "threatened", "THREATEN"),
    ("Canada congratulated Mexico on the election.", "congratulated", "SUPPORT"),
    ("Kenya thanked Uganda for its help.", "thanked", "SUPPORT"),
    ("Japan donated vaccines to Vietnam.", "donated", "AID"),
    ("Turkey granted asylum to the Syrian defector.", "granted", "AID"),
    ("Estonia and Latvia agreed to share intelligence.", "share", "COOPERATE"),
    ("Egypt and Sudan inked a water deal on Monday.", "inked", "AGREE"),
    ("Serbia struck a deal with Hungary on Monday.", "struck", "AGREE"),
    ("Armenia accepted the proposal of Georgia.", "accepted", "AGREE"),
    ("Qatar brokered talks between Chad and Niger.", "brokered", "CONSULT"),
    ("Brazil contacted Argentina about the flooding.", "contacted", "CONSULT"),
    ("Israel struck targets in Lebanon on Sunday.", "struck", "ASSAULT"),
    ("Indian troops opened fire on Pakistani soldiers.", "opened", "ASSAULT"),
    ("India and Pakistan exchanged fire along the border.", "exchanged", "ASSAULT"),
    ("Ukraine shot down a Russian drone.", "shot", "ASSAULT"),
    ("Russian troops clashed with Ukrainian forces near Kharkiv.", "clashed", "ASSAULT"),
    ("Israel intercepted a missile from Yemen.", "intercepted", "ASSAULT"),
    ("Rebels ambushed a Malian army convoy.", "ambushed", "ASSAULT"),
    ("The United States slapped tariffs on Canada.", "slapped", "SANCTION"),
    ("Britain froze the assets of the Russian bank.", "froze", "SANCTION"),
    ("Poland closed its border with Belarus.", "closed", "SANCTION"),
    ("France recalled its ambassador from Mali.", "recalled", "SANCTION"),
    ("Russia vetoed the resolution on Syria.", "vetoed", "REJECT"),
    ("Iran rebuffed the offer from France.", "rebuffed", "REJECT"),
    ("Sudan boycotted the talks in Kenya.", "boycotted", "REJECT"),
    ("Thousands rallied against the government in Belgrade.", "rallied", "PROTEST"),
    ("China deployed warships near Taiwan.", "deployed", "MOBILIZE"),
    ("North Korea tested a ballistic missile on Friday.", "tested", "MOBILIZE"),
    ("Georgia reinforced its border with Russia.", "reinforced", "MOBILIZE"),
    ("Iran detained a French tourist in Tehran.", "detained", "COERCE"),
    ("Russia annexed Crimea in 2014.", "annexed", "COERCE"),
    ("Belarus cracked down on protesters in Minsk.", "cracked", "COERCE"),
    ("The president of Peru stepped down on Tuesday.", "stepped", "CONCEDE"),
    ("Cuba pardoned the American prisoners.", "pardoned", "CONCEDE"),
    ("Hamas freed the hostages on Sunday.", "freed", "RETREAT"),
    ("Russian troops pulled out of Kherson.", "pulled", "RETREAT"),
    ("Russia pulled out of the grain deal.", "pulled", "REJECT"),
    ("Azerbaijan lifted sanctions on Armenia.", "lifted", "RETREAT"),
    ("The rebels laid down their arms in Colombia.", "laid", "RETREAT"),
    ("Iraq received the inspectors from Austria.", "received", "RETREAT"),
    ("Prisoners in Peru began a hunger strike on Monday.", "strike", "PROTEST"),
    ("Farmers blocked roads in Belgium on Monday.", "blocked", "PROTEST"),
    ("Bolivia accepted the demands of the miners.", "accepted", "CONCEDE"),
    ("Japan denied entry to the Russian delegation.", "denied", "SANCTION"),
    ("Soldiers beat up protesters in Kenya.", "beat", "ASSAULT"),
    ("Greece strengthened its forces on the islands.", "strengthened", "MOBILIZE"),
    ("The Chilean president arrived in Lima on Monday.", "arrived", "CONSULT"),
    ("The Turkish minister was greeted by Kenya's president at the airport.", "greeted", "CONSULT"),
    ("The Peruvian journalist was beaten by Bolivian police.", "beaten", "ASSAULT"),
    ("Nepalese guards abused Indian migrants at the border.", "abused", "ASSAULT"),
    ("The Malian army used artillery to shell the rebel camp.", "used", "ASSAULT"),
    ("Heavy losses were inflicted on the Sudanese militia.", "inflicted", "ASSAULT"),
    ("The Chadian detainee died after torture by Sudanese guards.", "torture", "ASSAULT"),
]


@pytest.fixture(scope="module")
def finder_parts():
    rules = load_rules()
    return Resolver(load_knowledge(), load_offices(), date(2025, 6, 23)), rules, TriggerFinder(rules)


def _types_at(nlp, parts, sentence: str, word: str) -> list[str]:
    resolver, rules, finder = parts
    d = nlp(sentence)
    mentions = find_mentions(d, resolver, event_nouns=frozenset(rules.nouns))
    out = []
    for tok in d:
        if tok.text == word:
            rule = finder.trigger_of(tok, mentions)
            out.append(rule.type if rule else None)
    return out


@pytest.mark.integration
@pytest.mark.parametrize(("sentence", "word", "etype"), CASES, ids=[c[1] + "-" + c[2] for c in CASES])
def test_each_type_has_news_triggers(nlp, finder_parts, sentence, word, etype):
    assert etype in _types_at(nlp, finder_parts, sentence, word)


@pytest.mark.integration
@pytest.mark.parametrize(("sentence", "word"), [
    ("The minister struck a balance between the two camps.", "struck"),
    ("The embassy did not respond to requests for comment.", "requests"),
    ("The report speaks to the anger of the farmers.", "speaks"),
    ("Protesters called the march a success.", "called"),
    ("The navy opened a new base in the north.", "opened"),
    ("Chilean peacekeeping troops arrived in Haiti on Monday.", "arrived"),
    ("Police used tear gas on the protesters in Lima.", "used"),
])
def test_ambiguous_words_need_their_context(nlp, finder_parts, sentence, word):
    assert _types_at(nlp, finder_parts, sentence, word) == [None]


# -- filters: words that name, describe or report an act without being one ----------------------

@pytest.mark.integration
@pytest.mark.parametrize(("sentence", "word"), [
    # a participle used as an adjective describes its noun
    ("Fighters of the Turkey-backed militia entered the town.", "backed"),
    ("The Qatar-brokered deal collapsed in March.", "brokered"),
    ("Farmers returned to the occupied villages.", "occupied"),
    # a capitalised word inside a name
    ("Leaders of the Popular Support Front met in Lima.", "Support"),
    # a noun that is the content of a demand, threat or agreement
    ("Peru demanded the withdrawal of Ecuadorian troops from the valley.", "withdrawal"),
    ("Uruguay called for sanctions against the junta.", "sanctions"),
    ("Ghana threatened sanctions against Togo.", "sanctions"),
    # background nouns that need their act: a ceasefire, a demand, a bare cooperation
    ("Fighting resumed despite months of a ceasefire in the valley.", "ceasefire"),
    ("Lithuania conceded to the demands of the strikers.", "demands"),
    ("Military cooperation is over now, Kenya said.", "cooperation"),
    ("Any intervention by Nigeria would be the first since 2017.", "intervention"),
])
def test_descriptions_and_contents_are_not_triggers(nlp, finder_parts, sentence, word):
    assert _types_at(nlp, finder_parts, sentence, word) == [None]


@pytest.mark.integration
@pytest.mark.parametrize(("sentence", "word", "etype"), [
    # an adjunct of time is not content: the talks are their own event
    ("Chad and Niger signed a pact following talks in Doha.", "talks", "CONSULT"),
    # a ceasefire that is agreed, or that takes effect
    ("Qatar brokered a ceasefire between Chad and Sudan.", "ceasefire", "AGREE"),
    ("A ceasefire between Peru and Ecuador began on Monday.", "ceasefire", "RETREAT"),
    ("The rebels insisted on their demands for a new constitution.", "demands", "REQUEST"),
    ("Their coordination with Iran has deepened.", "coordination", "COOPERATE"),
    # offers: aid is AID, support SUPPORT, anything else an intent to agree
    ("Japan offered aid to Vietnam after the floods.", "offered", "AID"),
    ("Japan offered manpower and financial aid to Nepal.", "offered", "AID"),
    ("Mexico offered its support to Cuba.", "offered", "SUPPORT"),
    ("Mexico offered to host the talks.", "offered", "AGREE"),
    # leaving a pact is a refusal; troops withdrawn from a place retreat
    ("Russia withdrew from the treaty in 2019.", "withdrew", "REJECT"),
    ("Under the agreement, Rwanda withdrew its troops from Goma.", "withdrew", "RETREAT"),
    ("Moscow announced its withdrawal from the accord.", "withdrawal", "REJECT"),
    ("Kyiv demanded a withdrawal, and Minsk announced the withdrawal of its units from the border.",
     "withdrawal", "RETREAT"),
])
def test_context_decides_the_type(nlp, finder_parts, sentence, word, etype):
    assert etype in _types_at(nlp, finder_parts, sentence, word)


# -- evaluative labels (ANNOTATION rule 5): calling an actor or its act something ----------------

def test_evaluations_are_read_as_word_runs(tmp_path):
    rules = read_rules(_write(tmp_path, (
        "reporting_verbs: [say]\n"
        "evaluations:\n"
        "  condemnatory: [illegal, out of control]\n"
        "  approving: [historic step]\n"
        "  copulas: [be]\n"
        "  statement: {type: ACCUSE, cameo: '111', requires_label: condemnatory}\n"
        "verbs:\n"
        "  term:\n"
        "    - {type: ACCUSE, cameo: '111', requires_label: condemnatory}\n"
        "    - {type: SUPPORT, cameo: '051', requires_label: approving}\n")))
    assert rules.evaluations["condemnatory"] == (("illegal",), ("out", "of", "control"))
    assert rules.copulas == frozenset({"be"})
    assert [t.requires_label for t in rules.verb_rules["term"]] == ["condemnatory", "approving"]
    assert rules.statement_rules["say"].type == "ACCUSE"
    assert "say" not in rules.verbs  # a reporting verb is no trigger of its own
    with pytest.raises(RuleError, match="requires_label"):
        read_rules(_write(tmp_path, (
            "evaluations: {condemnatory: [illegal]}\n"
            "verbs:\n  term: {type: SUPPORT, cameo: '051', requires_label: glowing}\n")))


LABELS = [
    # a label verb with its label as a predicate of the object, or in an "as" phrase
    ("Bolivia's foreign minister called the Chilean junta illegitimate.", "called", "ACCUSE", "junta"),
    ("The Peruvian government described the raid as a breach of its sovereignty.",
     "described", "ACCUSE", "raid"),
    ("Peru described the decision as a violation of its waters.", "described", "ACCUSE", "decision"),
    ("Ghana considers Togo a threat.", "considers", "ACCUSE", "Togo"),
    ("Norway termed the accord between Sudan and Chad a historic step.", "termed", "SUPPORT", "Sudan"),
    # a reported copular statement with an actor as its subject: the reporting verb accuses
    ("The Estonian minister said on Tuesday that Russia's navy was out of control.",
     "said", "ACCUSE", "navy"),
    ('"The raids carried out by Colombian troops constitute war crimes," the Venezuelan '
     "president said on Monday.", "said", "ACCUSE", "troops"),
]


@pytest.mark.integration
@pytest.mark.parametrize(("sentence", "word", "etype", "labelled"), LABELS,
                         ids=[c[1] + "-" + c[3] for c in LABELS])
def test_a_label_is_an_accusation_or_praise(nlp, finder_parts, sentence, word, etype, labelled):
    resolver, rules, finder = finder_parts
    d = nlp(sentence)
    mentions = find_mentions(d, resolver, event_nouns=frozenset(rules.nouns))
    tok = next(t for t in d if t.text == word)
    rule = finder.trigger_of(tok, mentions)
    assert rule is not None and rule.type == etype and rule.requires_label
    assert finder.labelled(tok, mentions).text == labelled


@pytest.mark.integration
@pytest.mark.parametrize(("sentence", "word"), [
    ("The Estonian minister said on Tuesday that Russia's navy was not out of control.", "said"),
    ("The minister said the weather was out of control.", "said"),  # no actor is labelled
    ("Kenya's president said the goal of Uganda was to fight terrorism.", "said"),
    ("Lithuania's army, which views Belarus as a threat, moved north.", "views"),
    ("Sweden warned against what Hungary regards as illegal interference.", "regards"),
    ("Mexico considers Cuba a friend.", "considers"),
])
def test_a_label_needs_an_evaluative_word_about_an_actor(nlp, finder_parts, sentence, word):
    assert _types_at(nlp, finder_parts, sentence, word) == [None]


@pytest.mark.integration
def test_a_labelled_act_is_the_content_of_the_label(nlp, finder_parts):
    sentence = "The Peruvian government described the raid as a breach of its sovereignty."
    assert _types_at(nlp, finder_parts, sentence, "raid") == [None]


@pytest.mark.integration
def test_welcoming_an_act_and_calls_for_one(nlp):
    from test_context import _code
    got = _code(nlp, "Chile welcomed the ceasefire agreement between Peru and Bolivia.")
    assert any(t == "SUPPORT" and s == "CHL" for t, s, _ in got)
    got = _code(nlp, "Brazil repeated its call for a ceasefire.")
    assert any(t == "REQUEST" and s == "BRA" for t, s, _ in got)
    got = _code(nlp, "Peru made a phone call to Chile.")  # the other sense of the noun stays
    assert any(t == "CONSULT" for t, _, _ in got)


@pytest.mark.integration
def test_telling_another_actor_to_act_is_a_request(nlp):
    from test_context import _code
    assert ("REQUEST", "PER", "CHL") in _code(nlp, "Peru told Chile not to target civilians.")
    got = _code(nlp, "Peru told Chile that the talks had been useful.")
    assert not any(t == "REQUEST" for t, _, _ in got)  # reporting, not asking


@pytest.mark.integration
def test_pledged_aid_willing_to_negotiate_and_a_trade_blockade(nlp):
    from test_context import _code
    assert _code(nlp, "India pledged aid to Pakistan.") == [("AID", "IND", "PAK")]
    got = _code(nlp, "Peru said it was willing to negotiate with Chile.")
    assert any(t == "AGREE" for t, _, _ in got) and not any(t == "CONSULT" for t, _, _ in got)
    assert ("SANCTION", "USA", "CUB") in _code(nlp, "Cuba remains under a US trade blockade.")
    got = _code(nlp, "Peru imposed a naval blockade on Chile.")
    assert any(t == "COERCE" for t, _, _ in got)


@pytest.mark.integration
def test_placing_restrictions_and_putting_on_a_list_are_sanctions(nlp):
    from test_context import _code
    assert ("SANCTION", "USA", "CUB") in _code(
        nlp, "The US has placed visa restrictions on Cuban President Miguel Diaz-Canel.")
    assert any(t == "SANCTION" for t, _, _ in _code(
        nlp, "Two Iranian commanders were put on the list by the US Treasury."))
    assert _code(nlp, "Peru put its troops on alert.") == []
