from datetime import date, datetime

import pytest

from digest.i18n import LABELS, format_date, format_day, iso_date
from digest.models import Precision, PublicationDate


@pytest.mark.parametrize(
    "value, precision, language, expected",
    [
        (datetime(2025, 7, 1), Precision.MONTH, "german", "Juli 2025"),
        (datetime(2025, 3, 1), Precision.MONTH, "german", "März 2025"),
        (datetime(2025, 7, 1), Precision.MONTH, "english", "July 2025"),
        (datetime(2025, 1, 1), Precision.YEAR, "german", "2025"),
        (datetime(2025, 12, 3), Precision.DAY, "german", "3. Dezember 2025"),
        (datetime(2025, 12, 3), Precision.DAY, "english", "December 3, 2025"),
        (datetime(2025, 4, 21, 19, 54), Precision.MINUTE, "german", "21. April 2025, 19:54 Uhr"),
        (datetime(2025, 4, 21, 19, 54), Precision.MINUTE, "english", "April 21, 2025, 19:54"),
    ],
)
def test_dates_are_shown_no_more_precisely_than_known(value, precision, language, expected):
    assert format_date(PublicationDate(value, precision, "header line"), language) == expected


def test_month_precision_never_shows_a_day():
    text = format_date(PublicationDate(datetime(2025, 7, 1), Precision.MONTH, "x"), "german")
    assert "1." not in text


def test_unknown_date_says_so():
    assert format_date(PublicationDate.unknown(), "german") == "ohne Datum"
    assert format_date(PublicationDate.unknown(), "english") == "undated"


def test_iso_follows_precision():
    assert iso_date(PublicationDate(datetime(2025, 7, 1), Precision.MONTH, "x")) == "2025-07"
    assert iso_date(PublicationDate(datetime(2025, 7, 9, 8, 5), Precision.MINUTE, "x")) == "2025-07-09T08:05"


def test_every_language_has_every_label():
    assert set(LABELS["german"]) == set(LABELS["english"])
    assert format_day(date(2026, 1, 2), "german") == "2. Januar 2026"
