"""digest.standalone: which sentences need the one before them."""

from __future__ import annotations

import pytest

from digest.standalone import needs_predecessor, standalone_openings

GERMAN = [
    # openings that link to the sentence before
    ("Und das ist noch nicht alles.", True),
    ("Doch die Gespräche scheiterten.", True),
    ("Dabei wurden drei Menschen verletzt.", True),
    ("Damit ist der Weg frei für Neuwahlen.", True),
    ("Zudem will die Regierung sparen.", True),
    ("Auch Frankreich lehnte ab.", True),
    ("Außerdem fehlen Lehrer.", True),
    ("Darüber hinaus gibt es Kritik.", True),
    ("Nun reagiert Russland.", True),
    ("„Doch das reicht nicht“, sagte sie.", True),
    # openings that refer back
    ("Er kündigte Neuwahlen an.", True),
    ("Sie wurde 1970 geboren.", True),
    ("Es war ein Fehler.", True),
    ("Diese Entscheidung sei endgültig.", True),
    ("Dies bestätigte das Ministerium.", True),
    ("Seine Partei verlor deutlich.", True),
    ("Dort wurden 40 Tote gezählt.", True),
    # a back reference in the first clause
    ("Ein genaues Datum nannte er nicht.", True),
    ("Für einen Frieden müssen jedoch viele Hürden überwunden werden.", True),
    ("Die Opposition aber lehnt den Plan ab.", True),
    ("Am Montag traf sie den Kanzler.", True),
    ("Wie das Ministerium allerdings mitteilte, bleibt die Grenze offen.", True),
    # sentences that stand alone
    ("Wien – Die Gewerkschaft GPA-djp sieht Handlungsbedarf bei All-in-Verträgen.", False),
    ("Die Regierung in Kiew hat am Montag einen Waffenstillstand angeboten.", False),
    ("Merkel sagte, sie sei zu Gesprächen bereit.", False),
    ("Zwar gab es Fortschritte, aber eine Einigung steht aus.", False),
    ("Der Kanzler, der sie eingeladen hatte, schwieg.", False),
    ("Merkel und ihre Partei verloren die Wahl.", False),
    ("Unterhändler beider Seiten trafen sich in Genf.", False),
    ("Ausgerechnet Österreich blockiert die Einigung.", False),
    # expletive "es" and concessive "auch wenn" stand alone, unless a back reference follows
    ("Es gibt zwei Erklärungen für diese Lücken.", False),
    ("Es handelt sich um den ersten Einsatz von Senfgas.", False),
    ("Es handelt sich dabei um Flüchtlinge.", True),
    ("Auch wenn die Gespräche scheitern, bleibt die Grenze offen.", False),
    ("", False),
]

ENGLISH = [
    ("And that is not all.", True),
    ("However, the talks failed.", True),
    ("In addition, three people were hurt.", True),
    ("As a result, prices rose.", True),
    ("He resigned on Monday.", True),
    ("They rejected the offer.", True),
    ("This was the first time since 2014.", True),
    ("The latter declined to comment.", True),
    ("The plan, however, failed.", True),
    ("The European Union also imposed sanctions.", True),
    ("The talks in Geneva failed on Monday.", False),
    ("Putin said he was ready to meet.", False),
    ("Though the talks failed, both sides met again.", False),
    ("Too many people died in the floods.", False),
    ("It is unclear whether the talks will resume.", False),
    ("It was the first time since 2014.", True),
    ("Andrew Johnson was impeached in 1868.", False),
    ("Heavy rain hit the coast.", False),
]


@pytest.mark.parametrize(("sentence", "expected"), GERMAN)
def test_german_sentences_that_need_the_one_before(sentence, expected):
    assert needs_predecessor(sentence, "german") is expected


@pytest.mark.parametrize(("sentence", "expected"), ENGLISH)
def test_english_sentences_that_need_the_one_before(sentence, expected):
    assert needs_predecessor(sentence, "english") is expected


def test_the_language_may_be_named_by_its_code():
    assert needs_predecessor("Er kam.", "de") and not needs_predecessor("Er kam.", "en")


@pytest.mark.parametrize(("chosen", "expected"), [
    ((0,), True),  # the first sentence of a text has no predecessor to need
    ((1,), False),  # "Er" without the sentence that names him
    ((0, 1), True),
    ((2,), True),
    ((1, 2), False),  # the summary still opens with "Er"
    ((3,), False),
    ((2, 3), True),
])
def test_standalone_openings_checks_every_chosen_sentence_that_needs_its_predecessor(chosen, expected):
    sentences = ["Er kam gestern.", "Er sagte nichts.", "Die Regierung schwieg.", "Doch das reicht nicht."]
    assert standalone_openings(sentences, chosen, "german") is expected
