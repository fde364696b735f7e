"""The dashboard's pure helpers: highlighted text segments, plain-words factuality, periods and chart geometry."""

from __future__ import annotations

import pytest

from geoevents.models import FACTUALITY_VALUES
from geoevents.ontology import load_ontology
from geoevents.serving.names import known_names
from geoevents.web.charts import dyad_charts, stacked_chart, timeline_chart
from geoevents.web.present import (
    did_it_happen,
    evidence_spans,
    fill_periods,
    load_labels,
    period_of,
    segments,
)

TEXT = "Moscow threatened to strike Ukraine if the West keeps arming Kyiv."


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [(TEXT, ())]),
        ([(21, 27, "trigger")], [(TEXT[:21], ()), ("strike", ("trigger",)), (TEXT[27:], ())]),
        (
            [(0, 35, "sentence"), (0, 6, "actor"), (21, 27, "trigger"), (28, 35, "recipient")],
            [("Moscow", ("actor", "sentence")), (" threatened to ", ("sentence",)), ("strike", ("sentence", "trigger")),
             (" ", ("sentence",)), ("Ukraine", ("recipient", "sentence")), (TEXT[35:], ())],
        ),
        ([(None, None, "actor"), (60, 500, "recipient"), (5, 5, "trigger")], [(TEXT, ())]),
    ],
    ids=["none", "one", "nested", "invalid-spans-ignored"],
)  # fmt: skip
def test_segments_cover_the_text_once(spans: list, expected: list) -> None:
    pieces = segments(TEXT, spans)
    assert "".join(p.text for p in pieces) == TEXT
    assert [(p.text, p.roles) for p in pieces] == expected


def test_evidence_spans_move_into_sentence_coordinates() -> None:
    item = {"event_start": 121, "event_end": 127, "actor": [{"start": 100, "end": 106}], "recipient": []}
    assert evidence_spans(item, offset=100) == [(21, 27, "trigger"), (0, 6, "actor")]


@pytest.mark.parametrize("value", FACTUALITY_VALUES)
def test_every_factuality_has_plain_words(value: str) -> None:
    answer, explanation = did_it_happen(value, "the talks fail")
    assert answer and explanation and load_labels().meanings[value]
    if value == "conditional":
        assert (answer, explanation) == ("No", "conditional: only if the talks fail")


def test_every_category_and_quad_has_a_label() -> None:
    labels = load_labels()
    assert {c.name for c in load_ontology().categories} <= set(labels.categories)
    assert sorted(labels.quads) == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("date", "interval", "expected"),
    [
        ("2024-03-14", "day", "2024-03-14"),
        ("2024-03-14", "week", "2024-03-11"),
        ("2024-03-14", "month", "2024-03-01"),
        ("2024-03", "week", None),
        ("not a date", "day", None),
        (None, "day", None),
    ],
)
def test_period_of(date: str | None, interval: str, expected: str | None) -> None:
    assert period_of(date, interval) == expected


@pytest.mark.parametrize(
    ("periods", "interval", "expected"),
    [
        (["2024-01-01", "2024-01-04"], "day", ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]),
        (["2024-01-15", "2024-01-01"], "week", ["2024-01-01", "2024-01-08", "2024-01-15"]),
        (["2023-11-01", "2024-02-01"], "month", ["2023-11-01", "2023-12-01", "2024-01-01", "2024-02-01"]),
        ([], "day", []),
    ],
)
def test_fill_periods_leaves_no_gaps(periods: list[str], interval: str, expected: list[str]) -> None:
    assert fill_periods(periods, interval) == expected


def test_fill_periods_stays_sparse_beyond_its_limit() -> None:
    assert fill_periods(["2000-01-01", "2024-01-01"], "day", limit=100) == ["2000-01-01", "2024-01-01"]


def test_stacked_chart_geometry() -> None:
    chart = stacked_chart(["a", "b"], {"a": {"q1": 2, "q4": 2}, "b": {"q3": 1}}, height=200)
    assert len(chart.bars) == 3
    bottom = chart.top + chart.plot_h
    a_bars = [b for b in chart.bars if b.title.startswith("a:")]
    assert a_bars[0].y + a_bars[0].h == pytest.approx(bottom)
    assert a_bars[1].y + a_bars[1].h == pytest.approx(a_bars[0].y), "stacked on top of each other"
    assert sum(b.h for b in a_bars) == pytest.approx(chart.plot_h), "the tallest bar reaches the nice maximum (4)"
    assert [t.label for t in chart.y_ticks][0] == "0" and not chart.dots


def test_timeline_chart_fills_missing_weeks() -> None:
    rows = [{"period": "2024-03-04", "q1": 1, "q2": 0, "q3": 0, "q4": 0}, {"period": "2024-03-25", "q4": 2}]
    assert [t.label for t in timeline_chart(rows, "week").x_ticks] == ["2024-03-04", "2024-03-11", "2024-03-18",
                                                                        "2024-03-25"]  # fmt: skip


def test_dyad_charts_weight_intensity_by_events() -> None:
    rows = [
        {"period": "2024-03-04", "source": "RUS", "target": "UKR", "quad_code": 4, "events": 3, "mean_intensity": -9.0},
        {"period": "2024-03-04", "source": "RUS", "target": "UKR", "quad_code": 1, "events": 1, "mean_intensity": 3.0},
        {"period": "2024-03-11", "source": "UKR", "target": "RUS", "quad_code": 3, "events": 1, "mean_intensity": -2.0},
    ]
    charts = dyad_charts(rows, "RUS", "UKR", "week")
    assert [d.title for d in charts["RUS"].dots] == ["2024-03-04: mean intensity -6.0"]
    assert [d.title for d in charts["UKR"].dots] == ["2024-03-11: mean intensity -2.0"]
    assert len(charts["RUS"].x_ticks) == len(charts["UKR"].x_ticks) == 2, "both directions share the time axis"


def test_known_names_come_from_the_actor_files() -> None:
    names = known_names()
    assert names["RUS"] == "Russia" and names["KOR"] == "South Korea"
