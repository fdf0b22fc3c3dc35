from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.analysis import TopicMatcher, analyze
from digest.compose import (
    SameStatement,
    Window,
    compose,
    day_window,
    effective_date,
    key_points,
    select,
    spread,
    standalone,
)
from digest.config import Settings, Topic
from digest.models import Precision, Summary
from digest.parties import TopicWords, batched, parties_of, speaks_for, subject_party
from digest.similarity import jaccard

from .helpers import make_split

TZ = ZoneInfo("Europe/Berlin")
CEASEFIRE = Topic(key="ceasefire", label="Waffenruhe", keywords=("Waffenruhe", "Feuerpause"))
NATO = Topic(key="nato", label="NATO", keywords=("NATO",))


def _summaries(*splits):
    return {s.article.id: Summary(s.article.id, s.sentences, "lexrank", 3) for s in splits}


def _settings(**digest):
    return Settings(topics=(CEASEFIRE, NATO), digest={"key_points": 5, **digest})


def _compose(splits, day=date(2025, 12, 3), window=None, **digest):
    window = window or day_window(day, None, 1)
    return compose(select(splits, window, TZ), _summaries(*splits), day, window, _settings(**digest),
                   skipped=(), tz=TZ)


def test_day_window_defaults_to_first_window_days_and_follows_previous_digest():
    assert day_window(date(2025, 12, 3), None, 1) == Window(datetime(2025, 12, 3), datetime(2025, 12, 4))
    assert day_window(date(2025, 12, 3), None, 7).start == datetime(2025, 11, 27)
    prev = datetime(2025, 12, 1)
    assert day_window(date(2025, 12, 3), prev, 1).start == prev


def test_undated_article_counts_from_its_arrival_in_local_time():
    split = make_split(["Satz."], received_at=datetime(2025, 12, 2, 23, 30, tzinfo=UTC))
    assert effective_date(split.article, TZ) == datetime(2025, 12, 3, 0, 30)


def test_topic_shows_latest_position_and_never_a_later_article():
    old = make_split(["Die Waffenruhe ist gescheitert."], published=datetime(2025, 4, 21, 19, 54),
                     precision=Precision.MINUTE, source="Alt")
    new = make_split(["Eine neue Waffenruhe gilt ab Montag."], published=datetime(2025, 12, 3, 9, 0),
                     precision=Precision.MINUTE, source="Neu")
    future = make_split(["Die Waffenruhe wurde verlängert."], published=datetime(2025, 12, 5),
                        source="Zukunft")
    digest = _compose([old, new, future])
    ceasefire = digest.topics[0]
    assert [s.text for s in ceasefire.sentences] == ["Eine neue Waffenruhe gilt ab Montag."]
    assert ceasefire.is_new and ceasefire.sentences[0].source == "Neu"
    assert all(a.article.source != "Zukunft" for a in digest.articles)
    assert digest.total_articles == 2


def test_unchanged_topic_is_not_new_and_keeps_its_date():
    old = make_split(["Über die NATO wurde nicht gesprochen."], published=datetime(2025, 7, 1),
                     precision=Precision.MONTH)
    today = make_split(["Die Feuerpause hält."], published=datetime(2025, 12, 3, 8, 0))
    nato = _compose([old, today]).topics[1]
    assert not nato.is_new
    assert nato.since.precision is Precision.MONTH
    assert [a.article.id for a in _compose([old, today]).articles] == [today.article.id]


def test_topic_without_any_mention_is_empty():
    digest = _compose([make_split(["Nichts davon."], published=datetime(2025, 12, 3))])
    assert digest.topics[0].sentences == ()


def test_articles_of_the_window_newest_first_and_sources_listed():
    a = make_split(["A."], published=datetime(2025, 12, 3, 8), source="S1", title="a")
    b = make_split(["B."], published=datetime(2025, 12, 3, 10), source="S2", title="b")
    digest = _compose([a, b])
    assert [e.article.title for e in digest.articles] == ["b", "a"]
    assert digest.sources == ("S1", "S2")


def test_key_points_merge_the_same_statement_from_two_sources():
    text = "Russland und die Ukraine vereinbaren eine Waffenruhe für dreißig Tage."
    a = make_split([text], published=datetime(2025, 12, 3, 8), source="Agentur A", title="a")
    b = make_split(["Russland und die Ukraine vereinbaren eine Waffenruhe für dreißig Tage ab Montag."],
                   published=datetime(2025, 12, 3, 9), source="Agentur B", title="b")
    c = make_split(["Der nächste Gefangenenaustausch wird in Istanbul vorbereitet."],
                   published=datetime(2025, 12, 3, 9), source="Agentur C", title="c")
    analyses = {s.article.id: analyze(s, {}) for s in (a, b, c)}
    points = key_points([a, b, c], 5, TopicMatcher([]), 0.5, analyses)
    assert len(points) == 2
    merged = next(p for p in points if "dreißig" in p.text)
    assert {merged.source, *merged.also} == {"Agentur A", "Agentur B"}


def test_key_points_respect_the_limit_and_are_deterministic():
    words = ["Genf", "Istanbul", "Riad", "Moskau", "Kiew", "London", "Paris", "Rom", "Wien", "Oslo"]
    topics = ["Gefangene", "Energie", "Getreide", "Grenzen", "Truppen", "Sanktionen", "Wahlen",
              "Kraftwerke", "Häfen", "Minen"]
    splits = [make_split([f"In {w} ging es um {t}."], published=datetime(2025, 12, 3, 8), title=w)
              for w, t in zip(words, topics, strict=True)]
    first = _compose(splits, key_points=3).key_points
    assert len(first) == 3
    assert _compose(list(reversed(splits)), key_points=3).key_points == first


# --- timeline -------------------------------------------------------------------------------

def test_timeline_days_newest_first_a_season_counts_but_is_never_shown():
    a = make_split(["Die Delegationen trafen sich am Montag in Genf zu neuen Gesprächen.",
                    "Die ersten Gespräche hatte es im Frühjahr 2022 in Istanbul gegeben.",
                    "Der Vorstoß vom 6. August 2024 bleibt ein Streitpunkt."],
                   published=datetime(2025, 12, 3, 9, 0), precision=Precision.MINUTE, source="A")
    digest = _compose([a], timeline_dates=5)
    when = [(e.when.value, e.when.precision, e.when.origin) for e in digest.timeline]
    assert when == [
        (datetime(2025, 12, 3), Precision.DAY, "front matter"),  # the article's own day, from its lead
        (datetime(2025, 12, 1), Precision.DAY, "text"),  # "am Montag" (past: "trafen") before Wednesday
        (datetime(2024, 8, 6), Precision.DAY, "text"),
    ]
    assert digest.timeline[0].sentence.text.startswith("Die ersten Gespräche")  # no day of its own


def test_timeline_chooses_the_square_root_of_the_days_with_news_by_default():
    a = make_split(["Die Delegationen trafen sich am Montag in Genf zu neuen Gesprächen.",
                    "Die ersten Gespräche hatte es im Frühjahr 2022 in Istanbul gegeben.",
                    "Der Vorstoß vom 6. August 2024 bleibt ein Streitpunkt."],
                   published=datetime(2025, 12, 3, 9, 0), precision=Precision.MINUTE, source="A")
    assert len(_compose([a]).timeline) == 2  # three days with news: ceil(sqrt(3)) = 2, one candidate each


def test_timeline_puts_an_undated_article_on_no_day():
    """Its arrival says nothing about when its news happened (issue 13, second round)."""
    a = make_split(["Ein Satz ohne jedes Datum über die Verhandlungen."],
                   received_at=datetime(2025, 12, 3, 6, 0, tzinfo=UTC))
    assert _compose([a]).timeline == ()


def test_timeline_shows_an_article_known_to_the_month_under_its_month_never_a_day():
    month = make_split(["Die Ukraine hat Russland neue Verhandlungen über eine Waffenruhe vorgeschlagen.",
                        "Ein zweiter Satz über die Verhandlungen mit Russland und der Ukraine."],
                       published=datetime(2025, 7, 1), precision=Precision.MONTH, source="M")
    day = make_split(["Russland und die Ukraine verhandeln in Istanbul über eine Waffenruhe."],
                     published=datetime(2025, 4, 21, 9), precision=Precision.MINUTE, source="D")
    events = _compose([month, day], window=Window(datetime(2025, 1, 1), datetime(2025, 12, 4)),
                      timeline_dates=2, timeline_per_date=1).timeline
    when = [(e.when.value, e.when.precision, e.sentence.source) for e in events]
    assert when == [(datetime(2025, 7, 1), Precision.MONTH, "M"),  # newest first
                    (datetime(2025, 4, 21), Precision.DAY, "D")]
    assert events[0].sentence.text.startswith("Die Ukraine hat")


def test_timeline_leaves_out_announced_days_and_merges_the_same_event():
    text = "Am 2. Dezember 2025 einigten sich beide Seiten auf einen Austausch von Gefangenen."
    a = make_split([text], published=datetime(2025, 12, 3, 8), source="A", title="a")
    b = make_split([text.replace("beide Seiten", "die Kriegsparteien"),
                    "Ein Treffen ist für den 24. Dezember 2025 geplant."],
                   published=datetime(2025, 12, 3, 9), source="B", title="b")
    events = _compose([a, b], timeline_dates=5).timeline
    assert [e.when.value for e in events] == [datetime(2025, 12, 3), datetime(2025, 12, 2)]
    assert events[0].sentence.text == "Ein Treffen ist für den 24. Dezember 2025 geplant."  # news of the 3rd
    assert {events[1].sentence.source, *events[1].sentence.also} == {"A", "B"}


def test_timeline_shows_no_sentence_twice():
    lead = "Die Gespräche in Genf wurden am Dienstag ohne Ergebnis abgebrochen, sagte ein Sprecher."
    a = make_split([lead], published=datetime(2025, 12, 3, 8), source="A", title="a")
    events = _compose([a], timeline_dates=5, timeline_per_date=3).timeline
    assert [e.sentence.text for e in events] == [lead]  # on the day it names, not also on its own day


# --- voices ---------------------------------------------------------------------------------

def _voices_settings():
    return Settings(topics=(CEASEFIRE,), speakers=[
        {"name": "Wolodymyr Selenskyj", "aliases": ["Selenskyj", "der ukrainische Präsident"]},
    ])


def test_voices_group_aliases_under_one_speaker_newest_first():
    older = make_split(["„Wir brauchen Sicherheitsgarantien für einen langen Zeitraum“, sagte Selenskyj."],
                       published=datetime(2025, 12, 3, 8), source="A", title="alt")
    newer = make_split(["Der ukrainische Präsident betonte, die Ukraine werde keine Gebiete abtreten."],
                       published=datetime(2025, 12, 3, 12), source="B", title="neu")
    other = make_split(["„Wir sind zu Gesprächen bereit“, sagte Kremlsprecher Dmitri Peskow."],
                       published=datetime(2025, 12, 3, 10), source="C", title="kreml")
    splits = [older, newer, other]
    window = day_window(date(2025, 12, 3), None, 1)
    digest = compose(select(splits, window, TZ), _summaries(*splits), date(2025, 12, 3), window,
                     _voices_settings(), skipped=(), tz=TZ)
    speakers = [g.speaker for g in digest.voices]
    assert speakers == ["Wolodymyr Selenskyj", "Kremlsprecher Dmitri Peskow"]
    selenskyj = digest.voices[0].voices
    assert [v.sentence.source for v in selenskyj] == ["B", "A"]
    assert selenskyj[1].is_quote and selenskyj[1].statement.startswith("Wir brauchen")
    assert not selenskyj[0].is_quote  # reported speech: the whole sentence


def test_a_short_quote_is_shown_with_its_sentence():
    split = make_split(["Zunächst hätten die Vertreter Moskaus nur „Ultimaten gestellt“, sagte Selenskyj."],
                       published=datetime(2025, 12, 3, 8))
    window = day_window(date(2025, 12, 3), None, 1)
    digest = compose(select([split], window, TZ), _summaries(split), date(2025, 12, 3), window,
                     _voices_settings(), skipped=(), tz=TZ)
    [voice] = digest.voices[0].voices
    assert not voice.is_quote and voice.statement.startswith("Zunächst hätten")


# --- topics across articles -----------------------------------------------------------------

def test_topic_credits_other_sources_that_say_the_same():
    a = make_split(["Russland lehnt eine Waffenruhe ohne Vorbedingungen weiterhin ab."],
                   published=datetime(2025, 12, 3, 8), source="A", title="a")
    b = make_split(["Russland lehnt eine Waffenruhe ohne Vorbedingungen weiterhin strikt ab."],
                   published=datetime(2025, 12, 3, 9), source="B", title="b")
    [sentence] = _compose([a, b]).topics[0].sentences
    assert sentence.source == "B" and sentence.also == ("A",)


def test_one_sentence_is_not_shown_for_two_topics():
    both = make_split(["Eine Waffenruhe und ein NATO-Beitritt wurden besprochen.",
                       "Über die NATO wird weiter gestritten."], published=datetime(2025, 12, 3, 8))
    ceasefire, nato = _compose([both]).topics
    assert ceasefire.sentences[0].text != nato.sentences[0].text


def test_a_topic_prefers_another_article_of_the_same_day_over_repeating_a_sentence():
    both = make_split(["Eine Waffenruhe und ein NATO-Beitritt wurden besprochen."],
                      published=datetime(2025, 12, 3, 9), title="beides")
    nato = make_split(["Über die NATO wird weiter gestritten."], published=datetime(2025, 12, 3, 8),
                      title="nato")
    ceasefire, nato_state = _compose([both, nato]).topics
    assert ceasefire.sentences[0].text.startswith("Eine Waffenruhe")
    assert nato_state.sentences[0].text == "Über die NATO wird weiter gestritten."


@settings(max_examples=400)
@given(st.lists(st.frozensets(st.sampled_from("abcdefghij"), max_size=8), max_size=10),
       st.frozensets(st.sampled_from("abcdefghij"), max_size=8),
       st.sampled_from([0.1, 0.25, 0.5, 0.6, 2 / 3, 0.7, 0.8, 1.0]))
def test_twin_is_the_first_kept_sentence_at_or_over_the_threshold(kept, stem_set, threshold):
    """The prefix index and the size bound only skip pairs that cannot reach the threshold."""
    merged = SameStatement(threshold)
    for s in kept:
        merged.keep(None, s)
    expected = next((i for i, s in enumerate(kept) if jaccard(s, stem_set) >= threshold), None)
    assert merged.twin(stem_set) == expected


# --- where each party stands --------------------------------------------------------------------

PARTIES = [
    {"name": "Russland", "subjects": ["Russland", "Moskau", "der Kreml"]},
    {"name": "Ukraine", "subjects": ["die Ukraine", "Kiew"]},
    {"name": "USA", "subjects": ["die USA", "Washington"]},
]
SPEAKERS = [
    {"name": "Wladimir Putin", "aliases": ["Putin"], "party": "Russland"},
    {"name": "Donald Trump", "aliases": ["Trump", "US-Präsident"], "party": "USA"},
]
SANCTIONS = Topic(key="sanctions", label="Sanktionen", keywords=("Sanktion", "Vermögen"),
                  exclude=("ein Vermögen",))


def _party_settings(**digest):
    return Settings(topics=(CEASEFIRE, SANCTIONS), parties=PARTIES, speakers=SPEAKERS,
                    digest={"key_points": 5, **digest})


def _state(splits, day=date(2025, 12, 3), window=None, topic=0):
    window = window or day_window(day, None, 1)
    digest = compose(select(splits, window, TZ), _summaries(*splits), day, window, _party_settings(),
                     skipped=(), tz=TZ)
    return digest.topics[topic]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Die Ukraine lehnt eine Abtretung ab.", ("Ukraine", None)),
    ("Moskau fordert die gesamte Region.", ("Russland", None)),
    ("Der Kreml weist das zurück.", ("Russland", None)),
    ("Putin fordert die gesamte Region Donbass.", ("Russland", "Wladimir Putin")),
    ("Russlands Präsident äußerte sich nicht.", None),  # "Russlands" is not "Russland"
    ("Die Ukraine und Russland verhandeln.", None),  # two sides
    ("Die Ukraine könne kein Mitglied werden.", None),  # someone else's words, reported
    ("„Russland wird uns nicht vertreiben.“", None),  # a quote: the subject of someone's words
    ("Nun fordert Moskau mehr.", None),
    # a source other than the subject: the source's view, not the subject's words
    ("Putin will nach Einschätzung Moskauer Medien vermeiden, dass Gebiete verhandelt werden.", None),
    ("Moskau lehnt laut Diplomaten jeden Kompromiss ab.", None),
    ("Kiew ist Medienberichten zufolge zu Gesprächen bereit.", None),
    ("Putin will nach dem Treffen vermeiden, dass Gebiete verhandelt werden.",
     ("Russland", "Wladimir Putin")),
])
def test_a_sentence_speaks_for_the_party_that_is_its_subject(sentence, expected):
    assert subject_party(sentence, parties_of(_party_settings()), "german") == expected


def test_a_statement_speaks_for_its_speakers_party():
    parties = parties_of(_party_settings())
    assert speaks_for("Die Lage sei ernst.", "Donald Trump", parties, "german") == ("USA", "Donald Trump")
    assert speaks_for("Die Ukraine lehnt ab.", "Unbekannt", parties, "german") == ("Ukraine", None)


def test_state_lists_each_party_newest_first_with_its_speaker():
    july = make_split(["Die Ukraine schlägt eine Waffenruhe vor."], published=datetime(2025, 7, 1),
                      precision=Precision.MONTH, source="A")
    today = make_split(["Putin lehnt eine Waffenruhe ohne Bedingungen ab.", "Die Waffenruhe ist fern."],
                       published=datetime(2025, 12, 3, 9), source="B")
    state = _state([july, today])
    assert [(p.party, p.speaker, p.sentence.source) for p in state.positions] == [
        ("Russland", "Wladimir Putin", "B"), ("Ukraine", None, "A")]
    assert [p.is_new for p in state.positions] == [True, False]
    assert state.positions[1].since == july.article.published


def test_state_shows_the_latest_fact_only_when_no_party_spoke():
    fact = make_split(["Über eine Waffenruhe wurde nicht gesprochen."], published=datetime(2025, 12, 3, 9))
    [position] = _state([fact]).positions
    assert position.party is None and position.sentence.text.startswith("Über eine Waffenruhe")


def _batch(sentences_per_article, at=datetime(2025, 12, 3, 6, tzinfo=UTC)):
    return [make_split(s, title=f"t{i}", received_at=at) for i, s in enumerate(sentences_per_article)]


def test_an_undated_article_of_a_batch_does_not_displace_a_dated_position():
    dated_split = make_split(["Die Ukraine schlägt eine Waffenruhe vor."], published=datetime(2025, 7, 1),
                             precision=Precision.MONTH, received_at=datetime(2025, 12, 3, 6, tzinfo=UTC))
    undated = _batch([["Die Ukraine lehnt jede Waffenruhe ab."], ["Nichts."], ["Auch nichts."]])
    [position] = _state([dated_split, *undated]).positions
    assert position.sentence.text == "Die Ukraine schlägt eine Waffenruhe vor."


def test_an_undated_article_that_arrived_alone_counts_from_its_arrival():
    dated_split = make_split(["Die Ukraine schlägt eine Waffenruhe vor."], published=datetime(2025, 7, 1),
                             precision=Precision.MONTH, received_at=datetime(2025, 7, 2, tzinfo=UTC))
    alone = make_split(["Die Ukraine lehnt jede Waffenruhe ab."],
                       received_at=datetime(2025, 12, 3, 6, tzinfo=UTC))
    [position] = _state([dated_split, alone]).positions
    assert position.sentence.text == "Die Ukraine lehnt jede Waffenruhe ab."
    assert position.since.value == datetime(2025, 12, 3, 7) and position.estimated is None


def test_an_undated_article_is_placed_after_the_latest_date_it_mentions():
    early = make_split(["Die Ukraine schlägt eine Waffenruhe vor."], published=datetime(2024, 1, 10),
                       received_at=datetime(2024, 1, 10, tzinfo=UTC))
    undated = _batch([["Die Ukraine lehnt jede Waffenruhe ab.", "Der Vorstoß vom 6. August 2024 wirkt."],
                      ["Nichts."], ["Auch nichts."]])
    [position] = _state([early, *undated]).positions
    assert position.sentence.text == "Die Ukraine lehnt jede Waffenruhe ab."
    assert position.estimated.value == datetime(2024, 8, 6)  # shown as the estimate
    assert position.since.value == datetime(2025, 12, 3, 7)  # unchanged since it came


def test_a_changed_position_shows_the_previous_one_and_an_unchanged_one_its_date():
    before = make_split(["Moskau lehnt eine Waffenruhe ab."], published=datetime(2025, 11, 20), source="A")
    now = make_split(["Moskau stimmt einer Waffenruhe zu."], published=datetime(2025, 12, 3, 9), source="B")
    window = Window(datetime(2025, 12, 3), datetime(2025, 12, 4))
    [changed] = _state([before, now], window=window).positions
    assert changed.is_new and changed.previous is not None and changed.previous.source == "A"
    [same] = _state([before], window=window).positions
    assert not same.is_new and same.previous is None and same.since.value == datetime(2025, 11, 20)


def test_sentences_that_need_their_predecessor_are_passed_over_or_resolved():
    split = make_split(["Trump sprach über Russland.", "Er drohte Moskau dabei mit Sanktionen.",
                        "Er fügte hinzu: „Beide werden ein Vermögen verdienen.“",
                        "Die USA erwägen neue Sanktionen."], published=datetime(2025, 12, 3, 9))
    [position] = _state([split], topic=1).positions
    assert position.sentence.text == "Die USA erwägen neue Sanktionen."
    assert standalone("Er sagte, die Sanktionen blieben.", "Donald Trump", "german") == (
        "Er [Donald Trump] sagte, die Sanktionen blieben.")
    assert standalone("Er drohte Moskau dabei mit Sanktionen.", "Donald Trump", "german") is None


def test_an_excluded_phrase_does_not_speak_of_the_topic():
    words = TopicWords(SANCTIONS)
    assert words.count("Beide werden ein Vermögen verdienen.") == 0
    assert words.count("Das russische Vermögen bleibt eingefroren, die Sanktionen auch.") == 2


def test_batches_are_three_arrivals_within_two_minutes():
    t = datetime(2025, 12, 3, 6, tzinfo=UTC)
    arrivals = [t, t + timedelta(seconds=60), t + timedelta(seconds=120), t + timedelta(hours=1),
                t + timedelta(hours=1, seconds=30)]
    assert batched(arrivals) == frozenset(arrivals[:3])


def test_key_points_never_open_with_a_sentence_that_needs_its_predecessor():
    split = make_split(["Die Gespräche über eine Waffenruhe in Genf gehen weiter.",
                        "Dabei ging es um eine Waffenruhe in Genf und die Gespräche.",
                        "Er fordert eine Waffenruhe in Genf und weitere Gespräche."],
                       published=datetime(2025, 12, 3, 9))
    texts = [p.text for p in _compose([split]).key_points]
    assert texts == ["Die Gespräche über eine Waffenruhe in Genf gehen weiter."]


@pytest.mark.parametrize(("available", "limit", "expected"), [
    ([3, 1, 2], 4, [2, 1, 1]),
    ([3, 3], 3, [2, 1]),
    ([1, 1, 1, 1], 2, [1, 1, 0, 0]),
    ([5], 12, [5]),
])
def test_every_speaker_gets_a_statement_before_anyone_gets_a_second(available, limit, expected):
    assert spread(available, limit) == expected


def test_a_voice_shown_as_a_whole_sentence_stands_on_its_own():
    split = make_split(["„Wir sind zu Gesprächen bereit“, sagte Selenskyj.",
                        "Dies sei aber kein Zugeständnis, sagte Selenskyj."],
                       published=datetime(2025, 12, 3, 8))
    window = day_window(date(2025, 12, 3), None, 1)
    digest = compose(select([split], window, TZ), _summaries(split), date(2025, 12, 3), window,
                     _voices_settings(), skipped=(), tz=TZ)
    [group] = digest.voices
    assert [v.statement for v in group.voices] == ["Wir sind zu Gesprächen bereit"]


def test_without_every_arrival_an_older_undated_article_never_counts_from_its_arrival():
    """The store's selection may not know when the other articles came: in the digest after the
    one that held it, an undated article of unknown company does not displace a dated position."""
    july = make_split(["Die Ukraine schlägt eine Waffenruhe vor."], published=datetime(2025, 7, 1),
                      precision=Precision.MONTH)
    undated = make_split(["Die Ukraine lehnt jede Waffenruhe ab."],
                         received_at=datetime(2025, 12, 3, 6, tzinfo=UTC))
    window = Window(datetime(2025, 12, 4), datetime(2025, 12, 5))
    full = select([july, undated], window, TZ)
    for selection in (full, replace(full, arrivals=())):
        digest = compose(selection, {}, date(2025, 12, 4), window, _party_settings(), skipped=(), tz=TZ)
        [position] = digest.topics[0].positions
        expected = "Die Ukraine lehnt" if selection.arrivals else "Die Ukraine schlägt"
        assert position.sentence.text.startswith(expected) and not position.is_new


@pytest.mark.parametrize(("season", "chosen"), [
    ("Frühjahr", datetime(2025, 5, 3)),  # spring covers 3 May
    ("Sommer", datetime(2025, 6, 3)),  # summer covers 3 June: without it, 3 May would weigh a little more
])
def test_a_season_named_weighs_for_the_days_it_spans_never_shown_itself(season, chosen):
    """Each sentence names one of two days alike; the season named in a third tips the balance."""
    a = make_split(["Am 3. Mai 2025 trafen sich die Delegationen in Genf zu Gesprächen.",
                    "Am 3. Juni 2025 trafen sich die Delegationen in Wien zu Gesprächen.",
                    f"Im {season} 2025 sprachen die Delegationen lange über eine Waffenruhe."],
                   published=datetime(2025, 6, 30, 9), precision=Precision.MINUTE, source="A")
    events = _compose([a], day=date(2025, 6, 30), timeline_dates=1, timeline_per_date=1).timeline
    assert [(e.when.value, e.when.precision) for e in events] == [(chosen, Precision.DAY)]
