from pathlib import Path

import numpy as np
import pytest

from digest.similarity import (
    ARTICLE_THRESHOLD,
    band_keys,
    estimated_jaccard,
    from_blob,
    jaccard,
    shingles,
    text_signature,
    to_blob,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def _republished(text: str) -> str:
    """The same agency story as another outlet prints it: new teaser, own furniture, other spacing."""
    lines = [line for line in text.split("\n") if line.strip()]
    lines[1] = "Kiew schlägt Moskau ein neues Treffen vor – doch ein Datum gibt es noch nicht."
    return "  \n\n".join(lines).replace(". ", ".  ")


@pytest.mark.parametrize("seed", ["001", "002", "003"])
def test_a_republished_copy_is_a_near_duplicate(seed):
    text = _seed(seed)
    copy = _republished(text)
    exact = jaccard(shingles(text), shingles(copy))
    estimate = estimated_jaccard(text_signature(text), text_signature(copy))
    assert exact >= ARTICLE_THRESHOLD
    assert abs(estimate - exact) < 0.1
    assert estimate >= ARTICLE_THRESHOLD


@pytest.mark.parametrize("a, b", [("000", "001"), ("001", "002"), ("002", "003"), ("003", "004")])
def test_different_articles_on_the_same_story_are_not(a, b):
    assert estimated_jaccard(text_signature(_seed(a)), text_signature(_seed(b))) < 0.2


def test_an_article_cut_in_half_is_not_the_same_article():
    text = _seed("002")
    half = "\n".join(text.split("\n")[: len(text.split("\n")) // 2])
    assert estimated_jaccard(text_signature(text), text_signature(half)) < ARTICLE_THRESHOLD


def test_signature_is_stable_and_round_trips():
    sig = text_signature(_seed("001"))
    assert np.array_equal(sig, text_signature(_seed("001")))
    assert np.array_equal(from_blob(to_blob(sig)), sig)


def test_near_duplicates_share_a_band_and_strangers_do_not():
    text = _seed("002")
    same = set(band_keys(text_signature(text))) & set(band_keys(text_signature(_republished(text))))
    other = set(band_keys(text_signature(text))) & set(band_keys(text_signature(_seed("004"))))
    assert same and not other


def test_case_and_whitespace_do_not_matter():
    assert shingles("Die  Ukraine\nverhandelt HEUTE") == shingles("die ukraine verhandelt heute")


def _reference_signature(hashes: set[int]) -> list[int]:
    """MinHash by definition, in Python integers: per permutation, the least high half of a*x+b mod 2^64."""
    from digest.similarity import _hashing

    _, _, _, a, b = _hashing()
    pairs = zip(a.tolist(), b.tolist(), strict=True)
    return [min(((ai * x + bi) % (1 << 64)) >> 32 for x in hashes) for ai, bi in pairs]


@pytest.mark.parametrize("chunk", [8192, 3])
def test_signature_is_the_least_high_half_of_each_permutation(monkeypatch, chunk):
    import digest.similarity as similarity

    monkeypatch.setattr(similarity, "CHUNK", chunk)  # 3: the shingles hashed in several chunks
    hashes = shingles(_seed("001"))
    assert text_signature(_seed("001")).tolist() == _reference_signature(hashes)
    assert similarity.signature([7]).tolist() == _reference_signature({7})
    assert similarity.signature([]).tolist() == [(1 << 32) - 1] * similarity.PERMUTATIONS


def test_shingles_are_crc32_of_each_three_words_joined_by_a_space():
    import zlib

    expected = {zlib.crc32(s.encode()) for s in ("die ukraine verhandelt", "ukraine verhandelt heute")}
    assert shingles("Die Ukraine verhandelt heute") == expected
    assert shingles("Die Ukraine") == {zlib.crc32(b"die ukraine")}
    pairs = {zlib.crc32(b"die ukraine"), zlib.crc32(b"ukraine verhandelt")}
    assert shingles("Die Ukraine verhandelt", 2) == pairs
    assert shingles("") == set()
