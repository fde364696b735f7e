"""Parquet article tables: one row an article, columns named like our fields (id, text, title, date, url, source)
unless `columns` maps our names to the table's. Date columns may be text, date or timestamp typed.

Streams one record batch at a time. A row's origin is `path#ROW` (row numbers from 1); a row without usable text
is reported with its row number and skipped. `articles_from_table` reads an Arrow table already in memory, which
is how the cluster path (geoevents.distributed) reads Parquet from a URI such as s3://.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyarrow as pa

from geoevents.errors import InputError
from geoevents.ingest._common import FIELDS, ReadContext, column_for, record_to_article
from geoevents.models import Article

SUFFIXES = (".parquet", ".pq")
_BATCH_ROWS = 1000


def read_parquet(path: Path, context: ReadContext) -> Iterator[Article]:
    import pyarrow.parquet as pq

    name = str(path)
    with path.open("rb") as handle:
        head = handle.read(4)
    if head != b"PAR1":
        reason = "not a Parquet file (it does not start with PAR1)" if head else "empty file"
        context.problem(reason, name)
        return
    try:
        table_file = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        context.problem(f"Parquet file cannot be read ({error})", name)
        return
    first = 1
    for batch in table_file.iter_batches(batch_size=_BATCH_ROWS):
        yield from articles_from_table(pa.Table.from_batches([batch]), name, context, first)
        first += batch.num_rows


def articles_from_table(table: pa.Table, name: str, context: ReadContext, first_row: int = 1) -> Iterator[Article]:
    """The articles of `table`, whose first row is row `first_row` of the source `name`."""
    mapping = context.columns
    present = set(table.column_names)
    if column_for("text", present, mapping) not in present:
        context.problem(f"no text column (columns: {', '.join(table.column_names)})", name)
        return
    wanted = {field: column_for(field, present, mapping) for field in FIELDS}
    values = {field: table.column(column).to_pylist() for field, column in wanted.items() if column in present}
    for offset in range(table.num_rows):
        record = {field: column[offset] for field, column in values.items()}
        row = first_row + offset
        article = record_to_article(record, f"{name}#{row}", name, None, _row_context(context, row))
        if article is not None:
            yield article


def _row_context(context: ReadContext, row: int) -> ReadContext:
    def report(problem: InputError) -> None:  # name the row, since a Parquet file has no lines
        context.on_problem(type(problem)(f"row {row}: {problem.reason}", problem.path))

    return replace(context, on_problem=report)
