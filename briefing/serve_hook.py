"""MkDocs hook used only by `briefing serve`: refresh articles and pages before each rebuild."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.briefing")


def on_pre_build(config, **kwargs) -> None:
    from briefing.config import load_config
    from briefing.preview import ENV_CONFIG, ENV_OFFLINE, refresh

    mkdocs_yml = Path(os.environ[ENV_CONFIG])
    _, report = refresh(load_config(mkdocs_yml), mkdocs_yml, offline=bool(os.environ.get(ENV_OFFLINE)))
    for line in report.skipped:
        log.warning("skipped %s", line)
