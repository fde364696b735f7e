"""The coded-Parquet output (geoevents.distributed.output) without Ray: commits, cleaning, keys, the manifest."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from geoevents.distributed.inputs import input_blocks, is_known
from geoevents.distributed.output import ARTICLES_SCHEMA, ERRORS_SCHEMA, Output, article_key, partition_of
from geoevents.errors import ConfigError, InputError
from geoevents.models import Article
from geoevents.settings import Settings
from geoevents.store.arrow import events_table


def _articles(*ids: str) -> pa.Table:
    return pa.Table.from_pylist(
        [{"input_key": article_key(i, "h"), "id": i, "text": "t", "text_hash": "h", "sentences": []} for i in ids],
        schema=ARTICLES_SCHEMA,
    )


def test_a_batch_counts_once_it_is_committed(tmp_path: Path) -> None:
    output = Output.at(tmp_path / "out")
    output.prepare(Settings())
    events = {partition_of("2024-03-04"): events_table([])}
    output.write_batch("part-r1-a", events, _articles("x", "y"), ERRORS_SCHEMA.empty_table())
    # a batch that wrote its events but died before its commit, and an unfinished commit
    (tmp_path / "out/events/article_date=2024-03-04/part-r1-b.parquet").write_bytes(b"partial")
    (tmp_path / "out/articles/.part-r1-b.1234.tmp").write_bytes(b"partial")
    assert output.committed() == ["part-r1-a"]
    assert sorted(output.known_keys().tolist()) == sorted([article_key("x", "h"), article_key("y", "h")])
    assert output.clean() == 2
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.parquet")) == ["part-r1-a.parquet"] * 2
    assert [b.name for b in output.batches()] == ["part-r1-a"]


def test_an_output_of_another_coder_is_refused(tmp_path: Path) -> None:
    Output.at(tmp_path / "out").prepare(Settings())
    with pytest.raises(ConfigError, match="use a new --out"):
        Output.at(tmp_path / "out").prepare(Settings(actors_file=("extra.tsv",)))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a geoevents output"):
        Output.at(tmp_path / "other").prepare(Settings())
    with pytest.raises(ConfigError, match="not the output"):
        Output.at(tmp_path / "other").check_readable()


def test_input_blocks_drop_known_inputs_and_keep_problems() -> None:
    articles = [Article(id=f"a{i}", text=f"text {i}") for i in range(5)]
    known = np.sort(np.array([article_key("a1", articles[1].text_hash), article_key("a3", articles[3].text_hash)],
                             dtype=np.uint64))  # fmt: skip

    def read(on_problem):
        yield articles[0]
        on_problem(InputError("malformed JSON", "f.jsonl", 2))
        yield from articles[1:]

    blocks = list(input_blocks(read, known, block_rows=3))
    rows = [row for block in blocks for row in block.to_pylist()]
    assert [r["id"] for r in rows if r["id"]] == ["a0", "a2", "a4"]
    assert [(r["problem"], r["origin"]) for r in rows if r["problem"]] == [("malformed JSON", "f.jsonl:2")]
    assert sum(r["known"] for r in rows if r["id"] is None and r["problem"] is None) == 2
    assert is_known(np.array([article_key("a3", articles[3].text_hash)], dtype=np.uint64), known).tolist() == [True]
