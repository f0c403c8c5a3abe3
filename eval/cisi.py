"""The CISI test collection, read at run time from ../shared/benchmarks/cisi/ (never copied here).

CISI.ALL holds 1,460 abstracts (`.I id`, then `.T` title, `.A` author, `.W` abstract, `.X`
links), CISI.QRY 112 queries (their `.W` is the query), CISI.REL binary judgments
(`query_id document_id 0 0.0`). A field runs until the next line that starts with a dot and a
capital letter. Each document becomes one corpus file whose body is ONE paragraph, its title
and abstract, so that every system searches the same text and a paragraph is a document.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from eval.markdown import split_paragraphs

OUTLET = "CISI"
DATE = "1980-01-01"
NO_AUTHOR = "Unknown"


@dataclass(frozen=True)
class Document:
    """One CISI abstract: its slug, title, authors and searchable text (title + abstract)."""

    slug: str
    title: str
    authors: list[str]
    text: str


def read_records(path: Path) -> list[dict[str, list[str]]]:
    """Split a SMART-format file into records: each field's letter and its lines."""
    records: list[dict[str, list[str]]] = []
    field = ""
    for line in path.read_text(encoding="latin-1").splitlines():
        if line[:1] == "." and line[1:2].isupper():
            field, rest = line[1], line[2:].strip()
            if field == "I":
                records.append({})
            records[-1].setdefault(field, [])
            if rest:
                records[-1][field].append(rest)
        elif records and field:
            records[-1][field].append(line)
    return records


def slug(doc_id: str) -> str:
    """Return the corpus slug of a CISI document id (`cisi-0001`)."""
    return f"cisi-{int(doc_id):04d}"


def _words(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def documents(folder: Path) -> list[Document]:
    """Read CISI.ALL."""
    docs = []
    for record in read_records(folder / "CISI.ALL"):
        title = _words(record.get("T", [])) or "Untitled"
        authors = [" ".join(a.split()) for a in record.get("A", []) if a.strip()]
        docs.append(Document(slug(record["I"][0]), title, authors or [NO_AUTHOR],
                             _words([title, *record.get("W", [])])))
    return docs


def queries(folder: Path) -> dict[str, str]:
    """Read CISI.QRY: each query's `.W` text, whitespace collapsed to single spaces."""
    return {r["I"][0]: _words(r.get("W", [])) for r in read_records(folder / "CISI.QRY")}


def judgments(folder: Path) -> dict[str, dict[str, int]]:
    """Read CISI.REL: for each judged query, its relevant documents' slugs (grade 1)."""
    judged: dict[str, dict[str, int]] = {}
    for line in (folder / "CISI.REL").read_text(encoding="latin-1").splitlines():
        if line.strip():
            query_id, doc_id = line.split()[:2]
            judged.setdefault(query_id, {})[slug(doc_id)] = 1
    return judged


def write_corpus(docs: list[Document], corpus: Path) -> None:
    """Write each document as a corpus Markdown file (front matter, then one paragraph)."""
    corpus.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        if split_paragraphs(doc.text) != [doc.text]:
            raise ValueError(f"{doc.slug}: its text would not read back as one paragraph")
        authors = "".join(f"  - {json.dumps(a)}\n" for a in doc.authors)
        (corpus / f"{doc.slug}.md").write_text(
            f"---\ntitle: {json.dumps(doc.title)}\noutlet: {OUTLET}\nauthors:\n{authors}"
            f'date: "{DATE}"\nlanguage: en\n---\n\n{doc.text}\n', encoding="utf-8")
