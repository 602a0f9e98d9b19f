"""Typed configuration, read from `extra.briefing` in mkdocs.yml.

Every field has its default inline and a one-line docstring. Loading reports
every bad key with its dotted path, then raises one `ConfigError`.
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError
from .content.schema import LANGUAGE_CODE
from .lang import FAST_LOADER

CONFIG_KEY = ("extra", "briefing")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


class TopicConfig(_Section):
    """One topic of the taxonomy."""

    title: str
    """Heading shown on the topic page and in the navigation."""
    description: str = ""
    """One line under the topic heading."""
    terms: dict[str, list[str]] = Field(default_factory=dict)
    """Terms per language code; every term is tried on every article, ignoring case, accents
    and width. A word takes an optional ending (s, es, e, en, n, er, ern); words of a multi-word
    term may be joined by spaces, hyphens or nothing; `word*` matches words starting with it,
    `*word` words ending with it; terms with CJK characters match as substrings, Korean ones inside
    words with any particle; a leading `-` marks an exclusion (text it matches counts for no term)."""
    titles: dict[str, str] = Field(default_factory=dict)
    """The heading in other site languages, by language code (falls back to `title`)."""
    descriptions: dict[str, str] = Field(default_factory=dict)
    """The description in other site languages, by language code (falls back to `description`)."""
    min_score: float | None = None
    """Score an article needs to get this topic; empty: the fitted threshold (briefing/stages/topic_weights.yaml).
    The score (about 1 to 12) weighs the distinct terms found in the headline and in the lead, how
    many of the body's sentences have a hit (log scale) and the topic's share of all topics' hits
    (see briefing/stages/classify.py)."""


    def title_in(self, language: str) -> str:
        return self.titles.get(language, self.title)

    def description_in(self, language: str) -> str:
        return self.descriptions.get(language, self.description)


class SummaryConfig(_Section):
    """How deks and key points are drawn from the body."""

    key_points_max: int = Field(5, ge=1, le=10)
    """Most key points per article."""
    key_points_min: int = Field(3, ge=1, le=10)
    """Fewest key points for an article long enough to have them."""
    dek_max_chars: int = Field(320, ge=60)
    """A dek longer than this is cut at a clause boundary (CJK: a third of it)."""


ProviderName = Literal["google", "deepl", "microsoft", "mymemory", "libre"]
PROVIDERS: tuple[str, ...] = get_args(ProviderName)


class TranslationConfig(_Section):
    """Machine translation through deep-translator. BRIEFING_TRANSLATOR, BRIEFING_TRANSLATOR_URL
    and BRIEFING_TRANSLATOR_KEY in the environment override `providers`, `url` and `api_key`."""

    providers: list[ProviderName] = Field(default_factory=lambda: ["google"])
    """Providers to try, in order: google (no key), deepl, microsoft, mymemory, libre."""
    url: str | None = None
    """Base URL of a self-hosted LibreTranslate, e.g. http://127.0.0.1:5000/ (libre only);
    several comma-separated URLs are tried in turn."""
    api_key: str | None = None
    """API key for deepl, microsoft or libre (prefer BRIEFING_TRANSLATOR_KEY for secrets)."""
    region: str | None = None
    """Azure region for the microsoft provider."""
    deadline: float = Field(20.0, gt=0)
    """Seconds one request may take before it is abandoned (deep-translator sets no timeout)."""
    retries: int = Field(3, ge=0, le=10)
    """Retries per request on 429, 5xx, timeouts and connection errors, before the next provider."""
    backoff: float = Field(1.0, ge=0)
    """First retry delay in seconds; doubles each retry, plus random jitter of up to as much again."""
    libre_char_limit: int = Field(2000, ge=50)
    """Characters per request for LibreTranslate (the server's --char-limit)."""
    memory: Path = Path("content/translation-memory.jsonl")
    """Translation memory: every translated sentence, kept in the repository so rebuilds make no requests."""


class SiteConfig(_Section):
    """How the generated pages look."""

    top_per_topic: int = Field(5, ge=1)
    """Stories per topic on the home page."""
    stories_per_topic_page: int = Field(30, ge=1)
    """Latest stories on a topic page (with its digest, timeline and figures); older ones go to monthly archive pages."""
    search_full_text: bool = True
    """Index each article's whole text (with its title, summary, key points and names); false: all but the body."""
    build_dir: Path = Path("build")
    """Where the generated pages and MkDocs configs go, one folder per language (not committed)."""
    templates: Path = Path("templates")
    """Jinja2 templates for the generated pages."""


EntityKind = Literal["company", "person", "place", "product", "other"]


class EntityConfig(_Section):
    """One name in the alias list: its kind and its other spellings, in any script."""

    kind: EntityKind | None = None
    """company, person, place, product or other (a built-in name keeps its kind when this is left out)."""
    aliases: list[str] = Field(default_factory=list)
    """Other spellings of the name (NVIDIA, 英伟达, 輝達 …); matched ignoring case, accents and width."""


class StoriesConfig(_Section):
    """How articles are grouped into stories, and what topic pages show about them."""

    window_days: int = Field(3, ge=0)
    """Articles published more than this many days apart are never one story (undated ones may be)."""
    threshold: float = Field(0.32, gt=0, le=1)
    """Similarity two groups of articles need, on average over their pairs, to become one story."""
    key_points_max: int = Field(5, ge=1, le=12)
    """Most combined key points shown for a story."""
    digest_sentences: int = Field(5, ge=1, le=20)
    """Most sentences in a topic page's digest."""
    figures_per_story: int = Field(6, ge=1)
    """Most key figures listed per story on a topic page (disagreements always shown)."""


class EditionsConfig(_Section):
    """How articles are gathered into editions (briefing/render/editions.py)."""

    period: Literal["daily", "weekly"] = "daily"
    """daily: one edition per day; weekly: one per ISO week, named after its Monday."""
    timezone: str = "UTC"
    """The briefing's time zone (an IANA name such as Europe/Paris or Asia/Tokyo): the day an article
    published at a given time belongs to is the day it was in this zone."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"not a time zone name (like UTC or Asia/Tokyo): {value!r}") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class BriefingConfig(_Section):
    """The `extra.briefing` section of mkdocs.yml."""

    title: str = "AI Industry Briefing"
    """The briefing's name, on the home page."""
    inbox: Path = Path("content/inbox")
    """Raw articles (.txt, .md, .html) the editor drops in. Never modified."""
    articles: Path = Path("content/articles")
    """Front-mattered Markdown articles, one per raw input. The editor may edit them."""
    languages: list[str] = Field(default_factory=lambda: ["en"])
    """Site languages, default first (ISO 639-1)."""
    default_topics: bool = True
    """Start from the built-in taxonomy (chips, robotics, capex) before adding `topics`."""
    topics: dict[str, TopicConfig | None] = Field(default_factory=dict)
    """Topics to add (or replace, by name) on top of the built-in ones; `null` removes one."""
    summary: SummaryConfig = Field(default_factory=SummaryConfig)
    """Dek and key points."""
    translation: TranslationConfig = Field(default_factory=TranslationConfig)
    """Machine translation into every site language."""
    site: SiteConfig = Field(default_factory=SiteConfig)
    """Generated pages."""
    stories: StoriesConfig = Field(default_factory=StoriesConfig)
    """Story clustering, key figures and digests."""
    editions: EditionsConfig = Field(default_factory=EditionsConfig)
    """Editions: daily or weekly, in the briefing's time zone."""
    entities: dict[str, EntityConfig | None] = Field(default_factory=dict)
    """Names to add to the built-in alias list (briefing/extract/entities.yaml), by canonical name;
    an existing name gets the extra aliases; `null` removes a built-in one."""

    @field_validator("languages")
    @classmethod
    def _languages_not_empty(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("needs at least one language")
        # Why: a code is printed into HTML attributes and used in paths.
        bad = [code for code in value if not LANGUAGE_CODE.fullmatch(code)]
        if bad:
            raise ValueError(f"not a language code (like en or pt-BR): {', '.join(map(repr, bad))}")
        return value

    @property
    def entity_aliases(self) -> dict[str, dict | None]:
        """The configured alias list as plain data, the shape of briefing/extract/entities.yaml."""
        return {name: (spec.model_dump(exclude_none=True) if spec else None) for name, spec in self.entities.items()}

    @property
    def taxonomy(self) -> dict[str, TopicConfig]:
        """The effective topics: built-in ones (unless turned off), then the configured ones."""
        merged: dict[str, TopicConfig] = dict(default_taxonomy()) if self.default_topics else {}
        for name, topic in self.topics.items():
            if topic is None:
                merged.pop(name, None)
            else:
                merged[name] = topic
        return merged


@lru_cache(maxsize=1)
def default_taxonomy() -> dict[str, TopicConfig]:
    """The built-in topics, from briefing/stages/taxonomy.yaml."""
    text = resources.files("briefing.stages").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=FAST_LOADER) or {}
    return {name: TopicConfig(**spec) for name, spec in data.items()}


class MkDocsLoader(yaml.SafeLoader):
    """SafeLoader that reads MkDocs' custom tags (!ENV, !!python/name:...) as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


MkDocsLoader.add_multi_constructor("!", _any_tag)
MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def load_config(mkdocs_yml: Path | str = "mkdocs.yml") -> BriefingConfig:
    """Read and validate `extra.briefing` from mkdocs.yml; paths are made absolute."""
    path = Path(mkdocs_yml)
    return config_from(read_mkdocs(path), path)


def read_mkdocs(path: Path) -> dict[str, Any]:
    """mkdocs.yml as data (MkDocs' own tags read as plain values); a ConfigError when missing or not YAML."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=MkDocsLoader) or {}
    except FileNotFoundError:
        raise ConfigError(path, ["file not found (run briefing from the project directory, or pass --config)"])
    except yaml.YAMLError as exc:
        raise ConfigError(path, [f"invalid YAML: {exc}"])
    return data if isinstance(data, dict) else {}


def config_from(data: dict[str, Any], path: Path) -> BriefingConfig:
    """The configuration in `extra.briefing` of mkdocs.yml's `data` (read from `path`), every bad key reported."""
    section = data
    for key in CONFIG_KEY:
        section = section.get(key) if isinstance(section, dict) else None
    section = section or {}
    if not isinstance(section, dict):
        raise ConfigError(path, [f"{'.'.join(CONFIG_KEY)}: must be a mapping"])
    try:
        config = BriefingConfig(**section)
    except ValidationError as exc:
        raise ConfigError(path, [_describe(err) for err in exc.errors()]) from None
    return _absolute(config, path.resolve().parent)


def _describe(err: dict) -> str:
    dotted = ".".join([*CONFIG_KEY, *(str(p) for p in err["loc"])])
    return f"{dotted}: {err['msg']}"


def _absolute(config: BriefingConfig, root: Path) -> BriefingConfig:
    site = config.site.model_copy(
        update={"build_dir": root / config.site.build_dir, "templates": root / config.site.templates}
    )
    translation = config.translation.model_copy(update={"memory": root / config.translation.memory})
    return config.model_copy(
        update={"inbox": root / config.inbox, "articles": root / config.articles, "site": site,
                "translation": translation}
    )
