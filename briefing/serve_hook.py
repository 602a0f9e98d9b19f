"""MkDocs hook used only by `briefing serve`: refresh articles and pages before each rebuild."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.briefing")


def on_pre_build(config, **kwargs) -> None:
    from briefing import pipeline
    from briefing.config import load_config
    from briefing.preview import ENV_CONFIG

    mkdocs_yml = Path(os.environ[ENV_CONFIG])
    settings = load_config(mkdocs_yml)
    report = pipeline.BuildReport()
    known = pipeline.update_content(settings, mkdocs_yml.parent, report)
    pipeline.render_docs(settings, mkdocs_yml, report, known=known)
    for line in report.skipped:
        log.warning("skipped %s", line)
