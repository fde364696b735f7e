"""Print the headline figures of every dev evaluation, tune and test parts side by side, as a Markdown table.

    .venv/bin/python scripts/eval_summary.py [--parts tune,test] [--only plover,actors,quad,stories] [--json OUT]
                                             [--sources hand,dictionary] [--dictionary FILE]

One pipeline is loaded and shared by all evaluations (the same settings as `geoevents eval`, from the config file
and the environment). `make eval` prints the full reports; this script is for comparing runs (docs/evaluation.md).
`--sources` and `--dictionary` give the event coder another trigger lexicon (geoevents.ontology.load_trigger_lexicon:
hand-written, dictionary or both; another dictionary file built by scripts/build_cameo_verbs.py), to measure what
each source contributes (docs/events.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
FILES = {
    "plover": SHARED / "plover_gsr_dev.json",
    "actors": SHARED / "actors_dev.jsonl",
    "quad": SHARED / "conflibert_dev.jsonl",
    "stories": SHARED / "stories_dev.jsonl",
}
HEADLINES = {
    "plover": ("n", "micro_f1", "macro_f1", "any_event_recall", "actor_accuracy", "recipient_accuracy"),
    "actors": ("n", "country_accuracy", "sector_accuracy", "both_accuracy", "false_resolution_rate"),
    "quad": ("n", "accuracy", "plover_quad_accuracy", "macro_f1", "statement_event_rate", "source_accuracy",
             "target_accuracy"),
    "stories": ("n", "recall", "top", "mode", "empty"),
}


def run(names: list[str], parts: list[str], sources: tuple[str, ...] | None = None,
        dictionary: str | None = None) -> dict[str, dict[str, dict]]:
    from geoevents.eval.actors import evaluate_actors
    from geoevents.eval.plover import evaluate_plover
    from geoevents.eval.quad import evaluate_quad
    from geoevents.eval.stories import evaluate_stories
    from geoevents.nlp import load_pipeline
    from geoevents.settings import Settings

    settings = Settings.load()
    nlp = load_pipeline(settings) if set(names) - {"actors"} else None
    if nlp is not None and (sources or dictionary):
        from geoevents.nlp.prefilter import ensure_prefilter, prefilter_vocabulary
        from geoevents.ontology import load_trigger_lexicon

        lexicon = load_trigger_lexicon(sources or ("hand", "dictionary"), dictionary)
        nlp.get_pipe("geoevents").extractor.lexicon = lexicon
        # The prefilter loads the default lexicon: give it this one, so that it keeps what this coder could code.
        if ensure_prefilter(nlp, settings.actors_file):
            nlp.get_pipe("geoevents_prefilter").vocab = prefilter_vocabulary(nlp, settings.actors_file, lexicon)
        print(f"lexicon: {len(lexicon.triggers)} triggers from {sources} {dictionary or ''}", file=sys.stderr)
    results: dict[str, dict[str, dict]] = {}
    for name in names:
        for part in parts:
            started = time.perf_counter()
            if name == "plover":
                result = evaluate_plover(FILES[name], nlp=nlp, settings=settings, part=part)
            elif name == "actors":
                result = evaluate_actors(FILES[name], part=part)
            elif name == "quad":
                result = evaluate_quad(FILES[name], nlp=nlp, settings=settings, part=part)
            else:
                result = evaluate_stories(FILES[name], nlp=nlp, settings=settings, part=part)
            results.setdefault(name, {})[part] = result
            print(f"{name} {part}: {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return results


def table(results: dict[str, dict[str, dict]], parts: list[str]) -> str:
    lines = ["| file | measure | " + " | ".join(parts) + " |", "|---|---|" + "---|" * len(parts)]
    for name, by_part in results.items():
        for key in HEADLINES[name]:
            cells = []
            for part in parts:
                value = by_part[part].get(key)
                cells.append("–" if value is None else (str(value) if key == "n" else f"{value:.3f}"))
            lines.append(f"| {name} | {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="tune,test")
    parser.add_argument("--only", default=",".join(FILES))
    parser.add_argument("--json", dest="json_out", default=None, help="Also write the full results to this file.")
    parser.add_argument("--sources", default=None, help="Trigger knowledge: hand, dictionary or hand,dictionary.")
    parser.add_argument("--dictionary", default=None, help="A dictionary TSV other than the bundled one.")
    args = parser.parse_args()
    parts = [p for p in args.parts.split(",") if p]
    names = [n for n in args.only.split(",") if n]
    sources = tuple(s for s in args.sources.split(",") if s) if args.sources else None
    results = run(names, parts, sources, args.dictionary)
    print(table(results, parts))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
