"""The inputs of a cluster run as one Ray Dataset of input rows (geoevents.distributed.inputs).

Local files and folders are read by geoevents' own readers (`geoevents.ingest.read_file`: every format of
`geoevents code`, Parquet article tables included) in read tasks that run on the driver's node, so the inputs need
not be visible to the other nodes; only the rows travel. URIs (s3://..., gs://...) are Parquet article tables read
by Ray's `read_parquet` on any node and turned into the same rows. Each read task drops the inputs already in the
output before anything is sent on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import ray
from ray.data import Dataset
from ray.data.block import BlockMetadata
from ray.data.datasource import Datasource, ReadTask

from geoevents.distributed.inputs import INPUT_SCHEMA, input_blocks
from geoevents.errors import InputError
from geoevents.models import Article

# Reading costs little next to coding: a read task holds no CPU of its own, so it never waits for the actors.
READ_CPUS = 0.0


def _read_files(
    paths: Sequence[str], columns: dict[str, str] | None, known_ref: Any, block_rows: int
) -> Iterator[pa.Table]:
    from geoevents.ingest import read_file

    def read(on_problem: Any) -> Iterator[Article]:
        for path in paths:
            yield from read_file(Path(path), on_problem=on_problem, columns=columns)

    yield from input_blocks(read, ray.get(known_ref), block_rows)


class ArticleFiles(Datasource):
    """Local files read with geoevents' readers, a few files per read task, on the driver's node only."""

    def __init__(self, files: list[Path], columns: dict[str, str] | None, known_ref: Any, block_rows: int) -> None:
        super().__init__()
        self.files = [(str(path), _size(path)) for path in files]
        self.columns, self.known_ref, self.block_rows = columns, known_ref, block_rows

    @property
    def supports_distributed_reads(self) -> bool:
        return False  # the files are on this node

    def estimate_inmemory_data_size(self) -> int | None:
        return sum(size for _, size in self.files)

    def get_read_tasks(
        self, parallelism: int, per_task_row_limit: int | None = None, data_context: Any = None
    ) -> list[ReadTask]:
        tasks = []
        for group in _groups(self.files, max(1, parallelism)):
            paths = [path for path, _ in group]
            metadata = BlockMetadata(num_rows=None, size_bytes=sum(s for _, s in group), exec_stats=None,
                                     input_files=tuple(paths))  # fmt: skip
            read = partial(_read_files, paths, self.columns, self.known_ref, self.block_rows)
            tasks.append(ReadTask(read, metadata, schema=INPUT_SCHEMA, per_task_row_limit=per_task_row_limit))
        return tasks


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _groups(files: list[tuple[str, int]], count: int) -> list[list[tuple[str, int]]]:
    """`files` in at most `count` groups of similar size, each group in input order (largest first fill)."""
    groups: list[list[tuple[str, int]]] = [[] for _ in range(min(count, len(files)))]
    sizes = [0] * len(groups)
    order = sorted(range(len(files)), key=lambda i: -files[i][1])
    placed: dict[int, int] = {}
    for index in order:
        target = sizes.index(min(sizes))
        placed[index] = target
        sizes[target] += files[index][1]
    for index in range(len(files)):
        groups[placed[index]].append(files[index])
    return [group for group in groups if group]


def _parquet_rows(batch: pa.Table, columns: dict[str, str] | None, known_ref: Any) -> pa.Table:
    """Rows of a Parquet article table read by Ray (with its `path` column) as input rows."""
    from geoevents.ingest.parquet import articles_from_table

    paths = batch.column("path").to_pylist() if "path" in batch.column_names else ["<parquet>"] * batch.num_rows
    name = paths[0] if paths else "<parquet>"

    def read(on_problem: Any) -> Iterable[Article]:
        return articles_from_table(batch.drop_columns(["path"]) if "path" in batch.column_names else batch,
                                   name, on_problem, columns)  # fmt: skip

    blocks = list(input_blocks(read, ray.get(known_ref), max(1, batch.num_rows)))
    return pa.concat_tables(blocks) if blocks else INPUT_SCHEMA.empty_table()


def input_dataset(
    inputs: Iterable[str | Path],
    columns: dict[str, str] | None,
    known: np.ndarray,
    block_rows: int,
    on_problem: Any,
) -> Dataset | None:
    """One dataset of input rows for every input: local files through geoevents' readers, URIs through Ray;
    None when no input file was found (each missing one was reported through `on_problem`)."""
    from geoevents.ingest import input_files

    items = [str(item) for item in inputs]
    if "-" in items:
        raise InputError("--engine ray cannot read stdin; write the articles to a file and code the file")
    known_ref = ray.put(known)
    uris = [item for item in items if "://" in item]
    files = list(input_files([item for item in items if "://" not in item], on_problem))
    parts: list[Dataset] = []
    if files:
        source = ArticleFiles(files, columns, known_ref, block_rows)
        parts.append(ray.data.read_datasource(source, num_cpus=READ_CPUS, concurrency=1))
    if uris:
        table = ray.data.read_parquet(uris, include_paths=True, num_cpus=READ_CPUS)
        parts.append(
            table.map_batches(partial(_parquet_rows, columns=columns, known_ref=known_ref), batch_format="pyarrow",
                              batch_size=block_rows, num_cpus=READ_CPUS)  # fmt: skip
        )
    if not parts:
        return None
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


__all__ = ["ArticleFiles", "input_dataset"]
