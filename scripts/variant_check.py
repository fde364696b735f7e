"""What names written another way (geoevents/actors/names.py) change on real news: every capitalised run and every
lowercase word (capitalised) of ../shared/corpus/ resolved with and without the variant index, dated like its corpus
(Reuters 1987, Wikinews 2019). Prints how many distinct strings change, then lists them, most frequent first, to be
read for false resolutions.

    python scripts/variant_check.py > /tmp/variants.txt
"""

from __future__ import annotations

import collections
import csv
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoevents.actors import ActorResolver  # noqa: E402
from geoevents.actors.index import Variants  # noqa: E402
from geoevents.actors.knowledge import cached_knowledge  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def _texts() -> list[tuple[str, str]]:
    csv.field_size_limit(10**9)
    texts = []
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with (CORPUS / name).open(encoding="utf-8") as f:
            texts += [(" ".join(str(v) for v in row.values()), "2019-06-01") for row in csv.DictReader(f)]
    with (CORPUS / "reuters21578.jsonl").open(encoding="utf-8") as f:
        texts += [(" ".join(str(v) for v in json.loads(line).values()), "1987-04-01") for line in f]
    return texts


def main() -> None:
    knowledge = cached_knowledge()
    with_variants = ActorResolver(knowledge)
    without = ActorResolver(replace(knowledge, variants=Variants()))
    strings: collections.Counter[str] = collections.Counter()
    dates: dict[str, str] = {}
    for text, date in _texts():
        found = re.findall(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*", text)
        found += [w.capitalize() for w in re.findall(r"\b[a-z]{4,}\b", text)]
        for s in found:
            strings[s] += 1
            dates.setdefault(s, date)
    changed = []
    for s, count in strings.items():
        a, b = with_variants.resolve(s, date=dates[s]), without.resolve(s, date=dates[s])
        pair_a = None if a is None else (a.code, a.sector)
        pair_b = None if b is None else (b.code, b.sector)
        if pair_a != pair_b:
            changed.append((count, s, pair_b, pair_a, a.reason if a else ""))
    changed.sort(key=lambda row: (-row[0], row[1]))
    print(f"{len(changed)} of {len(strings)} distinct strings change ({sum(r[0] for r in changed)} occurrences)")
    for row in changed:
        print(*row, sep="\t")


if __name__ == "__main__":
    main()
