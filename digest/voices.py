"""Who said what: statements attributed to a person or office, German and English.

One call handles the sentences of one article, in order. A sentence is attributed when it
holds one of these cues outside its quotation marks (the first cue that names a speaker wins):

* a speech verb with its subject before it (``Peskow sagte, …``, ``X hatte am Freitag
  gesagt``, ``Lavrov said …``, ``"…," Lavrov said``) or after it (``„…“, sagte X``,
  ``„…“, hatte X gesagt``, ``"…," said X``); separable verbs must carry their particle
  (``kündigte … an``, ``fügte … hinzu``), verbs of belief a clause after them (``geht davon aus,
  dass …``), ``sprach`` a ``von``, and ``sagte … zu/ab/aus`` is no speech; the subject may carry a
  party in brackets, a relative clause or an apposition between commas (``Deiss, der …, sagte``,
  ``Frank Biermann, Vorsitzender der …, sagte``) and be several coordinated (``CDU und FDP``);
* (German) any verb right after a speaker opening the sentence, before ``, dass`` and a clause in
  the Konjunktiv, a colon and a quotation, or a view held (``ist der Ansicht, dass …``);
* ``…, so X``; ``laut X``; ``gemäß X``; ``X zufolge``; ``nach Angaben/Meinung von X / des X``;
  ``nach einem Bericht der X``; ``Wie X (am Montag) mitteilte, …``; ``In der Erklärung der Regierung
  heißt es, …``; ``according to X``; ``zitiert die Zeitung X`` (the quoted person, not the paper, is
  the speaker);
* (German) a vague source: a document, medium or crowd after ``laut``/``zufolge``/``so``/``nach``
  or as the subject of a speech verb (``laut Medienberichten``, ``nach Polizeiangaben``, ``nach
  eigenen Angaben``, ``laut „Computerwoche“``, ``Der Bericht führt aus, …``): a statement whose
  speaker is the source as written, hidden from the digest (quotes-de annotates such sentences as
  someone's account), never the referent of a later pronoun;
* ``er/sie/he/she`` as the subject of a speech verb, resolved to the speaker of the most
  recent attribution in the previous three sentences, else to the last person an earlier sentence
  named with a role and full name, of the pronoun's gender (``Bundeskanzlerin Angela Merkel … Sie
  sagte``); a ``sie`` with a plural verb, or no such person: the sentence is skipped;
* continued reported speech: a sentence that is one quotation, or (German) whose first
  clause is in the Konjunktiv (``Er sei „froh“ …``, ``Russland sei bereit …``), right after an
  attributed sentence keeps that speaker; a quotation opened in one sentence and closed in an
  attributed next one takes the next one's speaker;
* (German) the learned two-pass classifier of :mod:`digest.voices_model` (trained on the quotes-de
  train split by ``benchmarks/voices_train.py``) scores every sentence of the article that shows
  reported speech (a cue, quotation marks, Konjunktiv I or II, ``soll``/``sollen``/``demnach``),
  reading its neighbours' scores too; a sentence is someone's words when the grammar's cue (not negated, no
  reporter's comment) or a quotation says so, or the classifier does. A sentence only the classifier
  found takes a person or office opening it as subject (unless the subject's verb is in the
  Konjunktiv: ``Die Behörden hätten …`` is what is reported), else the speaker of the sentence right
  before it; with neither it is dropped (a wrong name is worse than a missing statement: the next
  sentence's speaker, or one over a sentence between, was wrong more often than right on train);
* a colon before a quotation: a pronoun, role or person opening the clause, or after the verb of a
  clause opened by an adverbial (``In der ARD zeigte sich der Außenminister zufrieden: „…“``).

A sentence with a cue is still no one's words when it is a passive (``Kritisiert wurde …``) or a
reporter's comment (``…, obwohl …`` with neither quote nor Konjunktiv); in German also when its cue
is indicative and reports no content, only an object (``bestätigte den Vorfall``, ``würdigte den
Einsatz``; a demand, ``forderte eine Waffenruhe``, and ``sprach von``/``warnte vor`` do report one),
unless the next sentence continues its speech in the Konjunktiv: on quotes-de train, out of fold,
detection precision 0.75 -> 0.77 at the same F1 (the classifier's score of such sentences added as many
wrong ones as right). Each statement has a kind
(``direct`` when its statement is quoted, ``according_to`` for laut/zufolge/nach Angaben/so,
``indirect``, ``reported`` for a classifier's sentence in the indicative) and its cue word.

A speaker phrase is a run of capitalized words and role words (:data:`ROLE_WORDS`), with
lowercase adjectives before a role (``Putins außenpolitischer Berater Juri Uschakow``), an
apposition to a bare role (``der Botschafter in London, Andrej Kelin``) and a genitive after a
bare role (``Sprecher des Außenministeriums``). It ends at prepositions, adverbs and verbs.
It must contain a capitalized word or a role word, and its head must not be a document or
vague medium (:data:`NON_SPEAKER_HEADS`: ``laut Plan``, ``Medienberichten zufolge``; a named or
qualified medium speaks, ``die Deutsche Presseagentur meldete``, but the digest hides it). A country or
city is accepted as speaker when it is the subject of a speech verb (``Russland hatte erklärt``):
in news text that is how governments speak. Configured aliases map the phrase to a canonical
name; otherwise the phrase is kept as written, without leading articles, unless it is a bare
role or part of a name the article gave an earlier speaker (``der Kanzler``, ``Scholz`` after
``Bundeskanzler Olaf Scholz``): then it is that speaker. The language's words are fields of
:mod:`digest.lang`.

All patterns are compiled once; the work per sentence is linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .lang import get, union
from .models import Attribution
from .text import normalize_language
from .voices_model import Model, SentenceFacts, load_model

if TYPE_CHECKING:
    from .config import Config

__all__ = [
    "NON_SPEAKER_HEADS",
    "ROLE_WORDS",
    "article_facts",
    "file_statements",
    "find_attributions",
    "find_statements",
    "speaker_aliases",
    "statement_record",
]

_GERMAN, _ENGLISH = get("german"), get("english")

#: Stems of words naming an office or role (lower case, found anywhere in a word, so
#: "Kremlsprecher", "US-Präsidenten" and "Außenministerium" count), of every language.
ROLE_WORDS = union("ROLE_WORDS")

#: Short role stems that only count at the end of a word: "Kremlchef", "Staatschefin".
_SHORT_ROLE_WORDS = sorted(union("SHORT_ROLE_WORDS"))

#: Heads (lower case, whole word or end of a compound) of phrases that are documents, media
#: or vague crowds, never a speaker: "laut Plan", "Medienberichten zufolge".
NON_SPEAKER_HEADS = union("NON_SPEAKER_HEADS")
#: Media and agencies among them: qualified, the source of an according_to statement.
_MEDIA_HEADS = union("MEDIA_HEADS")

_DETERMINERS = union("DETERMINERS")
#: Determiners never of a subject: after a speech verb, a phrase opening with one is an object.
_OBJECT_DETERMINERS = union("OBJECT_DETERMINERS")

_PRONOUNS = {"german": _GERMAN.SPEAKER_PRONOUNS, "english": _ENGLISH.SPEAKER_PRONOUNS}

#: Speech verbs, finite: form -> (required particles, forbidden particles); see digest.lang.german.
_GERMAN_VERBS = _GERMAN.ATTRIBUTION_VERBS
#: German past participles of speech verbs, for "X hatte (am Freitag) gesagt".
_GERMAN_PARTICIPLES = _GERMAN.ATTRIBUTION_PARTICIPLES
_GERMAN_AUXILIARIES = _GERMAN.PERFECT_AUXILIARIES
#: Speech verbs that need a clause after their own: "geht davon aus, dass …".
_CLAUSE_VERBS = union("CLAUSE_VERBS")
#: Speech verbs that need a preposition after them in their clause: "sprach von einem Erfolg".
_PREPOSITION_VERBS = _GERMAN.PREPOSITION_VERBS

_ENGLISH_VERBS = frozenset(_ENGLISH.ATTRIBUTION_VERBS)
#: Words between an English subject and its verb that are not part of the subject.
_ENGLISH_AUX = _ENGLISH.SUBJECT_VERB_FILLERS

_QUOTING_VERBS = union("QUOTING_VERBS")
#: Nouns of "nach Angaben von X": whose words or view a sentence reports.
_REPORT_NOUNS = union("REPORT_NOUNS")

#: German Konjunktiv forms that mark reported speech in a sentence's first clause.
_KONJUNKTIV_I = _GERMAN.REPORTED_SPEECH_FORMS
#: Konjunktiv II forms: reported speech only when the sentence also quotes.
_KONJUNKTIV_II = _GERMAN.CONDITIONAL_FORMS
#: Words of hearsay: "Er soll … gesagt haben", "Demnach …" report what others say (the classifier decides).
_HEARSAY_MARKERS = _GERMAN.HEARSAY_MARKERS
#: Ends of report nouns after "nach": "nach Polizeiangaben", "nach einem Bericht der Zeitung".
_REPORTS = _GERMAN.REPORT_NOUN_ENDINGS
#: "nach" and a report noun a few words after it (the quick check of _report in _may_attribute).
_NACH_REPORT = re.compile(r"\bnach\s+(?:\S+\s+){0,3}?\S*(?:" + "|".join(_REPORTS) + r")\b", re.IGNORECASE)

_PREPOSITIONS = union("PREPOSITIONS")
#: Adverbs and particles that may stand between a speech verb and its subject.
_ADVERBS = union("ADVERBS")
_OTHER_FUNCTION_WORDS = union("FUNCTION_WORDS")
#: Time words of "am Freitag" / "on Friday" between a verb and its subject.
_TIME_WORDS = union("WEEKDAYS") | union("TIME_NOUNS")
_MONTHS = union("MONTHS")
_TIME_PREPOSITIONS = union("WEEKDAY_PREPOSITIONS")
_LEADING_PARTICLES = union("LEADING_PARTICLES")
#: Words opening a genitive after a role, and prepositions of a place after one.
_GENITIVE_WORDS = union("GENITIVE_WORDS")
_PLACE_PREPOSITIONS = union("PLACE_PREPOSITIONS")

_FUNCTION_WORDS = (
    _DETERMINERS | _PREPOSITIONS | _ADVERBS | _OTHER_FUNCTION_WORDS | _GERMAN_AUXILIARIES
    | _KONJUNKTIV_I | _KONJUNKTIV_II | frozenset(_GERMAN_VERBS) | _GERMAN_PARTICIPLES
    | _ENGLISH_VERBS | _QUOTING_VERBS | _PRONOUNS["german"] | _PRONOUNS["english"]
)

_PHRASE_ENDS = _PREPOSITIONS | _ADVERBS
#: Words after an opening phrase that are not its verb: "Die Polizei in Berlin", "CDU und FDP".
_FRAME_NON_VERBS = _PREPOSITIONS | _DETERMINERS | _OTHER_FUNCTION_WORDS | _ADVERBS
#: Words that are a cue by themselves (see ``_cue_at``); other cues need a second word.
_CUE_WORDS = (frozenset(_GERMAN_VERBS) | _QUOTING_VERBS | _ENGLISH_VERBS
              | union("SINGLE_WORD_CUES"))
#: Prepositions that extend a name with its organisation or place: "John Sifton von Human Rights Watch".
_PHRASE_EXTENDERS = union("SPEAKER_EXTENDERS")
#: Speech verbs that need a particle ("gab … bekannt") and the cue words that need none.
_PARTICLE_VERBS = frozenset(form for form, (required, _) in _GERMAN_VERBS.items() if required)
_LANGUAGES = {"german": _GERMAN, "english": _ENGLISH}
#: Cue words other than verbs (see digest.lang.german): "laut X" / "according to X", "X zufolge",
#: "…, so X", "Wie X mitteilte", "nach Angaben X".
_SOURCE_FIRST = {lang: frozenset(words[0] for words in module.SOURCE_PREPOSITIONS)
                 for lang, module in _LANGUAGES.items()}
_AS_WORDS = union("AS_CUES")
#: Every word at which _cue_at may find a cue, per language: _find_cue asks only at these.
_CUE_AT_WORDS = {
    "english": _QUOTING_VERBS | _SOURCE_FIRST["english"] | _ENGLISH_VERBS,
    "german": _QUOTING_VERBS | _SOURCE_FIRST["german"] | frozenset(_GERMAN_VERBS) | _GERMAN_AUXILIARIES
    | _GERMAN.SO_CUES | _GERMAN.SOURCE_POSTPOSITIONS | _GERMAN.REPORT_PREPOSITIONS | _GERMAN.AS_CUES
    | _GERMAN.HEARSAY_VERBS,
}
_SO_WORDS = union("SO_CUES")
_HEARSAY_VERBS, _HEARSAY_SUBJECTS = union("HEARSAY_VERBS"), union("HEARSAY_SUBJECTS")
#: A view held before a comma or colon ("der Meinung, dass"): the quick check of _opinion.
_OPINION = re.compile(r"\b(?:" + "|".join(sorted(_DETERMINERS)) + r")\s+(?:\w+\s+){0,3}?(?:"
                      + "|".join(sorted(_REPORT_NOUNS)) + r")\s*[,:]")
_REPORT_PREPOSITIONS = union("REPORT_PREPOSITIONS")
_FREE_CUE_WORDS = (_CUE_WORDS - _PARTICLE_VERBS) - _AS_WORDS
_CLAUSE_AS = re.compile(r"(?:^|,\s*)(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}"
                                                      for w in sorted(_AS_WORDS)) + r")\s")
#: Forms of "werden" after a participle: "Besonders kritisiert wurde …" is a passive, not speech.
_PASSIVE = _GERMAN.PASSIVE_AUXILIARIES
#: Number words that open a sentence as an object ("Zwölf Todesopfer forderte ein Taifun").
_NUMBER_WORDS = union("NUMBER_WORDS")
#: Connectives of a reporter's own comment (see digest.lang.german.REPORTER_CONNECTIVES).
_REPORTER_CONNECTIVES = union("REPORTER_CONNECTIVES")
_TOKEN = re.compile(r"[^\W_]+(?:[-‐'’][^\W_]+)*|[^\w\s]")
_WORD = re.compile(r"[^\W_]+(?:[-‐'’][^\W_]+)*")
_LONG_ROLE = re.compile("|".join(sorted(map(re.escape, ROLE_WORDS), key=len, reverse=True)))
_SHORT_ROLE = re.compile(r"(?:" + "|".join(_SHORT_ROLE_WORDS) + r")(?:"
                         + "|".join(sorted(union("ROLE_ENDINGS"))) + r")?$")
_DEFINITE = union("DEFINITE_DETERMINERS")
#: Role stems naming a body ("Regierung", "ministry"): a bare one is a speaker of its own.
_INSTITUTIONS = union("INSTITUTION_ROLE_WORDS")
_ANY_ROLE = re.compile("|".join(sorted(map(re.escape, ROLE_WORDS | _INSTITUTIONS | set(_SHORT_ROLE_WORDS)),
                                       key=len, reverse=True)))
_ADJECTIVE_END = re.compile(r"(?:e|en|er|em|es)$")

#: Quotation marks: openers that always open, and each opener's possible closers.
_ALWAYS_OPEN = "„‚"
_CLOSERS = {"„": "“”\"", "‚": "‘’'", "»": "«", "«": "»", "“": "”\"", "”": "”", "\"": "\"“”",
            "‘": "’", "'": "'"}
_DOUBLE = "\"“”«»"
_SINGLE = "'‘"
_QUOTE_CHARS = frozenset("„‚»«“”\"‘’'")
_COLON_QUOTE = re.compile(":[\\s_]*[" + "".join(sorted(_QUOTE_CHARS)) + "]")  # tokens skip spaces and "_"
_PRONOUN_WINDOW = 3
#: Sentences a quotation may run over before it is closed.
_MAX_QUOTE_CHAIN = 15
#: Negations that close a clause: "… nannte er nicht" reports nothing said.
_NEGATIONS = union("NEGATIONS")
#: Pronouns that are always a subject: after a verb, the phrase before it is an object.
_NOMINATIVE_PRONOUNS = union("NOMINATIVE_PRONOUNS")
_RELATIVE_PRONOUNS = union("RELATIVE_PRONOUNS")
_COORDINATORS = union("COORDINATORS")
#: "Anfang", "Mitte", "Ende": a phrase headed by one ("Anfang der Woche") is a time, no speaker.
_DATE_QUALIFIERS = frozenset(word.lower() for word in union("DATE_QUALIFIERS"))
#: Words that open a reported clause: "…, dass er bereit sei".
_COMPLEMENTIZERS = union("COMPLEMENTIZERS")
_REPORTED_FORMS = _KONJUNKTIV_I | _KONJUNKTIV_II
#: A complementizer after a comma opening a clause with a Konjunktiv form (the quick check of _verb_frame).
_REPORTED_CLAUSE = re.compile(r",\s*(?:" + "|".join(sorted(_COMPLEMENTIZERS)) + r")\s[^,;:.!?]*?\b(?:"
                              + "|".join(sorted(_REPORTED_FORMS)) + r")\b")
_ANY_QUOTE = re.compile("[" + "".join(sorted(_QUOTE_CHARS)) + "]")
_STATEMENT_STRIP = " \t,;:–—-"
#: What a quotation span never starts or ends with (``_trimmed``).
_QUOTATION_TRIM = frozenset(" \t\n,;:.–—-")
#: Characters a sentence has before a speech verb that follows its quotation: "„…“, sagte X".
_QUOTATION_ENDS = frozenset(",“”\"«»?!–—")
#: The comma and "wie" before a cue clause: "…, wie sein Anwalt mitteilte" (English "…, as X said").
_WIE_BEFORE = re.compile(r",\s*(?:[Ww]ie|[Aa]s)(?:\s+\w+)?$")  # "…, wie sein Anwalt mitteilte"
#: A colon before a quotation: "X war zufrieden: „…“" (where the quotation begins).
_LAST_COLON_QUOTE = re.compile("^.*:\\s*[" + "".join(sorted(_QUOTE_CHARS)) + "]", re.S)
#: "zu" before an infinitive, and infinitives with "zu" inside ("zurückzukehren", "einzutreten").
_INFINITIVE_MARKS = union("INFINITIVE_MARKS")
_INFIXED_INFINITIVE = re.compile("(?:" + "|".join(_GERMAN.SEPARABLE_PREFIXES) + ")zu[a-zäöüß]{2,}en")
#: Words that join an organisation's attribute to it after "von"/"vom": "vom Institut für Astronomie".
_ORGANISATION_LINKS = union("ORGANISATION_LINKS")
#: Words opening the clause of what was said after a speech verb and a comma ("dass", "ob").
_CLAUSE_OPENERS = union("CONTENT_CLAUSE_OPENERS")
#: Prepositions whose object is what was said ("sprach von …"): a relative clause after it is no quotation.
_CONTENT_PREPOSITION_WORDS = frozenset(_GERMAN.CONTENT_PREPOSITIONS)
#: Cue words of "according to" attributions: laut X, X zufolge, nach Angaben X, …, so X.
_ACCORDING_TO_WORDS = union("ACCORDING_TO_WORDS")
#: Bounds that keep the work per sentence linear: words in a speaker phrase, words between
#: an auxiliary and its participle ("hatte … gesagt").
_MAX_PHRASE = 12
#: Tokens of a relative clause between a subject and its speech verb ("Deiss, der …, sagte").
_MAX_RELATIVE_CLAUSE = 40
_MAX_PERFECT_SPAN = 40


class _Token(NamedTuple):
    """A word or punctuation mark of a sentence, with its place and whether it is quoted (a named
    tuple: sentences are made of tens of thousands of them, and tuples are quick to make)."""

    text: str
    start: int
    end: int
    low: str
    is_word: bool
    quoted: bool
    kind: str  # "role", "name", "adj" (see _word_kind) or "stop" (also any quoted token or mark)


@dataclass(frozen=True)
class _Sentence:
    """A sentence split into tokens, with its quoted spans (character offsets of the words)."""

    text: str
    lang: str
    tokens: tuple[_Token, ...]
    quotes: tuple[tuple[int, int], ...]
    clause_ends: tuple[int, ...]  # for each token, the index of the next punctuation or quote
    opens_quote: bool  # ends inside a quotation that it opened
    closes_quote: bool  # starts inside a quotation opened in an earlier sentence


@dataclass(frozen=True)
class _Phrase:
    """A speaker phrase: tokens [start, stop) name the speaker, tokens up to end are used up."""

    start: int
    stop: int
    end: int
    head: int  # the main noun, before any genitive or apposition


@dataclass(frozen=True)
class _Cue:
    """Where a sentence attributes itself, and to whom: a phrase, or a pronoun to resolve."""

    position: int  # character offset of the cue, to choose the quote that goes with it
    phrase: _Phrase | None
    word: str = ""  # the cue word as written ("sagte", "laut"); "" for a colon before a quote
    vague: bool = False  # the source is a document, medium or crowd: "laut Medienberichten" (hidden)


# --- aliases -----------------------------------------------------------------------------------


@lru_cache(maxsize=10_000)
def _normalize(text: str) -> str:
    """Lower-case words of a name or alias, hyphens unified, leading articles dropped (cached: the
    configured aliases are normalized for every article)."""
    words = [w.lower().replace("‐", "-").replace("’", "'") for w in _WORD.findall(text)]
    while words and words[0] in _DETERMINERS:
        words.pop(0)
    return " ".join(words)


def speaker_aliases(speakers: Iterable[tuple[str, Sequence[str]]]) -> dict[str, str]:
    """Map each normalized alias (and canonical name) to its canonical name; the first speaker wins."""
    table: dict[str, str] = {}
    for canonical, aliases in speakers:
        names = (aliases,) if isinstance(aliases, str) else tuple(aliases)
        for alias in (canonical, *names):
            key = _normalize(alias)
            if key:
                table.setdefault(key, canonical)
    return table


# --- quotes and tokens -------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _quote_spans(text: str) -> tuple[tuple[tuple[int, int], ...], bool, bool]:
    """Character spans inside quotation marks; whether a quote is left open or closed unopened
    (cached: a sentence's quotes are asked for by the classifier's facts and by the analysis)."""
    spans: list[tuple[int, int]] = []
    opener, start, closes_unopened = "", 0, False
    for match in _ANY_QUOTE.finditer(text):  # only the quotation marks: the regex skips the rest
        pos, char = match.start(), match.group()
        before = text[pos - 1] if pos else " "
        after = text[pos + 1] if pos + 1 < len(text) else " "
        if opener:
            if char in _CLOSERS[opener] and not (char in "’'" and after.isalpha()):
                spans.append((start, pos))
                opener = ""
        elif char in _ALWAYS_OPEN or (char in _SINGLE and before.isspace() and after.isalpha()):
            opener, start = char, pos + 1
        elif char in _DOUBLE:
            if (before.isspace() or before in "([–—/") and not after.isspace():
                opener, start = char, pos + 1
            elif not spans and pos > 0:
                spans.append((0, pos))
                closes_unopened = True
    if opener:
        spans.append((start, len(text)))
    return tuple(spans), bool(opener), closes_unopened  # a tuple: the result is cached and shared


def _analyse(text: str, lang: str) -> _Sentence:
    """Tokenize a sentence, mark quoted tokens, classify words and find clause ends."""
    spans, opens, closes = _quote_spans(text)
    tokens: list[_Token] = []
    boundaries: list[bool] = []
    index, make, count = 0, tuple.__new__, len(spans)  # tuple.__new__: a named tuple made quickly
    known = _TOKEN_FACTS
    for match in _TOKEN.finditer(text):
        start, word = match.start(), match.group()
        low, is_word, kind = known.get(word) or _token_facts(word)
        quoted = False
        if count:
            while index < count and spans[index][1] <= start:
                index += 1
            quoted = index < count and spans[index][0] <= start
        kind = "stop" if quoted else kind
        tokens.append(make(_Token, (word, start, match.end(), low, is_word, quoted, kind)))
        boundaries.append(quoted or not is_word)
    ends, end = [0] * len(tokens), len(tokens)  # each token's clause end: the next mark or quoted token
    for i in range(len(tokens) - 1, -1, -1):
        end = i if boundaries[i] else end
        ends[i] = end
    return _Sentence(text, lang, tuple(tokens), tuple(spans), tuple(ends), opens, closes)


#: Each token's lower case, whether it is a word, and its class unquoted (see _token_facts).
_TOKEN_FACTS: dict[str, tuple[str, bool, str]] = {}
#: Tokens remembered; cleared past this many (news vocabulary repeats a lot).
_TOKEN_FACTS_LIMIT = 100_000


def _token_facts(token: str) -> tuple[str, bool, str]:
    """A token's lower case, whether it is a word, and its class when unquoted; remembered."""
    is_word = token[0].isalnum()
    facts = (token.lower(), is_word, _word_kind(token) if is_word else "stop")
    if len(_TOKEN_FACTS) >= _TOKEN_FACTS_LIMIT:
        _TOKEN_FACTS.clear()
    _TOKEN_FACTS[token] = facts
    return facts


# --- word classes ------------------------------------------------------------------------------


def _is_role(low: str) -> bool:
    """True for a word naming an office or role: "Kremlsprecher", "Präsidenten", "spokesman"."""
    return bool(_LONG_ROLE.search(low) or _SHORT_ROLE.search(low))


@lru_cache(maxsize=10_000)
def _is_non_speaker(low: str) -> bool:
    """True for a document, medium or crowd, or a compound ending in one ("Medienberichten")."""
    if low in NON_SPEAKER_HEADS:
        return True
    return any(low.endswith(head) and len(low) >= len(head) + 3 for head in NON_SPEAKER_HEADS
               if len(head) > 3)


@lru_cache(maxsize=100_000)
def _word_kind(word: str) -> str:
    """The class of an unquoted word (cached: news vocabulary repeats)."""
    low = word.lower()
    if word[0].isdigit():  # "85-jährige" is an adjective ("Der 85-jährige Joseph Ratzinger"), "2020" none
        return "adj" if "-" in word and word[-1].islower() else "stop"
    if low in _FUNCTION_WORDS and not (len(word) > 1 and word.isupper()):
        return "stop"  # an acronym is a name: "Die WHO weist darauf hin", "die US-Regierung"
    if _is_role(low):
        return "role"
    return "name" if word[0].isupper() else "adj"


# --- speaker phrases ---------------------------------------------------------------------------


def _names_from(tokens: Sequence[_Token], i: int, limit: int) -> int:
    """Index after a run of capitalized names starting at i (i itself when there is none)."""
    j = i
    while j < limit and j - i < 4 and tokens[j].kind == "name":
        j += 1
    return j


def _closes_phrase(tokens: Sequence[_Token], j: int, limit: int) -> bool:
    """True when position j ends a phrase: end, punctuation, a preposition or an adverb."""
    return j >= limit or not tokens[j].is_word or tokens[j].low in _PHRASE_ENDS


def _parse(tokens: Sequence[_Token], i: int, limit: int) -> _Phrase | None:
    """Read a speaker phrase forward from token i, without going past limit."""
    limit = min(limit, i + _MAX_PHRASE)
    j = i
    if j < limit and tokens[j].low in _DETERMINERS:
        j += 1
    start, head, names, roles = j, -1, 0, 0
    stop = end = j
    if j == 0 and _starts_with_adjective(tokens, limit):
        j += 1  # "Russischer Botschafter …" at the start of a sentence or headline
    while j < limit:
        token = tokens[j]
        kind = token.kind
        if kind in ("name", "role"):
            names += kind == "name"
            roles += kind == "role"
            head = j
            j = stop = end = j + 1
            continue
        bare_role = roles and not names
        if token.text == ",":
            after = _names_from(tokens, j + 1, limit)
            if bare_role and after > j + 1 and _closes_phrase(tokens, after, limit):
                stop = end = after  # "der Botschafter, Andrej Kelin"
            elif names:
                end = _role_apposition(tokens, j, limit) or end  # "Peskov, the spokesman,"
            break
        if kind == "stop":
            if bare_role and token.low in _GENITIVE_WORDS:
                k = _genitive(tokens, j + 1, limit)
                if k:
                    j = stop = end = k
                    continue
            if bare_role and token.low in _PLACE_PREPOSITIONS:
                stop, end = _located(tokens, j, limit, stop)
            break
        k = j
        while k < limit and k - j < 3 and tokens[k].kind == "adj" and tokens[k].low not in _NUMBER_WORDS:
            k += 1  # "der Militärjunta zehn Personen": a number opens the next phrase
        follower = tokens[k].kind if k < limit else "stop"
        if follower == "role" or (follower == "name" and not names):
            j = k
            continue
        break
    if head < 0:
        return None
    return _Phrase(start, stop, end, head)


def _starts_with_adjective(tokens: Sequence[_Token], limit: int) -> bool:
    """True when a sentence opens with a capitalized adjective before a role: "Russischer Botschafter"."""
    return (limit > 1 and tokens[0].kind == "name" and bool(_ADJECTIVE_END.search(tokens[0].low))
            and tokens[1].kind == "role")


def _role_apposition(tokens: Sequence[_Token], comma: int, limit: int) -> int:
    """Index after ", the Kremlin spokesman," following a name, else 0."""
    j = comma + 1
    if j < limit and tokens[j].low in _DETERMINERS:
        j += 1
    roles = 0
    while j < limit and tokens[j].kind in ("name", "role", "adj"):
        roles += tokens[j].kind == "role"
        j += 1
        if j < limit and tokens[j].low in _GENITIVE_WORDS and tokens[j - 1].kind != "adj":
            after = _genitive(tokens, j + 1, limit)  # ", die Vorsitzende der Demokratischen Partei,"
            roles, j = (roles + 1, after) if after else (roles, j)  # ", Vorstandsmitglied der Liga,"
    return j + 1 if roles and j < limit and tokens[j].text == "," else 0


def _genitive(tokens: Sequence[_Token], i: int, limit: int) -> int:
    """Index after a genitive attribute ("des russischen Außenministeriums"), else 0."""
    j = i
    if j < limit and tokens[j].low in _DETERMINERS:
        j += 1
    while j < limit and j - i < 4 and tokens[j].kind == "adj":
        j += 1
    k = j
    while k < limit and k - j < 4 and tokens[k].kind in ("name", "role"):
        k += 1
    return k if k > j else 0


def _located(tokens: Sequence[_Token], prep: int, limit: int, stop: int) -> tuple[int, int]:
    """Handle "Botschafter in London[, Andrej Kelin]": (phrase stop, tokens used); a place with no name after it
    is part of the speaker (quotes-de takes "Ein Regierungssprecher in Berlin" whole)."""
    place = _names_from(tokens, prep + 1, limit)
    if place == prep + 1:
        return stop, stop
    if place < limit and tokens[place].text == ",":
        after = _names_from(tokens, place + 1, limit)
        if after > place + 1 and _closes_phrase(tokens, after, limit):
            return after, after
    return place, place  # "die Regierung in Lomé", "der russische Botschafter in London": the place is part of it


def _valid(tokens: Sequence[_Token], phrase: _Phrase) -> bool:
    """A speaker needs a name or role word and a head that is no document or crowd, and does not open
    with a number ("Zwölf Todesopfer"); a medium is a speaker when it is named or qualified ("die
    Deutsche Presseagentur meldete", "nach Einschätzung Moskauer Medien", "so die Ärztezeitung"; not
    "laut Medien"): the digest's Stimmen leave it out (see ``_hidden``), ``digest voices`` shows it."""
    if tokens[phrase.start].low in _NUMBER_WORDS:
        return False
    head = tokens[phrase.head].low
    if head in _MONTHS or head in _TIME_WORDS:
        return False  # a time ("hatte Anfang Juli berichtet", "letzten September"), not a speaker
    if not _is_non_speaker(head):
        return True
    return _is_medium(head) and (phrase.stop - phrase.start > 1 or head not in _MEDIA_HEADS)


@lru_cache(maxsize=10_000)
def _is_medium(low: str) -> bool:
    """True for a medium or agency, or a compound ending in one ("Nachrichtenagentur")."""
    return low in _MEDIA_HEADS or any(low.endswith(head) and len(low) >= len(head) + 3
                                      for head in _MEDIA_HEADS if len(head) > 3)


def _is_pronoun(sentence: _Sentence, i: int) -> bool:
    """True when token i is a personal pronoun (er, sie, he, she) outside quotes."""
    tokens = sentence.tokens
    return i < len(tokens) and not tokens[i].quoted and tokens[i].low in _PRONOUNS[sentence.lang]


def _skip_adverbs(tokens: Sequence[_Token], i: int, limit: int) -> int:
    """Skip adverbs and "am Freitag" / "on Friday" between a verb and its subject."""
    j = i
    while j < limit and j - i < 4 and not tokens[j].quoted:
        if tokens[j].low in _ADVERBS:
            j += 1
        elif tokens[j].low in _TIME_PREPOSITIONS and j + 1 < limit and tokens[j + 1].low in _TIME_WORDS:
            j += 2
        else:
            break
    return j


def _after(sentence: _Sentence, i: int, limit: int, skip: bool = True, source: bool = False,
           ) -> _Cue | None:
    """The subject after a verb (or preposition) at token i - 1: a phrase or a pronoun (``source``: of
    an according_to cue, see ``_valid``)."""
    tokens = sentence.tokens
    j = _skip_adverbs(tokens, i, limit) if skip else i
    position = tokens[i - 1].start
    if j < limit and _is_pronoun(sentence, j):
        return _Cue(position, None)
    if skip and j < limit and tokens[j].low in _OBJECT_DETERMINERS:
        return None  # "teilte dem Sender mit": an object after the verb, no subject
    if source and sentence.lang == "german" and j + 1 < limit and tokens[j].low in _DETERMINERS:
        quoted = _quoted_source(tokens, j + 1, limit)  # "der „Frankfurter Allgemeinen Zeitung“"
    else:
        quoted = _quoted_source(tokens, j, limit) if source and sentence.lang == "german" else None
    if quoted is not None:
        return _Cue(position, quoted, vague=True)  # a title: a medium or document, not shown as a speaker
    phrase = _parse(tokens, j, limit)
    if phrase is None:
        return None
    if not _valid(tokens, phrase):
        found = _report_source(sentence, phrase, position, limit) if source else None
        return found or _vague_cue(sentence, position, phrase)
    if source and sentence.lang == "english" and phrase.end < limit and tokens[phrase.end].kind == "adj":
        return None  # "according to Russian media": the phrase goes on in a lowercase noun
    if source:  # "laut dem Außenministerium in Istanbul stattfinden": the place is rather the clause's
        phrase = replace(phrase, stop=_place_start(tokens, phrase))
    return _Cue(position, phrase)


def _place_start(tokens: Sequence[_Token], phrase: _Phrase) -> int:
    """Where a place after the phrase's role starts ("Sprecher in Berlin"), else the phrase's stop."""
    for j in range(phrase.start + 1, phrase.stop):
        if tokens[j].low in _PLACE_PREPOSITIONS and tokens[j - 1].kind == "role":
            return j
    return phrase.stop


def _clause_start(sentence: _Sentence, verb: int, at_comma: bool) -> int:
    """Index where the clause of a verb starts: after a quote, ";", ":" (or "," if at_comma)."""
    start = verb
    while start > 0 and verb - start <= _MAX_PHRASE:
        prev = sentence.tokens[start - 1]
        if prev.quoted or prev.text in ";:" or prev.text in _QUOTE_CHARS:
            break
        if prev.text == "," and at_comma:
            break
        start -= 1
    return start


def _before(sentence: _Sentence, verb: int) -> _Cue | None:
    """The subject before a verb: everything from the clause start must be the speaker phrase."""
    english = sentence.lang == "english"
    starts = (_clause_start(sentence, verb, True), _clause_start(sentence, verb, False))
    coordinated = sentence.tokens[starts[0]].low in _COORDINATORS  # "…, und das Hilfswerk rief … auf"
    for start in starts if english or coordinated else starts[1:]:
        cue = _whole_subject(sentence, start, verb)
        if cue is not None:
            return cue
    return _relative_subject(sentence, verb) or _apposition_subject(sentence, verb)


def _extended(tokens: Sequence[_Token], phrase: _Phrase | None, end: int) -> _Phrase | None:
    """The phrase with its organisation or place after it: "John Sifton von Human Rights Watch", "X von der
    IG Metall"."""
    if phrase is None or phrase.end >= end or tokens[phrase.end].low not in _PHRASE_EXTENDERS:
        return phrase
    first = phrase.end + 1 + (phrase.end + 1 < end and tokens[phrase.end + 1].low in _DETERMINERS)
    names = _names_from(tokens, first, end)
    if names <= first:
        return phrase
    for _ in range(2):  # the organisation's own attribute: "Ken Rice vom Institut für Astronomie in Edinburgh"
        if names >= end or tokens[names].low not in _ORGANISATION_LINKS:
            break
        first = names + 1 + (names + 1 < end and tokens[names + 1].low in _DETERMINERS)
        more = _names_from(tokens, first, end)
        if more <= first:
            break
        names = more
    return _Phrase(phrase.start, names, names, phrase.head)


def _coordinated(tokens: Sequence[_Token], phrase: _Phrase | None, end: int) -> _Phrase | None:
    """The phrase with the phrases coordinated to it, as one speaker: "CDU und FDP", "Transparency
    International, Campact und LobbyControl" (a comma joins only in a list that "und" closes, else it is
    an apposition: "Tony Auden, ein Sprecher des Zentrums")."""
    result = current = phrase
    while (current is not None and current.end < end - 1
           and (tokens[current.end].low in _COORDINATORS or tokens[current.end].text == ",")):
        joiner = tokens[current.end].low
        following = _extended(tokens, _parse(tokens, current.end + 1, end), end)
        if following is None or not _valid(tokens, following):
            break
        current = _Phrase(current.start, following.stop, following.end, current.head)
        result = current if joiner in _COORDINATORS else result
    return result


def _apposition_subject(sentence: _Sentence, verb: int) -> _Cue | None:
    """The subject before an apposition naming a person or office between commas right before the verb:
    "Der Bürgermeister von Christchurch, Bob Parker, teilte mit", "Frank Biermann, Vorsitzender der
    Journalisten-Union für das Münsterland, sagte"; a bare role takes the apposition's name along."""
    tokens = sentence.tokens
    if verb < 4 or tokens[verb - 1].text != ",":
        return None
    comma = next((c for c in range(verb - 2, max(0, verb - _MAX_RELATIVE_CLAUSE), -1)
                  if tokens[c].text in ",;:" or tokens[c].quoted or tokens[c].text in _QUOTE_CHARS), 0)
    apposition = tokens[comma + 1:verb - 1]
    if comma < 1 or tokens[comma].text != "," or not apposition or apposition[0].low in _RELATIVE_PRONOUNS:
        return None
    kinds = [t.kind for t in apposition]
    if "role" not in kinds and kinds.count("name") < 2:
        return None
    cue = _whole_subject(sentence, _clause_start(sentence, comma, False), comma)
    if (cue is None or cue.phrase is None) and kinds.count("name") == len(kinds) >= 2:
        cue = _Cue(0, _Phrase(comma + 1, verb - 1, verb - 1, verb - 2))  # "…, Peter Clever, hat gesagt"
    if cue is None or cue.phrase is None:
        return None
    phrase = cue.phrase
    if all(t.kind != "name" for t in tokens[phrase.start:phrase.stop]):
        phrase = replace(phrase, stop=verb - 1)  # "der Bürgermeister, Bob Parker"
    return _Cue(tokens[verb].start, replace(phrase, end=verb))


def _relative_subject(sentence: _Sentence, verb: int) -> _Cue | None:
    """The subject before a relative clause closed by a comma right before the verb: "Deiss, der sich
    zu diesem Schritt entschlossen hatte, sagte", "Peskov, who was in Minsk, said"."""
    tokens = sentence.tokens
    if verb < 4 or tokens[verb - 1].text != ",":
        return None
    for comma in range(verb - 3, max(0, verb - _MAX_RELATIVE_CLAUSE) - 1, -1):
        token = tokens[comma]
        if token.quoted or token.text in ";:" or token.text in _QUOTE_CHARS:
            return None
        if token.text == "," and tokens[comma + 1].low in _RELATIVE_PRONOUNS:
            cue = _whole_subject(sentence, _clause_start(sentence, comma, False), comma)
            return replace(cue, position=tokens[verb].start) if cue is not None else None
    return None


def _whole_subject(sentence: _Sentence, start: int, verb: int) -> _Cue | None:
    """The speaker when tokens [start, verb) are exactly a speaker phrase or a pronoun."""
    tokens = sentence.tokens
    end = verb
    while start < end and (not tokens[start].is_word or tokens[start].low in _LEADING_PARTICLES):
        start += 1
    if sentence.lang == "english":
        while end > start and tokens[end - 1].low in _ENGLISH_AUX:
            end -= 1
    else:
        while end - start > 1 and tokens[end - 1].low in _ADVERBS:
            end -= 1  # "Der Kreml jedoch erklärte", "Die Armeeleitung hingegen sprach von …"
    if end - start > 3 and tokens[end - 1].text == ")":  # "Guido Westerwelle (FDP) erklärte": the party
        end = next((b for b in range(end - 2, max(start, end - 8), -1) if tokens[b].text == "("), end)
    if start >= end:
        return None
    position = tokens[verb].start
    if end - start == 1 and _is_pronoun(sentence, start):
        return _Cue(position, None)
    phrase = _parse(tokens, start, end)
    if (phrase is not None and phrase.end < end and tokens[phrase.end].low in _GENITIVE_WORDS
            and tokens[phrase.head].low not in _DATE_QUALIFIERS  # "Anfang der Woche hatte X" is a time
            and (phrase.start == start or tokens[phrase.start - 1].low in _DEFINITE)):  # "Eine Verschiebung
        # des Wahltermins bezeichnete Conze als fatal": an indefinite phrase first is rather the object
        after = _genitive(tokens, phrase.end + 1, end)  # "Die Veranstalter der Demonstration erklärten"
        phrase = _Phrase(phrase.start, after, after, phrase.head) if after == end else phrase
    phrase = _coordinated(tokens, _extended(tokens, phrase, end), end)
    if (phrase is not None and phrase.end < end - 2 and tokens[phrase.end].text == ","
            and tokens[phrase.head].kind == "role" and tokens[end - 1].text == ","
            and _names_from(tokens, phrase.end + 1, end) == end - 1):  # "die Premierministerin von
        phrase = _Phrase(phrase.start, end - 1, end, phrase.head)  # Queensland, Anna Bligh, erklärte"
    if phrase is not None and phrase.end == end - 1 and end - start > 2 and tokens[end - 1].text == ",":
        phrase = replace(phrase, end=end)  # "Emily Lau, die Vorsitzende der Partei, sagte"
    if phrase is None or phrase.end != end:
        return None
    if not _valid(tokens, phrase):  # "Der Bericht führt aus, …", "so die Studie": a vague source
        return _vague_cue(sentence, position, phrase)
    return _Cue(position, phrase)


def _subject(sentence: _Sentence, verb: int, limit: int) -> _Cue | None:
    """The subject of a speech verb: before it (subject first), else right after it; a pronoun that
    can only be a subject right after the verb wins ("Ein genaues Datum nannte er nicht")."""
    after = verb + 1
    if after < limit and sentence.tokens[after].low in _NOMINATIVE_PRONOUNS and _is_pronoun(sentence, after):
        return _Cue(sentence.tokens[verb].start, None)
    before = _before(sentence, verb)
    if before is not None or (sentence.lang == "german" and _noun_before(sentence, verb)):
        return before
    cue = _after(sentence, after, limit)
    if cue is not None and cue.phrase is not None and _singular_after_plural(sentence, verb, cue.phrase):
        return None  # "… melden eine ausreichende Versorgung": a singular after a plural verb is its object
    if cue is not None and sentence.lang == "german" and verb and sentence.tokens[verb - 1].low in _COORDINATORS:
        return _opening_subject(sentence, verb) or cue  # "Die Partei hat … und fordert harte Maßnahmen"
    return cue


def _opening_subject(sentence: _Sentence, verb: int) -> _Cue | None:
    """(German) The subject of a verb after "und" with its subject left out: the speaker phrase or pronoun
    opening the sentence before its own verb ("Netanyahu befand … und nannte den Angriff „…“"); the phrase
    after the verb is its object. None when the sentence opens with no such phrase."""
    tokens = sentence.tokens
    start = 0
    while start < verb and tokens[start].low in _LEADING_PARTICLES:
        start += 1
    if _is_pronoun(sentence, start):
        return _Cue(tokens[verb].start, None)
    phrase = _coordinated(tokens, _extended(tokens, _parse(tokens, start, verb), verb), verb)
    if phrase is None or phrase.end >= verb or not _valid(tokens, phrase):
        return None
    follower = tokens[phrase.end]
    if not follower.is_word or follower.quoted or follower.text[0].isupper() or follower.low in _FRAME_NON_VERBS:
        return None
    return _Cue(tokens[verb].start, phrase)


def _singular_after_plural(sentence: _Sentence, verb: int, phrase: _Phrase) -> bool:
    """True when a verb in the plural ("melden") is followed by a phrase opened by a singular determiner."""
    tokens, words = sentence.tokens, _LANGUAGES[sentence.lang]
    first = phrase.start - 1
    return (bool(words.PLURAL_VERB_ENDINGS) and tokens[verb].low.endswith(words.PLURAL_VERB_ENDINGS)
            and first > verb and tokens[first].low in words.SINGULAR_DETERMINERS)


def _noun_before(sentence: _Sentence, verb: int) -> bool:
    """True when a name or role (or a bracket or apposition after one) stands right before a German
    verb in a clause not opened by a preposition: it is the subject, so the phrase after the verb is
    an object ("Lars Schauer, Manager von Energie Cottbus, bezeichnete die Entscheidung als …")."""
    tokens = sentence.tokens
    j = verb - 1
    if j > 0 and tokens[j].text == ")":
        while j > 0 and tokens[j].text != "(":
            j -= 1
        j -= 1
    elif j > 0 and tokens[j].text == ",":
        j -= 1
        if not any(t.text == "," for t in tokens[:j]):
            return False  # no comma opens an apposition: "Das sei ein Erfolg, sagte Selenskyj"
    else:
        return False
    if j < 0 or tokens[j].kind not in ("name", "role") or tokens[j].low in _TIME_WORDS:
        return False
    return tokens[_clause_start(sentence, verb, False)].low not in _PREPOSITIONS


# --- cues --------------------------------------------------------------------------------------


def _clause_end(sentence: _Sentence, i: int) -> int:
    """Index of the first punctuation mark or quoted token at or after i."""
    return sentence.clause_ends[i] if i < len(sentence.tokens) else len(sentence.tokens)


def _german_verb(sentence: _Sentence, k: int) -> _Cue | None:
    """A finite German speech verb with its particle rule and subject."""
    token = sentence.tokens[k]
    required, forbidden = _GERMAN_VERBS[token.low]
    if token.text[0].isupper() or (k and sentence.tokens[k - 1].low in _DETERMINERS | _PREPOSITIONS):
        return None  # "Fragen blieben offen": a noun; "die erklärte Absicht": an adjective
    if k + 1 < len(sentence.tokens) and sentence.tokens[k + 1].low in _PASSIVE:
        return None  # "Besonders kritisiert wurde …": a passive participle
    end = _clause_end(sentence, k + 1)
    particle = sentence.tokens[end - 1].low if end > k + 1 else ""
    if (required and particle not in required) or particle in forbidden:
        return None
    if sentence.tokens[k].low in _CLAUSE_VERBS and not _clause_follows(sentence, end):
        return None  # "Das Licht geht aus", "hofft auf einen Sieg": no one's words
    needs = _PREPOSITION_VERBS.get(token.low)
    if needs and not any(t.low in needs for t in sentence.tokens[k + 1:end]):
        return None  # "sprach mit Journalisten": "sprach von …" reports
    return _subject(sentence, k, len(sentence.tokens))


def _clause_follows(sentence: _Sentence, end: int) -> bool:
    """True when a comma, colon or quotation follows the clause ending at token ``end``."""
    tokens = sentence.tokens
    return end < len(tokens) and (tokens[end].text in ",:" or tokens[end].quoted
                                  or tokens[end].text in _QUOTE_CHARS)


def _german_perfect(sentence: _Sentence, k: int) -> _Cue | None:
    """ "X hatte (am Freitag) gesagt": an auxiliary with a speech participle in its clause."""
    tokens = sentence.tokens
    end = min(_clause_end(sentence, k + 1), k + 1 + _MAX_PERFECT_SPAN)
    for p in range(k + 1, end):
        if tokens[p].low in _GERMAN_PARTICIPLES:
            return _subject(sentence, k, p)
    return None


def _quoting(sentence: _Sentence, k: int) -> _Cue | None:
    """ "zitiert die Moscow Times Kreml-Sprecher Dmitri Peskow": the quoted person speaks."""
    tokens = sentence.tokens
    end = _clause_end(sentence, k + 1)
    if sentence.lang == "german" and sentence.quotes and end == k + 1:
        passive = _quoted_passive(sentence, k)
        if passive is not None:
            return passive
    if _before(sentence, k) is not None:  # "Die Zeitung zitierte Peskow": the object speaks
        return _after(sentence, k + 1, end, skip=False)
    j = k + 2 if k + 1 < end and tokens[k + 1].low in _DETERMINERS else k + 1
    for m in range(j, min(end, j + 6)):
        if tokens[m].low in _DETERMINERS:
            return _after(sentence, m, end, skip=False)
        if tokens[m].kind == "role":
            first = m
            while first > j and tokens[first - 1].kind == "adj":
                first -= 1
            return _after(sentence, first, end, skip=False)
    if sentence.lang == "german" and k and tokens[k - 1].text == "," and _ANY_QUOTE.search(
            sentence.text, 0, tokens[k].start):  # "„…“, zitiert CNN.": the medium quoting is the source, a
        cue = _after(sentence, k + 1, end, skip=False, source=True)  # vague one (the digest shows no medium)
        return replace(cue, vague=True) if cue is not None and cue.phrase is not None and cue.phrase.end == end \
            else None
    return None


def _quoted_passive(sentence: _Sentence, k: int) -> _Cue | None:
    """(German) The person a passive quoting verb closing its clause quotes: "„…“, wird Panetta zitiert", "In
    der Meldung wird Musk wie folgt zitiert: „…“", "X wird von der Zeitung mit den Worten zitiert: „…“"."""
    tokens = sentence.tokens
    start = _clause_start(sentence, k, False)
    aux = next((j for j in range(k - 1, start - 1, -1) if tokens[j].low in _PASSIVE), -1)
    if aux < 0:
        return None
    start = _clause_start(sentence, aux, True)
    after = _after(sentence, aux + 1, k, skip=False)
    if after is not None and not after.vague:
        return replace(after, position=tokens[k].start)
    before = _before(sentence, aux) if aux > start else None
    return replace(before, position=tokens[k].start) if before is not None and not before.vague else None


def _so(sentence: _Sentence, k: int) -> _Cue | None:
    """ "…, so X." : a speaker phrase after "so" that closes the clause."""
    tokens = sentence.tokens
    if k == 0 or tokens[k - 1].text != ",":
        return None
    cue = _after(sentence, k + 1, len(tokens), skip=False)
    if cue is None or cue.phrase is None or not _closes_phrase(tokens, cue.phrase.end, len(tokens)):
        return None
    return cue


def _zufolge(sentence: _Sentence, k: int) -> _Cue | None:
    """ "X zufolge": the longest speaker phrase that ends right before "zufolge"."""
    tokens = sentence.tokens
    first = k
    while first > 0 and k - first < 8 and not tokens[first - 1].quoted:
        if tokens[first - 1].low in _DETERMINERS:
            first -= 1
            break
        if tokens[first - 1].kind == "stop":
            break
        first -= 1
    for start in range(first, k):
        phrase = _parse(tokens, start, k)
        if phrase is not None and phrase.end == k:
            if _valid(tokens, phrase):
                return _Cue(tokens[k].start, phrase)
            return _vague_cue(sentence, tokens[k].start, phrase)
    return None


def _vague_cue(sentence: _Sentence, position: int, phrase: _Phrase) -> _Cue | None:
    """The cue of a phrase that ``_valid`` rejected: a vague source's when it is one (``_vague``), else none."""
    return _Cue(position, phrase, vague=True) if _vague(sentence, phrase) else None


def _vague(sentence: _Sentence, phrase: _Phrase) -> bool:
    """True (German) for a phrase that ``_valid`` rejects as a document, medium or crowd: a vague source
    ("laut Medienberichten", "Offiziellen Angaben zufolge", "Der Bericht führt aus"); the sentence is
    someone's account, but the digest shows no such speaker (see ``_hidden``)."""
    tokens = sentence.tokens
    return (sentence.lang == "german" and tokens[phrase.start].low not in _NUMBER_WORDS
            and _is_non_speaker(tokens[phrase.head].low))


def _nach_angaben(sentence: _Sentence, k: int) -> _Cue | None:
    """ "nach Angaben von X / des X / Selenskyjs": whose account the sentence reports."""
    tokens = sentence.tokens
    j = k + 1
    if j < len(tokens) and tokens[j].low in _GERMAN.REPORT_NOUN_ARTICLES:
        j += 1
    report = _report(tokens, k + 1)
    if report:
        return _report_cue(sentence, k, report)
    if j >= len(tokens) or tokens[j].low not in _REPORT_NOUNS:
        return None
    j += 1
    if j < len(tokens) and tokens[j].low in _GERMAN.REPORT_SOURCE_LINKS:
        j += 1
    elif j < len(tokens) and tokens[j].low not in _GERMAN.REPORT_SOURCE_ARTICLES and tokens[j].kind == "stop":
        return None
    return _after(sentence, j, len(tokens), skip=False, source=True) if j < len(tokens) else None


def _report(tokens: Sequence[_Token], i: int) -> int:
    """Index after a report noun from token i ("eigenen Angaben", "Polizeiangaben", "einem Bericht"), with
    a determiner and up to two adjectives before it; else 0."""
    j = i + (i < len(tokens) and tokens[i].low in _DETERMINERS)
    first = j
    while j < len(tokens) and j - first < 2 and tokens[j].kind == "adj" and not tokens[j].quoted:
        j += 1
    if j >= len(tokens) or tokens[j].quoted or not tokens[j].is_word or not tokens[j].low.endswith(_REPORTS):
        return 0
    return j + 1


def _report_cue(sentence: _Sentence, k: int, end: int) -> _Cue | None:
    """The cue of "nach <report noun>" ending at token ``end``: its source after "von" or in the genitive
    ("nach einem Bericht der Zeitung"), else the report itself as a vague source ("nach Polizeiangaben")."""
    tokens = sentence.tokens
    start = k + 1 + (tokens[k + 1].low in _DETERMINERS)
    vague = _Cue(tokens[k].start, _Phrase(start, end, end, end - 1), vague=True)
    assert vague.phrase is not None
    return _report_source(sentence, vague.phrase, tokens[k].start, len(tokens)) or vague


#: Words after a document that may open no genitive source: a nominative article, a passive's agent.
_AMBIGUOUS_LINKS = frozenset({"der", "von", "vom"})


def _report_source(sentence: _Sentence, report: _Phrase, position: int, limit: int) -> _Cue | None:
    """(German) The source after a report or document (``report``, a vague phrase): after "von" or "aus"
    ("nach Angaben von X", "nach Angaben aus Khartum"), or in the genitive ("laut Angaben der Feuerwehr",
    "nach Berechnungen eines US-Forschers", "nach Angaben Ibrahims", "nach Angaben informierter Kreise").
    The source is the speaker (vague when it is a medium or crowd: "informierter Kreise"), as quotes-de takes
    it ("Angaben der Feuerwehr" names the Feuerwehr). None when no source follows."""
    tokens = sentence.tokens
    end, head = report.end, tokens[report.head].low
    if sentence.lang != "german" or end >= limit or tokens[end].quoted or not tokens[end].is_word:
        return None
    link = tokens[end]
    if not (head in _REPORT_NOUNS or head.endswith(_REPORTS)) and link.low in _AMBIGUOUS_LINKS:
        return None  # after a document, "der" may open the subject ("laut Verfassung der Parlamentspräsident"),
        # "von" the agent of a passive ("Bezahlt wird diese Rechnung laut Entwurf von Rentnern")
    if link.low in _GERMAN.REPORT_SOURCE_LINKS:
        source = end + 1
    elif link.low in _GERMAN.REPORT_SOURCE_ARTICLES or link.kind in ("name", "role"):
        source = end
    elif (link.kind == "adj" and link.low.endswith("er") and end + 1 < limit
          and tokens[end + 1].kind in ("name", "role")):
        source = end  # a genitive plural: "informierter Kreise" (not "nach eigenen Angaben weitere Joint-Ventures")
    else:
        return None
    cue = _after(sentence, source, limit, skip=False, source=True) if source < limit else None
    return replace(cue, position=position) if cue is not None and cue.phrase is not None else None


def _quoted_source(tokens: Sequence[_Token], j: int, limit: int) -> _Phrase | None:
    """A short quoted name at token j (its opening mark): "laut „Computerwoche“"."""
    if j >= limit or tokens[j].is_word or tokens[j].text not in _QUOTE_CHARS:
        return None
    m = j + 1
    while m < limit and m - j <= 6 and tokens[m].quoted:
        m += 1
    if m == j + 1 or m >= limit or m - j > 6 or tokens[m].text not in _QUOTE_CHARS:
        return None
    return _Phrase(j + 1, m, m + 1, m - 1)


def _cue_at(sentence: _Sentence, k: int) -> _Cue | None:
    """The attribution cue at token k, if it is one and names its speaker."""
    tokens, low, lang = sentence.tokens, sentence.tokens[k].low, sentence.lang
    if low in _QUOTING_VERBS:
        return _quoting(sentence, k)
    if low in _SOURCE_FIRST[lang]:
        after = _source_start(sentence, k)
        return _after(sentence, after, len(tokens), skip=False, source=True) if after else None
    words = _LANGUAGES[lang]
    if lang == "english":
        return _subject(sentence, k, len(tokens)) if low in _ENGLISH_VERBS else None
    if low in _GERMAN_VERBS:
        return _german_verb(sentence, k)
    if low in _GERMAN_AUXILIARIES:
        return _german_perfect(sentence, k)
    if low in words.SO_CUES:
        return _so(sentence, k)
    if low in words.SOURCE_POSTPOSITIONS:
        return _zufolge(sentence, k)
    if low in words.REPORT_PREPOSITIONS:
        return _nach_angaben(sentence, k)
    if low in words.AS_CUES:
        return _wie(sentence, k)
    if low in words.HEARSAY_VERBS:
        return _hearsay(sentence, k)
    return None


def _hearsay(sentence: _Sentence, k: int) -> _Cue | None:
    """ "In einer Erklärung der Regierung heißt es, …", "Aus Paris hieß es, …": the source after a
    preposition of the clause (a document's owner: "der Regierung"); no cue without one."""
    tokens, words = sentence.tokens, _LANGUAGES[sentence.lang]
    if not any(0 <= j < len(tokens) and tokens[j].low in words.HEARSAY_SUBJECTS for j in (k - 1, k + 1)):
        return None
    start, end = _clause_start(sentence, k, True), _clause_end(sentence, k + 1)
    for j in (j for j in range(start, end) if tokens[j].low in words.HEARSAY_PREPOSITIONS and j != k):
        phrase = _parse(tokens, j + 1, end)
        if phrase is not None and not _valid(tokens, phrase) and phrase.end < end \
                and tokens[phrase.end].low in _GENITIVE_WORDS:
            phrase = _parse(tokens, phrase.end + 1, end)  # the owner of a document
        if phrase is not None and _valid(tokens, phrase):
            return _Cue(tokens[k].start, phrase)
    return None


def _source_start(sentence: _Sentence, k: int) -> int:
    """Index after the language's SOURCE_PREPOSITIONS at token k ("laut", "according to"), else 0."""
    tokens = sentence.tokens
    for words in _LANGUAGES[sentence.lang].SOURCE_PREPOSITIONS:
        end = k + len(words)
        if end <= len(tokens) and all(tokens[k + i].low == word for i, word in enumerate(words)):
            return end
    return 0


def _wie(sentence: _Sentence, k: int) -> _Cue | None:
    """ "Wie die Polizei mitteilte, …", "Wie der Vorsitzende Richter, Ottmar Breidling, ausführte, …":
    a speaker phrase (with an apposition between commas) and a speech verb closing the clause."""
    tokens = sentence.tokens
    if k and tokens[k - 1].text != ",":
        return None
    end = _clause_end(sentence, k + 1)
    for _ in range(3):  # the first clause, or one or two commas of an apposition further
        cue = _wie_clause(sentence, k, end)
        if cue is not None or end >= len(tokens) or tokens[end].text != ",":
            return cue
        end = _clause_end(sentence, end + 1)
    return None


def _wie_clause(sentence: _Sentence, k: int, end: int) -> _Cue | None:
    """The cue of "Wie X VERB" when tokens (k, end) are a speaker phrase (or pronoun) and a speech verb
    (the clause's last word: "mitteilte", or "gab" after its particle: "bekannt gab")."""
    tokens = sentence.tokens
    verb = end - 1
    if verb <= k + 1:
        return None
    subject_end = verb - 1 if tokens[verb - 1].low in _GERMAN_VERBS.get(tokens[verb].low, ((),))[0] else verb
    if subject_end == verb and not _is_speech_form(tokens[verb].low):
        return None
    cue = _whole_subject(sentence, k + 1, _before_adverbials(tokens, k + 1, subject_end))
    if cue is None:  # the subject, then an object or adverbial: "Wie die Zeitung in ihrer Ausgabe berichtet"
        phrase = _parse(tokens, k + 1, subject_end)
        if phrase is None or not _valid(tokens, phrase) or any(t.quoted for t in tokens[k + 1:verb]):
            return None
        cue = _Cue(0, phrase)
    return _Cue(tokens[verb].start, cue.phrase, tokens[verb].text)


def _before_adverbials(tokens: Sequence[_Token], start: int, end: int) -> int:
    """Where adverbs and "am Montag" / "on Friday" end a subject before its verb at ``end``: "Wie die NATO
    am Montag mitteilte"."""
    while end - start > 1:
        if tokens[end - 1].low in _ADVERBS:
            end -= 1
        elif (end - start > 2 and tokens[end - 1].low in _TIME_WORDS
              and tokens[end - 2].low in _TIME_PREPOSITIONS):
            end -= 2
        else:
            break
    return end


def _is_speech_form(low: str) -> bool:
    """A speech verb at the end of a clause: "sagte", "berichtet", "mitteilte" (particle joined)."""
    if low in _GERMAN_VERBS or low in _GERMAN_PARTICIPLES:
        return True
    return any(low.endswith(form) and low[:-len(form)] in required
               for form, (required, _) in _GERMAN_VERBS.items() if required)


def _colon_quote(sentence: _Sentence) -> _Cue | None:
    """ "Und er kam zu dem Schluss: „…“": a pronoun or role subject introducing a quote."""
    tokens = sentence.tokens
    for k in range(len(tokens) - 1):
        if tokens[k].text == ":" and not tokens[k].quoted and tokens[k + 1].text in _QUOTE_CHARS:
            start = 0
            while start < k and tokens[start].low in _LEADING_PARTICLES:
                start += 1
            if _is_pronoun(sentence, start):
                return _Cue(tokens[k].start, None)
            phrase = _parse(tokens, start, k)
            if phrase is None and tokens[start].low in _PREPOSITIONS | _ADVERBS:
                phrase = _subject_after_verb(tokens, start, k)  # "In der ARD zeigt sich der Trainer …:"
            if phrase and _valid(tokens, phrase) and _person(tokens, phrase):
                return _Cue(tokens[k].start, phrase)
            return None
    return None


def _person(tokens: Sequence[_Token], phrase: _Phrase) -> bool:
    """True for a phrase naming an office or a person (a role word, or two names: "Hartmut Lierow")."""
    kinds = [t.kind for t in tokens[phrase.start:phrase.stop]]
    return "role" in kinds or kinds.count("name") >= 2


def _subject_after_verb(tokens: Sequence[_Token], start: int, limit: int) -> _Phrase | None:
    """The phrase after the first lowercase word (the verb) of a clause opened by an adverbial, past
    pronouns and particles ("Hier sparte der Bundespräsident …", "zeigt sich der Trainer"); a relative clause
    after the adverbial is skipped ("In einem Bericht, der … veröffentlicht wurde, rechtfertigte das
    Ministerium …")."""
    verb, j = -1, start + 1
    while j < limit:
        if tokens[j].text == "," and j + 1 < limit and tokens[j + 1].low in _RELATIVE_PRONOUNS:
            j = next((c for c in range(j + 2, limit) if tokens[c].text == ","), limit)
        elif tokens[j].kind == "adj":
            verb = j
            break
        j += 1
    j = verb + 1
    while 0 < j < limit and j - verb <= 3 and tokens[j].kind == "stop" and tokens[j].low not in _DETERMINERS:
        j += 1
    return _parse(tokens, j, limit) if verb > 0 else None


def _find_cue(sentence: _Sentence) -> _Cue | None:
    """The first attribution cue of a sentence that names a speaker or pronoun, else a vague source's."""
    cue_words = _CUE_AT_WORDS[sentence.lang]  # any other word: _cue_at finds nothing there
    vague = None
    for k, token in enumerate(sentence.tokens):
        if token.is_word and not token.quoted and token.low in cue_words:
            cue = _cue_at(sentence, k)
            if cue is not None and not cue.vague:
                return replace(cue, word=cue.word or token.text)
            vague = vague or (cue and replace(cue, word=cue.word or token.text))
    return _colon_quote(sentence) or _verb_frame(sentence) or vague


def _verb_frame(sentence: _Sentence) -> _Cue | None:
    """ "Der Verband bedauerte, dass sich die Regierung gestellt habe", "Ali bekannte sich erneut zum
    Dialog: „…“": a speaker phrase opening the sentence and the verb right after it (any verb, in the
    lists or not), followed by a clause in the Konjunktiv after a complementizer or by a colon and a
    quotation."""
    tokens = sentence.tokens
    start = 0
    while start < len(tokens) and tokens[start].low in _LEADING_PARTICLES:
        start += 1
    size = len(tokens)
    phrase = _coordinated(tokens, _extended(tokens, _parse(tokens, start, size), size), size)
    if phrase is None or phrase.end >= len(tokens) or not _valid(tokens, phrase):
        return None
    at = phrase.end
    while at + 2 < len(tokens) and _ADJECTIVE_END.search(tokens[at].low) and tokens[at + 1].kind == "name":
        at += 2  # a genitive attribute: "Der Verband kommunaler Unternehmen bedauerte"
    verb, opinion = tokens[at], _opinion(tokens, at + 1)
    if (not verb.is_word or verb.quoted or verb.text[0].isupper() or verb.low in _REPORTED_FORMS
            or (verb.low in _FRAME_NON_VERBS and not opinion)):  # "Die Gefahr bestehe, dass …": reported
        return None
    phrase = replace(phrase, stop=at, end=at) if at > phrase.end else phrase
    return _Cue(verb.start, phrase, verb.text) if opinion or _reported_after(sentence, at + 1) else None


def _opinion(tokens: Sequence[_Token], i: int) -> bool:
    """True when tokens from i name a view held, then a comma or colon: "(ist) der Meinung, dass …",
    "(vertritt) die gegenteilige Auffassung: …"."""
    j = i + (i < len(tokens) and tokens[i].low in _DETERMINERS)
    while j < len(tokens) and j - i < 4 and tokens[j].kind == "adj":
        j += 1
    return j + 1 < len(tokens) and tokens[j].low in _REPORT_NOUNS and tokens[j + 1].text in ",:"


def _reported_after(sentence: _Sentence, i: int) -> bool:
    """True when, from token i on, a complementizer after a comma opens a clause with a Konjunktiv form
    ("…, dass er bereit sei"), or an unquoted colon comes right before a quotation."""
    tokens = sentence.tokens
    for k in range(i, len(tokens) - 1):
        token = tokens[k]
        if token.text == ":" and not token.quoted and tokens[k + 1].text in _QUOTE_CHARS:
            return True
        if token.text == "," and tokens[k + 1].low in _COMPLEMENTIZERS:
            end = _clause_end(sentence, k + 2)
            return any(t.low in _REPORTED_FORMS for t in tokens[k + 2:end])
    return False


def _continues_speech(sentence: _Sentence) -> bool:
    """True for a sentence that is one quotation, or (German) opens in the Konjunktiv."""
    words = [t for t in sentence.tokens if t.is_word]
    if words and all(t.quoted for t in words):
        return True
    if sentence.lang != "german":
        return False
    for token in sentence.tokens:
        if not token.is_word:
            return False
        if token.low in _KONJUNKTIV_I or (token.low in _KONJUNKTIV_II and sentence.quotes):
            return True
    return False


# --- speakers and statements -------------------------------------------------------------------


def _canonical(tokens: Sequence[_Token], phrase: _Phrase, aliases: Mapping[str, str], width: int,
               ) -> str | None:
    """The canonical name of the longest configured alias in the phrase, whole words only."""
    words = [t for t in tokens[phrase.start:phrase.stop] if t.is_word]
    keys = [t.low.replace("‐", "-").replace("’", "'") for t in words]
    best: tuple[int, str] | None = None
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + width) + 1):
            key = " ".join(keys[i:j])
            if key not in aliases or (best and len(key) <= best[0]):
                continue
            role_only = all(t.kind != "name" for t in words[i:j])
            if role_only and any(t.kind == "name" for t in words[j:]):
                continue  # "der ukrainische Präsident Petro Poroschenko" is not the configured one
            best = (len(key), aliases[key])
    return best[1] if best else None


def _speaker(sentence: _Sentence, phrase: _Phrase, aliases: Mapping[str, str], width: int) -> str:
    """The canonical name when an alias matches, else the phrase as written."""
    tokens = sentence.tokens
    known = _canonical(tokens, phrase, aliases, width)
    if known:
        return known
    return sentence.text[tokens[phrase.start].start:tokens[phrase.stop - 1].end].strip(" ,")


def _attribution(text: str, quotes: Sequence[tuple[int, int]], speaker: str, position: int | None,
                 ) -> Attribution:
    """The statement of an attributed sentence: its quotes near the cue, else the whole sentence."""
    spans = list(quotes)
    if position is not None:
        before = [s for s in spans if s[1] <= position]
        spans = before or [s for s in spans if s[0] >= position] or spans
    parts = [text[a:b].strip(_STATEMENT_STRIP) for a, b in spans]
    parts = [p for p in parts if p]
    if not parts:
        return Attribution(speaker, text, text, False)
    return Attribution(speaker, " … ".join(parts), text, True)


def _recent(found: Mapping[int, Statement], index: int, vague: Iterable[str] = ()) -> str | None:
    """The speaker of the most recent attribution within the previous three sentences (not a vague
    source: "er" is no "Medienberichten")."""
    for j in range(index - 1, max(-1, index - 1 - _PRONOUN_WINDOW), -1):
        if j in found and found[j].attribution.speaker not in vague:
            return found[j].attribution.speaker
    return None




def _may_attribute(text: str, words: frozenset[str] | None = None) -> bool:
    """False only for a sentence in which ``_find_cue`` cannot find a cue (most sentences).

    A cue is one of a few words (a speech verb, "laut", "zufolge"; "so" after a comma;
    "nach" with a report noun; an auxiliary with a participle) or a colon before a quote,
    so a set of the sentence's words spares it the full analysis.
    """
    if ":" in text and _COLON_QUOTE.search(text):
        return True
    if words is None:
        words = _words(text)
    meets = words.isdisjoint  # "not meets(x)": the sentence has a word of x (no set is made)
    return bool(not meets(_FREE_CUE_WORDS)
                or any(words & _GERMAN_VERBS[verb][0] for verb in words & _PARTICLE_VERBS)
                or (not meets(_SO_WORDS) and "," in text)
                or (not meets(_REPORT_PREPOSITIONS) and (not meets(_REPORT_NOUNS)
                                                         or _NACH_REPORT.search(text) is not None))
                or (not meets(_AS_WORDS) and _CLAUSE_AS.search(text))
                or (not meets(_GERMAN_AUXILIARIES) and not meets(_GERMAN_PARTICIPLES))
                or (not meets(_HEARSAY_VERBS) and not meets(_HEARSAY_SUBJECTS))
                or (not meets(_REPORT_NOUNS) and _OPINION.search(text.lower()) is not None)  # see _opinion
                or (not meets(_COMPLEMENTIZERS) and not meets(_REPORTED_FORMS)
                    and _REPORTED_CLAUSE.search(text.lower()) is not None))  # see _verb_frame


def _words(text: str) -> frozenset[str]:
    """The lower-case words of a sentence."""
    return frozenset(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class Statement:
    """An attributed sentence: its index, the attribution, the kind of speech and its cue word."""

    index: int
    attribution: Attribution
    kind: str  # "direct", "indirect", "according_to" or "reported"
    cue: str  # the cue word as written, "" when the sentence continues an earlier one
    hidden: bool = False  # not shown in the digest: a role naming no one ("der Diplomat"), or a medium
    #: character spans in the sentence of what was said: the sentence without its frame (``_quotation``)
    quotation: tuple[tuple[int, int], ...] = ()


class _Read(NamedTuple):
    """One sentence as the attribution pass sees it: analysed only when it may hold a cue."""

    facts: SentenceFacts
    cue: _Cue | None
    sentence: _Sentence | None


def _read(text: str, lang: str, chain: float = 0.0) -> _Read:
    """The facts the classifier needs and the grammar's cue of one sentence (``chain``: its share
    inside a quotation that runs over several sentences)."""
    words = _words(text)
    sentence = _analyse(text, lang) if _may_attribute(text, words) else None
    cue = _find_cue(sentence) if sentence is not None else None
    kind = "" if cue is None else "pronoun" if cue.phrase is None else "vague" if cue.vague else "name"
    quoted, starts, ends, colon = 0.0, False, False, False
    if _ANY_QUOTE.search(text):
        spans = sentence.quotes if sentence is not None else _quote_spans(text)[0]
        quoted = sum(b - a for a, b in spans) / max(1, len(text))
        starts = text.lstrip()[:1] in _QUOTE_CHARS
        ends = text.rstrip().rstrip(".!?")[-1:] in _QUOTE_CHARS
        colon = ":" in text and bool(_COLON_QUOTE.search(text))
    frame = _frame(sentence, cue) / max(1, len(text)) if sentence is not None and cue else 0.0
    konjunktiv = not words.isdisjoint(_KONJUNKTIV_I)
    first = _WORD.search(text)
    grammar = cue is not None and (quoted > 0 or (not _negated(sentence) and (
        konjunktiv or not words & _REPORTER_CONNECTIVES))) if sentence is not None else False
    bare = grammar and not quoted and not konjunktiv and not _reports_content(sentence, cue)
    facts = SentenceFacts(words, kind, quoted, starts, konjunktiv, frame,
                          first.group(0).lower() if first else "", cue.word.lower() if cue else "",
                          ends, colon, grammar, chain, not words.isdisjoint(_KONJUNKTIV_II),
                          not words.isdisjoint(_HEARSAY_MARKERS), bare)
    return _Read(facts, cue, sentence)


#: After an indicative cue, what marks reported content: a clause or colon, or what was spoken of,
#: warned of, called something ("sprach von …", "warnte vor …", "bezeichnete … als …").
_CONTENT_MARKS = re.compile(r"[,:;–]|\b(?:" + "|".join(_GERMAN.CONTENT_PREPOSITIONS) + r")\b")
#: Stems of verbs of demand (German, the only language the classifier decides): their object is
#: what was said ("forderte eine Waffenruhe", "hatte Garantien verlangt").
_DEMAND = re.compile("|".join(_GERMAN.DEMAND_STEMS), re.IGNORECASE)


def _reports_content(sentence: _Sentence, cue: _Cue) -> bool:
    """True when an indicative cue reports what was said: an "according to" cue, a demand, a clause,
    colon or "von/vor/als" after the cue word, or a cue closing the sentence after a comma ("…,
    berichtete X", "…, wie X mitteilte"). A verb with only an object reports an event: "bestätigte
    den Vorfall", "würdigte den Einsatz" (quotes-de train leaves most such sentences unannotated)."""
    text = sentence.text
    end = cue.position + len(cue.word)
    if cue.word.lower() in _ACCORDING_TO_WORDS or _CONTENT_MARKS.search(text, end):
        return True
    if _DEMAND.search(text, cue.position):
        return True
    head = text[:cue.position]
    comma = head.rfind(",")
    between = head[comma + 1:].split()
    if comma < 0:
        return False
    if between:
        return between[0].lower() in _AS_WORDS
    # right after a comma: the cue closes the sentence when its subject follows it ("…, berichtete X"),
    # not when the comma closes the subject's apposition ("Petra Pau, forderte die Einrichtung …")
    return cue.phrase is None or sentence.tokens[cue.phrase.start].start > cue.position  # "…, sagte er"


def _frame_span(sentence: _Sentence, cue: _Cue) -> tuple[int, int]:
    """The frame's characters: from the cue word or its speaker phrase to the end of the other."""
    start, end = cue.position, cue.position + max(len(cue.word), 1)
    if cue.phrase is not None:
        tokens = sentence.tokens
        start = min(start, tokens[cue.phrase.start].start)
        end = max(end, tokens[max(cue.phrase.end, cue.phrase.stop) - 1].end)
    return start, end


def _frame(sentence: _Sentence, cue: _Cue) -> int:
    """Characters of the frame (see ``_frame_span``)."""
    start, end = _frame_span(sentence, cue)
    return end - start


def _trimmed(text: str, spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans without the spaces and punctuation at their ends; empty ones left out."""
    result = []
    for start, end in spans:
        while start < end and text[start] in _QUOTATION_TRIM:
            start += 1
        while end > start and text[end - 1] in _QUOTATION_TRIM:
            end -= 1
        if start < end:
            result.append((start, end))
    return tuple(result)


def _content_clause(sentence: _Sentence, after: int) -> int | None:
    """Where the clause of what was said begins after a speech verb's frame ending at character
    ``after``: past the first comma or colon, when nothing but the verb's particle stands before it
    ("sagte, …", "wies darauf hin, dass …") or the clause after it is reported speech: it opens a
    quotation, with "dass", "ob", "wie" … (CONTENT_CLAUSE_OPENERS), or holds a Konjunktiv form
    ("sagte am Montag in Berlin, die Lage sei ernst"). None when the verb's object is what was said
    ("sprach von zehn Flugzeugen, auf die …", "bezeichnete die Wahl als fair"): the whole sentence."""
    tokens = sentence.tokens
    first = next((k for k, token in enumerate(tokens) if token.start >= after), len(tokens))
    comma = next((k for k in range(first, len(tokens)) if not tokens[k].quoted
                  and (tokens[k].text in (",", ":") or tokens[k].low in _COMPLEMENTIZERS)), None)
    if comma is not None and tokens[comma].low in _COMPLEMENTIZERS:
        return tokens[comma].start  # "said on Monday that …" (German puts a comma before "dass")
    if comma is None or comma + 1 >= len(tokens):
        return None
    between = [t.low for t in tokens[first:comma] if t.is_word]
    if any(low in _CONTENT_PREPOSITION_WORDS for low in between):
        return None
    start = tokens[comma].end
    following = tokens[comma + 1]
    if len(between) <= 2 or tokens[comma].text == ":" or following.text in _QUOTE_CHARS \
            or following.low in _CLAUSE_OPENERS:
        return start
    stop = sentence.clause_ends[comma + 1] if comma + 1 < len(sentence.clause_ends) else len(tokens)
    clause = [t for t in tokens[comma + 1:stop] if t.is_word]
    if any(t.low in _REPORTED_FORMS for t in clause) or _infinitive(clause):
        return start
    return None


def _infinitive(clause: Sequence[_Token]) -> bool:
    """True for an infinitive clause, what was demanded or announced ("forderte X auf, sich zu
    stellen", "kündigte an, zurückzutreten"): its last word is a "zu" infinitive."""
    if len(clause) < 2 or clause[-1].text[:1].isupper():
        return False
    last = clause[-1].low
    return clause[-2].low in _INFINITIVE_MARKS or _INFIXED_INFINITIVE.fullmatch(last) is not None


def _quotation(text: str, read: _Read, cue: _Cue | None) -> tuple[tuple[int, int], ...]:
    """Character spans of what a statement reports was said: the sentence without the frame of speaker
    and cue. "Laut X" / "X zufolge" / "…, so X": the rest of the sentence on both sides; a speech verb
    after its quotation ("„…“, sagte X"): what stands before the frame, and after it past a comma; a
    speech verb before it: the clause after the comma or colon (``_content_clause``), else the whole
    sentence, as it is where the verb's object is what was said and where no cue is in the sentence (a
    continued quotation)."""
    sentence = read.sentence
    whole = _trimmed(text, [(0, len(text))])
    if cue is None or sentence is None:
        return whole
    start, end = _frame_span(sentence, cue)
    if cue.word.lower() in _ACCORDING_TO_WORDS:
        return _trimmed(text, [(0, start), (end, len(text))]) or whole
    before = text[:start].rstrip()
    opener = _WIE_BEFORE.search(before)
    if opener is not None:  # "Das hatte er längst getan, wie sein Anwalt mitteilte"
        before = before[:opener.start() + 1]
    if opener is not None or (before and before[-1] in _QUOTATION_ENDS and start == cue.position):
        # "„…“, sagte X" or "Die Lage sei ernst, sagte X, und …": before the frame, and past a comma after it
        colon = _LAST_COLON_QUOTE.search(before)  # "Schaaf war zufrieden: „…“, sagte er": only the quotation
        comma = text.find(",", end)
        spans = [(colon.end() - 1 if colon else 0, len(before))]
        return _trimmed(text, spans + ([(comma, len(text))] if comma >= 0 else [])) or whole
    clause = _content_clause(sentence, end)
    if clause is not None:
        return _trimmed(text, [(clause, len(text))]) or whole
    if sentence.quotes:  # the verb's object is what was said: its quoted words ("nannte es „…“")
        return _trimmed(text, sentence.quotes) or whole
    return whole


def article_facts(sentences: Sequence[str], language: str) -> list[SentenceFacts]:
    """The classifier's facts of each sentence of an article (for the trainer)."""
    lang = normalize_language(language)
    chains = _quote_chains(sentences)
    return [_read(text, lang, _chain_share(chain)).facts
            for text, chain in zip(sentences, chains, strict=True)]


def _chain_share(chain: tuple[float, int]) -> float:
    """A sentence's share inside a quotation over several sentences; 0 when it is in none."""
    return chain[0] if chain[1] >= 0 else 0.0


def _speech_kind(attribution: Attribution, read: _Read) -> str:
    """The kind of speech: by the cue word, else whether the statement is a quotation."""
    cue = read.cue
    if cue is not None and cue.word.lower() in _ACCORDING_TO_WORDS:
        return "according_to"
    if attribution.is_quote:
        return "direct"
    if cue is None and not read.facts.konjunktiv:
        return "reported"
    return "indirect"


def _statement(index: int, read: _Read, text: str, lang: str, speaker: str, cue: _Cue | None,
               quoted: bool = False) -> Statement:
    """The statement of sentence ``index`` with its speaker and (when it has one) its cue."""
    if read.sentence is not None:
        quotes: Sequence[tuple[int, int]] = read.sentence.quotes
    else:
        quotes = _quote_spans(text)[0] if read.facts.quoted else ()
    attribution = _attribution(text, quotes, speaker, cue.position if cue is not None else None)
    if quoted and not attribution.is_quote:
        attribution = replace(attribution, is_quote=True)  # inside a quotation over several sentences
    return Statement(index, attribution, _speech_kind(attribution, read), cue.word if cue else "",
                     quotation=_quotation(text, read, cue))


def _opening(text: str) -> str:
    """The start of a sentence long enough for a speaker phrase and its verb (the rest is not read)."""
    for count, match in enumerate(_TOKEN.finditer(text)):
        if count == _MAX_PHRASE + 2:
            return text[:match.start()]
    return text


@lru_cache(maxsize=10_000)
def _speaker_words(name: str) -> frozenset[str]:
    """The lower-case words of a speaker's name; none when no word of it is capitalized."""
    words = _WORD.findall(name)
    return frozenset(w.lower() for w in words) if any(w[0].isupper() for w in words) else frozenset()


def _role_stem(low: str, lang: str) -> str:
    """A role word without its case or plural ending: "kanzlers" -> "kanzler", "sprecherin" stays."""
    for ending in _LANGUAGES[lang].ROLE_STEM_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 5:
            return low[: -len(ending)]
    return low


class _Speakers:
    """Speaker names of one article: configured aliases first, then earlier mentions."""

    def __init__(self, aliases: Mapping[str, str], sentences: Sequence[str] = (), lang: str = "german",
                 ) -> None:
        self.table = {_normalize(key): name for key, name in aliases.items()}
        self.width = max((key.count(" ") + 1 for key in self.table), default=1)
        self.canonical = frozenset(self.table.values())
        self.sentences, self.lang = sentences, lang
        self.named: dict[int, list[tuple[str, int, frozenset[str]]]] = {}  # persons of a sentence
        self.bare: set[str] = set()  # definite person roles the article resolves to no one
        self.vague: set[str] = set()  # sources that are documents, media or crowds: "Medienberichten"

    def persons(self, index: int) -> list[tuple[str, int, frozenset[str]]]:
        """The persons sentence ``index`` names with a role (analysed once, only when asked)."""
        if index not in self.named:
            text = self.sentences[index]
            self.named[index] = _persons(_analyse(text, self.lang)) if _ANY_ROLE.search(text.lower()) else []
        return self.named[index]

    def person_for_role(self, index: int, position: int, roles: Sequence[str]) -> str | None:
        """The person a definite role noun at ``position`` of sentence ``index`` stands for: the last one
        the article described with that role word, else the last one named in it or the two sentences
        before; None when there is none."""
        recent = None
        for j in range(min(index, len(self.sentences) - 1), -1, -1):
            for name, at, described in reversed(self.persons(j)):
                if j == index and at >= position:
                    continue
                if all(any(r in w for w in described) for r in roles):
                    return self.table.get(_normalize(name), name)
                recent = recent or (name if j >= index - 2 else None)
        return self.table.get(_normalize(recent), recent) if recent else None

    def name(self, read: _Read, found: Mapping[int, Statement], index: int) -> str | None:
        """The speaker of a sentence's cue: a phrase, a pronoun resolved, else the previous sentence's."""
        cue = read.cue
        if cue is None:
            previous = found.get(index - 1)
            if previous is None and index - 2 in found and self.persons(index - 1):  # over a sentence that
                name = self.persons(index - 1)[-1][0]  # brings in a person ("Am Rande nahm auch der
                return self.table.get(_normalize(name), name)  # Ministerpräsident, Christian Wulff, Stellung.")
            previous = previous or found.get(index - 2)
            return previous.attribution.speaker if previous else None
        assert read.sentence is not None
        if cue.phrase is None:
            return _recent(found, index, self.vague) or self.person_for_pronoun(read.sentence, cue, index)
        if cue.vague:
            tokens = read.sentence.tokens
            speaker = read.sentence.text[tokens[cue.phrase.start].start:tokens[cue.phrase.stop - 1].end]
            self.vague.add(speaker)
            return speaker
        return self.resolved(read.sentence, cue.phrase, found, index)

    def person_for_pronoun(self, sentence: _Sentence, cue: _Cue, index: int) -> str | None:
        """The person a pronoun with no recent speaker stands for: the last one an earlier sentence named
        with a role ("Bundeskanzlerin Angela Merkel"), of the pronoun's gender ("er": no female role word,
        "sie" with a verb in the singular: a female one, "Sprecherin"); None for a plural "sie"."""
        words = _LANGUAGES[sentence.lang]
        female = any(_is_pronoun(sentence, i) and token.low in words.FEMALE_PRONOUNS
                     for i, token in enumerate(sentence.tokens))
        if female and cue.word.lower().endswith(words.PLURAL_VERB_ENDINGS):
            return None
        for j in range(index - 1, -1, -1):
            for name, _, roles in reversed(self.persons(j)):
                known = self.table.get(_normalize(name))
                if (known or name.count(" ") >= 1) and any(  # a first and last name: a person
                        role.endswith(words.FEMALE_ROLE_ENDINGS) for role in roles) is female:
                    return known or name
        return None

    def resolved(self, sentence: _Sentence, phrase: _Phrase, found: Mapping[int, Statement], index: int,
                 ) -> str:
        """The phrase's speaker; a bare role or a part of an earlier name becomes that earlier speaker, a
        definite person role ("der Diplomat") the person the article named (else it is noted as bare)."""
        speaker = _speaker(sentence, phrase, self.table, self.width)
        if speaker in self.canonical:
            return speaker
        words = _before_place(sentence.tokens[phrase.start:phrase.stop])
        names = {t.low for t in words if t.kind == "name"}
        roles = [_role_stem(t.low, sentence.lang) for t in words if t.kind == "role"]
        earlier = self.earlier(speaker, names, roles, len(words), found)
        if earlier is not None or names or not roles or not _definite_person(sentence, phrase):
            return earlier or speaker
        person = self.person_for_role(index, sentence.tokens[phrase.start].start, roles)
        if person is None:
            self.bare.add(speaker)  # "der Nato-Generalsekretär" with no one named: kept out of the digest
        return person or speaker

    @staticmethod
    def earlier(speaker: str, names: set[str], roles: Sequence[str], count: int,
                found: Mapping[int, Statement]) -> str | None:
        """An earlier speaker whose name holds the phrase's names, or (a bare role) its role words."""
        for index in sorted(found, reverse=True):
            other = found[index].attribution.speaker
            low = _speaker_words(other)
            if other == speaker or not low:
                continue
            if names and names < low:
                return other  # "Scholz" after "Bundeskanzler Olaf Scholz"
            if not names and roles and all(any(r in w for w in low) for r in roles) and len(low) > count:
                return other  # "der Kanzler" after "Bundeskanzler Olaf Scholz"
        return None

    def without_cue(self, read: _Read, text: str, lang: str, found: Mapping[int, Statement], index: int,
                    ) -> str | None:
        """The speaker of reported speech without a cue: a person or office as its subject right before
        the verb (unless that verb is in the Konjunktiv or of hearsay); else, unless it opens with another
        person or office before another verb, the previous sentence's."""
        sentence = read.sentence
        if sentence is None and _may_open_phrase(text, read.facts.first):
            sentence = _analyse(_opening(text), lang)
        tokens = sentence.tokens if sentence is not None else ()
        phrase = _parse(tokens, 0, len(tokens)) if tokens else None
        if phrase is not None and _valid(tokens, phrase):
            kinds = [t.kind for t in tokens[phrase.start:phrase.stop]]
            if phrase.start == 0 and _ADJECTIVE_END.search(tokens[0].low):
                kinds = kinds[1:]  # "Besonderes Gewicht", "Zahlreiche Bewohner": an adjective opens
            if "role" in kinds or kinds.count("name") >= 2:  # a person or office
                verb = tokens[phrase.end] if phrase.end < len(tokens) else None
                if verb is None or not verb.is_word or verb.text[0].isupper() or verb.low in _PHRASE_ENDS:
                    return None
                if verb.low not in _REPORTED_FORMS and verb.low not in _HEARSAY_MARKERS:
                    return self.resolved(sentence, phrase, found, index)
                # "Die Behörden hätten …", "Das Ministerium solle …": the subject of a Konjunktiv or
                # hearsay verb is what is reported; the speaker is the previous sentence's (train OOF:
                # speaker accuracy 0.871 -> 0.878, joint F1 0.598 -> 0.601)
        previous = found.get(index - 1)  # one sentence between breaks the chain (a wrong name more often)
        return previous.attribution.speaker if previous else None


def _before_place(tokens: Sequence[_Token]) -> list[_Token]:
    """The words of a speaker phrase before a place after its role ("Sprecher in Berlin" -> "Sprecher"): the
    place names no one, so "der Sprecher in Berlin" is still the person the article named."""
    words = []
    for token in tokens:
        if token.low in _PLACE_PREPOSITIONS and words and words[-1].kind == "role":
            break
        if token.is_word:
            words.append(token)
    return words


def _may_open_phrase(text: str, first: str) -> bool:
    """False when a sentence cannot open with a speaker phrase (``_parse`` at its first token finds
    none): it opens with a mark or a function word other than a determiner (spares the analysis)."""
    return text.lstrip()[:1].isalnum() and (first in _DETERMINERS or first not in _FUNCTION_WORDS)


def _definite_person(sentence: _Sentence, phrase: _Phrase) -> bool:
    """True for a definite role noun naming a person: "der Diplomat", "the minister" (not "die Regierung")."""
    tokens = sentence.tokens
    if phrase.start == 0 or tokens[phrase.start - 1].low not in _DEFINITE:
        return False
    heads = [t.low for t in tokens[phrase.start:phrase.stop] if t.kind == "role"]
    return not any(_institution(low) for low in heads[-1:])


@lru_cache(maxsize=10_000)
def _institution(low: str) -> bool:
    """True when a role word's last role stem names a body: "außenministerium", not "kremlsprecher"."""
    stems = [(m.end(), len(m.group(0)), m.group(0)) for m in _ANY_ROLE.finditer(low)]
    return bool(stems) and max(stems)[2] in _INSTITUTIONS


def _persons(sentence: _Sentence) -> list[tuple[str, int, frozenset[str]]]:
    """Persons a sentence names after a role ("vom russischen Botschafter in London, Andrej Kelin",
    "Bundeskanzler Olaf Scholz"): (name, character offset, the role words of its description)."""
    tokens, result = sentence.tokens, []
    for i, token in enumerate(tokens):
        if token.kind != "role" or (i and tokens[i - 1].kind == "role"):
            continue
        phrase = _parse(tokens, i, len(tokens))
        if phrase is None:
            continue
        first = phrase.stop
        while first > phrase.start and tokens[first - 1].kind == "name":
            first -= 1
        before = tokens[first - 1] if first > phrase.start else None
        if before is not None and first < phrase.stop and (before.kind == "role" or before.text == ","):
            roles = frozenset(t.low for t in tokens[phrase.start:first] if t.kind == "role")
            name = sentence.text[tokens[first].start:tokens[phrase.stop - 1].end]
            result.append((name, tokens[first].start, roles))
    return result


def _grammar_decides(read: _Read, found: Mapping[int, Statement], index: int, text: str,
                     lang: str) -> bool:
    """Without a model: a cue naming a speaker, or continued speech right after an attribution."""
    if read.cue is not None:
        facts = read.facts
        if facts.quoted > 0:
            return True
        if read.sentence is not None and _negated(read.sentence):
            return False  # "Ein genaues Datum nannte er nicht": what was not said
        return facts.konjunktiv or not facts.words & _REPORTER_CONNECTIVES
    near = index - 1 in found or (read.facts.konjunktiv and index - 2 in found)  # one sentence between
    if not near or not (read.facts.konjunktiv or read.facts.quoted or read.facts.cue_word):
        return False  # neither Konjunktiv I nor quotes: no continued speech (spares the analysis)
    return _continues_speech(read.sentence or _analyse(text, lang))


def _negated(sentence: _Sentence) -> bool:
    """True when the sentence's last word is a negation: its speech verb says what was not said."""
    words = [t for t in sentence.tokens if t.is_word]
    return bool(words) and words[-1].low in _NEGATIONS


def find_statements(sentences: Sequence[str], language: str, aliases: Mapping[str, str],
                    ) -> list[Statement]:
    """Attributed statements of one article's sentences, in order, with their kind and cue.

    German sentences are decided by the learned classifier (:mod:`digest.voices_model`) over the
    grammar's cue and the sentence's words; other languages by the grammar alone. A sentence mostly
    inside quotation marks (a quotation may run over several sentences) is a direct quotation.
    """
    lang = normalize_language(language)
    model = load_model() if lang == "german" else None
    speakers = _Speakers(aliases, sentences, lang)
    chains = _quote_chains(sentences)
    reads = [_read(text, lang, _chain_share(chain)) for text, chain in zip(sentences, chains, strict=True)]
    decided = _classified(model, reads) if model is not None else None
    found: dict[int, Statement] = {}
    pending: list[int] = []  # quotations whose speaker is named only after them
    for index, (text, read) in enumerate(zip(sentences, reads, strict=True)):
        quoted = chains[index][0] >= 0.5
        attributed = quoted or _grammar_decides(read, found, index, text, lang) if decided is None \
            else decided[index] or quoted or read.facts.grammar
        # a sentence wholly inside a quotation is its speaker's words, whatever speech verb it holds
        speaker = _chain_speaker(found, chains, index) if attributed and _inside_quote(chains, index) else None
        cue = None if speaker else read.cue
        if speaker is None and attributed and decided is not None and read.cue is None and not quoted:
            speaker = speakers.without_cue(read, text, lang, found, index)
        elif speaker is None and attributed:
            speaker = speakers.name(read, found, index)
        if attributed and quoted and not speaker:
            speaker = _chain_speaker(found, chains, index) or _last_speaker(found, index)
        pending += [index] if attributed and not speaker and quoted else []
        if speaker:
            found[index] = _statement(index, read, text, lang, speaker, cue, quoted)
    _close_open_quotes(sentences, reads, found, lang)
    _chains_take_cue_speaker(reads, chains, found)
    if decided is not None:  # an indicative cue with no content is an event, unless speech continues it
        for index in [i for i in found if reads[i].facts.bare]:
            following = found.get(index + 1)
            if following is None or following.cue:
                del found[index]
    for index in reversed(pending):
        following = found.get(index + 1)
        introduces = following is not None and reads[index + 1].facts.colon_quote and not \
            reads[index + 1].facts.starts_quoted  # "X sagte: „…": its speaker is of the quotation after it
        if following is not None and index not in found and not introduces:
            found[index] = _statement(index, reads[index], sentences[index], lang,
                                      following.attribution.speaker, None, chains[index][0] >= 0.5)
    return [replace(found[index], hidden=True) if _hidden(found[index].attribution.speaker, speakers)
            else found[index] for index in sorted(found)]


def _hidden(speaker: str, speakers: _Speakers) -> bool:
    """True for a speaker the digest does not show: a role naming no one the article named, or a medium
    (the source of an estimate, "nach Einschätzung Moskauer Medien", is no one's voice; nor is "die
    Nachrichtenagentur Xinhua")."""
    return (speaker in speakers.bare or speaker in speakers.vague
            or any(_is_medium(word.lower()) for word in _WORD.findall(speaker)))


def _classified(model: Model, reads: Sequence[_Read]) -> list[bool]:
    """The classifier's decision for each sentence. Only a sentence that shows reported speech itself
    (see ``_marked``) is asked: on quotes-de train, out of fold, the classifier's plain indicative
    sentences added as many wrong speakers as right ones (joint F1 0.43 either way, speaker accuracy
    0.72 with them, 0.76 without). A reporter's comment (a connective such as "obwohl" with neither
    quote nor Konjunktiv) and a negated speech verb are never someone's words."""
    asked = [_marked(read.facts) and not _journalist(read) for read in reads]
    return [score >= model.threshold for score in model.scores([read.facts for read in reads], asked)]


def _marked(facts: SentenceFacts) -> bool:
    """True when a sentence shows reported speech itself: a cue word, quotation marks or Konjunktiv I."""
    return bool(facts.cue_word or facts.quoted or facts.konjunktiv or facts.chain or facts.conditional
                or facts.hearsay)


def _journalist(read: _Read) -> bool:
    """True for a sentence the reporter says: a comment, or a speech verb closed by a negation."""
    facts = read.facts
    if read.sentence is not None and read.cue is not None and not facts.quoted and _negated(read.sentence):
        return True
    return not facts.quoted and not facts.konjunktiv and bool(facts.words & _REPORTER_CONNECTIVES)


def _last_speaker(found: Mapping[int, Statement], index: int) -> str | None:
    """The speaker of the sentence right before ``index``, if it is attributed: a quotation that
    follows someone's words continues them; one after an unattributed sentence is not guessed."""
    return found[index - 1].attribution.speaker if index - 1 in found else None


def _chain_speaker(found: Mapping[int, Statement], chains: Sequence[tuple[float, int]], index: int,
                   ) -> str | None:
    """The speaker of an earlier sentence of the same quotation, else of the sentence introducing it
    ("X sagte:" right before it)."""
    chain = chains[index][1]
    start = chain if chain >= 0 else index
    for j in range(index - 1, start - 2, -1):
        if j in found and (j >= start or found[j].attribution.sentence.rstrip().endswith(":")):
            return found[j].attribution.speaker
    return None


def _inside_quote(chains: Sequence[tuple[float, int]], index: int) -> bool:
    """True for a sentence wholly inside a quotation opened in an earlier sentence and closed in a later one:
    a speech verb in it is the quoted speaker's ("„… Meine Kollegin X hat von … gesprochen. …“", says Y)."""
    share, start = chains[index]
    return 0 <= start < index and share >= 1.0


def _chains_take_cue_speaker(reads: Sequence[_Read], chains: Sequence[tuple[float, int]],
                             found: dict[int, Statement]) -> None:
    """The sentences of a quotation over several sentences take the speaker its cue names."""
    members: dict[int, list[int]] = {}
    for index, (_, chain) in enumerate(chains):
        if chain >= 0:
            members.setdefault(chain, []).append(index)
    for indexes in members.values():
        cued = [i for i in indexes if i in found and reads[i].cue is not None and not _inside_quote(chains, i)]
        if not cued:
            continue
        speaker = found[cued[0]].attribution.speaker
        for i in indexes:
            if (i in found and (reads[i].cue is None or _inside_quote(chains, i))
                    and found[i].attribution.speaker != speaker):
                found[i] = replace(found[i], attribution=replace(found[i].attribution, speaker=speaker))


def _quote_chains(sentences: Sequence[str]) -> list[tuple[float, int]]:
    """Each sentence's share of characters inside quotation marks and the index of the sentence that
    opened the quotation it is part of (-1 when none runs over several sentences). A quotation left
    open counts only when a later sentence within a few closes it with no quotation mark between."""
    quotes = [_quote_spans(text) if _ANY_QUOTE.search(text) else ((), False, False) for text in sentences]
    result = []
    for text, (spans, opens, _) in zip(sentences, quotes, strict=True):
        closed = spans[:-1] if opens else spans  # the quotation left open counts when it is closed
        result.append((sum(b - a for a, b in closed) / max(1, len(text)), -1))
    for start, (spans, opens, _) in enumerate(quotes):
        for end in range(start + 1, min(len(sentences), start + 1 + _MAX_QUOTE_CHAIN) if opens else 0):
            if quotes[end][2]:
                result[start] = (sum(b - a for a, b in spans) / max(1, len(sentences[start])), start)
                result[end] = (result[end][0], start)
                result[start + 1:end] = [(1.0, start)] * (end - start - 1)
            if quotes[end][0] and not _nested_only(sentences[end], quotes[end]):
                break
    return result


def _nested_only(text: str, quotes: tuple[tuple[tuple[int, int], ...], bool, bool]) -> bool:
    """True when a sentence's quotation marks are only single ones opened and closed in it (``‚…‘``): inside a
    quotation that runs over several sentences, a quotation within it, which does not end the outer one."""
    spans, opens, closes = quotes
    return not opens and not closes and all(a > 0 and text[a - 1] in "‚‘'" for a, _ in spans)


def _close_open_quotes(sentences: Sequence[str], reads: Sequence[_Read], found: dict[int, Statement],
                       lang: str) -> None:
    """A quote opened in one sentence and closed in an attributed next one takes its speaker."""
    for index in range(len(sentences) - 2, -1, -1):
        following = found.get(index + 1)
        if index in found or following is None or not _ANY_QUOTE.search(sentences[index]):
            continue
        here = reads[index].sentence or _analyse(sentences[index], lang)
        after = reads[index + 1].sentence or _analyse(sentences[index + 1], lang)
        if here.opens_quote and after.closes_quote:
            found[index] = _statement(index, reads[index], sentences[index], lang,
                                      following.attribution.speaker, None)


def find_attributions(sentences: Sequence[str], language: str, aliases: Mapping[str, str],
                      ) -> list[tuple[int, Attribution]]:
    """Attributed statements of one article's sentences: (sentence index, Attribution), in order; a
    definite role naming no one the article named ("sagte der Diplomat") and a medium as source are
    left out: the digest's "Stimmen" shows neither as a speaker."""
    return [(s.index, s.attribution) for s in find_statements(sentences, language, aliases) if not s.hidden]


def file_statements(path: Path, config: Config) -> list[Statement]:
    """The attributed statements of one article file, read as the pick-up reads it (no state)."""
    from .configured import aliases_of
    from .pickup import analyze_file

    split = analyze_file(path, path.parent, config)
    return find_statements(split.sentences, split.article.language, aliases_of(config))


def statement_record(statement: Statement) -> dict[str, object]:
    """A statement as `digest voices --format jsonl` prints it."""
    sentence = statement.attribution.sentence
    return {"sentence": sentence, "speaker": statement.attribution.speaker,
            "kind": statement.kind, "cue": statement.cue,
            "quotation": [sentence[start:end] for start, end in statement.quotation]}
