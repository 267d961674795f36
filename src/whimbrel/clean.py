"""The cleaning stage: web junk out, every change recorded with its reason.

``clean(text)`` returns the cleaned text and a :class:`~whimbrel.records.CleaningAction` for each
change, in the order made. The steps, each with its own ``kind``:

1. ``mojibake``: mis-decoded characters (ftfy, curly quotes kept), and the Greek ``β`` that
   stands for a dash ("and β this cannot") or an apostrophe ("nationβs");
2. ``whitespace``: Windows and Unicode line breaks, runs of spaces, non-breaking and zero-width
   spaces, spaces at line ends, blank lines. The output has one paragraph (or heading, or bullet)
   per line: blank lines between paragraphs are removed, not just collapsed;
3. ``glued-heading``: a heading glued to the end of a paragraph goes back on its own line
   ("...stability.Moscow's Delicate Dance Amidst Regional Tensions");
4. ``broken-line``: a sentence broken across lines is re-joined; ``keyword-stuffing``: a
   lower-case phrase starting such a broken line three or more times ("putin iran konflikt") is
   recorded. The phrase is left in place where it sits inside a sentence, so the sentence stays
   whole (the gold annotations keep these sentences); a line that is nothing but the phrase is
   removed. A capitalised SEO phrase inside sentences ("Russia Iran news") is neither removed
   nor recorded: recording a change that is not made would break idempotence. A heading (a
   short Title Case line) is never joined to the paragraph before or after it, unless the line
   ends on a word no sentence ends on ("...and how the");
5. ``caption``, ``licence``, ``table-of-contents``, ``boilerplate``: lines removed whole. A
   ``boilerplate`` line is a closing source list ("Sources: Reuters, USA Today") or an epigraph
   attributed to nobody ("In diplomacy, words are weapons..."—Unknown);
6. ``comment-bait``: the reader-directed sentences only ("Share your insights in the comments
   below"), the rest of the paragraph stays;
7. ``related-links``: the closing block of short link titles after the last paragraph, and lines
   repeated verbatim there.

Rules are data (``data/cleaning.yaml``). Cleaning is idempotent: cleaning clean text changes
nothing and records nothing.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import ftfy
import yaml

from whimbrel.records import CleanedText, CleaningAction

DEFAULT_RULES = Path(__file__).resolve().parent / "data" / "cleaning.yaml"
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
_BETA_DASH = re.compile(rf"(?<=[^\s{_GREEK}])[ \t\u00a0]+β[ \t\u00a0]+(?=[^\s{_GREEK}])")
_BETA_APOS = re.compile(r"(?<=[A-Za-z])β(?=s\b)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_LINE_BREAKS = {"\r\n": "Windows line break", "\r": "carriage return",
                "\u2028": "Unicode line separator", "\u2029": "Unicode paragraph separator"}
_GLUED = re.compile(r"(?<=[a-z0-9)\"”’])\.(?=(- )?[A-Z][^\n]*$)", re.MULTILINE)
_END_PUNCT = re.compile(r"[.!?:;\"”’)\]]$")
_SENTENCE = re.compile(r"[^.!?]*[.!?]+[\"”’)]*\s*|[^.!?]+$")


@dataclass(frozen=True, slots=True)
class CleaningRules:
    version: int
    captions: tuple[re.Pattern[str], ...]
    licences: tuple[re.Pattern[str], ...]
    caption_max_chars: int
    bait: tuple[re.Pattern[str], ...]
    link_max_chars: int
    min_paragraph_chars: int
    toc_heading: re.Pattern[str]
    boilerplate: tuple[re.Pattern[str], ...]
    max_heading_chars: int
    min_capitalised_share: float
    stuffing_repeats: int
    stuffing_max_words: int
    continuation_words: frozenset[str]
    min_broken_line_chars: int


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@functools.lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> CleaningRules:
    """The cleaning rules from ``path`` (the bundled file by default), loaded once."""
    data = yaml.safe_load((path or DEFAULT_RULES).read_text(encoding="utf-8"))
    links, heading, stuffing = data["related_links"], data["glued_heading"], data["keyword_stuffing"]
    broken = data["broken_line"]
    return CleaningRules(
        version=int(data["version"]),
        captions=_compile(data["caption_patterns"]), licences=_compile(data["licence_patterns"]),
        caption_max_chars=int(data["caption_max_chars"]),
        bait=_compile(data["comment_bait_patterns"]),
        link_max_chars=int(links["max_line_chars"]),
        min_paragraph_chars=int(links["min_paragraph_chars"]),
        toc_heading=re.compile(data["toc_heading"], re.IGNORECASE),
        boilerplate=_compile(data["boilerplate_patterns"]),
        max_heading_chars=int(heading["max_heading_chars"]),
        min_capitalised_share=float(heading["min_capitalised_share"]),
        stuffing_repeats=int(stuffing["min_repeats"]),
        stuffing_max_words=int(stuffing["max_words"]),
        continuation_words=frozenset(str(w).lower() for w in broken["continuation_words"]),
        min_broken_line_chars=int(broken["min_line_chars"]),
    )


class _Trail:
    def __init__(self) -> None:
        self.actions: list[CleaningAction] = []

    def add(self, kind: str, reason: str, before: str, after: str = "") -> None:
        self.actions.append(CleaningAction(kind, reason, before, after))


# Cleaning runs again on its own output until that output stays the same: one repair can bring
# out what another rule handles (ftfy meets mojibake only once spaces are folded, a β dash is
# seen once its broken line is joined, a line removed leaves neighbours to join). A few passes
# reach that point; this many is a bound, not a target.
MAX_PASSES = 5


def clean(text: str, *, rules: CleaningRules | None = None) -> CleanedText:
    """Clean one article's extracted text; returns the text and the actions taken.

    Cleaning a cleaned text changes nothing: passes are repeated until one leaves the text as
    it found it (at most :data:`MAX_PASSES`); the actions of every pass that changed it are kept
    in order.

    >>> clean("Iran warned\\nβ this cannot last.").text
    'Iran warned — this cannot last.'
    """
    rules = rules or load_rules()
    actions: list[CleaningAction] = []
    for _ in range(MAX_PASSES):
        trail = _Trail()
        cleaned = _one_pass(text, rules, trail)
        if cleaned == text:
            break
        actions.extend(trail.actions)
        text = cleaned
    return CleanedText(text, tuple(actions))


def _one_pass(text: str, rules: CleaningRules, trail: _Trail) -> str:
    text = _fix_line_breaks(text, trail)
    text = _fix_encoding(text, trail)
    lines = _normalise_lines(text, trail)
    lines = _split_glued_headings(lines, rules, trail)
    lines = _join_broken_lines(lines, rules, trail)
    lines = _drop_lines(lines, rules, trail)
    lines = _drop_bait(lines, rules, trail)
    lines = _drop_trailing_links(lines, rules, trail)
    return "\n".join(lines)


def _fix_line_breaks(text: str, trail: _Trail) -> str:
    for mark, name in _LINE_BREAKS.items():
        if mark in text:
            trail.add("whitespace", f"{text.count(mark)} × {name} made a plain newline", mark, "\n")
            text = text.replace(mark, "\n")
    return text


def _fix_encoding(text: str, trail: _Trail) -> str:
    fixed = ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC")
    if fixed != text:
        changes = _changed_words(text, fixed)
        for before, after in changes or [_snippet(text, fixed)]:
            trail.add("mojibake", "mis-decoded characters repaired", before, after)
    for m in _BETA_DASH.finditer(fixed):
        trail.add("mojibake", "β stands for a dash", m.group(0), " — ")
    fixed = _BETA_DASH.sub(" — ", fixed)
    for m in _BETA_APOS.finditer(fixed):
        trail.add("mojibake", "β stands for an apostrophe", "β", "’")
    return _BETA_APOS.sub("’", fixed)


def _changed_words(before: str, after: str) -> list[tuple[str, str]]:
    """The runs of words that differ, in order, line by line in linear time (a repair keeps the
    line count; a line whose word count changed is reported as one snippet)."""
    a_lines, b_lines = before.split("\n"), after.split("\n")
    if len(a_lines) != len(b_lines):
        return [_snippet(before, after)]
    out: list[tuple[str, str]] = []
    for x, y in zip(a_lines, b_lines, strict=True):
        if x == y:
            continue
        a, b = x.split(), y.split()
        if len(a) != len(b):
            out.append(_snippet(x, y))
            continue
        run: tuple[list[str], list[str]] = ([], [])
        for p, q in zip(a, b, strict=True):
            if p != q:
                run[0].append(p)
                run[1].append(q)
            elif run[0]:
                out.append((" ".join(run[0]), " ".join(run[1])))
                run = ([], [])
        if run[0]:
            out.append((" ".join(run[0]), " ".join(run[1])))
    return out


def _snippet(before: str, after: str, context: int = 15) -> tuple[str, str]:
    """The part of ``before`` that changed and what it became, with a little context."""
    p = len(os.path.commonprefix([before, after]))
    s = len(os.path.commonprefix([before[p:][::-1], after[p:][::-1]]))
    start = max(0, p - context)
    return (before[start:min(len(before), len(before) - s + context)],
            after[start:min(len(after), len(after) - s + context)])


def _normalise_lines(text: str, trail: _Trail) -> list[str]:
    """One paragraph per line: spaces folded, blank lines dropped (each change recorded)."""
    out: list[str] = []
    blanks = 0
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", _ZERO_WIDTH.sub("", raw)).strip()
        if line != raw and line:
            before, after = _snippet(raw, line)
            trail.add("whitespace", "spaces folded, invisible characters removed", before, after)
        if not line:
            blanks += 1
            continue
        if blanks and out:
            trail.add("whitespace", f"{blanks} blank line(s) between paragraphs removed",
                      out[-1][-15:] + "\n" * (blanks + 1) + line[:15],
                      out[-1][-15:] + "\n" + line[:15])
        elif blanks:
            trail.add("whitespace", "blank lines at the start removed", "\n" * blanks + line[:15],
                      line[:15])
        blanks = 0
        out.append(line)
    if blanks and out:
        trail.add("whitespace", "blank lines at the end removed", out[-1][-15:] + "\n" * blanks,
                  out[-1][-15:])
    return out


def _looks_like_heading(text: str, rules: CleaningRules) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text)]
    if not words or len(text) > rules.max_heading_chars or text.rstrip().endswith("."):
        return False
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised / len(words) >= rules.min_capitalised_share


def _split_glued_headings(lines: list[str], rules: CleaningRules, trail: _Trail) -> list[str]:
    out: list[str] = []
    for line in lines:
        m = None
        for candidate in _GLUED.finditer(line):
            m = candidate
        if m is not None:
            tail = line[m.end():]
            if _looks_like_heading(tail.removeprefix("- "), rules):
                head = line[:m.end()]
                trail.add("glued-heading", "a heading was glued to the end of a paragraph",
                          head[-40:] + tail, head[-40:] + "\n" + tail)
                out.extend([head, tail])
                continue
        out.append(line)
    return out


def _join_broken_lines(lines: list[str], rules: CleaningRules, trail: _Trail) -> list[str]:
    starts: Counter[str] = Counter()
    for line in lines:
        if line[:1].islower():
            words = line.split()
            # each distinct opening phrase once per line (a short line is not its own repeat)
            starts.update({" ".join(words[:n])
                           for n in range(2, min(rules.stuffing_max_words, len(words)) + 1)})
    stuffed = sorted((p for p, c in starts.items() if c >= rules.stuffing_repeats),
                     key=len, reverse=True)
    for phrase in stuffed:
        if not any(p != phrase and p.startswith(phrase) for p in stuffed):
            trail.add("keyword-stuffing", f"phrase starts a broken line {starts[phrase]} times",
                      phrase, phrase)
    out: list[str] = []
    held: list[str] = []  # caption-like lines met inside a broken sentence, put back after it
    for line in lines:
        if out and (held or _unfinished(out[-1])) and _line_junk(line, rules) is not None:
            held.append(line)  # "... and the\nPhoto: Reuters\nministers agreed": not joined
            continue
        if held and not _continues(out[-1], line, rules):
            out.extend(held)
            held = []
        if out and _continues(out[-1], line, rules):
            prev = out.pop()
            trail.add("broken-line", "a sentence was broken across lines", prev[-30:] + "\n"
                      + line[:30], prev[-30:] + " " + line[:30])
            line = prev + " " + line
        elif line.strip() in stuffed:
            trail.add("keyword-stuffing", "a line that is only a stuffed phrase", line)
            continue
        out.append(line)
        out.extend(held)
        held = []
    return out + held


def _unfinished(prev: str) -> bool:
    """Does ``prev`` stop mid-sentence (no closing punctuation, a lower-case word or a comma
    last)?"""
    return not _END_PUNCT.search(prev) and re.search(r"[a-z,]$", prev) is not None


def _continues(prev: str, line: str, rules: CleaningRules) -> bool:
    """Is ``line`` the rest of a sentence that ``prev`` left unfinished?

    Never across a bullet, and never from or onto a heading unless ``prev`` ends on a word no
    sentence ends on, written in lower case ("the", "and", "how").
    """
    if not _unfinished(prev) or line.startswith("- "):
        return False
    if line[:1].islower():
        return True
    last = prev.rsplit(None, 1)[-1]
    if last in rules.continuation_words:  # as written: a title may end "Russia Steps In"
        return True
    return (len(prev) > rules.min_broken_line_chars and not _looks_like_heading(prev, rules)
            and not _looks_like_heading(line, rules))


def _drop_lines(lines: list[str], rules: CleaningRules, trail: _Trail) -> list[str]:
    out: list[str] = []
    in_toc = False
    for line in lines:
        if rules.toc_heading.match(line):
            trail.add("table-of-contents", "a table of contents", line)
            in_toc = True
            continue
        if in_toc and line.startswith("- ") and len(line) <= rules.link_max_chars:
            trail.add("table-of-contents", "a table of contents entry", line)
            continue
        in_toc = False
        junk = _line_junk(line, rules)
        if junk is None:
            out.append(line)
        else:
            trail.add(*junk, line)
    return out


def _line_junk(line: str, rules: CleaningRules) -> tuple[str, str] | None:
    """``(kind, reason)`` if ``line`` is a licence, caption or boilerplate line, removed whole."""
    if len(line) > rules.caption_max_chars:
        return None
    if any(p.search(line) for p in rules.licences):
        return "licence", "a licence or copyright line"
    if any(p.search(line) for p in rules.captions):
        return "caption", "a photo caption"
    if any(p.search(line) for p in rules.boilerplate):
        return "boilerplate", "a source list, epigraph or link prompt"
    return None


def _drop_bait(lines: list[str], rules: CleaningRules, trail: _Trail) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not any(p.search(line) for p in rules.bait):
            out.append(line)
            continue
        kept = []
        for sentence in _SENTENCE.findall(line):
            if any(p.search(sentence) for p in rules.bait):
                trail.add("comment-bait", "asks the reader to comment, share or subscribe",
                          sentence.strip())
            else:
                kept.append(sentence)
        rest = "".join(kept).strip()
        if rest:
            out.append(rest)
    return out


def _drop_trailing_links(lines: list[str], rules: CleaningRules, trail: _Trail) -> list[str]:
    """Remove the closing run of short link-like lines (no sentence punctuation, or repeated)."""
    counts = Counter(lines)
    cut = len(lines)
    while cut > 1:
        line = lines[cut - 1]
        if len(line) > rules.link_max_chars or (_END_PUNCT.search(line) and counts[line] < 2):
            break
        cut -= 1
    if cut == len(lines) or not any(len(line) >= rules.min_paragraph_chars
                                    for line in lines[:cut]):
        return lines
    for t in lines[cut:]:
        trail.add("related-links", "a list of related-article links after the article", t)
    return lines[:cut]
