"""Generate a synthetic corpus of N paragraphs as real corpus files, from the seed's sentences.

Articles have 5-40 paragraphs, ~50 outlets, dates over three years (2019-2021). Paragraph text is
sampled from the seed corpus's sentences; about one paragraph in six also gets a made-up name
drawn from a Zipf-distributed vocabulary, so the corpus has a long tail of rare words as real
press coverage does (the seed's own words all become common once it is sampled 100k times).
"""

import random
import re
from pathlib import Path

from search.corpus.load import load_corpus

SEED = 7
OUTLETS = 50
AUTHORS = 200
TAIL_WORDS = 20000
SYLLABLES = ["ka", "lo", "mi", "ru", "ten", "vas", "qui", "zor", "bel", "dra", "no", "pe", "xi",
             "tol", "gan", "shu", "mar", "wen", "ori", "ste"]


def seed_sentences(seed_corpus: Path) -> list[str]:
    """Return every sentence of the seed corpus's paragraphs."""
    sentences: list[str] = []
    for article in load_corpus(seed_corpus).articles:
        for para in article.paragraphs:
            sentences += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", para.text) if s]
    return sentences


def tail_vocabulary() -> list[str]:
    """Return the made-up words of the long tail, most frequent first (fixed seed)."""
    rng = random.Random(SEED + 1)
    words: dict[str, None] = {}
    while len(words) < TAIL_WORDS:
        words["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4)))] = None
    return list(words)


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    """Return cumulative Zipf weights for ranks 1..n."""
    total, cumulative = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank**s
        cumulative.append(total)
    return cumulative


def generate(paragraphs: int, out: Path, seed_corpus: Path = Path("corpus")) -> int:
    """Write articles of `paragraphs` paragraphs in all into out; return how many articles."""
    rng = random.Random(SEED)
    sentences = seed_sentences(seed_corpus)
    tail, tail_cum = tail_vocabulary(), zipf_weights(TAIL_WORDS)
    outlets = [f"{rng.choice(['The', 'Daily', 'Weekly', 'Red', 'Free'])} "
               f"{rng.choice(['Courier', 'Herald', 'Voice', 'Tribune', 'Observer', 'Post'])} "
               f"{i + 1}" for i in range(OUTLETS)]
    authors = [f"{rng.choice(['Ana', 'Luis', 'Kim', 'Jo', 'Eva', 'Raúl'])} "
               f"{rng.choice(tail[:500]).title()}" for _ in range(AUTHORS)]
    out.mkdir(parents=True, exist_ok=True)
    written, number = 0, 0
    while written < paragraphs:
        size = min(rng.randint(5, 40), paragraphs - written)
        if paragraphs - written - size < 5:
            size = paragraphs - written
        body = []
        for _ in range(size):
            text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))
            if rng.random() < 0.17:
                name = rng.choices(tail, cum_weights=tail_cum)[0].title()
                text = f"{name} said: {text}"
            body.append(text)
        _write_article(out, number, rng, outlets, authors, sentences, body)
        written += size
        number += 1
    return number


def _write_article(out: Path, number: int, rng: random.Random, outlets: list[str],
                   authors: list[str], sentences: list[str], body: list[str]) -> None:
    """Write one article file with front matter."""
    title = " ".join(rng.choice(sentences).split()[:8]).replace('"', "'")
    year, month, day = rng.randint(2019, 2021), rng.randint(1, 12), rng.randint(1, 28)
    date = f"{year}-{month:02d}" if rng.random() < 0.05 else f"{year}-{month:02d}-{day:02d}"
    names = rng.sample(authors, rng.choice([1, 1, 1, 2]))
    lines = ["---", f'title: "{title}"', f'outlet: "{rng.choice(outlets)}"', "authors:"]
    lines += [f'  - "{a}"' for a in names]
    lines += [f'date: "{date}"', "---", ""]
    (out / f"a{number:06d}.md").write_text("\n".join(lines) + "\n\n".join(body) + "\n",
                                           encoding="utf-8")


def touch_articles(corpus: Path, fraction: float, round_no: int) -> int:
    """Change `fraction` of the articles (append a sentence to their last paragraph)."""
    files = sorted(corpus.glob("*.md"))
    rng = random.Random(SEED + 100 + round_no)
    chosen = rng.sample(files, max(1, round(len(files) * fraction)))
    for path in chosen:
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                        + f" Update {round_no} was filed later.\n", encoding="utf-8")
    return len(chosen)
