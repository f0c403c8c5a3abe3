"""The language an article is written in, detected from its text by py3langid."""

from functools import cache
from typing import Any

SAMPLE_CHARS = 5000  # enough text to decide; long articles need not be read whole
SURE = 0.5  # below this probability the detection is reported as uncertain


@cache
def _identifier() -> Any:
    """Load py3langid's model once (it takes most of a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float] | None:
    """Return the text's ISO 639-1 language code and its probability, or None if the text has
    no letters to go by."""
    sample = " ".join(text.split())[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < 3:
        return None
    language, probability = _identifier().classify(sample)
    return str(language), float(probability)


def sure_language(text: str) -> str | None:
    """Return the text's language code when the detector is sure of it, else None."""
    detected = detect_language(text)
    return detected[0] if detected is not None and detected[1] >= SURE else None


def describe(probability: float) -> str:
    """Say where a detected language came from, and how sure the detector is."""
    sure = "" if probability >= SURE else ", uncertain: check it"
    return f"detected from the text by py3langid, p={probability:.2f}{sure}"
