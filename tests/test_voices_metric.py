"""The metric of benchmarks/voices.py against values computed by hand."""

from __future__ import annotations

import pytest

from benchmarks.voices import (
    GoldSentence,
    covered,
    detected,
    gold_sentences,
    locate,
    locate_within,
    name_tokens,
    prf,
    quoted,
    score_article,
)


def test_prf_by_hand() -> None:
    # 3 correct of 4 predicted, 6 gold: P 0.75, R 0.5, F1 2*.75*.5/1.25 = 0.6
    assert prf(3, 4, 6) == pytest.approx((0.75, 0.5, 0.6))
    assert prf(0, 0, 5) == (0.0, 0.0, 0.0)


def test_covered_counts_overlapping_spans_once() -> None:
    # span 10..30; spans 5..15 (5 chars inside) and 12..20 (overlaps the first: 5 more) and 25..40 (5)
    assert covered((10, 30), [(5, 15), (12, 20), (25, 40)]) == 15
    assert covered((10, 30), [(30, 40)]) == 0


def quote(kind: str, spans: list[list[int]], speaker: str) -> dict:
    """A gold quotation as the data set stores it."""
    return {"type": kind, "quote": spans, "speaker_text": speaker}


def test_gold_sentence_is_attributed_when_quotes_cover_half() -> None:
    record = {
        "sentences": [[0, 20], [21, 41], [42, 62]],
        "quotes": [
            quote("Direct", [[0, 10]], "Olaf Scholz"),  # exactly half of sentence 0
            quote("Indirect", [[21, 30]], "Peskow"),  # 9 of 20: not attributed
            quote("Reported", [[42, 50]], "A"), quote("Indirect", [[50, 59]], "Anna Lena"),  # 8+9 of 20
        ],
    }
    gold = gold_sentences(record)
    assert [g.attributed for g in gold] == [True, False, True]
    assert gold[0].types == {"Direct"} and gold[0].speaker == "Olaf Scholz"
    # neither quotation of sentence 2 covers half alone: the larger one gives type and speaker
    assert gold[2].types == {"Indirect"} and gold[2].speaker == "Anna Lena"


def test_name_tokens_leave_out_pronouns_articles_and_roles() -> None:
    assert name_tokens("Die Sprecherin der Stiftung Warentest, Heike van Laak") == {
        "stiftung", "warentest", "heike", "laak"}
    assert name_tokens("er") == set()
    assert name_tokens("der Präsident") == set()
    assert name_tokens("Der Bundeskanzler") == set()
    assert name_tokens("Staatsanwaltschaft Darmstadt") == {"darmstadt"}


def test_name_tokens_leave_out_report_nouns_possessives_and_sentence_adverbs() -> None:
    """Gold speakers of quotes-de such as "Polizeiangaben" or "Demnach" name no one: a sentence with
    one counts for joint F1 whoever we name, and not in speaker accuracy."""
    for speaker in ("Demnach", "Polizeiangaben", "eigenen Angaben", "Der Untersuchungsbericht",
                    "Seiner Aussage", "Den vorliegenden Informationen", "Medienberichten", "Die Medien"):
        assert name_tokens(speaker) == set(), speaker
    assert name_tokens("Angaben der Polizei") == {"polizei"}
    assert name_tokens("Einer Meldung von Xinhua") == {"xinhua"}
    assert name_tokens("Ansicht von Niedersachsens Ministerpräsident Christian Wulff (CDU)") == {
        "niedersachsens", "christian", "wulff", "cdu"}


def test_detected_by_half_of_gold_or_most_of_ours() -> None:
    assert detected((0, 100), [(200, 300), (0, 50)]) == 1  # covers half of the gold sentence
    assert detected((0, 100), [(85, 105)]) == 0  # 15 of our 20 characters are inside it
    assert detected((0, 100), [(90, 110)]) is None  # 10 of 20 is not most
    assert detected((0, 100), [(80, 200)]) is None  # 20 of 120, 20 of 100


def test_score_article_by_hand() -> None:
    gold = [GoldSentence((0, 10), True, frozenset({"Direct"}), "Olaf Scholz"),
            GoldSentence((11, 20), True, frozenset({"Indirect"}), "er"),
            GoldSentence((21, 30), False),
            GoldSentence((31, 40), True, frozenset({"Indirect"}), "Dmitri Peskow")]
    ours = [((0, 10), "Bundeskanzler Scholz"), ((11, 20), "Putin"), ((21, 30), "Putin"),
            ((31, 40), "Putin")]
    scores = score_article(gold, ours)
    assert (scores.gold, scores.predicted, scores.detected) == (3, 4, 3)
    # named gold speakers: sentences 0 and 3; only 0 agrees ("scholz"); sentence 1's is a pronoun
    assert (scores.named, scores.agreed) == (2, 1)
    assert scores.joint == 2  # 0 agrees, 1 has no name to judge, 3 disagrees
    assert scores.per_type == {"Direct": [1, 1], "Indirect": [2, 2], "FreeIndirect": [0, 0],
                               "IndirectFreeIndirect": [0, 0], "Reported": [0, 0]}


def test_one_of_our_sentences_over_a_split_gold_sentence() -> None:
    # gold split at ": „": the frame "X sagte:" (0..10) has no quotation, the quotation (11..40) has
    gold = [GoldSentence((0, 10), False), GoldSentence((11, 40), True, frozenset({"Direct"}), "Anna Beck"),
            GoldSentence((41, 50), False)]
    scores = score_article(gold, [((0, 40), "Anna Beck"), ((41, 50), "Anna Beck")])
    # the measure: two gold sentences hit by our first sentence, one of them attributed
    assert (scores.gold, scores.predicted, scores.detected) == (1, 3, 1)
    # per our sentence: the first overlaps the quotation most (29 of 40), the second a plain sentence
    assert (scores.ours, scores.ours_correct, scores.ours_multi) == (2, 1, 1)


def test_score_article_counts_a_miss_in_its_type() -> None:
    gold = [GoldSentence((0, 10), True, frozenset({"Reported"}), "Kritiker")]
    scores = score_article(gold, [])
    assert (scores.gold, scores.predicted, scores.detected) == (1, 0, 0)
    assert scores.per_type["Reported"] == [0, 1]


def test_locate_finds_sentences_across_line_breaks_in_order() -> None:
    text = "Er kam. Er sah.\n\nEr kam."
    assert locate(text, ["Er kam.", "Er sah.", "Er kam.", "Fehlt."]) == [(0, 7), (8, 15), (17, 24), None]


def test_quoted_by_the_gold_rule_over_all_our_quotations() -> None:
    # gold sentence 0..100: our quotations 10..40 (statement 0) and 50..75 (statement 1) cover 55 >= 50
    assert quoted((0, 100), [[(10, 40)], [(50, 75)]]) == 0  # statement 0 covers more of it (30 of 55)
    assert quoted((0, 100), [[(10, 40)], [(60, 75)]]) is None  # 45 of 100 is less than half
    assert quoted((0, 100), [[(0, 20), (30, 60)], [(90, 130)]]) == 0  # 50 + 10: half; 0 covers 50
    assert quoted((0, 100), []) is None


def test_score_article_by_quotations_leaves_out_the_frame_half() -> None:
    # gold split at ": „": "Anna Beck sagte:" (0..10) has no quotation, the quotation (11..40) has. Our
    # one sentence 0..40 quotes 12..40: the frame half is no longer counted as predicted
    gold = [GoldSentence((0, 10), False), GoldSentence((11, 40), True, frozenset({"Direct"}), "Anna Beck")]
    ours = [((0, 40), "Anna Beck")]
    by_sentence = score_article(gold, ours)
    by_quotation = score_article(gold, ours, [[(12, 40)]])
    assert (by_sentence.predicted, by_sentence.detected) == (2, 1)
    assert (by_quotation.predicted, by_quotation.detected, by_quotation.agreed) == (1, 1, 1)
    # a frame longer than its clause: "Der Minister sagte am Montag in Berlin, X" quotes 30..40 of 0..40
    gold = [GoldSentence((0, 40), False)]
    assert score_article(gold, [((0, 40), "Minister")], [[(30, 40)]]).predicted == 0
    assert score_article(gold, [((0, 40), "Minister")]).predicted == 1


def test_locate_within_maps_pieces_of_our_sentence_to_the_article() -> None:
    text = "Vorher.  Er sagte,\ndie Lage sei ernst.  Danach."
    sentence = "Er sagte, die Lage sei ernst."  # our splitter joined the line break into a space
    start = text.index("Er")
    span = (start, text.index("ernst.") + 6)
    piece = (sentence.index("die"), sentence.index("ernst") + 5)
    assert locate_within(text, span, sentence, [piece]) == [(text.index("die"), text.index("ernst") + 5)]
    assert locate_within(text, span, sentence, [(0, 2)]) == [(start, start + 2)]
    assert locate_within(text, (0, 5), sentence, [piece]) == []  # not inside the sentence's span
