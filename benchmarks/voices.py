"""Who said what, scored at sentence level on German Wikinews (quotes-de, Petersen-Frey & Biemann 2024).

Usage: python benchmarks/voices.py [--data DIR] [--rounds N] [--folds FILE]

Each article of ../shared/data/quotes-de/{train,dev}.jsonl (read in place) is written to a file
with its title as front matter and read the way the pick-up reads it (``pickup.analyze_file``:
read, date, clean, split with our sentence splitter); the pick-up's own analysis
(``voices.find_statements``, what ``digest voices`` prints, with the configured speakers; the
digest's Stimmen leave out the statements it marks hidden) then runs on its sentences. Our
sentences are mapped to the gold sentences by character overlap.

Scores (dev is never tuned on; train is printed as tuned-on):

- a gold sentence is attributed when the quotation spans cover at least half of its characters;
  it is detected by the same rule applied to ours: when the quotations of our statements (each
  statement's words said, without the frame of speaker and cue: ``Statement.quotation``, what
  ``digest voices --format jsonl`` prints as "quotation") cover at least half of it; detection
  precision / recall / F1 over gold sentences. An extra line gives the rule of stops up to 22, which
  judged our whole sentences (detected when one covers half of the gold sentence or lies mostly in
  it): it counted "X sagte am Montag in Berlin, dass …" as attributed where the gold's quotation
  covers less than half, and the frame half of a gold sentence split at ": „";
- recall per quotation type (the types of the quotations covering at least half of the sentence);
- speaker accuracy over detected sentences whose gold speaker is a name (a capitalized word that
  is no pronoun, possessive, article, role word, sentence adverb or report noun: "Demnach" and
  "Polizeiangaben" name no one): ours agrees when it shares a name token;
- joint F1: a detected sentence counts when its speaker agrees or its gold speaker is no name;
- the "every sentence is attributed" baseline, from the same run;
- an extra line, not the issue's measure: precision over OUR attributed sentences, each one prediction
  judged by the gold sentence it overlaps most (the label ``voices_train.py`` trains on). The
  detection precision above counts gold sentences hit, so one of our sentences over two gold
  sentences (quotes-de splits about a third of its sentences at ": „", our splitter never does)
  counts twice, and the frame half ("X sagte:", no quotation in it) as a false positive; printed
  with how many of our sentences cover more than one gold sentence;
- with ``--folds FILE`` (written by ``benchmarks/voices_train.py --fold-models FILE``), train is
  also scored out of fold: each article by the classifier trained without its fold, the figures
  every choice on train is made by;
- speed: articles per second (wall clock and CPU) of ``find_attributions`` over the articles of
  train and dev.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.config import load_config  # noqa: E402
from digest.configured import aliases_of  # noqa: E402
from digest.pickup import analyze_file  # noqa: E402
from digest.lang import get as language  # noqa: E402
from digest.voices import ROLE_WORDS, find_attributions, find_statements  # noqa: E402

_GERMAN = language("german")

DATA = ROOT.parent / "shared" / "data" / "quotes-de"
TYPES = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: Words that never make a speaker a name: pronouns, possessives, articles, demonstratives, role words,
#: and (from digest.lang) adverbs opening a sentence ("Demnach", "Danach": the gold speaker of some).
_NO_NAME = frozenset({
    "er", "sie", "es", "ich", "wir", "ihr", "man", "der", "die", "das", "des", "dem", "den", "ein",
    "eine", "einer", "eines", "einem", "einen", "sein", "seine", "seiner", "seinem", "seinen", "seines",
    "ihre", "ihrer", "ihrem", "ihren", "ihres", "unser", "unsere", "unserer", "unseren", "dessen",
    "deren", "dieser", "diese", "diesem", "diesen", "dieses",
    "sprecher", "sprecherin", "präsident", "präsidentin", "minister", "ministerin", "chef", "chefin",
}) | _GERMAN.ADVERBS
#: Report nouns are no names either, compounds included: a gold speaker "Polizeiangaben", "eigenen
#: Angaben", "der OSZE-Bericht" or "Medienberichten" names no one (in "Angaben der Polizei" the name
#: is "Polizei").
_REPORT_WORDS = _GERMAN.REPORT_NOUNS
_REPORT_ENDINGS = tuple(_GERMAN.REPORT_NOUN_ENDINGS)

Span = tuple[int, int]


@dataclass(frozen=True)
class GoldSentence:
    """A gold sentence: its span, whether it is attributed, its quotation types and speaker."""

    span: Span
    attributed: bool
    types: frozenset[str] = frozenset()
    speaker: str = ""


@dataclass
class Scores:
    """Counts over gold sentences, summed over articles."""

    gold: int = 0
    predicted: int = 0
    detected: int = 0
    joint: int = 0
    named: int = 0
    agreed: int = 0
    ours: int = 0  # our attributed sentences
    ours_correct: int = 0  # of them, those whose most-overlapping gold sentence is attributed
    ours_multi: int = 0  # of them, those that hit more than one gold sentence
    per_type: dict[str, list[int]] = field(default_factory=lambda: {t: [0, 0] for t in TYPES})

    def add(self, other: Scores) -> None:
        """Add another article's counts."""
        for name in ("gold", "predicted", "detected", "joint", "named", "agreed", "ours", "ours_correct",
                     "ours_multi"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, (found, total) in other.per_type.items():
            self.per_type[kind][0] += found
            self.per_type[kind][1] += total


def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 where undefined)."""
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def overlap(a: Span, b: Span) -> int:
    """Characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def covered(span: Span, spans: Iterable[Span]) -> int:
    """Characters of span covered by the union of spans."""
    cuts = sorted((max(a, span[0]), min(b, span[1])) for a, b in spans if overlap((a, b), span))
    total, reach = 0, span[0]
    for a, b in cuts:
        if b > reach:
            total += b - max(a, reach)
            reach = b
    return total


def gold_sentences(record: Mapping) -> list[GoldSentence]:
    """The gold sentences of an article with the quotations that cover at least half of each."""
    result = []
    for start, end in record["sentences"]:
        span = (start, end)
        quotes = [q for q in record["quotes"] if any(overlap(tuple(s), span) for s in q["quote"])]
        spans = [tuple(s) for q in quotes for s in q["quote"]]
        if 2 * covered(span, spans) < end - start:
            result.append(GoldSentence(span, False))
            continue
        types = frozenset(q["type"] for q in quotes
                          if 2 * covered(span, [tuple(s) for s in q["quote"]]) >= end - start)
        main = max(quotes, key=lambda q: covered(span, [tuple(s) for s in q["quote"]]))
        result.append(GoldSentence(span, True, types or frozenset({main["type"]}), main["speaker_text"]))
    return result


def name_tokens(speaker: str) -> set[str]:
    """The lower-cased capitalized words of a speaker that are no pronoun, possessive, article, sentence
    adverb, report noun (``_REPORT_WORDS``, ``_REPORT_ENDINGS``) or role word (a word holding one of
    digest.voices.ROLE_WORDS: "Bundeskanzler", "Staatssekretär"): a gold speaker "Der Bundeskanzler"
    is no name, so resolving it to the person the article named is not counted wrong."""
    return {low for w in _WORD.findall(speaker)
            if w[0].isupper() and len(w) > 1 and (low := w.lower()) not in _NO_NAME
            and low not in _REPORT_WORDS and not low.endswith(_REPORT_ENDINGS)
            and not any(role in low for role in ROLE_WORDS)}


def detected(gold: Span, ours: Sequence[Span]) -> int | None:
    """Index of our attributed span that covers half of the gold sentence or lies mostly in it."""
    for i, span in enumerate(ours):
        shared = overlap(gold, span)
        if 2 * shared >= gold[1] - gold[0] or 2 * shared > span[1] - span[0]:
            return i
    return None


def quoted(gold: Span, ours: Sequence[Sequence[Span]]) -> int | None:
    """Index of our statement whose quotation covers most of the gold sentence, when the quotation
    spans of all our statements together cover at least half of it: the gold's own rule."""
    if 2 * covered(gold, [s for spans in ours for s in spans]) < gold[1] - gold[0]:
        return None
    return max(range(len(ours)), key=lambda i: covered(gold, ours[i]))


def score_article(gold: Sequence[GoldSentence], ours: Sequence[tuple[Span, str]],
                  quotations: Sequence[Sequence[Span]] | None = None) -> Scores:
    """Counts for one article: gold sentences against our attributed sentences (span, speaker). With
    ``quotations`` (each statement's quotation spans in the article) a gold sentence is detected by the
    rule that makes it attributed (``quoted``); without, by our whole sentences (``detected``)."""
    scores = Scores()
    spans = [span for span, _ in ours]
    for sentence in gold:
        match = detected(sentence.span, spans) if quotations is None else quoted(sentence.span, quotations)
        scores.predicted += match is not None
        if not sentence.attributed:
            continue
        scores.gold += 1
        for kind in sentence.types:
            scores.per_type[kind][1] += 1
            scores.per_type[kind][0] += match is not None
        if match is None:
            continue
        scores.detected += 1
        names = name_tokens(sentence.speaker)
        agrees = bool(names & name_tokens(ours[match][1]))
        scores.named += bool(names)
        scores.agreed += bool(names) and agrees
        scores.joint += agrees or not names
    for span in spans:
        best = max(gold, key=lambda g: overlap(g.span, span), default=None)
        scores.ours += 1
        scores.ours_correct += best is not None and best.attributed and overlap(best.span, span) > 0
        scores.ours_multi += sum(detected(g.span, [span]) is not None for g in gold) > 1
    return scores


def locate(text: str, sentences: Sequence[str]) -> list[Span | None]:
    """Character spans of our sentences in the article text, found in order."""
    spans: list[Span | None] = []
    pos = 0
    for sentence in sentences:
        words = [re.escape(w) for w in sentence.split()]
        match = re.compile(r"\s+".join(words)).search(text, pos) if words else None
        if match is None:
            spans.append(None)
            continue
        spans.append(match.span())
        pos = match.end()
    return spans


def read_split(record: Mapping, folder: Path, config) -> list[str]:
    """The article's sentences as the pick-up reads them from a file."""
    path = folder / f"{record['id']}.md"
    title = json.dumps(record.get("title") or record["id"], ensure_ascii=False)
    path.write_text(f"---\ntitle: {title}\n---\n{record['text']}\n", encoding="utf-8")
    return list(analyze_file(path, folder, config).sentences)


@dataclass(frozen=True)
class Read:
    """One article as the pick-up reads it: gold sentences, our sentences and their spans."""

    gold: list[GoldSentence]
    sentences: list[str]
    spans: list[Span | None]
    text: str = ""


def read_all(path: Path, config) -> list[Read]:
    """Every article of a split, read through the pick-up."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    result = []
    with tempfile.TemporaryDirectory() as folder:
        for record in records:
            sentences = read_split(record, Path(folder), config)
            result.append(Read(gold_sentences(record), sentences, locate(record["text"], sentences),
                               record["text"]))
    return result


def locate_within(text: str, span: Span, sentence: str, pieces: Sequence[Span]) -> list[Span]:
    """The article spans of pieces of one of our sentences (character spans in ``sentence``), which
    stands at ``span`` of the article text (whitespace may differ: words are matched)."""
    result = []
    pos = span[0]
    for start, end in pieces:
        words = [re.escape(w) for w in sentence[start:end].split()]
        match = re.compile(r"\s+".join(words)).search(text, pos, span[1]) if words else None
        if match is not None:
            result.append(match.span())
            pos = match.end()
    return result


def evaluate(reads: Sequence[Read], aliases: Mapping[str, str], whole: bool = False,
             ) -> tuple[Scores, Scores]:
    """Our scores and the "every sentence is attributed" baseline's, summed over articles. A gold
    sentence is detected when our statements' quotations cover half of it (the gold's rule); with
    ``whole``, when one of our whole attributed sentences covers half of it or lies mostly in it."""
    ours, every = Scores(), Scores()
    for read in reads:
        found = [s for s in find_statements(read.sentences, "german", aliases)
                 if read.spans[s.index] is not None]
        attributed = [(read.spans[s.index], s.attribution.speaker) for s in found]
        quotations = None if whole else [
            locate_within(read.text, read.spans[s.index], read.sentences[s.index], s.quotation)
            for s in found]
        ours.add(score_article(read.gold, attributed, quotations))
        every.add(score_article(read.gold, [(g.span, "") for g in read.gold],
                                None if whole else [[g.span] for g in read.gold]))
    return ours, every


def report(label: str, scores: Scores) -> list[str]:
    """Lines of the table for one system on one split."""
    p, r, f = prf(scores.detected, scores.predicted, scores.gold)
    jp, jr, jf = prf(scores.joint, scores.predicted, scores.gold)
    recall = " ".join(f"{t} {found / total:.2f} ({total})" if total else f"{t} -"
                      for t, (found, total) in scores.per_type.items())
    accuracy = scores.agreed / scores.named if scores.named else 0.0
    mine = scores.ours_correct / scores.ours if scores.ours else 0.0
    return [f"{label}: detection P/R/F1 {p:.2f} / {r:.2f} / {f:.2f} (gold {scores.gold}, "
            f"predicted {scores.predicted}); joint P/R/F1 {jp:.2f} / {jr:.2f} / {jf:.2f}; "
            f"speaker accuracy {accuracy:.2f} ({scores.named} named)",
            f"    recall by type: {recall}",
            f"    (extra, not the issue's measure) precision per our sentence, judged by the gold sentence "
            f"it overlaps most: {mine:.2f} ({scores.ours} sentences, {scores.ours_multi} over two or more "
            f"gold sentences)"]


def evaluate_out_of_fold(reads: Sequence[Read], aliases: Mapping[str, str], path: Path) -> Scores:
    """Train scored out of fold: each fold's articles by the classifier fitted without them."""
    from digest import voices
    from digest.voices_model import Model

    data = json.loads(path.read_text(encoding="utf-8"))
    total = Scores()
    shipped = voices.load_model
    try:
        for fold, weights in zip(data["folds"], data["models"], strict=True):
            model = Model(weights["first"], weights["second"], weights["threshold"])
            voices.load_model = lambda model=model: model  # type: ignore[assignment]
            total.add(evaluate([reads[i] for i in fold], aliases)[0])
    finally:
        voices.load_model = shipped
    return total


def speed(reads: Sequence[Read], aliases: Mapping[str, str], rounds: int, collect: bool,
          ) -> tuple[float, float]:
    """Articles per wall-clock second and per CPU second of find_attributions (best of ``rounds``:
    the CPU figure is the steadier one on a shared machine). With ``collect`` False the garbage
    collector is paused, as timeit does: the reads this script holds make each collection costly."""
    wall = cpu = float("inf")
    gc.collect()
    if not collect:
        gc.disable()
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for read in reads:
            find_attributions(read.sentences, "german", aliases)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    gc.enable()
    return len(reads) / wall, len(reads) / cpu


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (best is printed)")
    parser.add_argument("--folds", type=Path, help="fold models of voices_train.py --fold-models")
    args = parser.parse_args(argv)
    config = load_config(None)
    aliases = aliases_of(config)
    reads = {name: read_all(args.data / f"{name}.jsonl", config) for name in ("train", "dev")}
    for name, label in (("dev", "dev (not tuned on)"), ("train", "train (tuned on)")):
        ours, every = evaluate(reads[name], aliases)
        print(f"== {label}: {len(reads[name])} articles")
        for line in report("ours", ours) + report("every sentence", every):
            print(line)
        whole = report("ours", evaluate(reads[name], aliases, whole=True)[0])[0]
        print("    (extra, the rule of stops up to 22) our whole sentences judged instead of our quotations:"
              + whole.removeprefix("ours:"))
    if args.folds is not None:
        print("== train out of fold (each fold by the classifier trained without it)")
        print("\n".join(report("ours", evaluate_out_of_fold(reads["train"], aliases, args.folds))))
    everything = reads["train"] + reads["dev"]
    for collect in (True, False):
        wall, cpu = speed(everything, aliases, args.rounds, collect)
        print(f"speed (garbage collector {'on' if collect else 'paused'}): {wall:.0f} articles per second, "
              f"{cpu:.0f} per CPU second of find_attributions over {len(everything)} articles "
              f"(train+dev), best of {args.rounds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
