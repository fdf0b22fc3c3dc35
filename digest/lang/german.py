"""German: the words news digest reads and writes in German articles and digests."""

from __future__ import annotations

NAME = "german"
"""The language's name in the configuration, sumy and NLTK."""

CODES = ("de", "deutsch")
"""Other names and codes a configuration may give."""

MONTH_NAMES = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)
"""The months as the digest page writes them."""

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "febr": 2, "märz": 3, "maerz": 3,
    "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}
"""Month names and their abbreviations as articles write them (lower case) -> month number."""

WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonnabend": 5, "sonntag": 6,
}
"""Weekdays (lower case) -> ``date.weekday()``."""

SEASON_NAMES = {3: "Frühjahr", 6: "Sommer", 9: "Herbst", 12: "Winter"}
"""The first month of a season -> the season as the digest page writes it."""

SEASONS = {"frühjahr": 3, "frühling": 3, "sommer": 6, "herbst": 9, "winter": 12}
"""Seasons as articles write them (lower case) -> the first month of the season."""

RELATIVE_DAYS = {"heute": 0, "gestern": -1, "vorgestern": -2, "vortag": -1, "morgen": 1, "übermorgen": 2}
"""Words naming a day relative to the reference day (lower case) -> offset in days."""

WEEKDAY_DIRECTIONS = {
    "gestrigen": "past", "vergangenen": "past", "letzten": "past", "kommenden": "future",
    "nächsten": "future", "heutigen": "upcoming",
}
"""Words before a weekday (lower case) -> 'past', 'future' or 'upcoming' (on or after the reference)."""

PAST_MARKERS = frozenset({
    "hatte", "hatten", "hat", "haben", "habe", "war", "waren", "wurde", "wurden", "sagte",
    "sagten", "erklärte", "erklärten", "betonte", "teilte", "mitteilte", "kündigte",
    "ankündigte", "begrüßte", "traf", "trafen", "berichtete", "hieß",
})
"""Tense markers: words that put a plain weekday before the reference day."""

FUTURE_MARKERS = frozenset({
    "wird", "werden", "werde", "soll", "sollen", "will", "wollen", "plant", "planen",
})
"""Tense markers: words that put a plain weekday after the reference day."""

PAST_FORM = ""
"""A regular past-tense verb (regular expression, lower case, whole word); none for German,
whose weak past forms ("sagte") are not told from nouns ("Mitte") by their ending."""

NOT_PAST_AFTER: frozenset[str] = frozenset()
"""Words after which a past form is a participle of something to come ("will be held")."""

UNMARKED_TENSE = "upcoming"
"""How a plain weekday with no tense marker near is read: "past" or "upcoming" (on or after
the reference day: German reports what is coming in the present, "trifft am Montag")."""

DATE_QUALIFIERS = ("Anfang", "Mitte", "Ende")
"""Words before a month, season or year that narrow it ("Ende August 2024"); as written: a
lower-case word matches in any case, a capitalized one only capitalized (so in all date fields)."""

HYPHENATED_QUALIFIERS: tuple[str, ...] = ()
"""Qualifiers that may also be joined to the month by a hyphen ("mid-June")."""

DAY_PREPOSITIONS = ("am", "vom", "zum", "bis zum", "seit dem")
"""Words before a full date ("am 6. August", "seit dem 21.04.2025"), a phrase's words apart by spaces."""

WEEKDAY_PREPOSITIONS = ("am",)
"""Words before a weekday or a relative-day noun ("am Donnerstag", "am Vortag")."""

WEEKDAY_ARTICLES = ("den",)
"""Words between a weekday and its date ("Donnerstag, den 6. August")."""

MONTH_PREPOSITIONS = ("im",)
"""Words before a month or season ("im August", "im Frühjahr 2022")."""

SEASON_ARTICLES: tuple[str, ...] = ()
"""Words between a month preposition and a season ("in the spring")."""

OF_WORDS: tuple[str, ...] = ()
"""Words between a season and its year or a day and its month ("spring of 2022", "6th of August")."""

YEAR_PREFIXES = ("im Jahr", "im Jahre")
"""Phrases that make a following year a date ("im Jahr 2022"); a bare year is none ("seit 2022")."""

NOT_WEEKDAY_AFTER: tuple[str, ...] = ()
"""Words after which a weekday is no date ("a Friday", "the Thursday")."""

DAYTIME_SUFFIXES = ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht")
"""Times of day written onto a weekday ("Donnerstagabend"); the day is the weekday's."""

RELATIVE_DAY_NOUNS = frozenset({"vortag"})
"""Words of RELATIVE_DAYS that name a day only after a weekday preposition ("am Vortag")."""

AMBIGUOUS_RELATIVE_DAYS = {"morgen": ("heute", "gestern")}
"""Words of RELATIVE_DAYS that name a day only in lower case and not right after these words
("heute Morgen" is this morning, "morgen" tomorrow); the others match with either first letter."""

DATE_ORDERS = ("d.m.y", "d. Month[ y]", "Month y")
"""How articles write a full date and a month with its year, in order of preference: d day,
m month number, y year, Month month name, of an OF_WORDS word, [...] optional; "." a dot (a space
may follow), ". " a dot and spaces (or none), ", " spaces after an optional comma, " " spaces,
"-" and "/" themselves."""

ORDINAL_SUFFIXES: tuple[str, ...] = ()
"""Letters written onto a day number ("6th"); a day with them ends at a word boundary."""

NOT_DAY_AFTER = "."
"""Characters right before a day-first date's day that make it part of a number ("1.000")."""

CAPITALIZED_DATE_WORDS = ("months", "weekdays", "seasons")
"""Which of months, weekdays and seasons are written capitalized and match only so ("im Sommer");
the others match in any case ("in the summer")."""

SEASON_QUALIFIERS: tuple[str, ...] = ()
"""Words of DATE_QUALIFIERS that may also narrow a season ("late spring 2022")."""

PREPOSITION_BEFORE_QUALIFIER = False
"""True if a month preposition may come before a qualifier ("in late August", "in late 2022")."""

NAMED_YEAR_CENTURIES: tuple[str, ...] = ()
"""Centuries of a year after a year prefix or qualifier ("in 2022", not "in 3000 homes"); any if none."""

WEEKDAY_NEEDS_WORD = True
"""True if a weekday is a date only after a weekday preposition or direction ("am Montag",
"kommenden Montag"), else also alone ("Friday")."""

ABBREVIATIONS = frozenset({
    # multi-part, written with or without spaces ("z. B." and "z.B." both become "z.b")
    "z.b", "d.h", "u.a", "o.a", "o.g", "u.u", "v.a", "s.o", "s.u", "u.ä", "o.ä", "i.d.r",
    "u.v.m", "z.t", "z.zt", "i.a", "i.r", "a.d", "v.chr", "n.chr", "e.v", "m.e", "u.e",
    # titles and forms of address
    "dr", "prof", "hr", "fr", "frl", "dipl", "ing", "med", "jur", "phil", "rer", "nat",
    "mr", "mrs", "ms", "st", "sen", "gen", "präs", "vors", "abg", "min", "hl",
    # common abbreviations of running text
    "ca", "bzw", "vgl", "ggf", "evtl", "inkl", "exkl", "zzgl", "bspw", "sog", "lt", "gem",
    "usw", "etc", "nr", "abs", "bd", "kap", "ziff",
    "tel", "fa", "geb", "gest", "verh", "jh", "jhd", "jhdt", "hrsg", "mind", "rd",
    "mio", "mrd", "tsd", "mill", "str", "co", "inc", "ltd", "corp", "vs", "ff", "allg",
    "bzgl", "ehem", "einschl", "entspr", "erg", "gegr", "insb", "jew", "staatl", "urspr",
    "zit", "zt", "dt", "engl", "frz", "russ", "ukr", "amerik", "europ", "int", "intl",
    # months and weekdays
    "jan", "feb", "febr", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov",
    "dez", "mo", "di", "mi", "do", "sa",
})
"""Abbreviations (lower case, no final dot) after which a full stop never ends a sentence."""

SENTENCE_OPENERS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen", "einem",
    "er", "sie", "es", "wir", "ich", "ihr", "man", "du", "und", "aber", "doch", "dann",
    "danach", "daher", "deshalb", "deswegen", "darum", "damit", "dabei", "darauf", "dazu",
    "so", "auch", "nun", "jetzt", "dies", "diese", "dieser", "dieses", "zudem", "außerdem",
    "in", "im", "am", "auf", "an", "bei", "beim", "mit", "nach", "vor", "für", "von", "seit",
    "als", "wenn", "wie", "was", "wer", "wo", "ob", "um", "während", "trotz", "bislang",
    "bisher", "noch", "schon", "zwar", "indes", "unterdessen", "zugleich", "gleichzeitig",
    "sein", "seine", "ihre", "unser", "unsere", "mehr", "allerdings", "jedoch", "denn",
    "hier", "dort", "heute", "gestern", "morgen", "immer", "nicht", "kein", "keine",
})
"""Words (lower case) that typically open a sentence: "auf X. Er" ends, "Donald J. Trump" does not."""

ORDINAL_CUES = frozenset({
    "der", "die", "das", "den", "dem", "des", "am", "im", "vom", "zum", "zur", "beim",
    "ein", "eine", "einer", "einen", "einem", "eines", "jeder", "jede", "jedes", "ihr",
    "ihre", "ihrem", "ihren", "sein", "seine", "seinem", "seinen", "dieser", "diese",
    "dieses", "diesem", "dessen", "deren",
})
"""Words before a number that mark it as an ordinal ("am 6.", "der 2.", "vom 1."): its full stop, and
one before a month name ("6. August"), ends no sentence. A language without written ordinals has none."""

ABBREVIATED_ENDINGS = ("str",)
"""Ends of a longer word that make it an abbreviation: "Hauptstr."."""

NUMBER_ABBREVIATIONS = frozenset({"art", "s", "max"})
"""Abbreviations that only count as such before a number: "Art. 5" (Artikel), "S. 12" (Seite)."""

SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc", "usw", "mio", "mrd", "tsd", "co"})
"""Abbreviations that often end a sentence: their full stop ends it when a sentence opener follows."""

DATELINE_LABELS = (
    "Stand", "Zuletzt aktualisiert", "Aktualisiert", "Veröffentlicht", "Erstellt", "Publiziert", "Erschienen",
)
"""Labels before the date of a dateline ("Stand: 3. Dezember 2025"), as pages print them."""

NOT_A_DATELINE_BEFORE = frozenset({"am", "vom", "seit", "bis", "zum", "ab", "dem", "den", "um"})
"""Words before a date with a time that make it a mention in a sentence ("am 21.04.2025 um 19 Uhr")."""

SPEECH_VERBS = frozenset({
    "sagte", "sagten", "sagt", "sagen", "erklärte", "erklärten", "meinte", "meinten", "betonte",
    "betonten", "kritisierte", "kritisierten", "sprach", "teilte", "mitteilte", "hieß", "zufolge",
})
"""Verbs of saying (lower case): a sentence with one of them reports what someone said."""

_Particles = tuple[frozenset[str], frozenset[str]]
_NO_PARTICLE: _Particles = (frozenset(), frozenset())


def _verbs(*groups: tuple[str, _Particles]) -> dict[str, _Particles]:
    """Each form of each group of verbs -> the group's (required, forbidden) particles."""
    return {form: rule for forms, rule in groups for form in forms.split()}


ATTRIBUTION_VERBS = _verbs(
    ("sagte sagt sagten sagen", (frozenset(), frozenset({"zu", "ab", "aus", "voraus", "an", "nach"}))),
    ("schrieb schreibt schrieben schreiben",
     (frozenset(), frozenset({"vor", "ab", "zu", "um", "fest", "aus"}))),
    ("erklärte erklärt betonte betont forderte fordert warnte warnt bekräftigte bekräftigt "
     "verlangte verlangt meinte meint versicherte versichert unterstrich unterstreicht mahnte "
     "mahnt bestätigte bestätigt antwortete antwortet erwiderte erwidert berichtete berichtet "
     "kritisierte kritisiert ergänzte ergänzt fragte fragt äußerte äußert postete twitterte "
     "verwies verweist nannte nennt bezeichnete bezeichnet behauptete behauptet meldete meldet "
     # the plural of each (a party, "Kritiker", "die Richter" speak too)
     "erklärten erklären betonten betonen forderten fordern warnten warnen bekräftigten "
     "bekräftigen verlangten verlangen meinten meinen versicherten versichern unterstrichen "
     "unterstreichen mahnten mahnen bestätigten bestätigen antworteten antworten erwiderten "
     "erwidern berichteten berichten kritisierten kritisieren ergänzten ergänzen fragten fragen "
     "äußerten äußern posteten twitterten verwiesen verweisen nannten nennen bezeichneten "
     "bezeichnen behaupteten behaupten meldeten melden "
     # cues of the quotes-de train split missing above (two or more quotations each)
     "begründete begründet begründeten begründen entgegnete entgegnet entgegneten kommentierte "
     "kommentiert kommentierten empfahl empfiehlt empfahlen verkündete verkündet verkündeten "
     "appellierte appelliert appellierten beschuldigte beschuldigt beschuldigten bezweifelte "
     "bezweifelt bezweifelten bezweifeln würdigte würdigt würdigten argumentierte argumentiert "
     "argumentierten beschrieb beschreibt beschrieben verglich vergleicht verglichen plädierte "
     "plädiert plädierten befürchtete befürchtet befürchteten befürchten vermutete vermutet "
     "vermuteten vermuten hofft hoffte hofften hoffen glaubt glaubte glaubten glauben "
     "konstatierte konstatiert lobte lobt lobten bedauerte bedauert bedauerten bedauern beteuerte "
     "beteuert beteuerten beteuern erwähnte erwähnt erwähnten sprach spricht sprachen sprechen",
     _NO_PARTICLE),
    ("kündigte kündigt kündigten kündigen", (frozenset({"an"}), frozenset())),
    ("teilte teilt teilten teilen", (frozenset({"mit"}), frozenset())),
    ("fügte fügt fügten fügen", (frozenset({"hinzu"}), frozenset())),
    ("deutete deutet deuteten deuten", (frozenset({"an"}), frozenset())),
    ("räumte räumt räumten räumen", (frozenset({"ein"}), frozenset())),
    ("stellte stellt stellten stellen", (frozenset({"klar", "fest"}), frozenset())),
    ("wies weist wiesen weisen", (frozenset({"zurück", "hin"}), frozenset())),
    ("schlug schlägt schlugen schlagen", (frozenset({"vor"}), frozenset())),
    ("warf wirft warfen werfen", (frozenset({"vor"}), frozenset())),
    ("gab gibt gaben geben", (frozenset({"an", "bekannt"}), frozenset())),
    ("ging geht gingen gehen", (frozenset({"aus"}), frozenset())),  # "geht davon aus, dass …" (CLAUSE_VERBS)
    ("führte führt führten", (frozenset({"aus"}), frozenset())),  # "führte aus: …" (CLAUSE_VERBS)
    ("hob hebt hoben", (frozenset({"hervor"}), frozenset())),
    ("sicherte sichert sicherten", (frozenset({"zu"}), frozenset())),
    ("prangerte prangert prangerten", (frozenset({"an"}), frozenset())),
    ("rief ruft riefen", (frozenset({"auf"}), frozenset())),
    ("machte macht machten", (frozenset({"klar", "deutlich"}), frozenset())),
    ("legte legt legten", (frozenset({"dar"}), frozenset())),
    ("schätzte schätzt schätzten", (frozenset({"ein"}), frozenset())),
    # more cues of the quotes-de train split (three or more missed quotations each)
    ("lautete lautet", _NO_PARTICLE),  # "Der Text lautete: „…“" (CLAUSE_VERBS)
    ("strich streicht strichen", (frozenset({"heraus"}), frozenset())),
)
"""Speech verbs that attribute a statement to their subject, finite (3rd person singular): form ->
(required particles, forbidden particles). The particle is the last word of the verb's clause:
"fügte Trump hinzu"."""

ATTRIBUTION_PARTICIPLES = frozenset({
    "gesagt", "erklärt", "betont", "gefordert", "aufgefordert", "gewarnt", "angekündigt",
    "mitgeteilt", "bekräftigt", "verlangt", "geschrieben", "hinzugefügt", "gemeint", "versichert",
    "unterstrichen", "gemahnt", "bestätigt", "geantwortet", "erwidert", "berichtet", "kritisiert",
    "eingeräumt", "angedeutet", "klargestellt", "zurückgewiesen", "vorgeschlagen", "gepostet",
    "getwittert", "ergänzt", "gefragt", "geäußert", "verwiesen", "genannt", "bezeichnet",
    "behauptet", "gemeldet", "vorgeworfen", "angegeben", "bekanntgegeben",
    "begründet", "entgegnet", "kommentiert", "empfohlen", "verkündet", "appelliert", "beschuldigt",
    "bezweifelt", "gewürdigt", "argumentiert", "beschrieben", "verglichen", "plädiert", "befürchtet",
    "vermutet", "gehofft", "geglaubt", "konstatiert", "gelobt", "festgestellt", "hervorgehoben",
    "zugesichert", "angeprangert", "aufgerufen", "ausgesagt", "hingewiesen", "dargelegt", "beteuert",
    "bedauert", "erwähnt", "herausgestrichen",
})
"""Past participles of speech verbs, for "X hatte (am Freitag) gesagt"."""

QUOTING_VERBS = frozenset({"zitiert", "zitierte"})
"""Verbs of quoting: "zitierte die Zeitung X"."""

ROLE_WORDS = frozenset({
    "sprecher", "präsident", "minister", "berater", "botschafter", "kanzler", "regierung",
    "kreml", "diplomat", "gesandte", "unterhändler", "premier", "beauftragte", "sekretär",
    "gouverneur", "vertreter", "delegation", "kommandeur", "behörde", "parlament", "militär",
    "armee", "streitkräfte", "außenamt", "kanzleramt", "auswärtig", "bürgermeister", "senator",
    "abgeordnete", "vorsitzende", "befehlshaber", "staatsanwalt", "verwaltung", "vermittler",
    "richter", "leiter", "direktor", "anwalt",
})
"""Stems of words naming an office or role (lower case, found anywhere in a word: "Kremlsprecher")."""

SPEAKER_PRONOUNS = frozenset({"er", "sie"})
"""Personal pronouns that speak for the speaker named before them ("sagte er")."""

ACCORDING_TO_WORDS = frozenset({"laut", "zufolge", "nach", "so", "gemäß"})
"""Cue words of "according to" statements: "laut X", "X zufolge", "nach Angaben X", "…, so X"."""

REPORT_NOUNS = frozenset({
    "angaben", "worten", "aussagen", "ansicht", "auffassung", "darstellung", "aussage",
    "einschätzung", "einschätzungen", "meinung", "informationen", "berechnungen", "erkenntnissen",
    "schätzungen", "darstellungen", "these", "überzeugung",
})
"""Nouns of "nach Angaben von X": whose words or view a sentence reports."""

REPORT_NOUN_ENDINGS = (
    "angaben", "bericht", "berichten", "informationen", "erkenntnissen", "schätzungen", "analyse",
    "berechnungen", "worten", "medien", "meldung", "meldungen", "nachricht", "nachrichten",
)
"""Ends of report nouns after "nach", compounds included: "nach Polizeiangaben", "nach einem
Bericht der Zeitung", "nach Medienberichten" (a vague source when nobody is named)."""

HEARSAY_MARKERS = frozenset({"soll", "sollen", "demnach"})
"""Words of hearsay: "Er soll … gesagt haben", "Demnach …" report what others say (the voices
classifier decides whether a sentence with one is someone's account)."""

DEMAND_STEMS = ("forder", "verlang")
"""Stems of verbs of demand: their object is what was said ("forderte eine Waffenruhe", "hatte
Garantien verlangt"), where another speech verb with only an object reports an event."""

CONTENT_PREPOSITIONS = ("von", "vor", "als")
"""Words after an indicative speech verb that introduce what was said: what was spoken of, warned
of, called something ("sprach von …", "warnte vor …", "bezeichnete … als …")."""

NON_SPEAKER_HEADS = frozenset({
    "plan", "pläne", "plänen", "vertrag", "verträge", "verträgen", "bericht", "berichte",
    "berichten", "berichts", "angaben", "medien", "agentur", "agenturen", "zeitung", "zeitungen",
    "umfrage", "umfragen", "studie", "studien", "gesetz", "gesetzes", "verfassung", "statistik",
    "prognose", "schätzung", "schätzungen", "daten", "zahlen", "informationen", "quellen",
    "kreise", "kreisen", "dokument", "dokumente", "dokumenten", "entwurf", "entwürfen", "papier",
    "abkommen", "vereinbarung", "beschluss", "protokoll", "liste", "programm", "mitteilung",
    "meldung", "meldungen", "aussagen", "worten", "ansicht", "einschätzung", "sender",
    "fernsehen", "plattform", "erklärung", "ankündigung", "experten", "beobachtern",
    "beobachter", "analysten", "times", "post", "news", "journal", "tv", "motto", "text", "titel",
    "slogan", "überschrift", "schlagzeile", "fazit", "frage", "antwort", "meinung",
})
"""Heads of phrases that are documents, media or vague crowds, never a speaker ("laut Plan")."""

PASSIVE_AUXILIARIES = frozenset({"wurde", "wurden", "wird", "werden", "worden"})
"""Auxiliaries after a participle that make it a passive, not speech ("Kritisiert wurde …")."""

NUMBER_WORDS = frozenset({
    "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf",
    "zwanzig", "dreißig", "hundert", "hunderte", "tausend", "tausende", "dutzende", "mehrere", "beide",
})
"""Number words: a phrase opening with one is an object or a crowd, no speaker ("Zwölf Todesopfer forderte
…", "sprechen beide Konfliktparteien von …")."""

REPORTER_CONNECTIVES = frozenset({"obwohl", "obgleich", "obschon"})
"""Connectives of a reporter's own comment: with one, no quote and no Konjunktiv, a sentence is the
journalist's ("Putin fordert den Donbass, obwohl Russland Teile davon nicht kontrolliert")."""

SPEAKER_EXTENDERS = frozenset({"von", "vom", "aus"})
"""Prepositions that add a speaker's organisation or place: "John Sifton von Human Rights Watch"."""

ORGANISATION_LINKS = frozenset({"für", "in", "der", "des"})
"""Words that join an organisation's own attribute to it after a SPEAKER_EXTENDERS word: "Ken Rice vom
Institut für Astronomie in Edinburgh"."""

INFINITIVE_MARKS = frozenset({"zu"})
"""The word before an infinitive of what was demanded or announced: "forderte X auf, sich zu stellen"."""

SEPARABLE_PREFIXES = (
    "ab", "an", "auf", "aus", "bei", "ein", "fest", "frei", "her", "hin", "los", "mit", "nach", "vor", "weg",
    "weiter", "wieder", "zu", "zurück", "zusammen", "voran", "durch", "um", "über", "unter",
)
"""Verb prefixes before the "zu" of an infinitive written as one word: "zurückzukehren", "einzutreten"."""

SHORT_ROLE_WORDS = ("chef",)
"""Short role stems (lower case) that only count at the end of a word: "Kremlchef", "Staatschefin"."""

DETERMINERS = frozenset({
    "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen",
    "sein", "seine", "seines", "seinem", "seinen", "seiner", "ihr", "ihre", "ihres", "ihrem",
    "ihren", "ihrer", "diese", "dieser", "diesem", "diesen", "dieses",
})
"""Articles and possessives that may open a speaker phrase ("der Kanzler", "seine Sprecherin")."""

PERFECT_AUXILIARIES = frozenset({"hat", "hatte", "habe", "hätte"})
"""Auxiliaries of a speech verb's perfect tense: "X hatte (am Freitag) gesagt"."""

SUBJECT_VERB_FILLERS: frozenset[str] = frozenset()
"""Words between a subject and its speech verb that are not part of the subject (English only)."""

REPORTED_SPEECH_FORMS = frozenset({
    "sei", "seien", "habe", "werde", "könne", "müsse", "solle", "wolle", "dürfe", "möge", "gebe",
    "wisse", "bleibe", "stehe", "gehe", "liege", "hänge", "komme", "brauche", "bedeute",
    "handle", "lasse", "sehe", "diene", "fehle", "führe", "gelte", "halte", "trage", "zeige",
    "reiche", "erwarte", "plane", "verfüge", "bestehe", "entspreche", "befinde", "drohe", "laufe",
    "nehme", "falle", "kenne", "lebe", "stelle", "finde", "gehöre", "setze", "sinke", "steige",
    "wachse", "erhalte", "spreche", "sitze", "treffe", "biete", "beginne", "verliere", "arbeite",
})
"""Konjunktiv I forms (lower case) that mark reported speech in a sentence's first clause."""

CONDITIONAL_FORMS = frozenset({"würde", "würden", "hätte", "hätten", "wäre", "wären"})
"""Konjunktiv II forms: reported speech only when the sentence also quotes."""

PREPOSITIONS = frozenset({
    "ab", "an", "am", "auf", "aus", "bei", "beim", "bis", "durch", "für", "gegen", "gegenüber",
    "hinter", "in", "im", "ins", "mit", "nach", "neben", "ohne", "seit", "trotz", "um", "unter",
    "über", "vom", "von", "vor", "während", "wegen", "zu", "zum", "zur", "zwischen", "laut",
    "zufolge", "angesichts", "nahe", "bezüglich", "hinsichtlich", "anlässlich", "aufgrund", "infolge",
    "seitens", "innerhalb", "außerhalb", "entlang",
})
"""Prepositions: a speaker phrase ends at one."""

ADVERBS = frozenset({
    "auch", "zuletzt", "später", "zudem", "erneut", "bereits", "schon", "weiter", "dabei",
    "jedoch", "allerdings", "nun", "jetzt", "zuvor", "gestern", "heute", "morgen", "damals",
    "ebenfalls", "außerdem", "zugleich", "gleichzeitig", "indes", "unterdessen", "inzwischen",
    "mittlerweile", "dann", "danach", "daher", "deshalb", "somit", "dort", "hier", "wiederholt",
    "mehrfach", "erst", "noch", "nur", "sogar", "selbst", "etwa", "wohl", "offenbar", "demnach",
    "zunächst", "bislang", "bisher", "stets", "immer", "wieder", "ausdrücklich", "kürzlich",
    "jüngst", "nochmals", "abermals", "aber", "doch", "ja", "also", "hierzu", "dazu", "insbesondere",
    "besonders", "folglich", "ferner", "überdies", "daraufhin", "hierbei", "weiteren",
    # sentence openers before the verb that were read as a speaker on quotes-de train
    "ebenso", "entsprechend", "derzeit", "weiterhin", "gegenwärtig", "dagegen", "hingegen", "darin",
    "ähnlich", "aktuell", "offiziell", "unmissverständlich", "sinngemäß", "da", "besorgt",
    "anschließend", "abschließend", "ergänzend", "relativierend", "zusammenfassend", "vielmehr",
    "dennoch", "trotzdem", "gleichwohl",
    "sich",  # reflexive: "Besorgt äußerte sich der Minister"
})
"""Adverbs and particles that may stand between a speech verb and its subject, and end a speaker phrase."""

FUNCTION_WORDS = frozenset({
    "und", "oder", "denn", "sondern", "dass", "daß", "ob", "weil", "wenn", "als", "wie",
    "nachdem", "obwohl", "sowie", "sowohl", "so", "es", "man", "wir", "ich", "du", "ihm", "ihn",
    "ihnen", "uns", "sich", "dies", "diese", "dieser", "dieses", "diesem", "diesen", "was", "wer",
    "jemand", "niemand", "nichts", "alle", "viele", "kein", "keine", "nicht", "ist", "sind", "war",
    "waren", "wird", "werden", "wurde", "wurden", "haben", "hatten", "kann", "muss", "soll",
    "will", "darauf", "damit", "dazu", "daran", "darüber", "davon", "zwar", "jene", "jener",
})
"""Other function words (conjunctions, pronouns, auxiliaries): never part of a speaker phrase."""

TIME_NOUNS = frozenset({"vortag", "wochenende", "abend", "morgen", "nachmittag"})
"""Nouns that, like weekdays, make a time phrase between a speech verb and its subject ("am Vortag")."""

LEADING_PARTICLES = frozenset({"und", "aber", "doch", "auch", "so"})
"""Particles opening a sentence before its subject ("Und Peskow sagte"), not part of the speaker."""

NEGATIONS = frozenset({"nicht"})
"""Negations that close a clause: "… nannte er nicht" reports nothing said."""

NOMINATIVE_PRONOUNS = frozenset({"er"})
"""Pronouns that are always a subject: after a speech verb, the phrase before it is an object."""

GENITIVE_WORDS = ("des", "der")
"""Words opening a genitive after a role: "Sprecher des Außenministeriums"."""

PLACE_PREPOSITIONS = ("in", "aus")
"""Prepositions of a place after a role: "der Botschafter in London, Andrej Kelin"."""

SINGLE_WORD_CUES = frozenset({"laut", "zufolge", "gemäß", "wie"})
"""Words other than speech verbs that are an attribution cue by themselves ("laut X", "Wie X mitteilte")."""

PREPOSITION_VERBS = dict.fromkeys(("sprach", "spricht", "sprachen", "sprechen"), frozenset({"von", "davon"}))
"""Verbs of ATTRIBUTION_VERBS that report speech only with one of these prepositions after them in their
clause ("sprach von einem Erfolg", "sprechen davon, dass …"; not "sprach mit Journalisten")."""

CLAUSE_VERBS = frozenset({
    "ging", "geht", "gingen", "gehen", "führte", "führt", "führten", "hofft", "hoffte", "hofften",
    "hoffen", "glaubt", "glaubte", "glaubten", "glauben", "vermutet", "vermutete", "vermuteten",
    "vermuten", "befürchtet", "befürchtete", "befürchteten", "befürchten", "lautete", "lautet",
})
"""Verbs of ATTRIBUTION_VERBS that report speech only when a clause or quotation follows their own
("geht davon aus, dass …", "hofft, dass …"; not "Das Licht geht aus", "hofft auf einen Sieg")."""

COORDINATORS = frozenset({"und", "sowie"})
"""Words joining speakers into one: "CDU und FDP erklärten", "Russia and China said"."""

RELATIVE_PRONOUNS = frozenset({
    "der", "die", "das", "dem", "den", "dessen", "deren", "denen", "welche", "welcher",
})
"""Words opening a relative clause after a speaker: "Deiss, der sich … entschlossen hatte, sagte"."""

COMPLEMENTIZERS = frozenset({"dass"})
"""Words opening a reported clause after a comma ("…, dass er bereit sei"): with a REPORTED_SPEECH_FORMS
or CONDITIONAL_FORMS word in that clause, the sentence's opening phrase is its speaker."""

CONTENT_CLAUSE_OPENERS = frozenset({
    "dass", "daß", "ob", "wie", "warum", "weshalb", "weswegen", "wieso", "wann", "wo", "wer", "was",
    "inwieweit", "inwiefern", "womit", "wofür", "worauf",
})
"""Words opening the clause of what was said after a speech verb and a comma ("sagte am Montag, dass
…", "fragte, ob …"): the quotation is that clause, not the frame before it (digest.voices)."""

FEMALE_PRONOUNS = frozenset({"sie"})
"""SPEAKER_PRONOUNS of a woman (or, with a verb in the plural, of several): resolved to a person named with a
female role word (FEMALE_ROLE_ENDINGS) when no speaker is recent."""

FEMALE_ROLE_ENDINGS = ("in", "innen")
"""Endings of a role word naming a woman: "Sprecherin", "Bundeskanzlerin"."""

PLURAL_VERB_ENDINGS: tuple[str, ...] = ("en", "n")
"""Endings of a speech verb in the plural ("sagten"): "sie" is then several, never one person named."""

SINGULAR_DETERMINERS = frozenset({
    "ein", "eine", "einen", "einem", "eines", "das", "dem", "des", "dieses", "diesem",
})
"""Determiners of a singular noun: after a verb in the plural (PLURAL_VERB_ENDINGS), never its subject."""

HEARSAY_VERBS = frozenset({"heißt", "hieß"})
"""Verbs of hearsay with an impersonal subject (HEARSAY_SUBJECTS): "In der Erklärung heißt es, …"."""

HEARSAY_SUBJECTS = frozenset({"es"})
"""The impersonal subject of HEARSAY_VERBS: "heißt es"."""

HEARSAY_PREPOSITIONS = frozenset({"in", "im", "aus", "bei", "beim", "von", "vom", "seitens"})
"""Prepositions before the source of hearsay: "in einer Erklärung der Regierung", "aus Paris"."""

OBJECT_DETERMINERS = frozenset({
    "dem", "den", "des", "einem", "einen", "eines", "diesem", "diesen", "seinem", "seinen", "seines",
    "ihrem", "ihren", "ihres",
})
"""Determiners that are never nominative: a phrase after a speech verb opening with one is its object,
no speaker ("teilte dem Fernsehsender CNN mit")."""

SKIP_REASONS: tuple[tuple[str, str], ...] = (
    (r"empty file", "leere Datei"),
    (r"binary data, not text", "Binärdaten, kein Text"),
    (r"cannot decode as (?P<encoding>\S+): (?P<detail>.*)", "nicht als {encoding} lesbar: {detail}"),
    (r"not a regular file", "keine gewöhnliche Datei"),
    (r"file disappeared before it could be read", "Datei verschwand, bevor sie gelesen werden konnte"),
    (r"symlink points outside the inbox: (?P<path>.*)",
     "symbolischer Link zeigt aus dem Eingangsordner hinaus: {path}"),
    (r"file is (?P<size>[\d.]+) MB, over the limit of (?P<limit>[\d.]+) MB \(config: max_file_mb\)",
     "Datei hat {size} MB, mehr als die Grenze von {limit} MB (Konfiguration: max_file_mb)"),
    (r"no article text after the metadata", "kein Artikeltext nach den Metadaten"),
    (r"no article text left after removing page furniture",
     "kein Artikeltext übrig, nachdem Navigation, Werbung und andere Seitenelemente entfernt wurden"),
    (r"front matter is not closed: expected a line '---' after the YAML",
     "Front Matter nicht abgeschlossen: nach dem YAML fehlt eine Zeile '---'"),
    (r"front matter is not valid YAML: (?P<detail>.*)", "Front Matter ist kein gültiges YAML: {detail}"),
    (r"front matter must be a mapping of keys to values, got a (?P<kind>\w+)",
     "Front Matter muss Schlüssel mit Werten sein, ist aber vom Typ {kind}"),
    (r"(?P<what>front matter|JSON) nested too deeply to read \(over (?P<depth>\d+) levels\)",
     "{what} zu tief verschachtelt, um es zu lesen (über {depth} Ebenen)"),
    (r"HTML nested too deeply to read", "HTML zu tief verschachtelt, um es zu lesen"),
    (r"(?P<where>front matter|JSON|HTML): (?P<key>'\w+') must be text, got a (?P<kind>\w+): (?P<value>.*)",
     "{where}: {key} muss Text sein, ist aber vom Typ {kind}: {value}"),
    (r"not valid JSON: (?P<detail>.*)", "kein gültiges JSON: {detail}"),
    (r"JSON must be an object with a 'text' field, got a (?P<kind>\w+)",
     "JSON muss ein Objekt mit einem Feld 'text' sein, ist aber vom Typ {kind}"),
    (r"JSON object has no 'text' field with the article text",
     "JSON-Objekt ohne Feld 'text' mit dem Artikeltext"),
    (r"no article text found in the HTML page", "kein Artikeltext in der HTML-Seite gefunden"),
    (r"reading it killed the worker process \((?P<how>.*)\)",
     "beim Lesen endete der Arbeitsprozess ({how})"),
    (r"cannot list this folder: (?P<problem>.*)", "Ordner nicht lesbar: {problem}"),
    (r"cannot list: (?P<problem>.*)", "nicht lesbar: {problem}"),
    (r"cannot read: (?P<problem>.*)", "nicht lesbar: {problem}"),
    (r"cannot store: (?P<problem>.*)", "nicht zu speichern: {problem}"),
    # the problems named after 'cannot read:' and the like
    (r"permission denied", "keine Berechtigung"),
    (r"symlink loop \(the link leads back to itself\)",
     "Schleife symbolischer Links (der Link führt auf sich selbst zurück)"),
    (r"it disappeared while being listed", "verschwand, während der Ordner gelesen wurde"),
    (r"nested too deeply \(Python's recursion limit was reached\)",
     "zu tief verschachtelt (Pythons Rekursionsgrenze wurde erreicht)"),
    (r"it needed more memory than there is", "es brauchte mehr Speicher, als es gibt"),
    (r"no space left on device", "kein Platz mehr auf dem Datenträger"),
    (r"input/output error", "Ein-/Ausgabefehler"),
    (r"file name too long", "Dateiname zu lang"),
    (r"(?P<error>.*) \(a bug in news digest\? please report it with the file\)",
     "{error} (ein Fehler in news digest? Bitte mit der Datei melden)"),
)
"""Why a file was skipped, in German: (English reason as a pattern, German words). Reasons are made
and stored in English (digest.readers, the pick-up) and logged so; the digest page shows them in its
language. A {name} in the German words is the pattern's group of that name, itself translated when
it is a reason or problem (``cannot read: permission denied``). A reason no pattern matches is
shown as it is."""

SKIP_REASON_WORDS = {"where": {"front matter": "Front Matter"}, "what": {"front matter": "Front Matter"}}
"""Words in the groups of a skip reason (by group name), in German."""

DECIMAL_SEPARATOR = ","
"""How a decimal number is written: "2,5 MB"."""

DAY_FORMAT = "{day}. {month} {year}"
"""A calendar day on the page: "3. Dezember 2025"."""

FURNITURE_LINES = (
    # newsletter boxes and sign-up calls
    r"Newsletter( abonnieren| bestellen| anmelden)?",
    r"(Jetzt |Hier )?(kostenlos |gratis )?(abonnieren|anmelden|registrieren)",
    r"(Jetzt |Hier )?(kostenlos |gratis )?(für den |zum )?Newsletter (abonnieren|anmelden|bestellen)",
    r"Vielen Dank!? Wir haben Ihnen eine E-Mail geschickt\.?",
    r"Prüfen Sie Ihr (Postfach|E-Mail-Postfach) und bestätigen Sie .{0,40}\.?",
    r"Mit der Anmeldung (zum|für den) Newsletter .{0,160}",
    # related articles, reading tips, navigation
    r"Meine News",
    r"(Lesen Sie (auch|mehr|hier)|Auch interessant|Das könnte Sie auch interessieren"
    r"|Empfehlungen der Redaktion|Weitere Artikel|Zum Thema)\s*(:.{0,160})?",
    r"Mehr zu(m)? Thema\s*:?",
    r"Zum Artikel|Zur Startseite|Weiterlesen|Mehr lesen|Mehr anzeigen|Alle Artikel",
    # advertising, sharing, audio/video widgets
    r"Anzeige|Werbung|Sponsored|Gesponserter Inhalt",
    r"(Artikel )?(teilen|merken|drucken|versenden|kommentieren)",
    r"Teilen auf (Facebook|X|Twitter|WhatsApp|LinkedIn|Threads|Bluesky)",
    r"(Artikel (anhören|vorlesen lassen)|Audio abspielen|Video abspielen|Bildergalerie)( \S+){0,3}",
    r"Hören Sie (hier |sich )?(diesen|den) Artikel( an)?\.?",
    # comment sections, credits of the page
    r"(Die )?Kommentarfunktion (ist|wurde) .{0,80}",
    r"(Mit Material (von|der Nachrichtenagenturen?)|Mitarbeit:) .{0,80}",
)
"""Whole lines (or one-sentence lines) that are always page furniture (regular expressions,
matched case-insensitively against the stripped line)."""

FURNITURE_PREFIXES = (
    r"(Zuletzt [Aa]|A)ktualisiert( am)?:? \d{1,2}\.\d{1,2}\.\d{4},? \d{1,2}:\d{2}( Uhr)?\s*",
    r"Von [A-ZÄÖÜ][\w.'-]+( [A-ZÄÖÜ][\w.'-]+){0,3}, "
    r"[A-ZÄÖÜ][\w -]{0,30}?(Korrespondent|Redakteur|Reporter)\w*\s+",
)
"""Furniture at the start of a line, before its text (regular expressions, case as written): the
time a page was updated, a byline. An agency dateline ("BERLIN (dpa) -") is common to all."""

FURNITURE_TAILS = (
    r"(Mehr|Alle) (Artikel|Nachrichten|Informationen) (zum Thema|zu diesem Thema|finden Sie) .{0,120}",
)
"""Furniture that runs from a phrase to the end of a line ("Mehr Artikel zum Thema …")."""

BONUS_WORDS = ("einigung", "vereinbart", "abkommen", "verhandlungen", "gespräche", "forderung", "bereit")
"""Cue words of Edmundson's summarizer that mark a sentence as important."""

STIGMA_WORDS = ("angeblich", "vielleicht", "newsletter", "abonnement")
"""Cue words of Edmundson's summarizer that mark a sentence as unimportant."""

LABELS = {
    "title": "Lage der Verhandlungen",
    "digest_for": "Digest vom",
    "articles_count": "Artikel",
    "articles_total": "Artikel insgesamt bis zu diesem Datum",
    "window": "Zeitraum",
    "since_start": "seit Beginn",
    "sources": "Quellen",
    "no_sources": "keine",
    "key_points": "Das Wichtigste",
    "topics": "Stand der Verhandlungen nach Themen",
    "articles": "Artikel",
    "skipped": "Übersprungene Dateien",
    "timeline": "Chronik",
    "archive": "Archiv",
    "feed": "Atom-Feed",
    "no_digests": "Noch keine Digests.",
    "quote_open": "„",
    "quote_close": "“",
    "voices": "Stimmen",
    "no_events": "Keine datierten Ereignisse in diesem Zeitraum.",
    "no_voices": "Keine zugeordneten Aussagen in diesem Zeitraum.",
    "new": "neu",
    "unchanged_since": "unverändert seit",
    "no_position": "Keine Meldung bis zu diesem Datum.",
    "no_key_points": "Keine neuen Artikel in diesem Zeitraum.",
    "no_articles": "Keine neuen Artikel in diesem Zeitraum.",
    "unknown_source": "Quelle unbekannt",
    "unknown_date": "ohne Datum",
    "received": "eingegangen am",
    "without_source": "ohne Quellenangabe",
    "precision": "Genauigkeit",
    "origin": "aus",
    "file": "Datei",
    "summary": "Zusammenfassung",
    "also_reported_by": "auch berichtet von",
    "precision_minute": "Minute",
    "precision_day": "Tag",
    "precision_month": "Monat",
    "precision_season": "Jahreszeit",
    "precision_year": "Jahr",
    "precision_unknown": "unbekannt",
    "origin_front matter": "Front Matter",
    "origin_header line": "Kopfzeile",
    "origin_dateline": "Datumszeile",
    "origin_json": "JSON-Feld",
    "origin_html": "HTML-Metadaten",
    "origin_unknown": "unbekannt",
    "origin_text": "Text",
    "origin_arrival": "Eingang",
    "time_suffix": "Uhr",
    "new_in_digest": "neu in diesem Digest",
    "previously": "zuvor",
    "estimated_after": "geschätzt: nach",
    "report": "Meldung",
}
"""The labels of the digest page."""

CONNECTIVES = frozenset({
    "und", "oder", "aber", "doch", "denn", "dabei", "damit", "dazu", "dafür", "dagegen", "danach",
    "darauf", "daraufhin", "darin", "darüber hinaus", "daher", "deshalb", "deswegen", "darum", "dennoch",
    "trotzdem", "jedoch", "allerdings", "zudem", "auch", "außerdem", "ebenfalls", "ebenso", "überdies",
    "ferner", "weiters", "weiterhin", "zusätzlich", "also", "somit", "folglich", "demnach", "sonst",
    "stattdessen", "hingegen", "wiederum", "indes", "indessen", "unterdessen", "gleichzeitig", "zugleich",
    "zuvor", "anschließend", "dann", "immerhin", "hinzu kommt", "im gegenzug", "nun",
})
"""Words (lower case; also two-word phrases) that, opening a sentence, link it to the one before."""

ANAPHORS = frozenset({
    "er", "sie", "es", "ihm", "ihn", "ihnen", "sein", "seine", "seinen", "seinem", "seiner", "seines",
    "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres", "dies", "diese", "dieser", "dieses", "diesem",
    "diesen", "dort", "damals", "jene", "jener", "jenes", "dessen", "deren", "derselbe", "dieselbe",
    "letzterer", "letztere", "solche", "solch",
})
"""Words (lower case) that, opening a sentence, refer to something named before it."""

BACK_REFERENCES = frozenset({
    "er", "ihn", "ihm", "sie", "ihnen", "jedoch", "aber", "allerdings", "hingegen", "dennoch", "trotzdem",
    "zudem", "außerdem", "ebenfalls", "ebenso", "deshalb", "daher", "deswegen", "dabei", "damit", "dazu",
    "dort", "damals", "stattdessen", "wiederum", "indes", "freilich", "weiters",
})
"""Words (lower case) that refer back from anywhere in a sentence's first clause (before its first
comma): "Ein genaues Datum nannte er nicht.", "Für einen Frieden müssen jedoch Hürden fallen."."""

PLACE_NAME_GLUE = frozenset({"am", "an", "der", "im", "in", "bei", "/"})
"""Lower-case words that may stand inside the place name of a dateline: "Frankfurt am Main – "."""

NOT_PLACE_NAMES = frozenset({"der", "die", "das", "ein", "eine", "er", "sie", "es", "wir"})
"""First words (lower case) that make an opening "X – " part of a sentence, not a dateline."""

SUBJUNCTIVE_FORMS = frozenset({
    "sei", "seien", "habe", "könne", "müsse", "werde", "wolle", "solle", "dürfe", "möge", "wisse",
    "gebe", "lehne", "fordere", "verlange", "strebe", "akzeptiere",
})
"""Verb forms (lower case) of reported speech: after a party named as subject, the sentence reports
what someone else said of it ("Die Ukraine könne kein Mitglied werden"), not the party's own words."""

STANDALONE_OPENINGS = frozenset({
    "auch wenn", "es gibt", "es gab", "es gebe", "es geht", "es ging", "es handelt sich", "es handle sich",
    "es kam", "es kommt", "es fehlt", "es fehlen", "es ist unklar", "es war unklar",
})
"""Openings (lower case, up to four words) that begin like CONNECTIVES or ANAPHORS but stand alone:
expletive "es" ("Es gibt zwei Erklärungen"), concessive "auch wenn"."""

DEMONSTRATIVES = frozenset({
    "diese", "dieser", "diesen", "diesem", "dieses", "jene", "jener", "jenen", "jenem", "jenes",
    "solche", "solcher", "solchen", "solchem", "solches", "derartige", "derartigen", "dort", "damals",
})
"""Words (lower case) that point back to something named before from anywhere in a sentence
("… soll Israel zu diesen Ländern gehören."), unless a PRESENT_NOUNS word follows."""

PRESENT_NOUNS = frozenset({
    "jahr", "jahres", "woche", "wochen", "monat", "monats", "tag", "tage", "tages", "wochenende",
    "wochenendes", "jahrhundert", "jahrhunderts", "jahrzehnt", "jahrzehnts", "saison", "sommer",
    "herbst", "winter", "frühjahr", "frühling", "mal", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "abend", "morgen", "nachmittag", "vormittag",
})
"""Nouns (lower case) after which a DEMONSTRATIVES word points at the present ("in diesem Jahr",
"diese Woche"), not back."""

DEFINITE_DETERMINERS = frozenset({"der", "die", "das", "des", "dem", "den"})
"""Definite articles: "der Diplomat" names someone the article has named before (voices resolves it)."""

INSTITUTION_ROLE_WORDS = frozenset({
    "armee", "außenamt", "auswärtig", "behörde", "delegation", "kanzleramt", "kreml", "militär",
    "ministerium", "parlament", "regierung", "streitkräfte", "verwaltung",
})
"""ROLE_WORDS stems (and "ministerium") naming a body, not a person: a word whose last role stem is one
("Außenministerium", "die Regierung") is a speaker of its own, never resolved to a person."""

MEDIA_HEADS = frozenset({
    "agentur", "agenturen", "fernsehen", "journal", "medien", "news", "post", "sender", "times", "tv",
    "zeitung", "zeitungen",
})
"""NON_SPEAKER_HEADS that are media or agencies: with a qualifier ("nach Einschätzung Moskauer Medien")
they are the source of an according_to statement ("laut", "zufolge", "nach Angaben"), not a voice of
the digest."""

SOURCE_PREPOSITIONS: tuple[tuple[str, ...], ...] = (("laut",), ("gemäß",))
"""Words before the source of an according_to statement, each a word sequence: "laut X", "gemäß X"."""

SOURCE_POSTPOSITIONS = frozenset({"zufolge"})
"""Words after the source of an according_to statement: "X zufolge"."""

SO_CUES = frozenset({"so"})
"""Words after a comma before a speaker closing the sentence: "…, so X."."""

AS_CUES = frozenset({"wie"})
"""Words opening a clause "Wie X mitteilte, …" (a speaker and a speech verb closing the clause)."""

REPORT_PREPOSITIONS = frozenset({"nach"})
"""Prepositions before a REPORT_NOUNS word: "nach Angaben von X"."""

REPORT_NOUN_ARTICLES = frozenset({
    "den", "ersten", "jüngsten", "neuen", "offiziellen", "bisherigen",
})
"""Articles and adjectives between a REPORT_PREPOSITIONS word and its noun: "nach den Angaben", "nach
ersten Angaben"."""

REPORT_SOURCE_LINKS = frozenset({"von", "vom", "aus"})
"""Prepositions between a report noun and its source: "nach Angaben von X", "nach Angaben vom X", "nach
Angaben aus Khartum"."""

REPORT_SOURCE_ARTICLES = frozenset({
    "des", "der", "eines", "einer", "seines", "seiner", "ihres", "ihrer", "dieses",
})
"""Articles of a genitive source right after a report noun: "nach Angaben des Ministeriums", "laut
Berechnungen eines US-Forschers"."""

ROLE_ENDINGS = ("s", "in", "innen", "es", "en", "e")
"""Inflection endings a SHORT_ROLE_WORDS word may carry at the end of a word: "Kremlchefin", "Chefs"."""

ROLE_STEM_ENDINGS = ("innen", "s", "en", "n")
"""Case and plural endings taken off a role word (first match, stem of five letters or more) when it
is compared with an earlier speaker's role: "Kanzlers" -> "kanzler"."""
