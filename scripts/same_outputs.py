"""Do two revisions of geoevents give the same outputs? For refactors that must not change behaviour.

    python scripts/same_outputs.py REV_A [REV_B] [--limit 2000]

Each revision is checked out into a temporary git worktree and run with this venv's Python (its own package on
PYTHONPATH, its own data files): event JSONL of the first LIMIT Reuters stories and of the seed article, and the
JSON of `geoevents eval plover` and `eval actors`. Prints one line per output and exits 1 if any differs. REV_B
defaults to the working tree. Needs ../shared beside the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _cli(tree: Path, *args: str, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    with out.open("w", encoding="utf-8") as stream:
        subprocess.run([sys.executable, "-c", "from geoevents.cli import main; main()", *args],
                       cwd=tree, env=env, stdout=stream, stderr=subprocess.DEVNULL, check=True)


def outputs(tree: Path, work: Path, limit: int) -> dict[str, str]:
    """name -> sha256 of each output of the tree's geoevents."""
    stories = work / "reuters.jsonl"
    if not stories.exists():
        with (SHARED / "corpus" / "reuters21578.jsonl").open(encoding="utf-8") as src:
            stories.write_text("".join(line for _, line in zip(range(limit), src, strict=False)), encoding="utf-8")
    runs = {
        "reuters.events.jsonl": ("code", str(stories), "--out", "-"),
        "seed.events.jsonl": ("code", str(SHARED / "seed" / "000_e620443584fed8f9.txt"), "--out", "-"),
        "eval_plover.json": ("eval", "plover", str(SHARED / "eval" / "plover_gsr_dev.json"), "--json"),
        "eval_actors.json": ("eval", "actors", str(SHARED / "eval" / "actors_dev.jsonl"), "--json"),
    }
    digests = {}
    for name, args in runs.items():
        target = work / f"{tree.name}.{name}"
        _cli(tree, *args, out=target)
        digests[name] = hashlib.sha256(target.read_bytes()).hexdigest()
    return digests


def _checkout(rev: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), rev], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return where


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev_a")
    parser.add_argument("rev_b", nargs="?", default=None, help="default: the working tree")
    parser.add_argument("--limit", type=int, default=2000, help="Reuters stories to code (default 2000)")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        trees = [_checkout(opts.rev_a, work / "a")]
        trees.append(_checkout(opts.rev_b, work / "b") if opts.rev_b else ROOT)
        try:
            a, b = (outputs(tree, work, opts.limit) for tree in trees)
        finally:
            for tree in trees:
                if tree != ROOT:
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    same = True
    for name in a:
        print(f"{'same' if a[name] == b[name] else 'DIFFERENT':9} {name}")
        same &= a[name] == b[name]
    print("ALL IDENTICAL" if same else "OUTPUTS DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
