"""MkDocs hook used only by `briefing serve`: refresh articles and pages before each rebuild, serve every language.

The project's build lock is held from the refresh until MkDocs has written every language of the
preview, so a `briefing build` cannot run beside a rebuild; a rebuild waits for a build already running.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import threading
import time
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.briefing")


def on_config(config, **kwargs):
    """Build the default language into `/<lang>/` of the served folder, as the published site has it."""
    language = config.extra.get("briefing_language")
    if language and Path(config.site_dir).name != language:
        config.site_dir = str(Path(config.site_dir) / language)
        if config.site_url:
            config.site_url = config.site_url.rstrip("/") + f"/{language}/"
    return config


SETTLE_SECONDS = 1.0
"""How long content files must stay quiet after an edit before the preview rebuilds.

Why a whole second: an in-place save is a burst of events (truncate, write, close), and on a busy
machine the watcher thread can see them more than half a second apart; two rebuilds for one save
is the worse outcome than a rebuild starting a second later."""


def on_serve(server, config, builder):
    """Watch what the editor edits, not what a rebuild writes: one edit, one rebuild."""
    from briefing import fsutil
    from briefing.config import load_config
    from briefing.outputs.preview import ENV_CONFIG, trigger_file
    from watchdog.events import FileSystemEventHandler

    # Why: the generated pages and configs are rewritten by every rebuild; watching them rebuilds twice.
    for generated in (config.docs_dir, config.config_file_path):
        try:
            server.unwatch(generated)
        except (KeyError, TypeError):
            pass
    briefing_config = load_config(Path(os.environ[ENV_CONFIG]))
    trigger = trigger_file(briefing_config)

    told: set[tuple[str, object]] = set()

    def changed(event) -> None:
        if event.is_directory:
            return
        # Why once per version: one edit shows up as several events (a rename: deleted, created, moved), and
        # the trigger touched twice could straddle MkDocs' next look at it, and rebuild twice.
        with lock:
            fresh = set(edited_by_hand(event.src_path, getattr(event, "dest_path", "") or "")) - told
            if not fresh:
                return
            told.update(fresh)
            log.debug("edited by hand: %s", ", ".join(path for path, _ in fresh))
            # Why a short delay, restarted by each event: an editor's save is often a burst (truncate,
            # write, rename), each a new version; one touch after the burst makes one rebuild.
            if pending:
                pending.pop().cancel()
            timer = threading.Timer(SETTLE_SECONDS, touch)
            pending.append(timer)
            timer.start()

    def touch() -> None:
        # Why note every edited file's version now: the rebuild this touch starts reads them after it, so an
        # event about one of these versions that the watcher hands over late (a loaded machine) is no new edit.
        with lock:
            for path in {path for path, _ in told}:
                told.add((path, fsutil.signature(path)))
        # Why written beside the watched folder and renamed in: a write in place is a burst of events (truncate,
        # write, close) that MkDocs' watcher, on a loaded machine, can see either side of the rebuild it starts,
        # and rebuild twice; a rename into the folder is one event.
        partial = trigger.parent.parent / f".{trigger.name}.{os.getpid()}"
        partial.write_text(str(time.time_ns()), encoding="utf-8")
        os.replace(partial, trigger)

    lock = threading.Lock()
    pending: list[threading.Timer] = []

    handler = FileSystemEventHandler()
    handler.on_any_event = changed
    server.observer.schedule(handler, str(briefing_config.articles), recursive=True)
    return server


def edited_by_hand(*paths: str) -> list[tuple[str, object]]:
    """The content files among `paths` not as this process last wrote them (the editor's), with their version."""
    from briefing import fsutil

    written = fsutil.WRITTEN or {}
    found = []
    for path in paths:
        if not path.endswith(".md") or Path(path).name.startswith("."):
            continue  # a temporary file of ours, an editor's swap file: not content
        absolute = os.path.abspath(path)
        version = fsutil.signature(absolute)  # None: deleted
        if written.get(absolute) != version or (version is None and absolute not in written):
            found.append((absolute, version))
    return found


@event_priority(10)  # before the incremental hook reads the plan made here
def on_pre_build(config, **kwargs) -> None:
    """Take the build lock (waiting for a build that holds it), bring content and pages up to date,
    and start the other languages' MkDocs runs."""
    from briefing import pipeline
    from briefing.project import Project
    from briefing.outputs.preview import ENV_CONFIG, ENV_OFFLINE, HELD, plan_default, refresh, start_others

    project = Project.load(os.environ[ENV_CONFIG])
    briefing_config = project.config
    _release()
    # Why wait, not refuse: a build the editor started meanwhile finishes first; the preview then shows it.
    HELD.enter_context(pipeline.exclusive(briefing_config, wait=math.inf))
    try:
        generated, report = refresh(project, offline=bool(os.environ.get(ENV_OFFLINE)))
        if config is not None:
            default = briefing_config.languages[0]
            plan_default(generated[default], Path(config.site_dir))
            start_others(generated, default, Path(config.site_dir).parent)
    except BaseException:
        _release()
        raise
    for line in report.skipped + report.problems:
        log.warning("%s", line)


@event_priority(-100)  # last: after the other hooks have written into the preview
def on_post_build(config, **kwargs) -> None:
    """The default language is written: wait for the others, add the root page, then let a build run."""
    from briefing import pipeline
    from briefing.config import load_config
    from briefing.outputs.preview import ENV_CONFIG, commit_default, finish_others

    try:
        for failure in finish_others():
            log.error("%s", failure)
        if config is not None:
            commit_default()
            served = Path(config.site_dir).parent
            languages = load_config(Path(os.environ[ENV_CONFIG])).languages
            pipeline.write_root_index(served, languages[0], languages)
            # Why: the server looks for its 404 page at the root of what it serves.
            if (Path(config.site_dir) / "404.html").is_file():
                shutil.copyfile(Path(config.site_dir) / "404.html", served / "404.html")
    finally:
        _release()


def on_build_error(error, **kwargs) -> None:
    """A failed rebuild stops the other languages' runs and lets go of the lock too."""
    from briefing.outputs.preview import discard_default, stop_others

    stop_others()
    discard_default()
    _release()


def on_shutdown(**kwargs) -> None:
    _release()


def _release() -> None:
    """Let go of the build lock if this process holds it."""
    from briefing.outputs.preview import HELD

    HELD.close()
