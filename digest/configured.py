"""What the configuration gives the stages: the topic matcher, the speakers' aliases, and the keys of
what is stored with them (an analysis made with other speakers or topics is made anew)."""

from __future__ import annotations

from .analysis import TopicMatcher, analysis_key, topics_key
from .compose import topic_matcher
from .config import Config
from .voices import speaker_aliases


def topics_of(config: Config) -> TopicMatcher:
    """The configured topics' keywords (see digest.analysis.TopicMatcher)."""
    return topic_matcher(config.settings.topics)


def analysis_key_of(config: Config) -> str:
    """The key of analyses made with this configuration's speakers and topics."""
    return analysis_key(aliases_of(config), topics_of(config))


def topics_key_of(config: Config) -> str:
    """The key of the topic index made with this configuration's topics and keywords."""
    return topics_key([(t.key, t.keywords) for t in config.settings.topics])


def aliases_of(config: Config) -> dict[str, str]:
    """The configured speakers' aliases, as voices and analyses use them."""
    return speaker_aliases((s.name, s.aliases) for s in config.settings.speakers)
