"""English: the words news digest reads and writes in English articles and digests."""

from __future__ import annotations

NAME = "english"
"""The language's name in the configuration, sumy and NLTK."""

CODES = ("en",)
"""Other names and codes a configuration may give."""

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
"""The months as the digest page writes them."""

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
"""Month names and their abbreviations as articles write them (lower case) -> month number."""

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
"""Weekdays (lower case) -> ``date.weekday()``."""

SEASON_NAMES = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}
"""The first month of a season -> the season as the digest page writes it."""

SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
"""Seasons as articles write them (lower case) -> the first month of the season."""

RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
"""Words naming a day relative to the reference day (lower case) -> offset in days."""

WEEKDAY_DIRECTIONS = {
    "last": "past", "past": "past", "next": "future", "coming": "future", "this": "upcoming",
}
"""Words before a weekday (lower case) -> 'past', 'future' or 'upcoming' (on or after the reference)."""

PAST_MARKERS = frozenset({
    "had", "was", "were", "said", "told", "announced", "met", "spoke", "held", "signed",
})
"""Tense markers: words that put a plain weekday before the reference day."""

FUTURE_MARKERS = frozenset({
    "will", "would", "is to", "are to", "plans to", "plan to", "expected to", "scheduled to",
    "scheduled for", "planned for", "slated for", "due to", "set to", "set for",
})
"""Tense markers: words and phrases that put a plain weekday after the reference day."""

PAST_FORM = r"[a-z]{2,}[^\We]ed"
"""A regular past-tense verb (regular expression, lower case, whole word): "died", "capped"."""

NOT_PAST_AFTER = frozenset({"be", "being"})
"""Words after which a past form is a participle of something to come ("will be held")."""

UNMARKED_TENSE = "past"
"""How a plain weekday with no tense marker near is read: "past" (news reports "died on
Thursday" without a marker) or "upcoming" (on or after the reference day)."""

DATE_QUALIFIERS = ("early", "late", "mid")
"""Words before a month, season or year that narrow it ("late August 2024"); as written: a
lower-case word matches in any case, a capitalized one only capitalized (so in all date fields)."""

HYPHENATED_QUALIFIERS = ("mid",)
"""Qualifiers that may also be joined to the month by a hyphen ("mid-June")."""

DAY_PREPOSITIONS = ("on",)
"""Words before a full date ("on August 6, 2024"), a phrase's words apart by spaces."""

WEEKDAY_PREPOSITIONS = ("on",)
"""Words before a weekday or a relative-day noun ("on Friday")."""

WEEKDAY_ARTICLES: tuple[str, ...] = ()
"""Words between a weekday and its date ("Donnerstag, den 6. August")."""

MONTH_PREPOSITIONS = ("in",)
"""Words before a month or season ("in August", "in the spring of 2022")."""

SEASON_ARTICLES = ("the",)
"""Words between a month preposition and a season ("in the spring")."""

OF_WORDS = ("of",)
"""Words between a season and its year or a day and its month ("spring of 2022", "6th of August")."""

YEAR_PREFIXES = ("in", "in the year")
"""Phrases that make a following year a date ("in 2022"); a bare year is none ("since 2022")."""

NOT_WEEKDAY_AFTER = ("a", "the")
"""Words after which a weekday is no date ("a Friday", "the Thursday")."""

DAYTIME_SUFFIXES: tuple[str, ...] = ()
"""Times of day written onto a weekday ("Donnerstagabend"); the day is the weekday's."""

RELATIVE_DAY_NOUNS: frozenset[str] = frozenset()
"""Words of RELATIVE_DAYS that name a day only after a weekday preposition ("am Vortag")."""

AMBIGUOUS_RELATIVE_DAYS: dict[str, tuple[str, ...]] = {}
"""Words of RELATIVE_DAYS that name a day only in lower case and not right after these words
("heute Morgen" is this morning, "morgen" tomorrow); the others match with either first letter."""

DATE_ORDERS = ("Month d[, y]", "d [of ]Month[, y]", "Month, y")
"""How articles write a full date and a month with its year, in order of preference: d day,
m month number, y year, Month month name, of an OF_WORDS word, [...] optional; "." a dot (a space
may follow), ". " a dot and spaces (or none), ", " spaces after an optional comma, " " spaces,
"-" and "/" themselves."""

ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
"""Letters written onto a day number ("6th"); a day with them ends at a word boundary."""

NOT_DAY_AFTER = ".,"
"""Characters right before a day-first date's day that make it part of a number ("1,000", "3.5")."""

CAPITALIZED_DATE_WORDS = ("months", "weekdays")
"""Which of months, weekdays and seasons are written capitalized and match only so ("im Sommer");
the others match in any case ("in the summer")."""

SEASON_QUALIFIERS = ("early", "late", "mid")
"""Words of DATE_QUALIFIERS that may also narrow a season ("late spring 2022")."""

PREPOSITION_BEFORE_QUALIFIER = True
"""True if a month preposition may come before a qualifier ("in late August", "in late 2022")."""

NAMED_YEAR_CENTURIES = ("19", "20")
"""Centuries of a year after a year prefix or qualifier ("in 2022", not "in 3000 homes"); any if none."""

WEEKDAY_NEEDS_WORD = False
"""True if a weekday is a date only after a weekday preposition or direction ("am Montag",
"kommenden Montag"), else also alone ("Friday")."""

ABBREVIATIONS = frozenset({
    "e.g", "i.e", "a.m", "p.m", "etc", "vs", "viz", "cf", "al", "approx", "dept", "est",
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "rev", "hon", "gen", "gov", "sen",
    "rep", "pres", "lt", "col", "sgt", "capt", "cmdr", "maj", "adm", "sec", "amb", "supt",
    "co", "inc", "ltd", "corp", "bros", "mt", "ft", "ave", "blvd", "rd", "vol", "fig",
    "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "thu", "thur", "thurs", "fri",
})
"""Abbreviations (lower case, no final dot) after which a full stop never ends a sentence."""

SENTENCE_OPENERS = frozenset({
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these",
    "those", "there", "but", "and", "so", "then", "however", "in", "on", "at", "for",
    "with", "after", "before", "when", "while", "if", "as", "his", "her", "their", "its",
    "our", "my", "what", "who", "why", "how", "no", "not", "yet", "also", "since", "both",
    "some", "many", "most", "all", "one", "last", "earlier", "later", "meanwhile",
})
"""Words (lower case) that typically open a sentence."""

ORDINAL_CUES: frozenset[str] = frozenset()
"""Words before a number that mark it as an ordinal: none, English writes "6th"."""

ABBREVIATED_ENDINGS: tuple[str, ...] = ()
"""Ends of a longer word that make it an abbreviation: none."""

NUMBER_ABBREVIATIONS = frozenset({"art", "no", "nos", "p", "pp", "mar", "max"})
"""Abbreviations that only count as such before a number: "No. 5", "p. 12", "Mar. 3"."""

SENTENCE_FINAL_ABBREVIATIONS = frozenset({
    "etc", "inc", "ltd", "corp", "co", "jr", "sr", "a.m", "p.m", "bros",
})
"""Abbreviations that often end a sentence: their full stop ends it when a sentence opener follows."""

DATELINE_LABELS: tuple[str, ...] = ()
"""Labels before the date of a dateline: none yet (digest/dates.py reads German and ISO datelines)."""

NOT_A_DATELINE_BEFORE: frozenset[str] = frozenset()
"""Words before a date with a time that make it a mention: none yet (see DATELINE_LABELS)."""

SPEECH_VERBS = frozenset({"said", "says", "told", "stated", "added"})
"""Verbs of saying (lower case): a sentence with one of them reports what someone said."""

_NO_PARTICLE: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())

ATTRIBUTION_VERBS = dict.fromkeys((
    "said", "says", "told", "tells", "added", "adds", "stressed", "stresses", "warned", "warns",
    "announced", "announces", "insisted", "insists", "noted", "wrote", "writes", "explained",
    "urged", "urges", "demanded", "demands", "confirmed", "confirms", "argued", "argues",
    "declared", "declares", "asked", "replied", "posted", "tweeted", "claimed", "claims",
    "emphasized", "emphasised", "acknowledged", "conceded", "admitted", "cautioned", "vowed",
    # the plural of the present ("Officials say", "critics warn")
    "say", "tell", "add", "stress", "warn", "announce", "insist", "write", "explain", "urge", "demand",
    "confirm", "argue", "declare", "claim", "emphasize", "emphasise", "acknowledge", "concede", "admit",
    "caution", "vow",
), _NO_PARTICLE)
"""Speech verbs that attribute a statement to their subject: form -> (required particles,
forbidden particles); English ones need none."""

ATTRIBUTION_PARTICIPLES: frozenset[str] = frozenset()
"""Past participles of speech verbs that attribute on their own (German: "hatte gesagt"); none."""

QUOTING_VERBS = frozenset({"quoted", "quotes"})
"""Verbs of quoting: "the paper quoted X"."""

ROLE_WORDS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "president", "ministry", "adviser", "advisor",
    "ambassador", "chancellor", "envoy", "negotiator", "official", "secretary", "government",
    "kremlin", "governor", "commander", "leader", "prosecutor", "lawmaker", "administration",
    "department", "mediator",
})
"""Stems of words naming an office or role (lower case, found anywhere in a word)."""

SPEAKER_PRONOUNS = frozenset({"he", "she"})
"""Personal pronouns that speak for the speaker named before them ("he said")."""

ACCORDING_TO_WORDS = frozenset({"according"})
"""Cue words of "according to" statements: "according to X"."""

REPORT_NOUNS: frozenset[str] = frozenset()

REPORT_NOUN_ENDINGS: tuple[str, ...] = ()
"""Ends of report nouns after German "nach" ("nach Polizeiangaben"); none in English."""

HEARSAY_MARKERS: frozenset[str] = frozenset()
"""Words of hearsay for the voices classifier, which reads German only; none in English."""

DEMAND_STEMS: tuple[str, ...] = ()
"""Stems of demand verbs whose object is what was said; the rule that needs them reads German only."""

CONTENT_PREPOSITIONS: tuple[str, ...] = ()
"""Words introducing what was said after a speech verb with an object; that rule reads German only."""
"""Nouns of "nach Angaben von X" (German): whose words or view a sentence reports; none in English."""

NON_SPEAKER_HEADS = frozenset({
    "plans", "report", "reports", "media", "sources", "figures", "survey", "poll", "polls",
    "study", "law", "treaty", "agreement", "deal", "document", "documents", "draft",
    "statement", "estimates", "experts", "analysts", "observers", "agency", "newspaper",
})
"""Heads of phrases that are documents, media or vague crowds, never a speaker ("according to the plan")."""

PASSIVE_AUXILIARIES = frozenset({"was", "were", "been"})
"""Auxiliaries before a participle that make it a passive, not speech ("it was said")."""

NUMBER_WORDS = frozenset({
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds",
})
"""Number words: a phrase opening with one is an object, no speaker."""

REPORTER_CONNECTIVES = frozenset({"although"})
"""Connectives of a reporter's own comment: with one and no quote, a sentence is the journalist's."""

SPEAKER_EXTENDERS = frozenset({"of", "from"})
"""Prepositions that add a speaker's organisation or place: "John Sifton of Human Rights Watch"."""

ORGANISATION_LINKS = frozenset({"for", "of"})
"""Words that join an organisation's own attribute to it (see the German): "the Institute for Astronomy"."""

INFINITIVE_MARKS = frozenset({"to"})
"""The word before an infinitive of what was demanded or announced: "urged X to withdraw"."""

SEPARABLE_PREFIXES: tuple[str, ...] = ()
"""Verb prefixes before an infix "zu" (German only); none in English."""

SHORT_ROLE_WORDS = ("chief", "head", "aide", "mayor", "office")
"""Short role stems (lower case) that only count at the end of a word: "Kremlchef", "Staatschefin"."""

DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their"})
"""Articles and possessives that may open a speaker phrase ("the chancellor", "his spokeswoman")."""

PERFECT_AUXILIARIES: frozenset[str] = frozenset()
"""Auxiliaries of a speech verb's perfect tense ("X hatte gesagt"); none in English (SUBJECT_VERB_FILLERS)."""

SUBJECT_VERB_FILLERS = frozenset({"has", "had", "have", "also", "earlier", "later", "previously",
                                  "repeatedly", "again", "then", "once", "recently", "reportedly"})
"""Words between a subject and its speech verb that are not part of the subject ("Lavrov has also said")."""

REPORTED_SPEECH_FORMS: frozenset[str] = frozenset()
"""Verb forms that mark reported speech by themselves (German Konjunktiv I); none in English."""

CONDITIONAL_FORMS: frozenset[str] = frozenset()
"""Verb forms of reported speech when the sentence also quotes (German Konjunktiv II); none in English."""

PREPOSITIONS = frozenset({
    "at", "on", "by", "for", "with", "from", "to", "of", "after", "before", "during", "about",
    "over", "into", "near", "amid", "against", "via", "ahead", "per",
})
"""Prepositions: a speaker phrase ends at one."""

ADVERBS = frozenset({
    "later", "earlier", "then", "again", "too", "however", "recently", "previously",
    "repeatedly", "yesterday", "today", "now", "once",
})
"""Adverbs and particles that may stand between a speech verb and its subject, and end a speaker phrase."""

FUNCTION_WORDS = frozenset({
    "and", "or", "but", "that", "whether", "because", "if", "when", "as", "while", "it", "they",
    "we", "i", "you", "him", "them", "us", "this", "these", "those", "there", "is", "are",
    "were", "be", "been", "has", "had", "have", "not", "no", "who", "which", "what",
})
"""Other function words (conjunctions, pronouns, auxiliaries): never part of a speaker phrase."""

TIME_NOUNS: frozenset[str] = frozenset()
"""Nouns that, like weekdays, make a time phrase between a speech verb and its subject; none in English."""

LEADING_PARTICLES = frozenset({"and", "but", "also", "so"})
"""Particles opening a sentence before its subject ("And Lavrov said"), not part of the speaker."""

NEGATIONS = frozenset({"not"})
"""Negations that close a clause: "… he did not say" reports nothing said."""

NOMINATIVE_PRONOUNS = frozenset({"he", "she"})
"""Pronouns that are always a subject: after a speech verb, the phrase before it is an object."""

GENITIVE_WORDS = ("of",)
"""Words opening a genitive after a role: "spokesman of the foreign ministry"."""

PLACE_PREPOSITIONS = ("from",)
"""Prepositions of a place after a role: "the ambassador from London"."""

SINGLE_WORD_CUES = frozenset({"according"})
"""Words other than speech verbs that are an attribution cue by themselves ("according to X")."""

PREPOSITION_VERBS: dict[str, frozenset[str]] = {}
"""Speech verbs that need a preposition after them (German: "sprach von"); none."""

CLAUSE_VERBS: frozenset[str] = frozenset()
"""Speech verbs that report speech only when a clause follows (German: "geht davon aus, dass"); none."""

COORDINATORS = frozenset({"and"})
"""Words joining speakers into one: "CDU und FDP erklärten", "Russia and China said"."""

RELATIVE_PRONOUNS = frozenset({"who", "which", "whose"})
"""Words opening a relative clause after a speaker: "Peskov, who was in Minsk, said"."""

COMPLEMENTIZERS = frozenset({"that"})
"""Words opening a reported clause after a comma ("…, dass er bereit sei"): with a REPORTED_SPEECH_FORMS
or CONDITIONAL_FORMS word in that clause, the sentence's opening phrase is its speaker."""

CONTENT_CLAUSE_OPENERS = frozenset({"that", "whether", "if", "how", "why", "when", "where", "what"})
"""Words opening the clause of what was said after a speech verb and a comma (see the German)."""

FEMALE_PRONOUNS = frozenset({"she"})
"""SPEAKER_PRONOUNS of a woman (or, with a verb in the plural, of several): resolved to a person named with a
female role word (FEMALE_ROLE_ENDINGS) when no speaker is recent."""

FEMALE_ROLE_ENDINGS = ("woman", "women", "ess")
"""Endings of a role word naming a woman: "Sprecherin", "Bundeskanzlerin"."""

PLURAL_VERB_ENDINGS: tuple[str, ...] = ()
"""Endings of a speech verb in the plural ("sagten"): "sie" is then several, never one person named."""

SINGULAR_DETERMINERS = frozenset({"a", "an", "this"})
"""Determiners of a singular noun: after a verb in the plural (PLURAL_VERB_ENDINGS), never its subject."""

HEARSAY_VERBS: frozenset[str] = frozenset()
"""Verbs of hearsay with an impersonal subject (HEARSAY_SUBJECTS): "In der Erklärung heißt es, …"."""

HEARSAY_SUBJECTS: frozenset[str] = frozenset()
"""The impersonal subject of HEARSAY_VERBS: "heißt es"."""

HEARSAY_PREPOSITIONS: frozenset[str] = frozenset()
"""Prepositions before the source of hearsay: "in einer Erklärung der Regierung", "aus Paris"."""

OBJECT_DETERMINERS: frozenset[str] = frozenset()
"""Determiners that are never nominative (German "dem", "den"); none in English."""

SKIP_REASONS: tuple[tuple[str, str], ...] = ()
"""Why a file was skipped: reasons are made in English, so none is translated."""

SKIP_REASON_WORDS: dict[str, dict[str, str]] = {}
"""Words in the groups of a skip reason (by group name): none."""

DECIMAL_SEPARATOR = "."
"""How a decimal number is written: "2.5 MB"."""

DAY_FORMAT = "{month} {day}, {year}"
"""A calendar day on the page: "December 3, 2025"."""

FURNITURE_LINES = (
    # comment sections and their rules
    r"(We welcome|Your|A selection of your) comments .{0,200}",
    r"(Views|Opinions) expressed in the comments .{0,160}",
    r"The \w+ may edit your comments .{0,120}",
    r"This (discussion|comment thread) is (now )?closed\.?",
    r"(Please )?(get involved and )?leave a comment\.?|Send us an e-?mail\.?",
    # credits, copyright, corrections
    r"(The )?[\w .'-]{2,60} contributed to this report\.?",
    r"(Content and Programming )?Copyright (©\s*)?\d{4} .{0,120}",
    r"All materials herein are protected by .{0,200}",
    r"You may not alter or remove any trademark.{0,160}",
    r"This copy may not be in its final form.{0,80}",
    # players, widgets and navigation
    r"To play this content,? JavaScript .{0,160}",
    r".{0,80}\b(JavaScript|Flash player)\b.{0,40}(enabled|installed|turned on)\.?",
    r"(Click|Tap) (here|on the (icons?|links?|image)) .{0,120}",
    r"To Refresh Page:? .{0,80}",
)
"""Whole lines (or one-sentence lines) that are always page furniture (regular expressions,
matched case-insensitively against the stripped line)."""

FURNITURE_PREFIXES = (
    r"(Page )?last updated( at)? \d{1,2}:\d{2}( GMT| BST| ET| EST| EDT)?,? (\w+, )?\d{1,2} \w+ \d{4}\s*",
    r"By (the )?([A-Z][\w.'-]+ ){0,3}Wire Staff\s*",
    r"By [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}, ([\w.]+ ){0,3}(correspondent|editor|reporter|writer)\s+",
    r"\(?(Additional )?(Reporting|Writing|Editing) by [^()]{1,120}\)\s*",
    r"By [A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3}, ([\w.]+ ){0,3}(Correspondent|Editor|Reporter|Writer)\s+",
    r"[A-Z][A-Z .'/-]{1,40}(, [A-Z][a-z]{2,8}\.? \d{1,2})? \| [A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2},? \d{4},? "
    r"\d{1,2}:\d{2}\s?[ap]m [A-Z]{2,4}\s+",
    r"[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}; \d{1,2}:\d{2} [AP]M\s+",
    r"\(AP Photo(/[^()]{1,60})?\)\s*", r"AP Photo(/\S+)?\s+",
    r"[A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3} \| \d{1,2}:\d{2} UK time, [A-Z][a-z]+, \d{1,2} [A-Z][a-z]+ \d{4}\s+",
)
"""Furniture at the start of a line, before its text (regular expressions, case as written): the
time a page was updated, a byline, an agency's credit line, a news page's place-and-time stamp
("MEXICO CITY | Mon Apr 27, 2009 3:10am BST", "Thursday, April 29, 2010; 4:49 PM"), a blog's
author-and-time stamp ("Susan Watts | 18:00 UK time, Saturday, 25 April 2009"), a photo credit
("(AP Photo/Gerald Herbert)"). An agency
dateline ("LONDON (Reuters) -") is common to all languages."""

FURNITURE_TAILS = (
    r"Explore all of our .{0,160}",
    r"Sign up for (free )?(e-?mail )?(news )?(alerts|newsletters?) .{0,160}",
    r"(Follow|Find) (us|the latest [\w ]{0,40}) on (Twitter|Facebook) .{0,160}",
)
"""Furniture that runs from a phrase to the end of a line ("Explore all of our … graphics")."""

BONUS_WORDS = ("agreement", "agreed", "talks", "negotiations", "demand", "ready", "deal")
"""Cue words of Edmundson's summarizer that mark a sentence as important."""

STIGMA_WORDS = ("allegedly", "perhaps", "newsletter", "subscribe")
"""Cue words of Edmundson's summarizer that mark a sentence as unimportant."""

LABELS = {
    "title": "State of the negotiations",
    "digest_for": "Digest of",
    "articles_count": "articles",
    "articles_total": "articles in total up to this date",
    "window": "Window",
    "since_start": "since the beginning",
    "sources": "Sources",
    "no_sources": "none",
    "key_points": "Key points",
    "topics": "State of negotiations by topic",
    "articles": "Articles",
    "skipped": "Skipped files",
    "timeline": "Timeline",
    "archive": "Archive",
    "feed": "Atom feed",
    "no_digests": "No digests yet.",
    "quote_open": "“",
    "quote_close": "”",
    "voices": "Voices",
    "no_events": "No dated events in this window.",
    "no_voices": "No attributed statements in this window.",
    "new": "new",
    "unchanged_since": "unchanged since",
    "no_position": "Nothing reported up to this date.",
    "no_key_points": "No new articles in this window.",
    "no_articles": "No new articles in this window.",
    "unknown_source": "source unknown",
    "unknown_date": "undated",
    "received": "received",
    "without_source": "without a named source",
    "precision": "precision",
    "origin": "from",
    "file": "file",
    "summary": "Summary",
    "also_reported_by": "also reported by",
    "precision_minute": "minute",
    "precision_day": "day",
    "precision_month": "month",
    "precision_season": "season",
    "precision_year": "year",
    "precision_unknown": "unknown",
    "origin_front matter": "front matter",
    "origin_header line": "header line",
    "origin_dateline": "dateline",
    "origin_json": "JSON field",
    "origin_html": "HTML metadata",
    "origin_unknown": "unknown",
    "origin_text": "text",
    "origin_arrival": "arrival",
    "time_suffix": "",
    "new_in_digest": "new in this digest",
    "previously": "previously",
    "estimated_after": "estimated: after",
    "report": "Report",
}
"""The labels of the digest page."""

CONNECTIVES = frozenset({
    "and", "but", "or", "so", "also", "however", "moreover", "furthermore", "meanwhile", "still", "yet",
    "then", "thus", "therefore", "hence", "instead", "besides", "additionally", "nevertheless",
    "nonetheless", "similarly", "likewise", "otherwise", "indeed", "consequently", "accordingly",
    "afterwards", "in addition", "as a result", "at the same time", "on the other hand", "even so",
    "by contrast", "in contrast", "for example", "for instance",
})
"""Words (lower case; also phrases of up to four words) that, opening a sentence, link it to the one
before."""

ANAPHORS = frozenset({
    "he", "she", "it", "they", "him", "them", "his", "her", "its", "their", "this", "these", "those",
    "that", "such", "the latter", "the former",
})
"""Words (lower case; also two-word phrases) that, opening a sentence, refer to something named
before it."""

BACK_REFERENCES = frozenset({
    "however", "also", "though", "too", "instead", "meanwhile", "nevertheless", "nonetheless",
    "therefore", "moreover", "furthermore", "likewise", "similarly", "thus",
})
"""Words (lower case) that refer back from anywhere in a sentence's first clause, or set off by commas
in it ("The plan, however, failed."); no pronouns: English reports speech without a comma."""

PLACE_NAME_GLUE = frozenset({"de", "la", "upon", "on", "/"})
"""Lower-case words that may stand inside the place name of a dateline: "Stratford upon Avon – "."""

NOT_PLACE_NAMES = frozenset({"the", "a", "an"})
"""First words (lower case) that make an opening "X – " part of a sentence, not a dateline."""

SUBJUNCTIVE_FORMS: frozenset[str] = frozenset()
"""Verb forms (lower case) of reported speech after a party named as subject: none, English reported
speech has no verb forms of its own."""

STANDALONE_OPENINGS = frozenset({"it is unclear", "it was unclear", "it is not clear", "it was not clear"})
"""Openings (lower case, up to four words) that begin like CONNECTIVES or ANAPHORS but stand alone:
expletive "it" ("It is unclear whether …")."""

DEMONSTRATIVES = frozenset({"these", "those", "such"})
"""Words (lower case) that point back to something named before from anywhere in a sentence
("… should be one of these countries."), unless a PRESENT_NOUNS word follows."""

PRESENT_NOUNS = frozenset({"days"})
"""Nouns (lower case) after which a DEMONSTRATIVES word points at the present ("these days"), not back."""

DEFINITE_DETERMINERS = frozenset({"the"})
"""Definite articles: "the minister" names someone the article has named before (voices resolves it)."""

INSTITUTION_ROLE_WORDS = frozenset({
    "administration", "department", "government", "kremlin", "ministry", "office",
})
"""ROLE_WORDS and SHORT_ROLE_WORDS naming a body, not a person: a word whose last role stem is one
("the ministry", "the government") is a speaker of its own, never resolved to a person."""

MEDIA_HEADS = frozenset({"agency", "media", "newspaper"})
"""NON_SPEAKER_HEADS that are media or agencies: with a qualifier ("according to Russian media") they are
the source of an according_to statement, which the digest's voices do not show."""

SOURCE_PREPOSITIONS: tuple[tuple[str, ...], ...] = (("according", "to"),)
"""Words before the source of an according_to statement, each a word sequence: "according to X"."""

SOURCE_POSTPOSITIONS: frozenset[str] = frozenset()
"""Words after the source of an according_to statement (German "X zufolge"); none in English."""

SO_CUES: frozenset[str] = frozenset()
"""Words after a comma before a speaker closing the sentence (German "…, so X."); none in English."""

AS_CUES: frozenset[str] = frozenset()
"""Words opening a clause with a speaker and a closing speech verb (German "Wie X mitteilte"); none here."""

REPORT_PREPOSITIONS: frozenset[str] = frozenset()
"""Prepositions before a REPORT_NOUNS word (German "nach Angaben"); none in English."""

REPORT_NOUN_ARTICLES: frozenset[str] = frozenset()
"""Articles between a REPORT_PREPOSITIONS word and its noun (German "nach den Angaben"); none in English."""

REPORT_SOURCE_LINKS: frozenset[str] = frozenset()
"""Prepositions between a report noun and its source (German "nach Angaben von X"); none in English."""

REPORT_SOURCE_ARTICLES: frozenset[str] = frozenset()
"""Articles of a genitive source after a report noun (German "nach Angaben des X"); none in English."""

ROLE_ENDINGS = ("s",)
"""Inflection endings a SHORT_ROLE_WORDS word may carry at the end of a word: "chiefs"."""

ROLE_STEM_ENDINGS = ("s",)
"""Plural endings taken off a role word (stem of five letters or more) when it is compared with an
earlier speaker's role: "ministers" -> "minister"."""
