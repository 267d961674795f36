"""User verb dictionaries in the PETRARCH/TABARI format, and matching their patterns on a parse.

A user (or a peer's test suite) can bring verb patterns of their own; ``whimbrel rules import``
stores the file and every later coding run consults it before the bundled rules. The format::

    &SYNSET                      a named list of words or phrases (``+WORD`` lines)
    +ECONOMIC SANCTIONS
    --- VERB  [code] ---         a verb block with its default code ([---] none)
    VERB {IRREGULAR FORMS}       the verb and other verbs of the block; ``+`` marks the verb in a
    WIRE_+TAP [code]             phrase ("wire tap"), an own code may follow
    - PRE * POST  [code]         a pattern: words before and after the verb (``*``)

Pattern items: plain words (matched on the word or its lemma), ``&SYNSET``, ``$`` the source
actor, ``+`` the target actor, ``%`` a compound (coordinated) actor, ``^`` any words. ``_`` glues
two items (they must be adjacent); a space lets other words come between. A code ``a:b`` codes
``a`` from source to target and ``b`` back from target to source. ``#`` starts a comment.

The longest matching pattern wins (then the first listed); with none, the verb's own code.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from whimbrel.errors import WhimbrelError

NULL_CODES = frozenset({"---", "+++", ""})


class VerbDictionaryError(WhimbrelError):
    """A verb dictionary cannot be read (the message names the file and line)."""


@dataclass(frozen=True, slots=True)
class Item:
    """One element of a pattern: ``kind`` is word, synset, source, target, compound or skip."""

    kind: str
    value: str = ""
    glued: bool = False  # must touch the item before it in matching order (or the verb)


@dataclass(frozen=True, slots=True)
class VerbForm:
    """A verb of a block: its head word, glued words before and after, irregular forms."""

    verb: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    forms: frozenset[str] = frozenset()
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Pattern:
    pre: tuple[Item, ...]  # in matching order: nearest the verb first
    post: tuple[Item, ...]
    code: str
    text: str
    where: str  # file:line

    @property
    def size(self) -> int:
        return sum(1 for i in (*self.pre, *self.post) if i.kind != "skip")


@dataclass(frozen=True, slots=True)
class VerbBlock:
    name: str
    code: str | None
    forms: tuple[VerbForm, ...]
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True, slots=True)
class VerbDictionary:
    name: str
    blocks: tuple[VerbBlock, ...]
    synsets: Mapping[str, tuple[tuple[str, ...], ...]] = field(
        default_factory=lambda: MappingProxyType({}))

    def __len__(self) -> int:
        return sum(len(b.patterns) for b in self.blocks)


def split_code(code: str) -> tuple[str | None, str | None]:
    """``"032:033"`` -> ("032", "033"); null codes become None."""
    first, _, back = code.partition(":")
    return (None if first in NULL_CODES else first), (None if back in NULL_CODES else back or None)


_CODE = re.compile(r"\[([^\]]*)\]")


def _strip(line: str) -> str:
    """The line without its comment (a ``#`` inside a ``[code]`` is part of the code)."""
    m = re.match(r"^([^#]*?\[[^\]]*\])(.*)$", line)
    if m:
        return (m.group(1) + m.group(2).split("#", 1)[0]).rstrip()
    return line.split("#", 1)[0].rstrip()


def _items(text: str, where: str, known: Mapping[str, object]) -> tuple[tuple[Item, ...], tuple[Item, ...]]:
    """Pre (nearest the verb first) and post items of a pattern's text."""
    flat: list[tuple[str, bool]] = []  # (token, glued to the previous token)
    pending = False  # a "_" at the end of the last chunk (or the start of this one)
    for chunk in text.split():
        for k, part in enumerate(chunk.split("_")):
            if part == "":
                pending = True
                continue
            flat.append((part, pending or k > 0))
            pending = False
    stars = [k for k, (t, _) in enumerate(flat) if t == "*"]
    if len(stars) != 1:
        raise VerbDictionaryError(f"{where}: a pattern needs exactly one '*' (the verb): {text!r}")
    star = stars[0]

    def item(tok: str, glued: bool) -> Item:
        kinds = {"$": "source", "+": "target", "%": "compound", "^": "skip"}
        if tok in kinds:
            return Item(kinds[tok], "", glued)
        if tok.startswith("&"):
            tok = tok.upper()
            if tok not in known:
                raise VerbDictionaryError(f"{where}: unknown synset {tok}")
            return Item("synset", tok, glued)
        return Item("word", tok.lower(), glued)

    post = tuple(item(t, g) for t, g in flat[star + 1:])
    pre_text = flat[:star]
    pre: list[Item] = []
    for k in range(len(pre_text) - 1, -1, -1):
        tok, _ = pre_text[k]
        glued_to_next = flat[k + 1][1]  # the next token (or the verb) is glued to this one
        pre.append(item(tok, glued_to_next))
    return tuple(pre), post


def _form(text: str, where: str) -> VerbForm:
    irregular: frozenset[str] = frozenset()
    m = re.search(r"\{([^}]*)\}", text)
    if m:
        irregular = frozenset(_head(w) for w in m.group(1).split() if w)
        text = text[:m.start()] + text[m.end():]
    code_m = _CODE.search(text)
    code = code_m.group(1).strip() if code_m else None
    words = _CODE.sub("", text).strip().split()
    if not words:
        raise VerbDictionaryError(f"{where}: no verb in {text!r}")
    parts = [p for p in words[0].split("_") if p]
    head = next((k for k, p in enumerate(parts) if p.startswith("+")), 0)
    clean = [p.lstrip("+").lower() for p in parts]
    return VerbForm(clean[head], tuple(clean[:head]), tuple(clean[head + 1:]), irregular, code)


def _head(word: str) -> str:
    parts = [p for p in word.split("_") if p]
    head = next((p for p in parts if p.startswith("+")), parts[0] if parts else "")
    return head.lstrip("+").lower()


def parse_verb_dictionary(text: str, name: str = "<verbs>") -> VerbDictionary:
    """Read a PETRARCH-format verb dictionary (see the module docstring)."""
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    lines = text.splitlines()
    # synsets first: patterns may use a synset defined further down
    synsets: dict[str, list[tuple[str, ...]]] = {}
    current: str | None = None
    for raw in lines:
        line = _strip(raw).strip()
        if line.startswith("&"):
            current = line.split()[0].rstrip("_").upper()
            synsets[current] = []
        elif current and line.startswith("+"):
            synsets[current].append(tuple(w.lower() for w in re.split(r"[\s_]+", line[1:]) if w))
        elif not line or line.startswith("---") or line.startswith("-"):
            current = None if line else current
    # nested synsets ("+&TIETYPES") are expanded one level deep, then by fixpoint
    for _ in range(3):
        for key, members in synsets.items():
            out: list[tuple[str, ...]] = []
            for m in members:
                if len(m) == 1 and m[0].startswith("&"):
                    out.extend(synsets.get(m[0].upper(), []))
                else:
                    out.append(m)
            synsets[key] = out
    blocks: list[VerbBlock] = []
    state: dict | None = None  # type: ignore[type-arg]

    def close() -> None:
        if state is not None:
            forms = state["forms"] or [_form(state["name"], state["where"])]
            blocks.append(VerbBlock(state["name"], state["code"], tuple(forms),
                                    tuple(state["patterns"])))

    in_synset = False
    for n, raw in enumerate(lines, start=1):
        where = f"{name}:{n}"
        line = _strip(raw).strip()
        if not line:
            in_synset = False
            continue
        if line.startswith("---"):
            close()
            m = re.match(r"---\s*(\S+)\s*(.*?)(---)?\s*$", line)
            if not m:
                raise VerbDictionaryError(f"{where}: cannot read verb header {line!r}")
            codes = _CODE.findall(m.group(2))
            label = m.group(1).strip("_")
            state = {"name": label, "code": codes[-1].strip() if codes else None,
                     "forms": [], "patterns": [], "where": where}
            in_synset = False
            continue
        if line.startswith("&"):
            close()
            state = None
            in_synset = True
            continue
        if in_synset or state is None:
            continue
        if line.startswith("-"):
            body = line[1:].strip()
            m = _CODE.search(body)
            if not m:
                raise VerbDictionaryError(f"{where}: pattern without a [code]: {line!r}")
            pre, post = _items(body[:m.start()], where, synsets)
            state["patterns"].append(Pattern(pre, post, m.group(1).strip(),
                                             body[:m.start()].strip(), where))
        else:
            state["forms"].append(_form(line, where))
    close()
    if not blocks:
        raise VerbDictionaryError(f"{name}: no verb blocks ('--- VERB [code] ---') found")
    return VerbDictionary(name, tuple(blocks),
                          MappingProxyType({k: tuple(v) for k, v in synsets.items()}))


def read_verb_dictionary(path: str | Path) -> VerbDictionary:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise VerbDictionaryError(f"{path}: cannot read: {exc}") from exc
    return parse_verb_dictionary(text, path.name)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# -- matching ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Match:
    """A verb of the dictionary found at a token, with the pattern that matched (if any)."""

    block: VerbBlock
    form: VerbForm
    pattern: Pattern | None
    code: str
    source: int | None = None  # token index of the $ (or pre-verb %) mention's head
    target: int | None = None
    compound: int | None = None
    compound_before: bool = False
    used: frozenset[int] = frozenset()  # tokens the pattern's words matched


class VerbMatcher:
    """All imported dictionaries, indexed by verb word."""

    def __init__(self, dictionaries: Sequence[VerbDictionary]) -> None:
        self.by_verb: dict[str, list[tuple[VerbDictionary, VerbBlock, VerbForm]]] = {}
        for d in dictionaries:
            for b in d.blocks:
                for f in b.forms:
                    for w in {f.verb, *f.forms}:
                        self.by_verb.setdefault(w, []).append((d, b, f))

    def __bool__(self) -> bool:
        return bool(self.by_verb)

    def match(self, tok, spans: Mapping[int, tuple[int, int, int]]) -> Match | None:  # type: ignore[no-untyped-def]
        """The best coding of verb ``tok``; ``spans`` maps a token index to the (start, end,
        head) token range of the actor mention it belongs to."""
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        cands = self.by_verb.get(tok.lower_, []) + [
            c for c in self.by_verb.get(tok.lemma_.lower(), []) if tok.lemma_.lower() != tok.lower_]
        best: tuple[tuple[int, int], Match] | None = None
        doc = tok.doc
        sent = tok.sent
        for order, (d, block, form) in enumerate(cands):
            lo, hi = _form_span(tok, form)
            if lo is None:
                continue
            for k, pat in enumerate(block.patterns):
                got = _match_pattern(doc, pat, lo, hi, sent.start, sent.end, spans, d.synsets)
                if got is None:
                    continue
                rank = (pat.size, -order * 1000 - k)
                if best is None or rank > best[0]:
                    best = (rank, Match(block, form, pat, pat.code, **got))
            if best is None:
                code = form.code if form.code is not None else block.code
                if code and split_code(code)[0] is not None:
                    best = ((-1, -order), Match(block, form, None, code))
        return best[1] if best else None


def _form_span(tok, form: VerbForm) -> tuple[int | None, int]:  # type: ignore[no-untyped-def]
    """Token range [lo, hi) of a verb form at ``tok`` ("wire tapped"), or (None, 0)."""
    doc = tok.doc
    lo, hi = tok.i, tok.i + 1
    for k, w in enumerate(reversed(form.before)):
        j = tok.i - 1 - k
        if j < 0 or doc[j].lower_ != w and doc[j].lemma_.lower() != w:
            return None, 0
        lo = j
    for k, w in enumerate(form.after):
        j = tok.i + 1 + k
        if j >= len(doc) or doc[j].lower_ != w:
            return None, 0
        hi = j + 1
    return lo, hi


def _word_ok(t, w: str) -> bool:  # type: ignore[no-untyped-def]
    return t.lower_ == w or t.lemma_.lower() == w or t.lower_.replace("’", "'") == w


def _match_pattern(doc, pat: Pattern, lo: int, hi: int, s_start: int, s_end: int,  # type: ignore[no-untyped-def]
                   spans, synsets) -> dict | None:  # type: ignore[type-arg]
    post = _match_side(doc, pat.post, hi, s_end, +1, spans, synsets)
    if post is None:
        return None
    pre = _match_side(doc, pat.pre, lo - 1, s_start - 1, -1, spans, synsets)
    if pre is None:
        return None
    caps: dict = {}  # type: ignore[type-arg]
    used: set[int] = set()
    for side, before in ((pre, True), (post, False)):
        for key, val in side.items():
            if key == "used":
                used |= val
            elif key == "compound":
                caps["compound"] = val
                caps["compound_before"] = before
            else:
                caps[key] = val
    caps["used"] = frozenset(used)
    return caps


def _match_side(doc, items: tuple[Item, ...], start: int, stop: int, step: int,  # type: ignore[no-untyped-def]
                spans, synsets) -> dict | None:  # type: ignore[type-arg]
    """Match ``items`` walking from token ``start`` towards ``stop`` (exclusive) by ``step``."""

    def inside(j: int) -> bool:
        return (stop < j <= start) if step < 0 else (start <= j < stop)

    def consume(item: Item, j: int) -> list[tuple[int, dict]]:  # type: ignore[type-arg]
        """Positions after ``item`` matched at ``j``, with what it captured."""
        t = doc[j]
        if item.kind == "word":
            return [(j + step, {"used": {j}})] if _word_ok(t, item.value) else []
        if item.kind == "synset":
            out = []
            for phrase in synsets.get(item.value, ()):
                words = phrase if step > 0 else tuple(reversed(phrase))
                ks = [j + step * n for n in range(len(words))]
                if all(inside(k) and _word_ok(doc[k], w) for k, w in zip(ks, words, strict=True)):
                    out.append((j + step * len(words), {"used": set(ks)}))
            return out
        if item.kind in ("source", "target", "compound"):
            if j not in spans:
                return []
            a, b, head = spans[j]
            nxt = b if step > 0 else a - 1
            return [(nxt, {item.kind: head})]
        # skip: one or more words
        return [(k + step, {}) for k in range(j, stop, step)]

    def go(k: int, j: int) -> dict | None:  # type: ignore[type-arg]
        if k == len(items):
            return {"used": set()}
        item = items[k]
        positions = [j] if item.glued else list(range(j, stop, step))
        for q in positions:
            if not inside(q):
                break
            for nxt, cap in consume(item, q):
                rest = go(k + 1, nxt)
                if rest is not None:
                    merged = {**rest, **{c: v for c, v in cap.items() if c != "used"}}
                    merged["used"] = rest["used"] | cap.get("used", set())
                    return merged
        return None

    return go(0, start)


def mention_spans(mentions: Iterable) -> dict[int, tuple[int, int, int]]:  # type: ignore[type-arg]
    """Token index -> (start, end, head) of the actor mention covering it."""
    out: dict[int, tuple[int, int, int]] = {}
    for m in mentions:
        for j in range(m.start, m.end):
            out.setdefault(j, (m.start, m.end, m.head))
    return out
