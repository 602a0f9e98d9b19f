"""MkDocs hook: each language's sitemap.xml lists every page with the date its content last changed.

MkDocs' own sitemap dates every page with the day of the build. The render step writes `updated:`
into the front matter of each page whose content has a date (an article: its story's latest report;
a story: its latest report; a listing: its newest story); the sitemap takes that date, and a page
without one gets no <lastmod>. Without site_url a sitemap cannot hold the absolute URLs the protocol
requires, and MkDocs writes an empty one: it is removed.
"""

from __future__ import annotations

from pathlib import Path


def on_page_markdown(markdown: str, page, config, files) -> str:
    """The page's <lastmod>: its front matter's `updated`, else none."""
    # Why here: MkDocs reads every page (and runs this) before it renders sitemap.xml from them.
    page.update_date = str(page.meta.get("updated") or "")
    return markdown


def on_post_build(config) -> None:
    """No sitemap without site_url (MkDocs would leave an empty one)."""
    if not config.site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            Path(config.site_dir, name).unlink(missing_ok=True)
