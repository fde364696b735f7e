"""Write one part of a dev file under THE SPLIT of the developers' brief (tune on "tune", report "test").

    python scripts/dev_split.py ../shared/eval/actors_dev.jsonl tune  > /tmp/actors_tune.jsonl
    python scripts/dev_split.py ../shared/eval/plover_gsr_dev.json test > /tmp/plover_test.json

part(K) = "tune" if int(sha1("geoevents-split-v1:" + K), 16) % 2 == 0 else "test", with the key K of each file:
plover_gsr_dev.json: the sentence id (the DOCUMENT header is kept in both parts); actors_dev.jsonl: the sentence id
for origin plover-gsr (id.split(":")[0]), id.rsplit(":", 1)[0] for other origins; conflibert_dev.jsonl: id;
stories_dev.jsonl: template. A stand-in until the eval commands take a --part option.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any


def part(key: str) -> str:
    digest = hashlib.sha1(("geoevents-split-v1:" + key).encode("utf-8")).hexdigest()
    return "tune" if int(digest, 16) % 2 == 0 else "test"


def key_of(row: dict[str, Any], name: str) -> str:
    if name.startswith("actors"):
        row_id = str(row["id"])
        return row_id.split(":")[0] if row.get("origin") == "plover-gsr" else row_id.rsplit(":", 1)[0]
    if name.startswith("stories"):
        return str(row["template"])
    return str(row["id"])


def main(path: str, wanted: str) -> None:
    if wanted not in {"tune", "test"}:
        raise SystemExit("part must be 'tune' or 'test'")
    file = Path(path)
    if file.suffix == ".json":
        rows = json.loads(file.read_text(encoding="utf-8"))
        kept = [r for r in rows if r.get("event") == "DOCUMENT" or part(key_of(r, file.name)) == wanted]
        json.dump(kept, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    for line in file.read_text(encoding="utf-8").splitlines():
        if line.strip() and part(key_of(json.loads(line), file.name)) == wanted:
            sys.stdout.write(line + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
