"""MkDocs hook used only by `briefing serve`: refresh articles and pages before each rebuild.

The project's build lock is held from the refresh until MkDocs has written the preview, so a
`briefing build` cannot run beside a rebuild; a rebuild waits for a build already running.
"""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.briefing")


def on_pre_build(config, **kwargs) -> None:
    """Take the build lock (waiting for a build that holds it), then bring content and pages up to date."""
    from briefing import pipeline
    from briefing.config import load_config
    from briefing.preview import ENV_CONFIG, ENV_OFFLINE, HELD, refresh

    mkdocs_yml = Path(os.environ[ENV_CONFIG])
    briefing_config = load_config(mkdocs_yml)
    _release()
    # Why wait, not refuse: a build the editor started meanwhile finishes first; the preview then shows it.
    HELD.enter_context(pipeline.exclusive(briefing_config, wait=math.inf))
    try:
        _, report = refresh(briefing_config, mkdocs_yml, offline=bool(os.environ.get(ENV_OFFLINE)))
    except BaseException:
        _release()
        raise
    for line in report.skipped:
        log.warning("skipped %s", line)


@event_priority(-100)  # last: after the other hooks have written into the preview
def on_post_build(config, **kwargs) -> None:
    """The preview is written: let a build run."""
    _release()


def on_build_error(error, **kwargs) -> None:
    """A failed rebuild lets go of the lock too."""
    _release()


def on_shutdown(**kwargs) -> None:
    _release()


def _release() -> None:
    """Let go of the build lock if this process holds it."""
    from briefing.preview import HELD

    HELD.close()
