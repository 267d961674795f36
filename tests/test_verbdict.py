"""User verb dictionaries (PETRARCH format): reading, matching on hand-built Docs, storing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from docs import doc
from whimbrel.actors.knowledge import load_knowledge
from whimbrel.actors.mentions import find_mentions
from whimbrel.actors.offices import load_offices
from whimbrel.actors.resolve import Resolver
from whimbrel.events.coder import Coder
from whimbrel.events.rules import load_rules
from whimbrel.events.verbdict import (
    VerbDictionaryError,
    VerbMatcher,
    parse_verb_dictionary,
    split_code,
)
from whimbrel.store import Store

DICT = """
<!-- a comment block
spanning lines -->
&TIES
+DIPLOMATIC TIES
+RELATIONS

--- RESTORE  [064]  ---
RESTORE    # a comment
- * &TIES  [064]  # the synset
- NOT * TIES  [112]
- * FXLL  [###]  # a hash inside the code

--- LEFT  [032:033]  ---
LEFT

--- CORDON [---] ---
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF}
- * ROADS [1721]

--- WELCOME  [041] ---
WELCOME {WELCOMED}
- $ * + [051]
- IN_* [999]
"""


def test_reader_reads_synsets_blocks_forms_and_glue():
    d = parse_verb_dictionary(DICT, "t.txt")
    names = [b.name for b in d.blocks]
    assert names == ["RESTORE", "LEFT", "CORDON", "WELCOME"]
    assert d.synsets["&TIES"] == (("diplomatic", "ties"), ("relations",))
    restore = d.blocks[0]
    assert [p.code for p in restore.patterns] == ["064", "112", "###"]
    assert restore.patterns[1].pre[0].value == "not" and not restore.patterns[1].pre[0].glued
    cordon = d.blocks[2].forms[0]
    assert (cordon.verb, cordon.after, "cordoned" in cordon.forms) == ("cordon", ("off",), True)
    glued = d.blocks[3].patterns[1]
    assert glued.pre[0].value == "in" and glued.pre[0].glued
    assert [i.kind for i in d.blocks[3].patterns[0].pre] == ["source"]
    assert split_code("032:033") == ("032", "033") and split_code("---") == (None, None)


@pytest.mark.parametrize("bad, reason", [
    ("--- X [010] ---\nX\n- NO STAR [010]\n", "exactly one '\\*'"),
    ("--- X [010] ---\nX\n- * &NOPE [010]\n", "unknown synset &NOPE"),
    ("--- X [010] ---\nX\n- * WORD\n", r"without a \[code\]"),
    ("just words\n", "no verb blocks"),
])
def test_reader_names_the_line_and_reason(bad, reason):
    with pytest.raises(VerbDictionaryError, match=reason) as err:
        parse_verb_dictionary(bad, "bad.txt")
    assert "bad.txt" in str(err.value)


@pytest.fixture(scope="module")
def parts():
    rules = load_rules()
    return load_knowledge(), load_offices(), rules


def code(parts, spec, dictionary=DICT):
    kb, offices, rules = parts
    d = doc(spec)
    mentions = find_mentions(d, Resolver(kb, offices, date(2025, 6, 1)),
                             event_nouns=frozenset(rules.nouns))
    coder = Coder(rules, verbs=VerbMatcher([parse_verb_dictionary(dictionary, "t.txt")]))
    events = coder.code_doc(d, mentions, article_id="t", sentence_index=[0] * 9)
    return sorted((e.cameo, e.source and e.source.code, e.target and e.target.code)
                  for e in events)


RESTORE_TIES = ("Russia/PROPN/nsubj/1/GPE restored/VERB/ROOT/1/restore "
                "diplomatic/ADJ/amod/3 ties/NOUN/dobj/1/tie with/ADP/prep/1 Iran/PROPN/pobj/4/GPE")


def test_pattern_with_a_synset_phrase_codes_its_code(parts):
    assert code(parts, RESTORE_TIES) == [("064", "RUS", "IRN")]


def test_negated_pattern_wins_by_length(parts):
    got = code(parts, "Russia/PROPN/nsubj/2/GPE not/PART/neg/2 restore/VERB/ROOT/2 "
                      "ties/NOUN/dobj/2/tie with/ADP/prep/2 Iran/PROPN/pobj/4/GPE")
    assert got == [("112", "RUS", "IRN")]


def test_paired_code_gives_both_directions(parts):
    got = code(parts, "Putin/PROPN/nsubj/1/PERSON left/VERB/ROOT/1/leave for/ADP/prep/1 "
                      "Tehran/PROPN/pobj/2/GPE")
    assert got == [("032", "RUS", "IRN"), ("033", "IRN", "RUS")]


def test_multiword_verb_and_irregular_form(parts):
    got = code(parts, "Israel/PROPN/nsubj/1/GPE cordoned/VERB/ROOT/1/cordon off/ADP/prt/1 "
                      "the/DET/det/4 roads/NOUN/dobj/1/road into/ADP/prep/4 "
                      "Gaza/PROPN/pobj/5/GPE")
    assert got == [("1721", "ISR", "PSE")]


def test_source_and_target_markers_capture_actors(parts):
    got = code(parts, "Iran/PROPN/nsubj/1/GPE welcomed/VERB/ROOT/1/welcome "
                      "Russia/PROPN/dobj/1/GPE")
    assert got == [("051", "IRN", "RUS")]


def test_code_outside_plover_gives_no_event_and_blocks_the_bundled_rule(parts):
    # "restore fxll" matches a pattern whose code is not CAMEO: the user decided, no event
    got = code(parts, "Russia/PROPN/nsubj/1/GPE restored/VERB/ROOT/1/restore "
                      "fxll/NOUN/dobj/1 with/ADP/prep/1 Iran/PROPN/pobj/3/GPE")
    assert got == []


def test_without_a_dictionary_the_bundled_rules_code(parts):
    kb, offices, rules = parts
    d = doc("Russia/PROPN/nsubj/1/GPE condemned/VERB/ROOT/1/condemn Israel/PROPN/dobj/1/GPE")
    mentions = find_mentions(d, Resolver(kb, offices, None), event_nouns=frozenset(rules.nouns))
    events = Coder(rules, verbs=VerbMatcher([])).code_doc(d, mentions, article_id="t",
                                                          sentence_index=[0])
    assert [(e.cameo, e.rule) for e in events] == [("111", "verb:condemn")]


def test_store_keeps_one_copy_per_name_and_refuses_a_bad_file(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add_verb_dictionary("v.txt", DICT)
        store.add_verb_dictionary("v.txt", DICT)  # a re-import replaces
        with pytest.raises(VerbDictionaryError):
            store.add_verb_dictionary("bad.txt", "--- X [1] ---\nX\n- NO STAR [1]\n")
    with Store(db, read_only=True) as store:
        rows = list(store.verb_dictionary_list())
        assert [(r["name"], r["verbs"], r["patterns"]) for r in rows] == [("v.txt", 4, 6)]
        assert store.verb_dictionaries()[0].blocks[0].name == "RESTORE"
