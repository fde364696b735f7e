"""The rows that flow from the readers to the coding actors: articles, unreadable records, and counts of inputs
a previous run already coded.

Readers (geoevents.ingest) run inside Ray read tasks; what they yield becomes Arrow blocks of `INPUT_SCHEMA`,
`block_rows` rows each, so that one block is one batch for an actor. An input whose key is already in the
output is not sent on: a block carries only how many such inputs it dropped (`known`), which keeps a rerun over
a nearly finished output cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import pyarrow as pa

from geoevents.distributed.output import article_key, problem_key
from geoevents.errors import InputError
from geoevents.models import Article

INPUT_SCHEMA = pa.schema(
    [
        ("input_key", pa.uint64()), ("id", pa.string()), ("text", pa.string()), ("title", pa.string()),
        ("date", pa.string()), ("url", pa.string()), ("source", pa.string()), ("origin", pa.string()),
        ("problem", pa.string()), ("problem_path", pa.string()), ("problem_line", pa.int32()), ("known", pa.int32()),
    ]
)  # fmt: skip


def article_row(article: Article) -> dict[str, Any]:
    return {
        "input_key": article_key(article.id, article.text_hash), "id": article.id, "text": article.text,
        "title": article.title, "date": article.date, "url": article.url, "source": article.source,
        "origin": article.origin, "known": 0,
    }  # fmt: skip


def problem_row(problem: InputError) -> dict[str, Any]:
    origin = f"{problem.path}:{problem.line}" if problem.line is not None else (problem.path or "<input>")
    return {
        "input_key": problem_key(origin, problem.reason), "origin": origin, "problem": problem.reason,
        "problem_path": problem.path, "problem_line": problem.line, "known": 0,
    }  # fmt: skip


def row_article(row: dict[str, Any]) -> Article:
    return Article(id=row["id"], text=row["text"], title=row["title"], date=row["date"], url=row["url"],
                   source=row["source"], origin=row["origin"])  # fmt: skip


def row_problem(row: dict[str, Any]) -> InputError:
    return InputError(row["problem"], row["problem_path"], row["problem_line"])


def is_known(keys: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Which of `keys` are in the sorted array `known`."""
    if not len(known) or not len(keys):
        return np.zeros(len(keys), dtype=bool)
    where = np.minimum(np.searchsorted(known, keys), len(known) - 1)
    return known[where] == keys


def input_blocks(
    read: Callable[[Callable[[InputError], None]], Iterable[Article]], known: np.ndarray, block_rows: int
) -> Iterator[pa.Table]:
    """Blocks of input rows from `read(on_problem)`: new articles and problems, and the count of known inputs."""
    rows: list[dict[str, Any]] = []
    problems: list[InputError] = []

    def flush() -> Iterator[pa.Table]:
        if rows:
            yield _drop_known(pa.Table.from_pylist(rows, schema=INPUT_SCHEMA), known)
            rows.clear()

    for article in read(problems.append):
        rows.extend(problem_row(p) for p in problems)
        problems.clear()
        rows.append(article_row(article))
        if len(rows) >= block_rows:
            yield from flush()
    rows.extend(problem_row(p) for p in problems)
    yield from flush()


def _drop_known(table: pa.Table, known: np.ndarray) -> pa.Table:
    mask = is_known(table.column("input_key").to_numpy(), known)
    dropped = int(mask.sum())
    if not dropped:
        return table
    kept = table.filter(pa.array(~mask))
    marker = pa.Table.from_pylist([{"known": dropped}], schema=INPUT_SCHEMA)
    return pa.concat_tables([kept, marker])


__all__ = ["INPUT_SCHEMA", "article_row", "input_blocks", "is_known", "problem_row", "row_article", "row_problem"]
