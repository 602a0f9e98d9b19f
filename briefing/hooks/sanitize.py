"""MkDocs hook: sanitise the HTML of every generated page with nh3 (an allowlist sanitiser).

Templates already escape every value they print, so article text reaches Markdown as
text. This is the second line of defence: whatever HTML Markdown produced, only the
tags and attributes our pages use survive, event handlers and other markup are
dropped, and links may only be http(s), mailto or relative.
"""

from __future__ import annotations

import nh3

_TAGS = {
    "p", "a", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "br",
    "hr", "section", "div", "span", "nav", "label", "input", "blockquote", "details", "summary",
    "table", "thead", "tbody", "tr", "th", "td", "sup",
}
_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href", "hreflang"},
    "section": {"data-search-exclude"},
    "p": {"data-search-exclude"},
    "span": {"data-search-exclude"},
    "h3": {"data-search-exclude"},
    "div": {"data-tabs", "data-search-exclude"},
    "input": {"type", "id", "name", "checked"},
    "label": {"for"},
    "ol": {"start"},
}


def clean(html: str) -> str:
    """The page HTML with only our allowlist of tags, attributes and URL schemes."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel=None, strip_comments=False)


def on_page_content(html: str, page, config, files) -> str:
    """Sanitise each page's content before the search index and the theme see it."""
    return clean(html)
