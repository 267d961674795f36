"""A learned event-type model: which PLOVER type (or none) a sentence reports, by its words.

A multinomial logistic regression over tf-idf weighted word features (stems, stem bigrams and
five-letter word prefixes), trained at first use from the project's own training sentences
(``data/events/type_training.jsonl``, written for whimbrel; see the README beside it). It is
meant to complement the rule coder, which knows *who did what to whom* but is silent when no
trigger lemma matches: the model gives a ranked guess of the type of such a sentence, and
:meth:`TypeModel.evidence` the words that carried the guess, so an event coded from it keeps an
evidence span.

Why numpy alone: the model must train in well under a second at first use, run offline and
add nothing to the two install commands; the training set is small enough that a hand-written
sparse softmax regression is as good as a library's. spaCy's small English model has no word
vectors (its ``doc.vector`` is an average of context tensors and needs a parse of every training
sentence, seconds at start-up), so the features are the words.

>>> model = default_model()
>>> model.predict("Warplanes bombed the rebel-held town overnight.")[0][0]
'ASSAULT'
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from whimbrel.errors import WhimbrelError

if TYPE_CHECKING:  # numpy is imported lazily: importing whimbrel.events stays cheap
    import numpy as np

TRAINING_PATH = Path(__file__).resolve().parents[1] / "data" / "events" / "type_training.jsonl"
NONE = "NONE"
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s")


class TrainingDataError(WhimbrelError):
    """The type model's training file is malformed (the message names the file and line)."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    type: str


def read_examples(path: str | Path = TRAINING_PATH) -> tuple[Example, ...]:
    """The training sentences of a JSON Lines file (``{"text": ..., "type": ...}`` a line)."""
    from whimbrel.records import PLOVER_TYPES

    out: list[Example] = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            example = Example(str(row["text"]), str(row["type"]))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise TrainingDataError(f"{path}:{n}: {exc.__class__.__name__}: {exc}") from exc
        if example.type not in PLOVER_TYPES and example.type != NONE:
            raise TrainingDataError(f"{path}:{n}: unknown type {example.type!r} "
                                    f"(use a PLOVER type or {NONE})")
        out.append(example)
    if not out:
        raise TrainingDataError(f"{path}: no training sentences")
    return tuple(out)


def _stem(word: str) -> str:
    """A light suffix strip, enough to join 'accused'/'accuses', 'talks'/'talk'."""
    if word.isdigit() or word[0].isdigit():
        return "<num>"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stem) of each word of the text, lower-cased."""
    return [(m.start(), m.end(), _stem(m.group().lower())) for m in _WORD.finditer(text)]


def _features(words: Sequence[str]) -> list[str]:
    """Feature names of one sentence: stems, stem bigrams, five-letter prefixes."""
    out = [f"w:{w}" for w in words]
    out += [f"b:{a} {b}" for a, b in zip(words, words[1:])]
    out += [f"p:{w[:5]}" for w in words if len(w) > 5]
    return out


def _word_features(word: str) -> list[str]:
    """The features a single word contributes (for evidence spans)."""
    return [f"w:{word}"] + ([f"p:{word[:5]}"] if len(word) > 5 else [])


@dataclass(frozen=True, slots=True)
class _Rows:
    """A CSR matrix in numpy arrays: row ``i`` is ``cols/vals[ptr[i]:ptr[i+1]]``."""
    ptr: Any
    cols: Any
    vals: Any
    n_cols: int


@dataclass(frozen=True, slots=True, eq=False)
class TypeModel:
    """A trained model; build one with :meth:`train` or :func:`default_model`."""

    labels: tuple[str, ...]
    vocabulary: MappingProxyType[str, int]
    idf: Any  # np.ndarray (features,)
    weights: Any  # np.ndarray (features, labels)
    bias: Any  # np.ndarray (labels,)
    n_examples: int

    @property
    def n_features(self) -> int:
        return len(self.vocabulary)

    @classmethod
    def train(cls, examples: Sequence[Example], *, c: float = 20.0, iterations: int = 60,
              lr: float = 0.3) -> TypeModel:
        """Fit on the examples (deterministic: same examples, same model).

        ``c`` is the inverse L2 strength (scikit-learn's ``C``: larger fits the data harder).
        """
        import numpy as np

        labels = tuple(sorted({e.type for e in examples}))
        feats = [_features([w for _, _, w in tokens(e.text)]) for e in examples]
        df: Counter[str] = Counter(f for fs in feats for f in set(fs))
        vocabulary = {f: i for i, f in enumerate(sorted(df))}
        n = len(examples)
        idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in sorted(df)])
        rows = _matrix(feats, vocabulary, idf)
        y = np.array([labels.index(e.type) for e in examples])
        weights, bias = _fit(rows, y, len(labels), c=c, iterations=iterations, lr=lr)
        return cls(labels, MappingProxyType(vocabulary), idf, weights, bias, n)

    @classmethod
    def default(cls) -> TypeModel:
        """The model trained on the bundled training file (once per process)."""
        return default_model()

    def probabilities(self, texts: Iterable[str]) -> Any:
        """A (texts, labels) array of probabilities."""
        feats = [_features([w for _, _, w in tokens(t)]) for t in texts]
        return _softmax(_scores(_matrix(feats, self.vocabulary, self.idf), self.weights,
                                self.bias))

    def predict(self, text: str) -> list[tuple[str, float]]:
        """Every label with its probability, most probable first (``NONE``: no event).

        >>> default_model().predict("Protesters marched through the capital.")[0][0]
        'PROTEST'
        """
        p = self.probabilities([text])[0]
        order = sorted(range(len(self.labels)), key=lambda j: (-p[j], self.labels[j]))
        return [(self.labels[j], float(p[j])) for j in order]

    def evidence(self, text: str, etype: str, *, k: int = 2) -> list[tuple[int, int, str]]:
        """The ``k`` words that most favour ``etype`` over the other labels in this text, as
        (start, end, text) character spans, in text order: the evidence of a model guess."""
        j = self.labels.index(etype)
        w = self.weights
        scored = []
        for start, end, stem in tokens(text):
            cols = [self.vocabulary[f] for f in _word_features(stem) if f in self.vocabulary]
            if not cols:
                continue
            margin = sum(float(self.idf[c] * (w[c, j] - w[c].mean())) for c in cols)
            if margin > 0:
                scored.append((margin, start, end))
        best = sorted(scored, key=lambda s: (-s[0], s[1]))[:k]
        return [(s, e, text[s:e]) for _, s, e in sorted(best, key=lambda s: s[1])]


def _matrix(feats: Sequence[Sequence[str]], vocabulary: MappingProxyType[str, int] | dict,
            idf: np.ndarray) -> _Rows:  # type: ignore[type-arg]
    """tf-idf rows (sublinear tf, L2-normalised) of known features."""
    import numpy as np

    ptr, cols, vals = [0], [], []
    for fs in feats:
        counts = Counter(vocabulary[f] for f in fs if f in vocabulary)
        row_cols = sorted(counts)
        row_vals = [(1.0 + math.log(counts[c])) * float(idf[c]) for c in row_cols]
        norm = math.sqrt(sum(v * v for v in row_vals)) or 1.0
        cols += row_cols
        vals += [v / norm for v in row_vals]
        ptr.append(len(cols))
    return _Rows(np.array(ptr), np.array(cols, dtype=np.int64), np.array(vals), len(idf))


def _scores(rows: _Rows, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """rows @ weights + bias, for the CSR rows."""
    import numpy as np

    n = len(rows.ptr) - 1
    starts = rows.ptr[:-1]
    nonempty = rows.ptr[1:] > starts
    if not len(rows.cols):
        return np.tile(bias, (n, 1))
    contrib = weights[rows.cols] * rows.vals[:, None]
    if nonempty.all():  # always in training: every sentence has words
        return np.add.reduceat(contrib, starts, axis=0) + bias
    out = np.tile(bias, (n, 1))
    out[nonempty] += np.add.reduceat(contrib, starts[nonempty], axis=0)
    return out


def _softmax(z: np.ndarray) -> np.ndarray:
    import numpy as np

    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _fit(rows: _Rows, y: np.ndarray, n_labels: int, *, c: float, iterations: int,
         lr: float) -> tuple[np.ndarray, np.ndarray]:
    """Minimise mean cross-entropy + ||W||^2 / (2 c n) by full-batch Adam (deterministic)."""
    import numpy as np

    n = len(y)
    onehot = np.eye(n_labels)[y]
    row_of = np.repeat(np.arange(n), np.diff(rows.ptr))
    by_col = np.argsort(rows.cols, kind="stable")  # CSC order, for X.T @ G with reduceat
    col_sorted, row_c, vals_c = rows.cols[by_col], row_of[by_col], rows.vals[by_col, None]
    col_starts = np.flatnonzero(np.r_[True, col_sorted[1:] != col_sorted[:-1]])
    present = col_sorted[col_starts]
    weights = np.zeros((rows.n_cols, n_labels))
    bias = np.zeros(n_labels)
    m_w, v_w = np.zeros_like(weights), np.zeros_like(weights)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, iterations + 1):
        g = (_softmax(_scores(rows, weights, bias)) - onehot) / n  # (n, labels)
        grad_w = weights / (c * n)
        grad_w[present] += np.add.reduceat(g[row_c] * vals_c, col_starts, axis=0)
        grad_b = g.sum(axis=0)
        for p, grad, m, v in ((weights, grad_w, m_w, v_w), (bias, grad_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            p -= lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)
    return weights, bias


@functools.cache
def default_model() -> TypeModel:
    """The model of the bundled training file, trained once per process at first use."""
    return TypeModel.train(read_examples(TRAINING_PATH))


def cross_validate(examples: Sequence[Example] | None = None, *, folds: int = 5,
                   **train_options: float) -> tuple[float, int]:
    """Top-1 accuracy over deterministic stratified folds (every ``folds``-th example of each
    type is held out in turn), and the number of examples."""
    examples = tuple(examples) if examples is not None else read_examples(TRAINING_PATH)
    seen: Counter[str] = Counter()
    fold_of = []
    for e in examples:
        fold_of.append(seen[e.type] % folds)
        seen[e.type] += 1
    right = 0
    for k in range(folds):
        train = [e for e, f in zip(examples, fold_of) if f != k]
        test = [e for e, f in zip(examples, fold_of) if f == k]
        model = TypeModel.train(train, **train_options)  # type: ignore[arg-type]
        p = model.probabilities(e.text for e in test)
        right += sum(model.labels[int(j)] == e.type for j, e in zip(p.argmax(axis=1), test))
    return right / len(examples), len(examples)
