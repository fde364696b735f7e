from __future__ import annotations

from pathlib import Path

import pytest

from geoevents.errors import ConfigError
from geoevents.settings import Settings


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GEOEVENTS_DB", raising=False)
    settings = Settings.load()
    assert settings.db == "geoevents.duckdb"
    assert settings.prefilter is True


def test_precedence_file_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "geoevents.toml").write_text('[geoevents]\ndb = "from-file.duckdb"\nbatch_size = 8\n')
    assert Settings.load().db == "from-file.duckdb"
    monkeypatch.setenv("GEOEVENTS_DB", "from-env.duckdb")
    settings = Settings.load()
    assert settings.db == "from-env.duckdb"
    assert settings.batch_size == 8
    assert Settings.load(db="explicit.duckdb").db == "explicit.duckdb"


@pytest.mark.parametrize("raw,expected", [("false", False), ("0", False), ("yes", True), ("ON", True)])
def test_boolean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, raw: str, expected: bool) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GEOEVENTS_PREFILTER", raw)
    assert Settings.load().prefilter is expected


@pytest.mark.parametrize(
    "content",
    ['[geoevents]\nnot_a_setting = 1\n', "this is = = not toml", '[geoevents]\nbatch_size = "many"\n'],
)
def test_bad_config_is_a_config_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "geoevents.toml").write_text(content)
    with pytest.raises(ConfigError):
        Settings.load()


def test_missing_named_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Settings.load(tmp_path / "nope.toml")


@pytest.mark.parametrize(("raw", "ok"), [("0.5", True), ("0", True), ("1.5", False), ("-0.1", False), ("x", False)])
def test_min_confidence_is_a_share(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, raw: str, ok: bool) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GEOEVENTS_MIN_CONFIDENCE", raw)
    if ok:
        assert Settings.load().min_confidence == float(raw)
    else:
        with pytest.raises(ConfigError, match="(?i)min_confidence"):  # names the setting or its variable
            Settings.load()


def test_other_numbers_are_not_held_to_zero_to_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GEOEVENTS_RAY_CPUS_PER_ACTOR", "2")
    assert Settings.load().ray_cpus_per_actor == 2.0
