"""Checks of the paths a user names for output, made before any work starts: a mistyped folder is reported at once
as one line that says what to fix, not as a traceback after minutes of coding."""

from __future__ import annotations

import os
from pathlib import Path

from geoevents.errors import OutputError


def output_file(path: str | Path, what: str = "output file") -> Path:
    """`path` as a file that can be created or overwritten, or the OutputError that says why not. Creates nothing."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name for the {what}")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist; create it or write the {what} elsewhere")
    if not os.access(folder, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise OutputError(f"{target}: no permission to write the {what} here")
    return target


__all__ = ["output_file"]
