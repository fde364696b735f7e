"""`geoevents.benchmarks` on a tiny corpus: what it counts and how its figures derive (speed is never asserted)."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

import pytest
import spacy

from geoevents.benchmarks import PeakMemory, bench, format_bench, machine_info
from geoevents.coding import code_articles
from geoevents.errors import InputError
from geoevents.ingest import read_articles

TEXTS = [
    "Egyptian President Hosni Mubarak met Israeli Prime Minister Shimon Peres in Cairo on Monday. "
    "The two leaders discussed the peace process.",
    "Shares of Smith Corp rose 10 cts to 25 dlrs in quiet trading. Volume was light.",
    "Iraqi troops attacked Iranian positions near Basra, Tehran radio said. The weather was mild.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "tiny.jsonl"
    lines = [json.dumps({"id": f"t{i}", "date": "1987-03-02", "text": text}) for i, text in enumerate(TEXTS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result(corpus: Path) -> dict[str, Any]:
    return bench(corpus, processes=1)


def test_result_has_the_figures(result: dict[str, Any]) -> None:
    for key in ("words_per_s", "baseline_words_per_s", "ratio", "peak_rss_mb", "articles_per_s", "sentences_per_s",
                "events_per_s", "n_articles", "n_words", "machine"):
        assert key in result, key
    for side in (result, result["baseline"]):
        for rate, count in (("articles_per_s", "n_articles"), ("sentences_per_s", "n_sentences"),
                            ("words_per_s", "n_words")):  # fmt: skip
            assert side[rate] == pytest.approx(side[count] / side["seconds"], rel=1e-2), rate
        assert side["peak_rss_mb"] > 0
    assert result["ratio"] == pytest.approx(result["words_per_s"] / result["baseline_words_per_s"], rel=1e-2)


def test_both_sides_see_the_same_corpus(result: dict[str, Any], corpus: Path) -> None:
    assert result["n_articles"] == result["baseline"]["n_articles"] == len(TEXTS)
    assert result["n_words"] == result["baseline"]["n_words"] == sum(len(t.split()) for t in TEXTS)
    assert result["n_sentences"] == result["baseline"]["n_sentences"] == 6
    # The same events and skipped sentences as coding the corpus directly.
    coded = list(code_articles(read_articles([corpus])))
    assert result["n_events"] == sum(len(c.events) for c in coded) > 0
    assert result["skipped_sentences"] == sum(len(c.skipped_sentences) for c in coded) > 0


def test_limit_and_no_prefilter(corpus: Path) -> None:
    small = bench(corpus, limit=2, prefilter=False, baseline=False)
    assert small["n_articles"] == 2
    assert small["skipped_sentences"] == 0 and small["prefilter"] is False
    assert "ratio" not in small


@pytest.mark.slow
def test_store_and_jsonl_runs(corpus: Path) -> None:
    stored = bench(corpus, store=True, baseline=False)
    for name in ("jsonl", "store"):
        assert stored["store"][name]["n_events"] == stored["n_events"]
        assert stored["store"][name]["n_articles"] == len(TEXTS)
    runs = stored["store"]
    assert runs["overhead"] == round(runs["store"]["seconds"] / runs["jsonl"]["seconds"] - 1, 3)


def test_format_bench_names_every_run(result: dict[str, Any]) -> None:
    text = format_bench(result)
    assert "bare spaCy" in text and "geoevents" in text and "ratio" in text
    assert str(result["n_articles"]) in text


def test_missing_corpus_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        bench(tmp_path / "nope.jsonl")


def test_peak_memory_and_machine() -> None:
    with PeakMemory() as memory:
        block = bytearray(64 * 2**20)
        block[::4096] = b"x" * len(block[::4096])
    assert memory.peak_mb - memory.start_bytes / 2**20 >= 60
    info = machine_info()
    assert (info["cpu_count"], info["python"]) == (os.cpu_count(), platform.python_version())
    assert info["spacy"] == spacy.__version__


@pytest.mark.parametrize("table_components", [True, False])
def test_components_timing(corpus: Path, table_components: bool) -> None:
    from geoevents.benchmarks.components import bench_components, format_components
    from geoevents.settings import Settings

    result = bench_components(str(corpus), settings=Settings(table_components=table_components))
    base, geo = result["baseline"], result["geoevents"]
    assert {"tokenizer", "tok2vec", "parser", "attribute_ruler", "lemmatizer", "ner"} <= set(base)
    assert {"geoevents_sentences", "geoevents_prefilter", "geoevents"} <= set(geo) - set(base)
    assert all(seconds >= 0 for seconds in [*base.values(), *geo.values()])
    # The prefilter drops the share-price story's sentences before the models see them.
    assert 0 < geo["tokens parsed"] < base["tokens parsed"]
    assert "ratio" in format_components(result)
