"""Near-duplicate detection: MinHash signatures of word shingles, banded for lookup (LSH).

Two texts are near-duplicates when the Jaccard similarity of their sets of word
3-grams is at least ``ARTICLE_THRESHOLD``. A MinHash signature of ``PERMUTATIONS``
values estimates that similarity; its ``BANDS`` bands of ``ROWS`` values are the
keys under which the store finds candidates without comparing against every
article, so ingesting stays linear in the number of articles.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from . import lang

if TYPE_CHECKING:
    import numpy as np

SHINGLE_WORDS = 3
PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS
#: Estimated Jaccard similarity of word 3-grams at or above which two articles are one.
ARTICLE_THRESHOLD = 0.8

_WORD = re.compile(r"\w+")
#: Shingles hashed at a time: 8,192 x 128 values of 8 bytes, 8 MB, however long the text.
CHUNK = 8192


@cache
def _hashing():  # noqa: ANN202 - (numpy, max, shift, a, b)
    """numpy (imported when first needed) and the fixed parameters of the permutations."""
    import numpy as np

    rng = np.random.default_rng(20251203)  # fixed: signatures must be stable across runs
    a = rng.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64)
    return np, np.uint64((1 << 32) - 1), np.uint64(32), a, b


def words(text: str) -> list[str]:
    """Casefolded word tokens of a text, Unicode-normalized."""
    return lang.words(unicodedata.normalize("NFC", text).casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[int]:
    """Hashes (CRC-32) of the text's overlapping word n-grams; short texts give one shingle."""
    tokens = words(text)
    if len(tokens) < size:
        return {zlib.crc32(" ".join(tokens).encode())} if tokens else set()
    crc32 = zlib.crc32
    if size == 3:  # the usual case: no slice and join per shingle (same hashes)
        triples = zip(tokens, tokens[1:], tokens[2:], strict=False)
        return {crc32(f"{a} {b} {c}".encode()) for a, b, c in triples}
    return {crc32(" ".join(tokens[i:i + size]).encode()) for i in range(len(tokens) - size + 1)}


def signature(hashes: Iterable[int]) -> np.ndarray:
    """The MinHash signature of a set of 32-bit shingle hashes."""
    np, most, shift, a, b = _hashing()
    values = np.fromiter(hashes, dtype=np.uint64)
    if values.size == 0:
        return np.full(PERMUTATIONS, most, dtype=np.uint64)
    # multiply-shift hashing: the high 32 bits of (a * x + b) mod 2^64, one per permutation;
    # a chunk of shingles at a time, so memory stays at CHUNK x PERMUTATIONS values however long the text.
    # The shift keeps order, so the least high half is the high half of the least value: one shift
    # per permutation, not one per shingle and permutation (unsigned integers wrap without a warning).
    least = None
    for start in range(0, values.size, CHUNK):
        mixed = np.multiply.outer(values[start:start + CHUNK], a)
        mixed += b  # in place: no second and third array of the chunk's size
        chunk_least = mixed.min(axis=0)
        least = chunk_least if least is None else np.minimum(least, chunk_least, out=least)
    return least >> shift


def text_signature(text: str) -> np.ndarray:
    """The MinHash signature of a text."""
    return signature(shingles(text))


def band_keys(sig: np.ndarray) -> list[int]:
    """One lookup key per band: a CRC-32 of the band's values, tagged with the band number."""
    rows = sig.reshape(BANDS, ROWS)
    return [(band << 32) | zlib.crc32(rows[band].tobytes()) for band in range(BANDS)]


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The share of equal signature values: an estimate of the shingle sets' Jaccard similarity."""
    np = _hashing()[0]
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def to_blob(sig: np.ndarray) -> bytes:
    """Signature as bytes for the store."""
    return sig.astype("<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """Signature back from the store."""
    np = _hashing()[0]
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Exact Jaccard similarity of two sets (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0
