"""The one front door (`geoevents/__init__.py`): every public name is what it says, whatever else was imported, and
`import geoevents` finds the package from any working directory."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

import geoevents

PUBLIC = [name for name in geoevents.__all__ if name != "__version__"]


@pytest.mark.parametrize("name", PUBLIC)
def test_no_public_name_is_also_a_submodule(name: str) -> None:
    # Importing a submodule sets an attribute of the same name on the package, replacing the public function
    # (`geoevents.events` was once a subpackage and the query function at once).
    assert importlib.util.find_spec(f"geoevents.{name}") is None


_IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
import geoevents

skipped = []
for info in pkgutil.walk_packages(geoevents.__path__, "geoevents."):
    try:
        importlib.import_module(info.name)
    except ModuleNotFoundError as exc:  # an optional extra that is not installed
        if (exc.name or "").startswith("geoevents"):
            raise
        skipped.append(info.name)
wrong = {}
for name in geoevents.__all__:
    if name == "__version__":
        continue
    expected = getattr(importlib.import_module(geoevents._EXPORTS[name]), name)
    if getattr(geoevents, name) is not expected:
        wrong[name] = repr(getattr(geoevents, name))
print(json.dumps({"wrong": wrong, "skipped": skipped}))
"""


def test_public_names_survive_importing_every_module() -> None:
    """In a fresh interpreter: import every geoevents module, then each public name is still the exported object
    (`geoevents.events(...)` stays the query function, `geoevents.bench(...)` the benchmark)."""
    out = subprocess.run([sys.executable, "-c", _IMPORT_EVERYTHING], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["wrong"] == {}
    assert callable(geoevents.events) and callable(geoevents.bench) and callable(geoevents.summary)


_WHERE = "import geoevents, json; print(json.dumps([geoevents.__file__, callable(geoevents.code_text)]))"


@pytest.mark.parametrize("layout", ["folder-above-a-clone", "root"])
def test_importable_from_any_working_directory(tmp_path: Path, layout: str) -> None:
    """A script run beside a folder named `geoevents` (the folder above a clone) still gets the package, not a
    namespace package made of that folder."""
    if layout == "root":
        cwd = Path("/")
    else:
        (tmp_path / "geoevents" / "docs").mkdir(parents=True)  # a clone's top level: no __init__.py
        (tmp_path / "geoevents" / "README.md").write_text("# geoevents\n", encoding="utf-8")
        cwd = tmp_path
    script = tmp_path / "snippet.py"
    script.write_text(_WHERE + "\n", encoding="utf-8")
    for argv in ([sys.executable, str(script)], [sys.executable, "-c", _WHERE]):
        out = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=True)
        location, has_code_text = json.loads(out.stdout)
        assert Path(location) == Path(geoevents.__file__)
        assert has_code_text
