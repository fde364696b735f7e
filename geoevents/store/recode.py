"""What the coder asks the store: which articles it holds with which text (so `geoevents code` skips them), and
the stored articles themselves, page by page, for `geoevents recode`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from geoevents.models import Article
from geoevents.store.connection import Db

RECODE_CHUNK = 500


def has_article(db: Db, article_id: str, text_hash: str | None = None) -> bool:
    """Whether the article is stored (with this text, when `text_hash` is given; see `rows.text_hash`)."""
    stored = db.con.execute("SELECT text_hash FROM articles WHERE id = ?", [article_id]).fetchall()
    if not stored:
        return False
    return text_hash is None or stored[0][0] == text_hash


def stored_text_hashes(db: Db, article_ids: Iterable[str]) -> dict[str, str]:
    """The stored text hash of each of `article_ids` that is stored: one query for a whole chunk of articles,
    which is what lets `geoevents code` skip stored articles without a query per article."""
    with db.ids_table("q_known", article_ids):
        rows = db.con.execute("SELECT a.id, a.text_hash FROM articles a JOIN q_known USING (id)").fetchall()
    return {r[0]: r[1] for r in rows}


def stored_articles(db: Db, chunk: int = RECODE_CHUNK) -> Iterator[Article]:
    """Every stored article, in id order, read in chunks so the caller may write to the store meanwhile."""
    last = ""
    while True:
        rows = db.rows(
            "SELECT id, text, title, date, url, source, origin FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            [last, chunk],
        )
        if not rows:
            return
        for row in rows:
            yield Article(**row)
        last = rows[-1]["id"]
