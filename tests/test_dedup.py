from __future__ import annotations

from whimbrel.dedup import NearDuplicateIndex, content_hash, from_bytes, signature, to_bytes

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
