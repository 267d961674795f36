"""The cleaning stage (interim): mis-decoded text and whitespace, every change recorded.

This first version fixes mojibake (ftfy and the β-for-dash defect) and normalises whitespace;
the full rule set (captions, licence lines, comment-bait, link lists, glued headings, keyword
stuffing) replaces it.
"""

from __future__ import annotations

import re

import ftfy

from whimbrel.records import CleanedText, CleaningAction

_BETA_DASH = re.compile(r"(?<=\s)β(?=\s)")
_BETA_APOS = re.compile(r"(?<=[A-Za-z])β(?=s\b)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b]+")


def clean(text: str, *, rules: object | None = None) -> CleanedText:
    """Clean one article's extracted text; returns the text and the actions taken."""
    actions: list[CleaningAction] = []
    fixed = ftfy.fix_text(text)
    if fixed != text:
        actions.append(CleaningAction("mojibake", "mis-decoded characters fixed (ftfy)", text[:200],
                                      fixed[:200]))
    for pattern, repl, why in ((_BETA_DASH, "—", "β standing for a dash"),
                               (_BETA_APOS, "’", "β standing for an apostrophe")):
        for m in list(pattern.finditer(fixed)):
            actions.append(CleaningAction("mojibake", why, m.group(0), repl))
        fixed = pattern.sub(repl, fixed)
    lines = [_SPACES.sub(" ", line).strip() for line in fixed.split("\n")]
    folded = "\n".join(line for line in lines if line)
    if folded != fixed:
        actions.append(CleaningAction("whitespace", "runs of spaces and blank lines folded", "", ""))
    return CleanedText(folded, tuple(actions))
