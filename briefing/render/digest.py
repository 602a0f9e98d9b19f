"""What the pages say about stories, in one site language: cards, digests, timelines, key figures, names.

Everything here is drawn from text that already exists in that language (an
original, or a stored translation), so no page needs a translation request of
its own. Every sentence shown keeps a link to the article it comes from.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from ..extract import figures
from ..lang import text
from ..stages.analyse import Analysis
from ..models import TranslationStatus
from ..stages.stories import Briefing, Story
from .views import ArticleView, outlet_name, view

DUPLICATE_OVERLAP = 0.5
"""Two sentences sharing this share of their content words (Jaccard) say the same thing."""


@dataclass(frozen=True)
class StoryView:
    """A story as one site language shows it."""

    story: Story
    lead: ArticleView
    others: tuple[ArticleView, ...]
    key_points_max: int = 5
    topics: tuple[str, ...] = ()
    """Its topics in the taxonomy, the strongest (its primary topic) first."""
    strengths: dict[str, float] = field(default_factory=dict, compare=False)
    """How much the story is about each of its topics (`topic_strengths`)."""

    @functools.cached_property
    def cited_key_points(self) -> tuple[Cited, ...]:
        """Key points of all its articles, de-duplicated, the lead article's first, each with its article.

        Worked out when a page first shows them: listings of a large archive show few."""
        return tuple(combined_key_points(list(self.views), self.key_points_max))

    @property
    def key_points(self) -> tuple[str, ...]:
        return tuple(point.text for point in self.cited_key_points)

    @property
    def multi(self) -> bool:
        return bool(self.others)

    @property
    def first_added(self) -> str:
        """When its first article was added (ISO, UTC), or "": where search numbers its pages (search_order)."""
        added = [article.added for article in self.story.articles if article.added]
        return min(added).isoformat() if added else ""

    @property
    def link(self) -> str:
        """Path of its page under the docs root: a story page when several outlets reported it."""
        return f"stories/{self.story.page}.md" if self.multi else f"articles/{self.lead.slug}.md"

    @property
    def published(self) -> date | None:
        return self.story.published

    @property
    def views(self) -> tuple[ArticleView, ...]:
        return (self.lead, *self.others)

    @functools.cached_property
    def headline(self) -> ArticleView:
        """The report whose title heads the story: a real headline before a generated one (`headline_rank`)."""
        return min(enumerate(self.views), key=lambda item: headline_rank(item[1], item[0]))[1]

    @property
    def title(self) -> str:
        return self.headline.title

    @property
    def dek(self) -> Cited | None:
        """The story's one-sentence summary: the first report's dek in the page's language, else the first one."""
        candidates = _digest_candidates(self)
        return candidates[0] if candidates else None

    @property
    def date_range(self) -> tuple[date, date] | None:
        """The first and last dates of its reports (the same date twice for one day), or None if none is dated."""
        dates = [v.article.published for v in self.views if v.article.published]
        return (min(dates), max(dates)) if dates else None

    @property
    def outlets(self) -> list[str]:
        """The outlets of its reports that are known (by name, else by web site), the lead's first, each once."""
        return list(dict.fromkeys(name for v in self.views if (name := outlet_name(v.article))))

    @property
    def languages(self) -> list[str]:
        """The original languages of its reports, the lead's first, each once."""
        return list(dict.fromkeys(v.article.language for v in self.views))

    @property
    def primary_topic(self) -> str | None:
        return self.topics[0] if self.topics else None


def headline_rank(v: ArticleView, position: int) -> tuple:
    """Sort key of a report's title as the story's headline: text in the page's language first, then a real
    headline before a generated one, an original before a translation, then the story's order (best report first)."""
    return (v.status is TranslationStatus.PENDING, not v.real_title, v.status is not TranslationStatus.ORIGINAL, position)


def story_view(story: Story, language: str, key_points_max: int, taxonomy: Iterable[str] = ()) -> StoryView:
    """The story's cards text in `language`; with the taxonomy's topic names, its topics ranked by strength."""
    views = [view(a, language) for a in story.articles]
    strengths = topic_strengths(story)
    return StoryView(story, views[0], tuple(views[1:]), key_points_max, ranked_topics(story, taxonomy, strengths),
                     strengths)


def ranked_topics(story: Story, taxonomy: Iterable[str], strengths: dict[str, float] | None = None) -> tuple[str, ...]:
    """The story's topics in the taxonomy, strongest first: the first is its primary topic.

    The one place that decides where a story belongs: the site's chips and listings and the PDF's
    sections all follow it. Ties go to the best report's order."""
    strengths = topic_strengths(story) if strengths is None else strengths
    known = set(taxonomy)
    order = {name: i for i, name in enumerate(story.topic_names)}
    return tuple(sorted((n for n in strengths if n in known), key=lambda n: (-round(strengths[n], 9), order[n])))


def topic_strengths(story: Story) -> dict[str, float]:
    """How much the story is about each topic of its articles, from 0 to 1.

    In one article a topic weighs its share of the distinct taxonomy terms the article matched (a topic
    listed without terms, as an editor may write it, counts one term); the story averages its articles."""
    totals: dict[str, float] = dict.fromkeys(story.topic_names, 0.0)
    for article in story.articles:
        counts = {t.name: max(1, len(t.terms)) for t in article.topics}
        whole = sum(counts.values())
        for name, count in counts.items():
            totals[name] += count / whole
    return {name: total / len(story.articles) for name, total in totals.items()}


def ranked_for_topic(story_views: list[StoryView], topic: str) -> list[StoryView]:
    """A topic page's stories: those mainly about the topic first, then by the topic's strength, then as given."""
    return sorted(story_views, key=lambda sv: (sv.primary_topic != topic, -round(sv.strengths.get(topic, 0.0), 9)))


def placed_by_topic(story_views: list[StoryView], topics: Iterable[str]) -> dict[str, list[StoryView]]:
    """Each story under its primary topic only (the home page lists every story once), in the given order."""
    placed: dict[str, list[StoryView]] = {name: [] for name in topics}
    for sv in story_views:
        if sv.primary_topic in placed:
            placed[sv.primary_topic].append(sv)
    return placed


def combined_key_points(views: list[ArticleView], limit: int) -> list[Cited]:
    """Key points of several articles, each said once: a point close to one already kept is dropped."""
    kept: list[str] = []
    seen: list[set[str]] = []
    cited: list[Cited] = []
    # Why round-robin: the lead's first point, then the other sources' first points, before anyone's second.
    queues = [list(v.key_points) for v in views]
    for rank in range(max(map(len, queues), default=0)):
        for queue, v in zip(queues, views):
            if rank < len(queue) and len(kept) < limit and _keep_if_new(queue[rank], v.language, kept, seen):
                cited.append(Cited(queue[rank], v))
    return cited


def _keep_if_new(sentence: str, language: str, kept: list[str], seen: list[set[str]]) -> bool:
    words = set(text.content_words(sentence, language))
    if not words or any(_overlap(words, other) >= DUPLICATE_OVERLAP for other in seen):
        return False
    kept.append(sentence)
    seen.append(words)
    return True


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class Cited:
    """A sentence with the article it comes from."""

    text: str
    source: ArticleView


def topic_digest(story_views: list[StoryView], limit: int) -> list[Cited]:
    """A short summary across a topic's stories: each story's dek in the order given (the page's ranking), no repeats."""
    chosen: list[Cited] = []
    seen: list[set[str]] = []
    kept: list[str] = []
    for sv in story_views:
        for candidate in _digest_candidates(sv):
            if len(chosen) >= limit:
                return chosen
            if _keep_if_new(candidate.text, sv.lead.language, kept, seen):
                chosen.append(candidate)
                break
    return chosen


def in_brief(story_views: list[StoryView], limit: int) -> list[tuple[StoryView, Cited]]:
    """The home page's digest: one sentence for each of the newest stories (in the order given), none said twice."""
    chosen: list[tuple[StoryView, Cited]] = []
    seen: list[set[str]] = []
    kept: list[str] = []
    for sv in story_views:
        if len(chosen) >= limit:
            break
        candidate = next((c for c in _digest_candidates(sv) if _keep_if_new(c.text, sv.lead.language, kept, seen)),
                         None)
        if candidate:
            chosen.append((sv, candidate))
    return chosen


def _digest_candidates(sv: StoryView) -> list[Cited]:
    """The lead's dek, then each other source's dek, those in the page's language first (a pending one last)."""
    return [Cited(v.summary or (v.key_points[0] if v.key_points else ""), v)
            for v in sorted(sv.views, key=lambda v: v.status is TranslationStatus.PENDING) if v.summary or v.key_points]


def timeline(story_views: list[StoryView]) -> list[StoryView]:
    """The stories in date order, oldest first; undated stories last."""
    dated = sorted((sv for sv in story_views if sv.published), key=lambda sv: (sv.published, sv.story.id))
    return dated + sorted((sv for sv in story_views if not sv.published), key=lambda sv: sv.story.id)


# --- key figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureMention:
    """One figure as one article states it, with the conversions it gives in brackets."""

    figure: figures.Figure
    equivalents: tuple[figures.Figure, ...]
    subject: str | None
    source: ArticleView

    @property
    def currencies(self) -> set[str]:
        return {f.currency or "" for f in (self.figure, *self.equivalents)}

    def in_currency(self, currency: str) -> list[figures.Figure]:
        return [f for f in (self.figure, *self.equivalents) if (f.currency or "") == currency]

    def sentence(self) -> str:
        """The sentence stating the figure, in the page's language when a translation has it."""
        return localised_sentence(self.source, self.figure)

    def sentence_language(self) -> str:
        """The language `sentence()` is written in: the page's, unless the article is shown untranslated."""
        return self.source.language if self.source.status is not TranslationStatus.PENDING else self.source.article.language


@dataclass(frozen=True)
class Quantity:
    """What several mentions measure (same concept, same subject, same unit); flagged when sources disagree.

    A page shows it as one row: its lead mention (the first source's), the values sources give when they
    disagree, and every source."""

    concept: str | None
    subject: str | None
    mentions: tuple[FigureMention, ...]
    conflict: bool

    @property
    def sources(self) -> set[str]:
        return {m.source.slug for m in self.mentions}

    @property
    def lead(self) -> FigureMention:
        return self.mentions[0]

    @functools.cached_property
    def counted(self) -> str | None:
        """What the quantity counts, in the page's language ("robots" for "2 million robots"): the measure a
        count shows instead of its concept (a count of robots is no market size or revenue). None for money
        and shares, or when no report shown in the page's language says what is counted."""
        for m in self.mentions:
            found = localised_figure(m.source, m.figure) if m.source.status is not TranslationStatus.PENDING else None
            noun = counted_noun(found, m.source.language) if found else None
            if noun:
                return noun
        return None

    @property
    def source_views(self) -> list[ArticleView]:
        """Each source once, in story order (the story's lead article first)."""
        return list({m.source.slug: m.source for m in self.mentions}.values())

    def values(self) -> list[tuple[FigureMention, list[ArticleView]]]:
        """Each value sources give (its first mention) with the sources giving it, most sources first."""
        by_value: dict[tuple, list[FigureMention]] = {}
        for m in self.mentions:
            key = (m.figure.unit, m.figure.currency, f"{m.figure.value:.3g}", m.figure.high, m.figure.qualifier)
            by_value.setdefault(key, []).append(m)
        ranked = sorted(by_value.values(), key=lambda group: -len({m.source.slug for m in group}))
        return [(group[0], list({m.source.slug: m.source for m in group}.values())) for group in ranked]


def story_figures(sv: StoryView, analyses: dict[str, Analysis], limit: int) -> list[Quantity]:
    """A story's key figures, one per quantity: disagreements first, then those most sources give; at most `limit`.

    Only figures with a measure (a concept such as revenue or investment) are kept: a bare number says
    nothing a reader can use."""
    mentions, seen = [], set()
    for v in sv.views:  # the story's lead article first: its mention leads each row
        for m in _mentions(v, analyses[v.slug]):
            key = (m.source.slug, m.figure.unit, m.figure.currency, f"{m.figure.value:.3g}", m.figure.high)
            if key not in seen:  # an article repeating a figure states it once
                seen.add(key)
                mentions.append(m)
    quantities = [q for q in _group(mentions) if q.concept]
    quantities.sort(key=lambda q: (not q.conflict, -len(q.sources), q.lead.figure.unit != "currency"))
    return quantities[:limit]


def _mentions(v: ArticleView, analysis: Analysis) -> list[FigureMention]:
    """The article's figures, each with its bracketed conversions attached and the name it belongs to (or none)."""
    found = analysis.figures
    equivalents: dict[int, list[figures.Figure]] = defaultdict(list)
    for f in found:
        if f.equivalent_of is not None:
            equivalents[f.equivalent_of].append(f)
    return [
        FigureMention(f, tuple(equivalents[i]), analysis.subjects[i], v)
        for i, f in enumerate(found) if f.equivalent_of is None
    ]


def _group(mentions: list[FigureMention]) -> list[Quantity]:
    """Mentions of one quantity: same concept, subject and unit, sharing a currency (conversions count)."""
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple, int] = {}
    for i, m in enumerate(mentions):
        for key in _quantity_keys(m):
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[FigureMention]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[find(i)].append(m)
    return [Quantity(_most_common(m.figure.concept for m in g), _most_common(m.subject for m in g), tuple(g),
                     _disagree(g)) for g in groups.values()]


def _most_common(values) -> str | None:
    """The value most mentions agree on (first seen on a tie), ignoring unknowns."""
    counts = Counter(v for v in values if v)
    return max(counts, key=counts.get) if counts else None


def _quantity_keys(m: FigureMention) -> list[tuple]:
    # Why the value keys: within one story the same amount of money (or the same number) is the same
    # quantity, even where a sentence names no actor; a conversion in brackets links the currencies.
    keys = [("value", f.unit, f.currency, f"{f.value:.3g}") for f in (m.figure, *m.equivalents)
            if f.unit == "currency" or m.figure.concept is None]
    # Why a subject is required: two percentages of one concept with no owner ("shares rose 3%" in a
    # sentence about the market, "15% and 10%" of two chipmakers) are not known to measure one thing.
    # Why the amount key: "the 380 billion investment" (no currency) is the 380 billion yuan of the same story.
    if m.figure.concept is not None and m.figure.value >= 1e6 and m.figure.unit in ("currency", "count"):
        keys.append(("amount", m.figure.concept, f"{m.figure.value:.3g}"))
    if m.figure.concept is not None and m.subject is not None:
        keys += [(m.figure.concept, m.subject, m.figure.unit, currency) for currency in m.currencies]
    return keys


def _disagree(group: list[FigureMention]) -> bool:
    """Whether two sources give values for the quantity that cannot both be true."""
    by_source: dict[str, list[FigureMention]] = defaultdict(list)
    for m in group:
        by_source[m.source.slug].append(m)
    sources = list(by_source.values())
    for i in range(len(sources)):
        for j in range(i + 1, len(sources)):
            if _sources_conflict(sources[i], sources[j]):
                return True
    return False


def _sources_conflict(a: list[FigureMention], b: list[FigureMention]) -> bool:
    common = set().union(*(m.currencies for m in a)) & set().union(*(m.currencies for m in b))
    if not common:
        return False  # different currencies and no conversion given: nothing to compare
    for currency in common:
        left = [f for m in a for f in m.in_currency(currency)]
        right = [f for m in b for f in m.in_currency(currency)]
        if any(figures.agree(x, y) for x in left for y in right):
            return False
    return True


def localised_sentence(v: ArticleView, figure: figures.Figure) -> str:
    """The sentence of `figure` in the view's language: the translated sentence stating the same figure.

    Translations need not keep the paragraphs of the original, so the figure's own paragraph is searched
    first, then the others, nearest first."""
    found = localised_figure(v, figure)
    return found.sentence if found else figure.sentence


def localised_figure(v: ArticleView, figure: figures.Figure) -> figures.Figure | None:
    """`figure` as the text the view shows states it: itself in an original, the translation's same figure, or
    None when the translation does not state it."""
    if v.translation is None:
        return figure
    paragraphs = v.translation.paragraphs
    order = sorted(range(len(paragraphs)), key=lambda i: (abs(i - figure.paragraph), i))
    for index in order:
        for candidate in _extract(paragraphs[index], v.language):
            if candidate.unit == figure.unit and candidate.currency == figure.currency \
                    and figures.agree(candidate, figure):
                return candidate
    return None


# What a count counts is the noun after it: "2 million robots", "2 millions de robots", "200万台机器人".
_LINK_WORD = re.compile(r"[ \u00a0]+(?:(?:of|de|des|di|der)[ \u00a0]+|d['’][ \u00a0]*)?", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NEXT_WORD = re.compile(r"[ \u00a0]+([^\W\d_]+(?:-[^\W\d_]+)*)(?![\w'’-])")
_COUNTER = re.compile("[台个個位名家款辆輛架部件套条條只隻枚片颗顆块塊座支张張本基機社]?の?")
_CJK_NOUN = re.compile("[\u4e00-\u9fff]{1,6}|[\u30a0-\u30ff]{1,12}")
_ZH_STOP = frozenset("的了是在和与與及或等将將把被从從对對为為以至于於")
COUNTED_MAX = 40
"""Longest counted noun shown (characters); a longer run is not a noun phrase."""


def counted_noun(figure: figures.Figure, language: str) -> str | None:
    """What a count counts, as its sentence says it ("2 million robots" → "robots", "over 2 million active
    robots" → "active robots"); None for money and shares, or when no noun follows the number."""
    if figure.unit != "count":
        return None
    rest = figure.sentence[figure.start + len(figure.text):]
    if language.split("-")[0] in ("zh", "ja"):
        return _cjk_noun(rest[_COUNTER.match(rest).end():])
    link = _LINK_WORD.match(rest)
    word = _WORD.match(rest, link.end()) if link else None
    if not word or _ignored(word.group(), language):
        return None
    noun = word.group()
    following = _NEXT_WORD.match(rest, word.end())
    if following and not _ignored(following.group(1), language) and _modifies(noun, following.group(1), language):
        noun = f"{noun} {following.group(1)}"
    return noun if len(noun) <= COUNTED_MAX else None


def _cjk_noun(rest: str) -> str | None:
    """The noun at the start of Chinese or Japanese text, up to a function character."""
    found = _CJK_NOUN.match(rest)
    if not found:
        return None
    noun = found.group()
    cut = next((i for i, char in enumerate(noun) if char in _ZH_STOP), len(noun))
    return noun[:cut] or None


def _ignored(word: str, language: str) -> bool:
    """A word that is not what is counted: a function word ("2 million in 2025")."""
    folded = text.normalise(word)
    return folded in text.stopwords(language.split("-")[0]) or folded in text.stopwords("en")


def _modifies(first: str, second: str, language: str) -> bool:
    """Whether `first` is an adjective or noun before the counted noun `second` ("active robots",
    "aktive Roboter"): a singular-looking word before a plural one, or (German) a lower-case word before a noun."""
    if language.split("-")[0] == "de":
        return first[:1].islower() and second[:1].isupper()
    plural = second.lower().endswith(("s", "x"))
    # Why the capital: a name before the noun ("Optimus robots") may end in s itself.
    return plural and (not first.lower().endswith(("s", "x")) or (first[:1].isupper() and second.islower()))


@functools.lru_cache(maxsize=2048)
def _extract(paragraph: str, language: str) -> tuple[figures.Figure, ...]:
    """Figures of one translated paragraph (cached: every shown figure of an article searches them)."""
    return tuple(figures.extract(paragraph, language))


# --- names ---------------------------------------------------------------------------------


@dataclass
class NameEntry:
    """One name of the index, with the stories that mention it."""

    name: str
    kind: str
    stories: list[StoryView] = field(default_factory=list)
    articles: int = 0


NAMES_MAX = 400
"""Most names in the index besides the alias list's (the most-reported first): the page stays small."""


def name_index(briefing: Briefing, story_views: dict[str, StoryView], known: set[str],
               display: Callable[[str], str] = str) -> dict[str, list[NameEntry]]:
    """Names across the briefing by kind: those in the alias list, and others found in two articles or more,
    each kind in the alphabetical order of the names as the page shows them (`display`: "États-Unis" on the
    French page sorts under E, not under U for "United States").

    Each article counts the names of the text its page shows in the site language (the language of the
    story views): its translation's names when it is translated, so a page never lists a name only the
    original's language spells that way ("United States" stays off the French page; the alias list's
    display name is shown instead)."""
    entries: dict[str, NameEntry] = {}
    listed: set[tuple[str, str]] = set()
    language = next((sv.lead.language for sv in story_views.values()), None)
    for article in briefing.articles:
        story = briefing.story_of(article).id
        for name, kind in _shown_names(article, briefing.analyses[article.slug], language, known).items():
            entry = entries.setdefault(name, NameEntry(name, kind))
            entry.articles += 1
            # Why a set of ids: comparing story views field by field made this quadratic at archive scale.
            if (name, story) not in listed:
                listed.add((name, story))
                entry.stories.append(story_views[story])
    by_kind: dict[str, list[NameEntry]] = defaultdict(list)
    others = 0
    # Why by count first: beyond the alias list, the most-reported names are the ones kept.
    for entry in sorted(entries.values(), key=lambda e: (-e.articles, text.normalise(e.name))):
        if entry.name in known or (entry.articles >= 2 and others < NAMES_MAX):
            others += entry.name not in known
            by_kind[entry.kind].append(entry)
    return {kind: sorted(members, key=lambda e: display_order(display(e.name))) for kind, members in by_kind.items()}


def display_order(name: str) -> tuple[str, str]:
    """Sort key of a name as readers see it: accents and case folded ("Émirats" beside "Espagne"), then as written."""
    return text.normalise(name), name


def _shown_names(article, analysis: Analysis, language: str | None, known: set[str]) -> dict[str, str]:
    """Names of the article for a page in `language`: alias-list names from any of its versions (they have
    display names), other names only from the text that page shows (its translation, else the original)."""
    everything = {**analysis.translated_entities, **analysis.entities}
    if language is None:
        return everything
    translated = view(article, language).translation is not None
    local = analysis.entities_by_language.get(language, {}) if translated else analysis.entities
    return {**{name: kind for name, kind in everything.items() if name in known}, **local}
