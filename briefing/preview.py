"""`briefing serve`: MkDocs' live-reload server over the default language's generated pages.

MkDocs watches the inbox, the content and the templates; before each rebuild a
hook (briefing/serve_hook.py) brings content/articles and the pages up to date.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import pipeline
from .config import BriefingConfig

ENV_CONFIG = "BRIEFING_MKDOCS_YML"
ENV_OFFLINE = "BRIEFING_SERVE_OFFLINE"


def refresh(config: BriefingConfig, mkdocs_yml: Path, *, offline: bool) -> tuple[Path, pipeline.BuildReport]:
    """Everything `briefing build` does before MkDocs; returns the default language's MkDocs config."""
    report, briefing = pipeline.prepare(config, mkdocs_yml, offline=offline)
    generated = pipeline.render_docs(config, mkdocs_yml, briefing, report)
    return generated[config.languages[0]], report


def serve(config: BriefingConfig, mkdocs_yml: Path, dev_addr: str, *, offline: bool = False) -> None:
    """Render once, then serve with live reload until interrupted."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ[ENV_CONFIG] = str(mkdocs_yml.resolve())
    os.environ[ENV_OFFLINE] = "1" if offline else ""
    from mkdocs.commands.serve import serve as mkdocs_serve

    generated, _ = refresh(config, mkdocs_yml, offline=offline)
    hook = Path(__file__).with_name("serve_hook.py")
    watch = [str(p) for p in (config.inbox, config.articles, config.site.templates) if p.exists()]
    mkdocs_serve(str(generated), livereload=True, watch=watch, dev_addr=dev_addr, hooks=[str(hook)])
