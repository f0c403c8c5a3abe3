"""Carry paragraph ids forward from the ledger to the corpus as it is now."""

from collections.abc import Mapping
from difflib import SequenceMatcher

from search.ids.ledger import (
    EDIT_SIMILARITY,
    ArticleRecord,
    Ledger,
    PidRecord,
    mint,
    similarity,
    sketch,
    sketch_all,
)
from search.models import Article

Slot = tuple[str, int]  # (article slug, index of the paragraph in the article)


def assign_ids(old: Ledger, articles: list[Article],
               unchanged: Mapping[str, list[str]] | None = None) -> Ledger:
    """Return the new ledger; it maps every paragraph of `articles` to its permanent id.

    `unchanged` maps the articles whose file is byte for byte the one the previous build
    indexed to the ids it gave them: when the ledger agrees, they keep them without their
    paragraphs being hashed, matched or looked at again (most of a small update's work,
    otherwise); only the other articles' paragraphs go through the matching steps.
    """
    hashes: dict[str, list[str]] = {}
    kept: dict[str, list[str]] = {}
    chosen: dict[Slot, str] = {}
    claimed: set[str] = set()
    for article in articles:
        slug = article.meta.slug
        record = old.articles.get(slug)
        same = _same_ids(old, article, (unchanged or {}).get(slug))
        if same is not None:
            kept[slug] = same
            claimed.update(same)
            continue
        hashes[slug] = list(article.text_hashes)
        old_pids = [p for p in record.pids if p in old.paragraphs] if record and record.live else []
        old_hashes = [old.paragraphs[p].hash for p in old_pids]
        matcher = SequenceMatcher(None, old_hashes, hashes[slug], autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                chosen[(slug, block.b + k)] = old_pids[block.a + k]
                claimed.add(old_pids[block.a + k])
    others = [a for a in articles if a.meta.slug not in kept]
    _match_exact(old, others, hashes, chosen, claimed)
    _match_edits(old, others, chosen, claimed)
    return _new_ledger(old, articles, hashes, chosen, kept)


def _same_ids(old: Ledger, article: Article, ids: list[str] | None) -> list[str] | None:
    """Return the ids an unchanged article had, if the ledger holds them as live ids of this
    article, one per paragraph; else None (the article is matched paragraph by paragraph)."""
    slug = article.meta.slug
    record = old.articles.get(slug)
    if ids is None or record is None or not record.live or record.pids != ids \
            or len(ids) != len(article.paragraphs):
        return None
    for pid in ids:
        rec = old.paragraphs.get(pid)
        if rec is None or not rec.live or rec.article != slug:
            return None
    return ids


def _match_exact(old: Ledger, articles: list[Article], hashes: dict[str, list[str]],
                 chosen: dict[Slot, str], claimed: set[str]) -> None:
    """Give unmatched paragraphs the id of an unclaimed live paragraph with the same text."""
    unmatched = [(article.meta.slug, i, h) for article in articles
                 for i, h in enumerate(hashes[article.meta.slug])
                 if (article.meta.slug, i) not in chosen]
    wanted = {h for _, _, h in unmatched}
    if not wanted:
        return
    pool: dict[str, list[str]] = {}  # only the texts some paragraph is looking for
    for pid in sorted(pid for pid, rec in old.paragraphs.items()
                      if rec.hash in wanted and pid not in claimed):
        pool.setdefault(old.paragraphs[pid].hash, []).append(pid)
    for slug, i, h in unmatched:
        if pool.get(h):
            same = [p for p in pool[h] if old.paragraphs[p].article == slug]
            pid = (same or [p for p in pool[h] if old.paragraphs[p].live] or pool[h])[0]
            pool[h].remove(pid)
            chosen[(slug, i)] = pid
            claimed.add(pid)


def _match_edits(old: Ledger, articles: list[Article], chosen: dict[Slot, str],
                 claimed: set[str]) -> None:
    """Pair each article's remaining new and old paragraphs that are similar enough: edits."""
    for article in articles:
        slug = article.meta.slug
        record = old.articles.get(slug)
        if not record:
            continue
        olds = [p for p in record.pids if p not in claimed and p in old.paragraphs]
        news = [i for i in range(len(article.paragraphs)) if (slug, i) not in chosen]
        if not olds or not news:
            continue
        sketches = {i: sketch(article.paragraphs[i].text) for i in news}
        pairs = sorted(
            ((similarity(old.paragraphs[p].sketch, sketches[i]), -abs(record.pids.index(p) - i),
              i, p) for p in olds for i in news),
            reverse=True,
        )
        for score, _, i, pid in pairs:
            if score < EDIT_SIMILARITY:
                break
            if (slug, i) in chosen or pid in claimed:
                continue
            chosen[(slug, i)] = pid
            claimed.add(pid)


def _new_sketches(old: Ledger, articles: list[Article], hashes: dict[str, list[str]],
                  chosen: dict[Slot, str], kept: dict[str, list[str]]) -> dict[Slot, str]:
    """Sketch the paragraphs whose text has no sketch in the ledger yet (new and edited), all
    at once: the first build of a corpus sketches every paragraph."""
    slots: list[Slot] = []
    texts: list[str] = []
    for article in articles:
        slug = article.meta.slug
        if slug in kept:
            continue
        for i, para in enumerate(article.paragraphs):
            pid = chosen.get((slug, i))
            prev = old.paragraphs.get(pid) if pid is not None else None
            if prev is None or prev.hash != hashes[slug][i]:
                slots.append((slug, i))
                texts.append(para.text)
    return dict(zip(slots, sketch_all(texts), strict=True))


def _new_ledger(old: Ledger, articles: list[Article], hashes: dict[str, list[str]],
                chosen: dict[Slot, str], kept: dict[str, list[str]]) -> Ledger:
    """Build the ledger after this build: live records for the corpus, gone ones for the rest
    (`kept`: the articles whose ids and records stay as they are)."""
    new = Ledger(paragraphs=dict(old.paragraphs))  # the live ones are replaced below
    sketched = _new_sketches(old, articles, hashes, chosen, kept)
    taken = set(old.paragraphs)
    placed: set[str] = set()
    for article in articles:
        meta, slug = article.meta, article.meta.slug
        if slug in kept:  # its paragraphs' records stay as they are
            placed.update(kept[slug])
            new.articles[slug] = ArticleRecord(list(kept[slug]), meta.title, meta.outlet,
                                               list(meta.authors), meta.date)
            continue
        pids = []
        for i, para in enumerate(article.paragraphs):
            pid = chosen.get((slug, i)) or mint(slug, para.text, taken)
            taken.add(pid)
            placed.add(pid)
            prev, now = old.paragraphs.get(pid), hashes[slug][i]
            if prev is not None and prev.live and prev.article == slug and prev.hash == now:
                pids.append(pid)  # unchanged: the record stays as it is (records are not edited)
                continue
            first = prev.first_hash if prev else now
            # an unchanged text has the sketch it had: only new and edited texts are sketched
            marks = prev.sketch if prev is not None and prev.hash == now else sketched[slug, i]
            new.paragraphs[pid] = PidRecord(slug, now, first, marks)
            pids.append(pid)
        new.articles[slug] = ArticleRecord(pids, meta.title, meta.outlet, list(meta.authors),
                                           meta.date)
    for pid, rec in old.paragraphs.items():
        if rec.live and pid not in placed:  # no longer in the corpus: marked gone
            new.paragraphs[pid] = PidRecord(rec.article, rec.hash, rec.first_hash, rec.sketch,
                                            False)
    for slug, gone in old.articles.items():
        if slug in new.articles:
            continue
        homes = [new.paragraphs[p].article for p in gone.pids
                 if p in new.paragraphs and new.paragraphs[p].live]
        moved_to = max(set(homes), key=homes.count) if homes else gone.moved_to
        new.articles[slug] = ArticleRecord(gone.pids, gone.title, gone.outlet, gone.authors,
                                           gone.date, live=False, moved_to=moved_to)
    return new
