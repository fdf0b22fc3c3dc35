"""benchmarks/weekly.py: which weeks are digested, what each is scored against, and the scores."""

from datetime import date

import pytest

from benchmarks.weekly import monday, scores, week_text, weeks_to_digest

MON = date(2010, 5, 3)


def test_a_week_runs_from_monday_to_sunday():
    assert [monday(date(2010, 5, d)) for d in (3, 5, 9, 10)] == [MON, MON, MON, date(2010, 5, 10)]


def test_weeks_need_a_reference_entry_and_three_articles():
    days = [date(2010, 5, 3), date(2010, 5, 4), date(2010, 5, 9),  # three in the week of 3 May
            date(2010, 5, 10), date(2010, 5, 11),  # two in the next
            date(2010, 5, 17), date(2010, 5, 18), date(2010, 5, 19)]  # three, but no reference entry
    references = {"a": {date(2010, 5, 5): ["x"]}, "b": {date(2010, 5, 12): ["y"]}}
    assert weeks_to_digest(days, references) == {MON: 3}


def test_the_reference_text_is_the_timelines_sentences_of_that_week_in_date_order():
    reference = {date(2010, 5, 9): ["c ."], date(2010, 5, 3): ["a .", "b ."], date(2010, 5, 10): ["d ."]}
    assert week_text(reference, MON) == "a .\nb .\nc ."


def test_scores_are_rouge_1_and_2_f1_as_fractions():
    # unigrams: the, cat, sat vs the, cat, ran: 2 of 3 each way; bigrams: 1 of 2 each way
    assert scores(["the cat sat"], "the cat ran") == pytest.approx((2 / 3, 1 / 2))
    assert scores([], "the cat ran") == (0.0, 0.0)
