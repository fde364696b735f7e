"""Geometry of the dashboard's bar charts, computed on the server and drawn as inline SVG by the templates.

Charts need no JavaScript this way: they render, print and screenshot the same everywhere. Only the network
(a force layout that reacts to clicks) is drawn in the browser.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from geoevents.web.present import fill_periods, load_labels

QUAD_KEYS = ("q1", "q2", "q3", "q4")
INTENSITY_RANGE = 10.0  # PLOVER intensity runs from -10 (conflict) to +10 (cooperation)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    colour: str
    title: str


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_w: float
    plot_h: float
    bars: tuple[Bar, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    line: str  # SVG polyline points of the intensity line ("" if none)
    dots: tuple[Bar, ...]  # intensity points (x, y, title)
    right_ticks: tuple[Tick, ...]
    zero_y: float | None


def _nice_max(value: float) -> int:
    if value <= 5:
        return max(1, math.ceil(value))
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(math.ceil(step * magnitude))
    return int(math.ceil(value))


def stacked_chart(
    periods: Sequence[str],
    counts: Mapping[str, Mapping[str, int]],
    intensity: Mapping[str, float] | None = None,
    width: int = 900,
    height: int = 260,
) -> Chart:
    """Bars per period stacked by quad class (counts[period]['q1'..'q4']); optional mean-intensity line."""
    left, top, bottom = 44, 12, 40
    right = 44 if intensity is not None else 12
    plot_w, plot_h = width - left - right, height - top - bottom
    quads = load_labels().quads
    peak = _nice_max(max((sum(counts.get(p, {}).get(k, 0) for k in QUAD_KEYS) for p in periods), default=1))
    band = plot_w / max(1, len(periods))
    bar_w = max(1.0, band * 0.8)
    bars: list[Bar] = []
    for i, period in enumerate(periods):
        y = float(top + plot_h)
        for k in QUAD_KEYS:
            n = counts.get(period, {}).get(k, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            quad = quads[int(k[1])]
            bars.append(Bar(left + i * band + (band - bar_w) / 2, y, bar_w, h, quad.colour,
                            f"{period}: {n} {quad.name} event{'s' if n != 1 else ''}"))  # fmt: skip
    y_ticks = tuple(Tick(top + plot_h - plot_h * v / peak, str(v)) for v in _tick_values(peak))
    every = max(1, math.ceil(len(periods) / max(1, plot_w // 80)))
    x_ticks = tuple(Tick(left + i * band + band / 2, p) for i, p in enumerate(periods) if i % every == 0)
    line, zero_y = "", None
    dots: tuple[Bar, ...] = ()
    right_ticks: tuple[Tick, ...] = ()
    if intensity is not None:
        dots, line = _intensity_points(periods, intensity, left, top, band, plot_h)
        right_ticks = tuple(Tick(_iy(v, top, plot_h), f"{v:+g}" if v else "0") for v in (-10, -5, 0, 5, 10))
        zero_y = _iy(0, top, plot_h)
    return Chart(width, height, left, top, plot_w, plot_h, tuple(bars), y_ticks, x_ticks, line, dots,
                 right_ticks, zero_y)  # fmt: skip


def _tick_values(peak: int) -> list[int]:
    step = max(1, _nice_max(peak / 4)) if peak > 4 else 1
    return list(range(0, peak + 1, step))


def _iy(value: float, top: int, plot_h: float) -> float:
    return top + plot_h * (INTENSITY_RANGE - value) / (2 * INTENSITY_RANGE)


def _intensity_points(
    periods: Sequence[str], intensity: Mapping[str, float], left: int, top: int, band: float, plot_h: float
) -> tuple[tuple[Bar, ...], str]:
    dots = []
    for i, period in enumerate(periods):
        if period in intensity:
            value = intensity[period]
            dots.append(Bar(left + i * band + band / 2, _iy(value, top, plot_h), 0, 0, "",
                            f"{period}: mean intensity {value:+.1f}"))  # fmt: skip
    return tuple(dots), " ".join(f"{d.x:.1f},{d.y:.1f}" for d in dots)


def timeline_chart(periods: Sequence[Mapping[str, Any]], interval: str) -> Chart:
    names = fill_periods((str(p["period"]) for p in periods), interval)
    return stacked_chart(names, {str(p["period"]): p for p in periods})


def dyad_charts(rows: Sequence[Mapping[str, Any]], a: str, b: str, interval: str) -> dict[str, Chart]:
    """One chart per direction (A→B, B→A) over the same periods, with the mean intensity per period."""
    periods = fill_periods((str(r["period"]) for r in rows if r.get("period")), interval)
    charts = {}
    for source in (a, b):
        counts: dict[str, dict[str, int]] = {}
        weighted: dict[str, tuple[float, int]] = {}
        for r in rows:
            if not r.get("period") or str(r["source"]).upper() != source:
                continue
            period, n = str(r["period"]), int(r["events"])
            if r.get("quad_code") in (1, 2, 3, 4):
                counts.setdefault(period, {})[f"q{r['quad_code']}"] = n
            if r.get("mean_intensity") is not None:
                total, m = weighted.get(period, (0.0, 0))
                weighted[period] = (total + float(r["mean_intensity"]) * n, m + n)
        intensity = {p: t / m for p, (t, m) in weighted.items() if m}
        charts[source] = stacked_chart(periods, counts, intensity, height=240)
    return charts


__all__ = ["Bar", "Chart", "Tick", "dyad_charts", "stacked_chart", "timeline_chart"]
