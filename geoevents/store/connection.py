"""Opening a store file (connect, then check or migrate its schema) and `Db`, the open connection with the few
SQL helpers every store module shares: records from a query, Arrow tables registered for one statement, and
transactions that roll back on any error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from geoevents.errors import StoreCorruptError, StoreError, StoreLockedError
from geoevents.store import schema
from geoevents.store.access import holder, waiting


def connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to `path`, or the StoreError that says in plain words why there is none."""
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a store file")
    if not path.parent.is_dir():
        raise StoreError(f"{path}: the folder {path.parent} does not exist; create it or give another --db")
    if read_only and not path.exists():
        raise StoreError(
            f"{path}: no such store; check the path, or code articles into it first (geoevents code INPUT --db {path})"
        )
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            who = holder(str(exc))
            raise StoreLockedError(
                f"{path}: the store is in use {'for writing ' if read_only else ''}by another process"
                f"{f' ({who})' if who else ''}."
            ) from exc
        raise StoreCorruptError(f"{path}: not a DuckDB database or damaged ({exc})") from exc
    except duckdb.ConnectionException as exc:
        if "different configuration" in str(exc):  # this process holds it open, read-only vs read-write
            mode = "read-write" if read_only else "read-only"
            raise StoreLockedError(f"{path}: this process holds the store open {mode}.") from exc
        raise StoreCorruptError(f"{path}: cannot be opened as a DuckDB database ({exc})") from exc
    except duckdb.Error as exc:
        raise StoreCorruptError(f"{path}: cannot be opened as a DuckDB database ({exc})") from exc


def _reason(exc: duckdb.Error) -> str:
    """DuckDB's message without its "TransactionContext Error: Failed to commit:" preamble."""
    return str(exc).rsplit("Failed to commit: ", 1)[-1]


def open_db(path: Path, read_only: bool, wait: float = 0.0) -> Db:
    """Connect - waiting up to `wait` seconds while another process holds the file (`access.waiting`) - then
    migrate the schema (or, read-only, check that it is current)."""
    con = waiting(path, wait, lambda: connect(path, read_only))
    try:
        if read_only:
            version = schema.current_version(con, str(path))
            if version != schema.SCHEMA_VERSION:
                raise StoreCorruptError(
                    f"{path}: schema version {version}, expected {schema.SCHEMA_VERSION}; open it once read-write "
                    "to migrate"
                )
        else:
            schema.migrate(con, str(path))
    except duckdb.Error as exc:
        con.close()
        raise StoreCorruptError(f"{path}: damaged store ({exc})") from exc
    except StoreError:
        con.close()
        raise
    return Db(con, path, read_only)


def records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass
class Db:
    """One open store: the connection, where it points, and whether it may be written."""

    con: duckdb.DuckDBPyConnection
    path: Path
    read_only: bool

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """The result of a query as records (column name -> value)."""
        return records(self.con.execute(sql, params or []))

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        rows = self.con.execute(sql, params or []).fetchall()  # fetch all: DuckDB 2 refuses unfinished results
        return rows[0][0] if rows else None

    @contextmanager
    def registered(self, name: str, table: pa.Table) -> Iterator[None]:
        """`table` visible to SQL as `name` while the block runs (set-based statements instead of one per row)."""
        self.con.register(name, table)
        try:
            yield
        finally:
            self.con.unregister(name)

    def ids_table(self, name: str, ids: Iterable[str]) -> Any:
        """A one-column table `name(id)` of the distinct `ids`, registered while the block runs."""
        return self.registered(name, pa.table({"id": pa.array(sorted(set(ids)), pa.string())}))

    def cursor(self) -> Db:
        """Another connection to the same open database, for one thread (DuckDB connections are not shared
        between threads; its cursors run side by side, each reading a consistent snapshot)."""
        return Db(self.con.cursor(), self.path, self.read_only)

    def writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; cannot write")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing. A write the disk refuses (full, or over the file size limit) is a StoreError that says
        so; what was committed before stays, and the connection can go on (e.g. once there is room)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except duckdb.IOException as exc:
            self._rollback()
            raise StoreError(f"{self.path}: could not write the store ({exc}); nothing of this batch was stored, "
                             "what was stored before is kept") from exc
        except duckdb.TransactionException as exc:  # a COMMIT that failed to write its log
            self._rollback()
            raise StoreError(f"{self.path}: could not write the store ({_reason(exc)}); nothing of this batch was "
                             "stored, what was stored before is kept") from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except duckdb.TransactionException:
            pass  # a failed COMMIT has already ended the transaction

    def close(self) -> None:
        self.con.close()
