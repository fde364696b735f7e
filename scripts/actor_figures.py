"""The actor-resolution figures of docs/actors.md: each part of the dev file under THE SPLIT, with each knowledge.

    python scripts/actor_figures.py [../shared/eval/actors_dev.jsonl] [--misses tune] [--only NAME]

Rows: the hand-written knowledge alone, all dictionaries, all but one, the hand-written knowledge with one; then the
stand-in for actors never seen: people.tsv and organisations.tsv emptied (a copy of the data folder), with no
dictionary, all of them, and each of the people-and-bodies dictionaries. `--misses tune` lists the misses of the
tune part (never the test part: look at its scores only).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from dev_split import key_of, part  # noqa: E402

from geoevents.actors import ActorResolver  # noqa: E402
from geoevents.actors.dictionaries import SOURCES  # noqa: E402
from geoevents.actors.knowledge import DATA_DIR, build_knowledge  # noqa: E402
from geoevents.eval.actors import evaluate_actors, read_actor_lines  # noqa: E402

PEOPLE_AND_BODIES = ("phoenix_countries", "phoenix_international", "phoenix_milnonstate")


def _parts(path: Path, folder: Path) -> dict[str, Path]:
    import json

    rows = read_actor_lines(path)
    out = {}
    for wanted in ("tune", "test"):
        target = folder / f"actors_{wanted}.jsonl"
        target.write_text("".join(json.dumps(r) + "\n" for r in rows if part(key_of(r, path.name)) == wanted),
                          encoding="utf-8")
        out[wanted] = target
    return out


def _unseen_data(folder: Path) -> Path:
    """A copy of the data folder whose people.tsv and organisations.tsv keep only their header."""
    data = folder / "data"
    shutil.copytree(DATA_DIR, data)
    for name in ("people.tsv", "organisations.tsv"):
        header = next(line for line in (data / name).read_text(encoding="utf-8").splitlines()
                      if line.startswith("name"))
        (data / name).write_text(header + "\n", encoding="utf-8")
    return data


def configurations(unseen: Path) -> list[tuple[str, dict[str, Any]]]:
    rows: list[tuple[str, dict[str, Any]]] = [("hand-written only", {"dictionaries": ()}),
                                              ("all dictionaries", {})]
    rows += [(f"all without {s}", {"dictionaries": tuple(x for x in SOURCES if x != s)}) for s in SOURCES]
    rows += [(f"hand-written + {s} only", {"dictionaries": (s,)}) for s in SOURCES]
    rows += [("no people/org rows, no dictionaries", {"data": unseen, "dictionaries": ()}),
             ("no people/org rows + all dictionaries", {"data": unseen})]
    rows += [(f"no people/org rows + {s}", {"data": unseen, "dictionaries": (s,)}) for s in PEOPLE_AND_BODIES]
    return rows


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval" / "actors_dev.jsonl")
    parser.add_argument("--misses", choices=["tune"], help="list the misses of the tune part (all dictionaries)")
    parser.add_argument("--only", action="append", default=[], help="only the rows whose label contains this")
    parser.add_argument("--unseen", action="store_true", help="--misses with the stand-in for unseen actors")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        parts = _parts(args.path, folder)
        unseen = _unseen_data(folder)
        if args.misses:
            options: dict[str, Any] = {"data": unseen} if args.unseen else {}
            result = evaluate_actors(parts["tune"], ActorResolver(build_knowledge(**options)), errors=True)
            for miss in result["errors"]:
                print(f"{miss['miss']:15} {miss['text']!r}: expected {miss['expected']}, got {miss['got']}\n"
                      f"    {miss['reason']}\n    context: {miss['context'][:160]!r}")
            return
        print("| knowledge | tune country | tune sector | tune both | tune false | test country | test sector | "
              "test both | test false |")
        print("|---|---|---|---|---|---|---|---|---|")
        for label, options in configurations(unseen):
            if args.only and not any(o in label for o in args.only):
                continue
            resolver = ActorResolver(build_knowledge(**options))
            cells = []
            for name in ("tune", "test"):
                r = evaluate_actors(parts[name], resolver)
                cells += [_pct(r[k]) for k in ("country_accuracy", "sector_accuracy", "both_accuracy",
                                               "false_resolution_rate")]
            print(f"| {label} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
