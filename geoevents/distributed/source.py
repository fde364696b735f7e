"""The inputs of a cluster run as one Ray Dataset of input rows (geoevents.distributed.inputs).

Local files and folders are read by geoevents' own readers (`geoevents.ingest.read_file`: every format of
`geoevents code`, Parquet article tables included) in read tasks that run on the driver's node, so the inputs need
not be visible to the other nodes; only the rows travel. URIs (s3://..., gs://...) are Parquet article tables (a
file, or a folder of .parquet files), listed here and read with pyarrow in read tasks on any node. Each read task
drops the inputs already in the output before anything is sent on. No read step holds a CPU: Ray's own
`read_parquet` lists its files in a task that needs one, which never runs while the actors hold every CPU.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Reading:
    """How read tasks read articles: the column mapping and the order of all-numeric dates (`read_articles`)."""

    columns: dict[str, str] | None = None
    date_order: str | None = None


# Reading costs little next to coding: a read task holds no CPU of its own, so it never waits for the actors.
READ_CPUS = 0.0


def _read_files(
    paths: Sequence[str], reading: Reading, known_ref: Any, block_rows: int
) -> Iterator[pa.Table]:
    from geoevents.ingest import read_file

    def read(on_problem: Any) -> Iterator[Article]:
        for path in paths:
            yield from read_file(Path(path), on_problem=on_problem, columns=reading.columns,
                                 date_order=reading.date_order)  # fmt: skip

    yield from input_blocks(read, ray.get(known_ref), block_rows)


def _read_uris(
    uris: Sequence[str], reading: Reading, known_ref: Any, block_rows: int
) -> Iterator[pa.Table]:
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    from geoevents.ingest._common import ReadContext
    from geoevents.ingest.parquet import articles_from_table

    def read(on_problem: Any) -> Iterator[Article]:
        context = ReadContext(on_problem=on_problem, columns=reading.columns or {}, date_order=reading.date_order)
        for uri in uris:
            fs, path = pafs.FileSystem.from_uri(uri)
            first = 1
            with fs.open_input_file(path) as handle:
                for batch in pq.ParquetFile(handle).iter_batches(batch_size=1000):
                    yield from articles_from_table(pa.Table.from_batches([batch]), uri, context, first)
                    first += batch.num_rows

    yield from input_blocks(read, ray.get(known_ref), block_rows)


class ArticleFiles(Datasource):
    """Article files, a few per read task: local ones read with geoevents' readers on the driver's node only,
    Parquet URIs read with pyarrow on any node."""

    def __init__(
        self, files: list[tuple[str, int]], reading: Reading, known_ref: Any, block_rows: int,
        remote: bool = False,
    ) -> None:  # fmt: skip
        super().__init__()
        self.files, self.remote = files, remote
        self.reading, self.known_ref, self.block_rows = reading, known_ref, block_rows

    @property
    def supports_distributed_reads(self) -> bool:
        return self.remote  # local files are on this node only

    def estimate_inmemory_data_size(self) -> int | None:
        return sum(size for _, size in self.files)

    def get_read_tasks(
        self, parallelism: int, per_task_row_limit: int | None = None, data_context: Any = None
    ) -> list[ReadTask]:
        tasks = []
        reader = _read_uris if self.remote else _read_files
        for group in _groups(self.files, max(1, parallelism)):
            paths = [path for path, _ in group]
            metadata = BlockMetadata(num_rows=None, size_bytes=sum(s for _, s in group), exec_stats=None,
                                     input_files=tuple(paths))  # fmt: skip
            read = partial(reader, paths, self.reading, self.known_ref, self.block_rows)
            tasks.append(ReadTask(read, metadata, schema=INPUT_SCHEMA, per_task_row_limit=per_task_row_limit))
        return tasks


def parquet_uris(uris: Iterable[str], on_problem: Any) -> list[tuple[str, int]]:
    """The Parquet files of `uris` (files, or folders searched recursively for .parquet) with their sizes; a URI
    that cannot be read is reported through `on_problem`, as a missing local file is."""
    import pyarrow.fs as pafs

    found: list[tuple[str, int]] = []
    for uri in uris:
        try:
            fs, path = pafs.FileSystem.from_uri(uri)
            info = fs.get_file_info(path)
        except (pa.ArrowException, OSError, ValueError) as error:
            on_problem(InputError(f"cannot read ({error})", uri))
            continue
        if info.type == pafs.FileType.NotFound:
            on_problem(InputError("no such file or directory", uri))
            continue
        if info.type == pafs.FileType.File:
            found.append((uri, info.size or 0))
            continue
        scheme = uri.split("://", 1)[0]
        entries = fs.get_file_info(pafs.FileSelector(path, recursive=True))
        found += sorted(
            (f"{scheme}://{entry.path}", entry.size or 0)
            for entry in entries
            if entry.type == pafs.FileType.File and entry.base_name.endswith((".parquet", ".pq"))
        )
    return found


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


def input_dataset(
    inputs: Iterable[str | Path],
    reading: Reading,
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
        source = ArticleFiles([(str(f), _size(f)) for f in files], reading, known_ref, block_rows)
        parts.append(ray.data.read_datasource(source, num_cpus=READ_CPUS, concurrency=1))
    if uris:
        tables = parquet_uris(uris, on_problem)
        if tables:
            remote = ArticleFiles(tables, reading, known_ref, block_rows, remote=True)
            parts.append(ray.data.read_datasource(remote, num_cpus=READ_CPUS, concurrency=2))
    if not parts:
        return None
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


__all__ = ["ArticleFiles", "Reading", "input_dataset"]
