"""Time key-point selection and the whole digest composition over windows of many articles.

Usage: python benchmarks/keypoints.py [--sizes 100,1000,5000]

Articles are built from real German sentences (../shared/data/gnad-dev.jsonl when
present, else seeds/) and all fall in the digest's window. Prints seconds per
window size: the per-article analysis (done once at pick-up in the product, in
parallel), key-point selection, and the whole composition given the analyses;
sentences per second of key-point selection, and the growth factor between sizes.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

from common import ROOT, german_sentences, make_articles

from digest.analysis import analyze
from digest.compose import Window, compose, key_points, select, topic_matcher
from digest.config import load_config
from digest.models import Summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    args = parser.parse_args()
    settings = load_config(ROOT / "schedule.yaml").settings
    sentences, origin = german_sentences()
    print(f"sentences from {origin}")
    topics = topic_matcher(settings.topics)
    window = Window(datetime(2025, 10, 1), datetime(2026, 1, 1))
    tz = ZoneInfo(settings.timezone)
    print(f"{'articles':>9} {'sentences':>10} {'analyse s':>10} {'key points s':>13} {'compose s':>10} "
          f"{'sent/s':>10}")
    previous = None
    for size in (int(s) for s in args.sizes.split(",")):
        articles = make_articles(size, sentences)
        total = sum(len(a.sentences) for a in articles)
        summaries = {a.article.id: Summary(a.article.id, a.sentences[:3], "lead", 3) for a in articles}
        started = time.perf_counter()
        analyses = {a.article.id: analyze(a, {}, topics) for a in articles}  # done at pick-up in the product
        analysed = time.perf_counter() - started
        started = time.perf_counter()
        points = key_points(articles, settings.digest.key_points, topics, settings.similarity.sentence,
                            analyses)
        kp = time.perf_counter() - started
        started = time.perf_counter()
        digest = compose(select(articles, window, tz), summaries, date(2025, 12, 31), window, settings,
                         skipped=(), tz=tz, analyses=analyses)
        whole = time.perf_counter() - started
        assert len(points) == settings.digest.key_points and len(digest.articles) == size
        growth = f"  x{kp / previous[1]:.1f} time for x{size / previous[0]:.0f} articles" if previous else ""
        print(f"{size:>9} {total:>10} {analysed:>10.2f} {kp:>13.2f} {whole:>10.2f} "
              f"{total / kp:>10.0f}{growth}")
        previous = (size, kp)


if __name__ == "__main__":
    main()
