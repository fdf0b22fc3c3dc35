"""The orchestrator: each function reads like a table of contents of its stages."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import Config
from .i18n import counted
from .models import Digest, Skipped, SplitArticle, Summary, TimelineEvent
from .pickup import PickupReport, analyze_file, pick_up_inbox, summarize_missing, timed
from .store import DigestRecord, Store
from .versions import builtin_templates
from .window import Window, day_window

# The stages that make a digest are imported where they are used: a run that finds nothing
# new keeps the digest it wrote and never loads them (tests/test_imports.py).
if TYPE_CHECKING:
    from .analysis import Analysis
    from .compose import Selection
    from .publish.base import Rendered

log = logging.getLogger("digest")


@dataclass(frozen=True)
class RunResult:
    """What `digest run` did."""

    day: date
    markdown: Path
    html: Path
    pickup: PickupReport
    summarized: int
    skipped: tuple[Skipped, ...]
    window: Window
    written: bool = True  # False for a preview
    digest: Digest | None = None

    def counts(self) -> str:
        """What the run did, for the log and `digest status`: the digest's articles, then the inbox's.

        '0 articles in the digest; 5 new articles picked up, 5 summaries made, 0 files skipped':
        the digest holds the articles placed in its window; the new ones may be dated before it.
        """
        shown = (f"{counted(len(self.digest.articles), 'article')} in the digest" if self.digest is not None
                 else "unchanged, nothing new since it was written")
        return (f"{shown}; {counted(self.pickup.new_articles, 'new article')} picked up, "
                f"{counted(self.summarized, 'summary', 'summaries')} made, "
                f"{counted(len(self.skipped), 'file')} skipped")


@dataclass(frozen=True)
class DigestPlan:
    """The digest a run makes: its window, what it is made from, where it goes, and whether it changed."""

    day: date
    kind: str
    window: Window
    late: set[str]  # articles that came in after the previous digest was written
    skipped: tuple[Skipped, ...]
    markdown: Path
    html: Path
    inputs: str  # the fingerprint of what it is made from (digest_inputs)
    unchanged: bool  # nothing it is made from changed since it was written


def digest_paths(output: Path, day: date, kind: str = "digest") -> tuple[Path, Path]:
    """Where the digest of a day goes: out/<yyyy>/<mm>/<kind>-<date>.md and .html."""
    folder = output / f"{day:%Y}" / f"{day:%m}"
    stem = f"{kind}-{day.isoformat()}"
    return folder / f"{stem}.md", folder / f"{stem}.html"


def run(config: Config, day: date, *, since: datetime | None = None, preview: bool = False,
        kind: str = "digest", window_days: int | None = None, publish: Iterable[str] = (),
        now: datetime | None = None, progress: Callable[[int, int], None] | None = None) -> RunResult:
    """Pick up the inbox and write the digest of ``day`` in the series ``kind``, queued for ``publish``.

    A preview does all the work on an in-memory copy of the state and writes nothing."""
    now = now or datetime.now(UTC)
    with Store(config.state, preview=preview) as store:
        store.bind_inbox(config.inbox, config.own_state_hint)  # a state never mixes two inboxes
        # 1. pick up new and changed files; summarize what has no summary by the configured method
        pickup, made = pick_up_and_summarize(config, store, now, progress)
        with timed("the digest"):  # all of it, as apart from the pick-up (benchmarks/scale.py reads it)
            # 2. the window, what the digest is made from, and whether any of it changed
            plan = plan_digest(config, store, day, kind, since, window_days, pickup.skipped)
            if plan.unchanged and not preview:  # the same files would be written again
                return keep_unchanged(store, plan, pickup, made, publish)
            # 3. the window's articles, with their summaries and analyses (made once where missing)
            selection, summaries, analyses, plan = load_window(config, store, plan)
            # 4. compose the digest as of the end of the day, and render it
            digest = compose_digest(config, plan, selection, summaries, analyses)
            rendered = render(config, plan, digest, preview)
            # 5. write atomically, the payload of every publish target, the archive; remember the digest
            if not preview:
                write_outputs(config, store, plan, rendered, publish, now)
    result = RunResult(day, plan.markdown, plan.html, pickup, pickup.summarized + made, plan.skipped,
                       plan.window, not preview, digest)
    log.info("digest %s %s: %s%s", kind, day, result.counts(), " (preview)" if preview else "")
    return result


def keep_unchanged(store: Store, plan: DigestPlan, pickup: PickupReport, made: int,
                   publish: Iterable[str]) -> RunResult:
    """Keep a digest nothing of which changed: its files stay, its deliveries are requested again."""
    store.request_deliveries(publish, plan.kind, plan.day)
    log.info("digest %s %s: unchanged, nothing new since it was written", plan.kind, plan.day)
    return RunResult(plan.day, plan.markdown, plan.html, pickup, pickup.summarized + made, plan.skipped,
                     plan.window)


def pick_up_and_summarize(config: Config, store: Store, now: datetime,
                          progress: Callable[[int, int], None] | None = None) -> tuple[PickupReport, int]:
    """Pick up the inbox, then summarize what has no summary by the configured method (if it changed)."""
    with timed("pick-up"):
        report = pick_up_inbox(config, store, now, progress)
    with timed("summarizing what had no summary"):
        made = summarize_missing(config, store)
    return report, made


def plan_digest(config: Config, store: Store, day: date, kind: str, since: datetime | None,
                window_days: int | None, skipped: Sequence[Skipped]) -> DigestPlan:
    """The window of the digest of ``day``, its articles that came in late, and its fingerprint."""
    previous, written = store.previous_digest(day, kind), store.digest_record(day, kind)
    window = digest_window(config, day, previous, since, window_days, written)
    if since is not None and written is not None and starts_before(written.window_start, since):
        log.warning("%s %s: --since %s starts the window later than the digest written before (from %s); "
                    "what is placed before %s is left out of it", kind, day, _moment(since),
                    _moment(written.window_start), _moment(since))
    late = store.ingested_since(previous.written_at) if previous and previous.written_at else set()
    in_order = tuple(sorted(skipped, key=lambda s: s.path))
    md_path, html_path = digest_paths(config.output, day, kind)
    with timed("fingerprint of the digest's inputs"):
        inputs = digest_inputs(config, store, day, kind, window, late, in_order)
    unchanged = store.digest_inputs(kind, day) == inputs and md_path.is_file() and html_path.is_file()
    return DigestPlan(day, kind, window, late, in_order, md_path, html_path, inputs, unchanged)


def load_window(config: Config, store: Store, plan: DigestPlan,
                ) -> tuple[Selection, dict[str, Summary], dict[str, Analysis], DigestPlan]:
    """The window's articles, their summaries and analyses; a new fingerprint if analyses were made."""
    from .analysis import from_json as analysis_from_json
    from .configured import analysis_key_of, topics_key_of
    from .selection import select_stored

    with timed("loading the window"):
        selection = select_stored(store, plan.window, config.tz, plan.late,
                                  [t.key for t in config.settings.topics], topics_key_of(config))
        ids = [s.article.id for s in selection.new]
        summaries = store.summaries(ids, config.settings.summary.algorithm, config.settings.summary.sentences)
        stored = store.analyses(ids, analysis_key_of(config))
        analyses = {article_id: analysis_from_json(text) for article_id, text in stored.items()}
    missing = [s for s in selection.new if s.article.id not in analyses]
    if missing:  # made with other speakers or topics, or by an older version: made once, kept
        analyses.update(make_analyses(config, store, missing))
        inputs = digest_inputs(config, store, plan.day, plan.kind, plan.window, plan.late, plan.skipped)
        plan = replace(plan, inputs=inputs)  # the store moved on
    return selection, summaries, StoredAnalyses(analyses, store, analysis_key_of(config)), plan


class StoredAnalyses(Mapping[str, "Analysis"]):
    """The window's analyses; another article's stored analysis is read when first asked for.

    The state per topic looks at older articles too: reading their analysis made at
    pick-up costs a query, making it again costs the whole analysis.
    """

    def __init__(self, known: dict[str, Analysis], store: Store, key: str):
        self.known, self.store, self.key = known, store, key
        self.absent: set[str] = set()

    def __getitem__(self, article_id: str) -> Analysis:
        if article_id not in self.known:
            from .analysis import from_json

            stored = {} if article_id in self.absent else self.store.analyses([article_id], self.key)
            text = stored.get(article_id)
            if text is None:
                self.absent.add(article_id)
                raise KeyError(article_id)
            self.known[article_id] = from_json(text)
        return self.known[article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.known)

    def __len__(self) -> int:
        return len(self.known)


def compose_digest(config: Config, plan: DigestPlan, selection: Selection, summaries: dict[str, Summary],
                   analyses: dict[str, Analysis]) -> Digest:
    """The digest of the plan's day as of the end of that day, from the window's articles."""
    from .compose import compose

    with timed("composing"):
        return compose(selection, summaries, plan.day, plan.window, config.settings, skipped=plan.skipped,
                       tz=config.tz, analyses=analyses)


def make_analyses(config: Config, store: Store, missing: Sequence[SplitArticle]) -> dict[str, Analysis]:
    """Analyse articles with the configured speakers and topics, and store the analyses."""
    from .analysis import analyze
    from .analysis import to_json as analysis_json
    from .configured import aliases_of, analysis_key_of, topics_of

    with timed(f"analysing {counted(len(missing), 'article')}"):
        matcher, aliases = topics_of(config), aliases_of(config)
        fresh = {s.article.id: analyze(s, aliases, matcher) for s in missing}
    key = analysis_key_of(config)
    with store.transaction():
        for article_id, analysis in fresh.items():
            store.add_analysis(article_id, key, analysis_json(analysis))
    return fresh


def render(config: Config, plan: DigestPlan, digest: Digest, preview: bool) -> Rendered:
    """The digest in Markdown and HTML (templates compiled once into the state's cache, but for a preview)."""
    from .publish.base import Rendered
    from .render import render_digest

    cache = None if preview else config.state.parent / "template-cache"
    with timed("rendering"):
        markdown, html = render_digest(digest, user_dir=config.templates, tz=config.tz, cache_dir=cache)
    return Rendered(digest, plan.kind, markdown, html, plan.markdown, plan.html, config.templates)


def write_outputs(config: Config, store: Store, plan: DigestPlan, rendered: Rendered, publish: Iterable[str],
                  now: datetime) -> None:
    """Write the digest's files and record it; every publish target gets its payload, those named in
    ``publish`` are queued for delivery; then the archive and feed."""
    from . import publish as publishing
    from .archive import write_archive
    from .write import atomic_write, remove_stale_temporaries

    changed = False
    for path, text in ((plan.markdown, rendered.markdown), (plan.html, rendered.html)):
        remove_stale_temporaries(path)  # left by a run that was killed mid-write
        changed = atomic_write(path, text) or changed
    record = DigestRecord(plan.day, plan.window.start, plan.window.end, plan.kind)
    key_points = tuple(p.text for p in rendered.digest.key_points)
    store.record_digest(record, plan.markdown, plan.html, now, key_points, changed=changed,
                        output=config.output)
    publishing.prepare(config, store, rendered, publish, now)
    with timed("archive and feed"):
        write_archive(store.written_digests(), config.output, config.settings.language,
                      user_dir=config.templates, site_url=config.settings.site_url,
                      urn=store.feed_urn(config.output))
    # only now is all of it written: a run killed before this line is redone in full
    store.set_digest_inputs(plan.kind, plan.day, plan.inputs)


def digest_inputs(config: Config, store: Store, day: date, kind: str, window: Window, late: set[str],
                  skipped: Sequence[Skipped]) -> str:
    """A fingerprint of everything a digest is made from: the same fingerprint, the same files."""
    from .versions import code_hash, templates_hash  # the code and templates that make it count too

    templates = templates_hash([*([config.templates] if config.templates else []), builtin_templates()])
    parts = [__version__, code_hash(), config.settings.model_dump_json(), str(config.tz), day.isoformat(),
             kind, str(window.start), str(window.end), sorted(late), [(s.path, s.reason) for s in skipped],
             store.generation(), templates, str(config.output)]
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()


def pickup_job(config: Config, *, now: datetime | None = None,
               progress: Callable[[int, int], None] | None = None) -> tuple[PickupReport, int]:
    """The pick-up job: ingest new files and summarize them; returns the report and summaries made."""
    with Store(config.state) as store:
        store.bind_inbox(config.inbox, config.own_state_hint)  # a state never mixes two inboxes
        report, made = pick_up_and_summarize(config, store, now or datetime.now(UTC), progress)
    return report, report.summarized + made


def digest_window(config: Config, day: date, previous: DigestRecord | None, since: datetime | None,
                  window_days: int | None = None, written: DigestRecord | None = None) -> Window:
    """From ``since``; else ``window_days`` back, or since the previous digest, or the first window,
    but never starting later than the digest of ``day`` already ``written``: a rerun never shrinks it."""
    if window_days is not None:
        window = day_window(day, None, window_days)
    else:
        window = day_window(day, previous.window_end if previous else None,
                            config.settings.digest.first_window_days)
    if since is not None:
        return Window(since, window.end)
    if written is not None and starts_before(written.window_start, window.start):
        return Window(written.window_start, window.end)
    return window


def starts_before(start: datetime | None, other: datetime | None) -> bool:
    """Whether a window from ``start`` begins before one from ``other`` (None: from the start)."""
    if start is None:
        return other is not None
    return other is not None and start < other


def _moment(when: datetime | None) -> str:
    """A window bound for the log: its day when it is at midnight, 'the start' for None."""
    if when is None:
        return "the start"
    return when.date().isoformat() if when.time() == datetime.min.time() else when.isoformat(" ", "minutes")


def build_timeline(config: Config, day: date, *, since: datetime | None = None, preview: bool = False,
                   dates: int | None = None, per_date: int | None = None) -> tuple[TimelineEvent, ...]:
    """Pick up the inbox and return the ``dates`` most important days up to the end of ``day``,
    newest first, each with up to ``per_date`` sentences (None: as configured for the Chronik).

    The articles are those a digest of ``day`` from ``since`` holds (all placed before its
    end without ``since``; see select_stored), dated as its Chronik dates them: nothing
    comes from an article published after ``day``.
    """
    from .analysis import from_json as analysis_from_json
    from .compose import timeline
    from .configured import aliases_of, analysis_key_of
    from .selection import select_stored

    window = Window(since, day_window(day, None, 1).end)
    with Store(config.state, preview=preview) as store:
        store.bind_inbox(config.inbox, config.own_state_hint)  # a state never mixes two inboxes
        pick_up_inbox(config, store, datetime.now(UTC))
        articles = select_stored(store, window, config.tz, set()).new
        stored = store.analyses([s.article.id for s in articles], analysis_key_of(config))
    analyses = {article_id: analysis_from_json(text) for article_id, text in stored.items()}
    options = config.settings.digest
    return timeline(articles, window.end, config.tz, config.settings.similarity.sentence,
                    analyses=analyses, aliases=aliases_of(config), start=since,
                    dates=dates if dates is not None else options.timeline_dates,
                    per_date=per_date if per_date is not None else options.timeline_per_date)


def summarize_file(path: Path, config: Config, *, algorithm: str | None = None,
                   count: int | None = None) -> tuple[SplitArticle, Summary]:
    """Summarize one file outside the inbox and the store."""
    from .summarize import summarize

    split = analyze_file(path, path.parent, config)
    summary = summarize(split, algorithm or config.settings.summary.algorithm,
                        count or config.settings.summary.sentences)
    return split, summary
