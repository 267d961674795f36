"""Parsing and coding in worker processes, one writer in the parent.

With ``n_process > 1`` the whole of the NLP, actor and event stages runs in a pool of worker
processes, each loading the spaCy model and the knowledge tables once (spawned, so nothing of
the parent's DuckDB connection or threads is inherited). The parent streams batches of articles
to them with a bounded number in flight (memory stays flat however large the corpus) and gets
the parsed articles back in input order, which it writes to the store.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

from whimbrel.actors.dictionary import UserActor
from whimbrel.nlp import NlpConfig
from whimbrel.records import Article, ParsedArticle


@dataclass(frozen=True, slots=True)
class UserRules:
    """What a worker needs from the store: imported actors and verb dictionary texts."""

    actors: tuple[UserActor, ...] = ()
    verb_texts: tuple[tuple[str, str], ...] = ()  # (name, file text)

    def analyzer(self):  # type: ignore[no-untyped-def]
        from whimbrel.analyse import Analyzer
        from whimbrel.events.verbdict import parse_verb_dictionary

        return Analyzer.load(self.actors, [parse_verb_dictionary(body, name)
                                           for name, body in self.verb_texts])


# Articles per task: small, so that at the end of a run no worker idles long while another
# finishes a big last task. Tasks in flight per worker: enough that a worker finishing early
# finds queued work while the parent waits, in input order, for a slower one.
TASK_ARTICLES = 4
IN_FLIGHT = 6

# The per-process state of a worker (set once by the pool's initializer; each worker process
# has its own copy).
_STATE: dict[str, Any] = {}


def _init(config: NlpConfig, rules: UserRules) -> None:
    from whimbrel.nlp import load_nlp

    _STATE["config"] = NlpConfig(config.model, config.batch_size, 1, config.disable)
    _STATE["nlp"] = load_nlp(_STATE["config"])
    _STATE["analyzer"] = rules.analyzer()


def _code(batch: Sequence[Article]) -> list[ParsedArticle]:
    """Parse and code ``batch``; what comes back leaves out the article's texts (the parent has
    the article: sending its texts back would only cost pickling)."""
    from whimbrel.analyse import analyse_articles

    return [replace(p, article=_STRIPPED) for p in
            analyse_articles(_STATE["nlp"], _STATE["analyzer"], batch, _STATE["config"])]


_STRIPPED = Article(id="", content_hash="", origin="", format="txt", text="", raw_text="")


def _sent(article: Article) -> Article:
    """What a worker needs of an article: all but the raw text."""
    return replace(article, raw_text="", cleaning=())


def analyse_in_workers(articles: Iterable[Article], config: NlpConfig,
                       rules: UserRules) -> Iterator[ParsedArticle]:
    """Parsed articles in input order, coded by ``config.n_process`` worker processes."""
    workers = max(1, config.n_process)
    ctx = multiprocessing.get_context("spawn")
    it = iter(articles)
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init,
                             initargs=(config, rules)) as pool:
        pending: deque[tuple[list[Article], Future[list[ParsedArticle]]]] = deque()

        def oldest() -> Iterator[ParsedArticle]:
            batch, future = pending.popleft()
            for article, parsed in zip(batch, future.result(), strict=True):
                yield replace(parsed, article=article)

        while batch := list(islice(it, TASK_ARTICLES)):
            pending.append((batch, pool.submit(_code, [_sent(a) for a in batch])))
            if len(pending) >= IN_FLIGHT * workers:
                yield from oldest()
        while pending:
            yield from oldest()
