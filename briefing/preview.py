"""`briefing serve`: MkDocs' live-reload server over the default language's generated pages.

MkDocs watches the inbox, the content and the templates; before each rebuild a
hook (briefing/serve_hook.py) brings content/articles and the pages up to date,
holding the project's build lock until the preview is written.
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

import yaml

from . import pipeline
from .config import BriefingConfig

ENV_CONFIG = "BRIEFING_MKDOCS_YML"
ENV_OFFLINE = "BRIEFING_SERVE_OFFLINE"

HELD = contextlib.ExitStack()
"""The build lock while a rebuild runs. Here, not in the hook: MkDocs loads the hook afresh for every rebuild."""


def refresh(config: BriefingConfig, mkdocs_yml: Path, *, offline: bool) -> tuple[Path, pipeline.BuildReport]:
    """Everything `briefing build` does before MkDocs; returns the default language's MkDocs config."""
    report, briefing = pipeline.prepare(config, mkdocs_yml, offline=offline)
    generated = pipeline.render_docs(config, mkdocs_yml, briefing, report)
    return generated[config.languages[0]], report


def serve(config: BriefingConfig, mkdocs_yml: Path, dev_addr: str, *, offline: bool = False) -> None:
    """Render once, then serve with live reload until interrupted (Ctrl-C or SIGTERM)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ[ENV_CONFIG] = str(mkdocs_yml.resolve())
    os.environ[ENV_OFFLINE] = "1" if offline else ""
    from mkdocs.commands.serve import serve as mkdocs_serve

    with pipeline.exclusive(config):
        generated, _ = refresh(config, mkdocs_yml, offline=offline)
    # Why the generated config's hooks too: `hooks=` replaces the list, and the preview needs the
    # sanitiser and the jieba cache location as much as the built site does.
    hooks = [*(yaml.safe_load(generated.read_text(encoding="utf-8")).get("hooks") or []),
             str(Path(__file__).with_name("serve_hook.py"))]
    watch = [str(p) for p in (config.inbox, config.articles, config.site.templates) if p.exists()]
    # Why: by default SIGTERM ends the process at once, leaving MkDocs' mkdocs_* temporary site behind;
    # an exception unwinds through MkDocs' own clean-up instead.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        mkdocs_serve(str(generated), livereload=True, watch=watch, dev_addr=dev_addr, hooks=hooks)
    finally:
        signal.signal(signal.SIGTERM, previous)
        HELD.close()


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)
