from __future__ import annotations

from whimbrel.dedup import (
    NearDuplicateIndex,
    content_hash,
    from_bytes,
    signature,
    similarity,
    to_bytes,
)

STORY = (
    "Russia's foreign ministry on Sunday condemned the American strikes on three Iranian nuclear "
    "sites, calling them a reckless violation of international law. The ministry said the attack "
    "on Fordow, Natanz and Isfahan risked a radiological disaster and urged Washington to return "
    "to diplomacy. Moscow said it would raise the matter at the United Nations Security Council "
    "and called for an emergency session. Iranian officials thanked Russia for its support and "
    "said they would respond to the attack at a time of their choosing."
)
OTHER = (
    "The European Union adopted a new package of sanctions against Russia on Friday, targeting "
    "tankers of the shadow fleet and banks in third countries that help Moscow evade earlier "
    "measures. Ministers meeting in Brussels also extended the freeze on Russian central bank "
    "assets, and Hungary dropped its objection after receiving assurances on energy supplies."
)


def test_content_hash_folds_whitespace_only():
    assert content_hash("a  b\n c") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")


def test_republished_copy_joins_the_cluster_of_the_original():
    index = NearDuplicateIndex()
    assert index.add("orig", signature(STORY)) is None
    copy = "Moscow condemns US strikes (Reporting by a staff writer)\n" + STORY + " Edited."
    found = index.add("copy", signature(copy))
    assert found is not None and found.cluster == "orig" and found.similarity >= 0.5
    # a copy of the copy stays in the original's cluster
    assert index.add("copy2", signature(copy + " More.")).cluster == "orig"


def test_different_stories_are_not_linked():
    index = NearDuplicateIndex()
    index.add("story", signature(STORY))
    assert index.add("other", signature(OTHER)) is None


def test_signature_bytes_round_trip_rebuilds_index():
    mh = signature(STORY)
    assert from_bytes(to_bytes(mh)).jaccard(mh) == 1.0
    index = NearDuplicateIndex.from_stored([("orig", "orig", to_bytes(mh))])
    assert len(index) == 1
    assert index.match(signature(STORY + " Updated at noon.")).cluster == "orig"


# -- the store's bands: near-duplicates across runs without an index of everything in memory --

import duckdb  # noqa: E402

from whimbrel.dedup import band_keys  # noqa: E402
from whimbrel.pipeline import _Deduplicator  # noqa: E402
from whimbrel.records import Article, IngestSummary, ParsedArticle  # noqa: E402
from whimbrel.session import WriterSession  # noqa: E402
from whimbrel.store import Store  # noqa: E402


def _article(article_id: str, text: str) -> Article:
    return Article(id=article_id, content_hash=content_hash(text), origin=article_id,
                   format="txt", text=text, raw_text=text)


def _run(db, articles):
    """One ingest run's dedup + writes (no parsing): the articles let through."""
    summary = IngestSummary()
    with WriterSession(db) as session:
        dedup = _Deduplicator(session, summary)
        out = []
        for article in dedup(iter(articles)):
            session.write_batch([ParsedArticle(article, (), (), (), ())],
                                minhashes=dedup.minhashes)
            dedup.committed([article.id])
            out.append(article)
        dedup._settle()
        assert len(dedup.pending) == 0 and not dedup.minhashes  # nothing kept once stored
    return out, summary


def test_index_discard_forgets_an_article():
    index = NearDuplicateIndex()
    index.add("orig", signature(STORY))
    index.discard("orig")
    assert len(index) == 0 and "orig" not in index
    assert index.add("copy", signature(STORY + " Edited.")) is None


def test_a_copy_in_a_later_run_joins_the_stored_story_and_exact_copies_are_dropped(tmp_path):
    db = tmp_path / "w.duckdb"
    first, _ = _run(db, [_article("orig", STORY), _article("other", OTHER)])
    assert [a.cluster for a in first] == ["orig", "other"]
    copy = "Moscow condemns US strikes\n" + STORY + " Edited at noon."
    second, summary = _run(db, [_article("copy", copy), _article("again", STORY)])
    assert [(a.id, a.cluster) for a in second] == [("copy", "orig")]
    assert (summary.near_duplicates, summary.duplicates) == (1, 1)
    with Store(db, read_only=True) as store:
        assert store.count("lsh_bands") == 3 * len(band_keys(signature(STORY)))


def test_a_copy_within_one_chunk_joins_the_article_before_it(tmp_path):
    out, summary = _run(tmp_path / "w.duckdb",
                        [_article("a", STORY), _article("b", STORY + " Updated.")])
    assert [a.cluster for a in out] == ["a", "a"] and summary.near_duplicates == 1


def test_migration_6_indexes_signatures_stored_before_it(tmp_path):
    db = tmp_path / "w.duckdb"
    _run(db, [_article("orig", STORY)])
    con = duckdb.connect(str(db))  # make it a version-5 store: no band table
    con.execute("DROP TABLE lsh_bands")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.close()
    with Store(db) as store:
        assert store.count("lsh_bands") == len(band_keys(signature(STORY)))
    out, summary = _run(db, [_article("copy", STORY + " Updated.")])
    assert out[0].cluster == "orig" and summary.near_duplicates == 1


def _words(n: int) -> list[str]:
    return [f"w{(i * 7919) % 2003}" for i in range(n)]  # 300 distinct made-up words


def _changed_tail(words: list[str], share: float) -> str:
    """The text with its last ``share`` of words replaced: word 5-shingle Jaccard falls as
    the share grows (0.25 -> about 0.6, 0.5 -> about 0.35 on 300 words)."""
    n = int(len(words) * share)
    return " ".join(words[: len(words) - n] + [f"new{i}" for i in range(n)])


def test_the_near_duplicate_threshold_from_both_sides():
    """Pairs built at about 0.6 and 0.4 estimated similarity (the threshold is 0.5): the first
    is one story, the second two. A threshold raised to 0.85 fails this (checked); one lowered
    to 0.4 or less would link the second pair whenever LSH makes it a candidate."""
    words = _words(300)
    base = " ".join(words)
    close, far = _changed_tail(words, 0.25), _changed_tail(words, 0.5)
    assert 0.55 < similarity(signature(base), signature(close)) < 0.75
    assert 0.3 < similarity(signature(base), signature(far)) < 0.45
    index = NearDuplicateIndex()
    index.add("base", signature(base))
    assert index.match(signature(close)) is not None
    assert index.match(signature(far)) is None
