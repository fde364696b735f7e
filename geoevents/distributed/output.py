"""The output of a cluster run: Parquet datasets in a directory or URI, written and committed batch by batch.

    OUT/_geoevents.json                                   what wrote it: geoevents version, model, actor files
    OUT/events/article_date=YYYY-MM-DD/part-RUN-BATCH.parquet   events (geoevents.store.arrow.EVENT_SCHEMA)
    OUT/articles/part-RUN-BATCH.parquet                   the batch's articles: the batch's commit record
    OUT/errors/part-RUN-BATCH.parquet                     records that could not be read or coded, and why

Events are partitioned by the date of their article (hive style; undated articles under
`article_date=__HIVE_DEFAULT_PARTITION__`, which DuckDB and pyarrow read as null). A worker writes a batch's
events and errors first and its articles file last, under a temporary name moved into place: a batch is
committed when its articles file exists, and only then. Event and error files of a batch that never committed
(a killed run) are removed by `clean` before a rerun and after every run. A retried batch has the same
articles, so the same part name, and overwrites what its failed attempt left. A rerun skips every input whose
key - its article id and text hash, or for an unreadable record its origin and reason - is in a committed batch.

Nothing here needs Ray: `geoevents load` reads the output with pyarrow alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from geoevents.errors import ConfigError
from geoevents.settings import Settings

MANIFEST = "_geoevents.json"
FORMAT = "geoevents-coded-parquet"
FORMAT_VERSION = 1
PARTITION = "article_date"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # the hive name of a null value
_PARTITIONS_KEY = b"geoevents.event_partitions"  # the articles file names the event partitions of its batch
_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32())])

ARTICLES_SCHEMA = pa.schema(
    [
        ("input_key", pa.uint64()), ("id", pa.string()), ("title", pa.string()), ("date", pa.date32()),
        ("url", pa.string()), ("source", pa.string()), ("origin", pa.string()), ("text", pa.string()),
        ("text_hash", pa.string()), ("sentences", pa.list_(_SPAN)), ("skipped_sentences", pa.list_(pa.int32())),
        ("events", pa.int32()), ("run", pa.string()), ("coded_at", pa.timestamp("ms", tz="UTC")),
    ]
)  # fmt: skip
ERRORS_SCHEMA = pa.schema(
    [
        ("input_key", pa.uint64()), ("kind", pa.string()), ("article_id", pa.string()), ("origin", pa.string()),
        ("path", pa.string()), ("line", pa.int32()), ("reason", pa.string()), ("message", pa.string()),
        ("run", pa.string()),
    ]
)  # fmt: skip


def _key(*parts: str) -> int:
    return int.from_bytes(hashlib.sha1("\x1f".join(parts).encode("utf-8")).digest()[:8], "big")


def article_key(article_id: str, text_hash: str) -> int:
    """What identifies an input article across runs: its id and the hash of its text."""
    return _key("article", article_id, text_hash)


def problem_key(origin: str, reason: str) -> int:
    """What identifies an unreadable input record across runs: where it is and what is wrong with it."""
    return _key("problem", origin, reason)


def batch_name(run: str, keys: Iterable[int]) -> str:
    """A batch's part name: the run, and a hash of its inputs (a retried batch gets the same name)."""
    digest = hashlib.sha1(b"".join(int(k).to_bytes(8, "big") for k in keys)).hexdigest()[:16]
    return f"part-{run}-{digest}"


def new_run() -> str:
    """A run name that sorts in time order: the newest version of an article re-coded later wins on load."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}{uuid.uuid4().hex[:6]}"


def partition_of(date: str | None) -> str:
    return f"{PARTITION}={date or NULL_PARTITION}"


def manifest_for(settings: Settings) -> dict[str, Any]:
    from geoevents import __version__
    from geoevents.nlp.pipeline import model_name

    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "geoevents": __version__,
        "model": model_name(settings.model), "actors_file": list(settings.actors_file), "partitioning": PARTITION,
    }  # fmt: skip


# What must match for a rerun to add to an output: the same coder, or its events would mix two versions.
_SAME_CODER = ("format", "format_version", "geoevents", "model", "actors_file")


@dataclass
class CommittedBatch:
    """One committed batch as `load` reads it: its articles and the event partitions it wrote."""

    name: str
    articles: pa.Table
    partitions: list[str]


@dataclass
class Output:
    """A coded-Parquet output at `uri` (a local path or a URI pyarrow can write, such as s3://bucket/prefix)."""

    uri: str
    _fs: pafs.FileSystem | None = field(default=None, repr=False, compare=False)
    _root: str = field(default="", repr=False, compare=False)

    @classmethod
    def at(cls, location: str | Path) -> Output:
        text = str(location)
        return cls(text if "://" in text else str(Path(text).expanduser().resolve()))

    def __getstate__(self) -> dict[str, Any]:  # workers open their own filesystem client
        return {"uri": self.uri, "_fs": None, "_root": ""}

    @property
    def fs(self) -> pafs.FileSystem:
        if self._fs is None:
            if "://" in self.uri:
                try:
                    self._fs, self._root = pafs.FileSystem.from_uri(self.uri)
                except (pa.ArrowException, ValueError) as error:
                    raise ConfigError(f"{self.uri}: cannot write there ({error})") from error
            else:
                self._fs, self._root = pafs.LocalFileSystem(), self.uri
        return self._fs

    def path(self, *parts: str) -> str:
        _ = self.fs
        return "/".join([self._root.rstrip("/"), *parts])

    # -- the manifest ----------------------------------------------------------------------------------------------

    def read_manifest(self) -> dict[str, Any] | None:
        try:
            with self.fs.open_input_stream(self.path(MANIFEST)) as stream:
                return dict(json.loads(stream.read().decode("utf-8")))
        except FileNotFoundError:
            return None
        except (ValueError, UnicodeDecodeError) as error:
            raise ConfigError(f"{self.path(MANIFEST)}: damaged ({error})") from error

    def prepare(self, settings: Settings) -> None:
        """Create the output, or check that an existing one was coded by the same coder (else a rerun would
        mix events of two versions), and remove what a killed run left uncommitted."""
        wanted = manifest_for(settings)
        found = self.read_manifest()
        if found is None:
            if self._has_files():
                raise ConfigError(f"{self.uri}: exists and is not a geoevents output; choose an empty or new --out")
            self.fs.create_dir(self.path(), recursive=True)
            with self.fs.open_output_stream(self.path(MANIFEST)) as stream:
                stream.write(json.dumps(wanted, indent=2).encode("utf-8"))
        else:
            differ = [k for k in _SAME_CODER if found.get(k) != wanted.get(k)]
            if differ:
                was = ", ".join(f"{k}={found.get(k)!r}" for k in differ)
                now = ", ".join(f"{k}={wanted.get(k)!r}" for k in differ)
                raise ConfigError(f"{self.uri}: coded with {was}, this run has {now}; use a new --out")
        self.clean()

    def check_readable(self) -> dict[str, Any]:
        found = self.read_manifest()
        if found is None or found.get("format") != FORMAT:
            raise ConfigError(f"{self.uri}: not the output of `geoevents code --engine ray` (no {MANIFEST})")
        if found.get("format_version", 0) > FORMAT_VERSION:
            raise ConfigError(f"{self.uri}: written by a newer geoevents (format {found.get('format_version')})")
        return found

    def _has_files(self) -> bool:
        info = self.fs.get_file_info(self.path())
        if info.type == pafs.FileType.NotFound:
            return False
        if info.type != pafs.FileType.Directory:
            return True
        return bool(self.fs.get_file_info(pafs.FileSelector(self.path(), recursive=False)))

    # -- listing ---------------------------------------------------------------------------------------------------

    def _files(self, folder: str, recursive: bool = False) -> list[pafs.FileInfo]:
        selector = pafs.FileSelector(self.path(folder), allow_not_found=True, recursive=recursive)
        return [info for info in self.fs.get_file_info(selector) if info.type == pafs.FileType.File]

    def committed(self) -> list[str]:
        """The part names of the committed batches, oldest run first."""
        return sorted(
            info.base_name.removesuffix(".parquet")
            for info in self._files("articles")
            if info.base_name.startswith("part-") and info.base_name.endswith(".parquet")
        )

    def clean(self) -> int:
        """Remove event and error files of batches that never committed, and unfinished commits."""
        done = set(self.committed())
        removed = 0
        for folder in ("events", "errors", "articles"):
            for info in self._files(folder, recursive=True):
                name = info.base_name.removesuffix(".parquet")
                if name not in done:
                    self.fs.delete_file(info.path)
                    removed += 1
        return removed

    def known_keys(self) -> np.ndarray:
        """The input keys of every committed article and recorded problem, sorted (for `np.searchsorted`)."""
        import pyarrow.dataset as pds

        keys = []
        done = self.committed()
        for folder in ("articles", "errors"):
            names = {info.path for info in self._files(folder) if info.base_name.removesuffix(".parquet") in done}
            if names:
                table = pds.dataset(sorted(names), filesystem=self.fs, format="parquet").to_table(["input_key"])
                keys.append(table.column("input_key").to_numpy())
        return np.unique(np.concatenate(keys)) if keys else np.empty(0, dtype=np.uint64)

    # -- writing (workers) -----------------------------------------------------------------------------------------

    def write_batch(
        self, name: str, events: dict[str, pa.Table], articles: pa.Table, errors: pa.Table | None
    ) -> None:
        """Write a batch: its events by partition, its errors, then commit it by moving its articles in place."""
        for partition, table in events.items():
            self.fs.create_dir(self.path("events", partition), recursive=True)
            pq.write_table(table, self.path("events", partition, f"{name}.parquet"), filesystem=self.fs)
        if errors is not None and errors.num_rows:
            self.fs.create_dir(self.path("errors"), recursive=True)
            pq.write_table(errors, self.path("errors", f"{name}.parquet"), filesystem=self.fs)
        metadata = {_PARTITIONS_KEY: json.dumps(sorted(events)).encode("utf-8")}
        self.fs.create_dir(self.path("articles"), recursive=True)
        temporary = self.path("articles", f".{name}.{uuid.uuid4().hex[:8]}.tmp")
        pq.write_table(articles.replace_schema_metadata(metadata), temporary, filesystem=self.fs)
        self.fs.move(temporary, self.path("articles", f"{name}.parquet"))

    # -- reading (load) --------------------------------------------------------------------------------------------

    def batches(self) -> Iterator[CommittedBatch]:
        for name in self.committed():
            articles = pq.read_table(self.path("articles", f"{name}.parquet"), filesystem=self.fs)
            partitions = json.loads((articles.schema.metadata or {}).get(_PARTITIONS_KEY, b"[]"))
            yield CommittedBatch(name, articles, list(partitions))

    def batch_events(self, batch: CommittedBatch) -> pa.Table | None:
        tables = [
            pq.read_table(self.path("events", partition, f"{batch.name}.parquet"), filesystem=self.fs)
            for partition in batch.partitions
        ]
        return pa.concat_tables(tables) if tables else None

    def errors(self) -> pa.Table:
        done = set(self.committed())
        paths = sorted(i.path for i in self._files("errors") if i.base_name.removesuffix(".parquet") in done)
        tables = [pq.read_table(path, filesystem=self.fs) for path in paths]
        return pa.concat_tables(tables) if tables else ERRORS_SCHEMA.empty_table()


__all__ = [
    "ARTICLES_SCHEMA",
    "ERRORS_SCHEMA",
    "CommittedBatch",
    "Output",
    "article_key",
    "batch_name",
    "new_run",
    "partition_of",
    "problem_key",
]
