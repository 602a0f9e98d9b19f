"""`briefing serve`: MkDocs' live-reload server over every language, laid out as the built site is.

The default language is MkDocs' own live site, built into `/<lang>/` of the served folder; each
other language is built by a MkDocs process of its own into `/<lang>/` beside it, and `/` sends
readers to the default language, so the language selector works as it does on the published site.
Before each rebuild a hook (briefing/hooks/serve_hook.py) brings content/articles and the pages up to
date, holding the project's build lock until every language is written.

One edit, one rebuild: the generated pages and configs are not watched, and in content/articles a
change counts only if this process did not write it itself (`fsutil.WRITTEN`).

Rebuilds are incremental as `briefing build` is (briefing/outputs/incremental.py): each language's
preview keeps its own state (build/<lang>/preview/), the other languages go through the same staged
runs as a build, and the default language, which MkDocs' server builds in place (`--dirty`), first
loses the outputs the rebuild writes again. An edit to one article renders that article's pages and
the listings that show it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from pathlib import Path

import yaml

from .. import fsutil, hooks, pipeline
from . import incremental, mkdocs_run, site
from .report import BuildReport
from ..config import BriefingConfig
from ..project import Project

ENV_CONFIG = "BRIEFING_MKDOCS_YML"
ENV_OFFLINE = "BRIEFING_SERVE_OFFLINE"

HELD = contextlib.ExitStack()
"""The build lock while a rebuild runs. Here, not in the hook: MkDocs loads the hook afresh for every rebuild."""

OTHERS: list[site.SiteBuild] = []
"""The other languages' MkDocs runs of the rebuild in progress (started before MkDocs builds the default one)."""

TRIGGER = "edited"
"""Touched when the editor changes a content file: MkDocs watches it, and rebuilds."""

PREVIEW = "preview"
"""Folder of a language's preview state (stamp and page records), next to its generated config."""

DEFAULT: list[incremental.Plan] = []
"""The default language's plan of the rebuild in progress (MkDocs' server runs it, the hooks commit it)."""


def refresh(project: Project, *, offline: bool) -> tuple[dict[str, Path], BuildReport]:
    """Everything `briefing build` does before MkDocs; returns every language's MkDocs config."""
    report, briefing = pipeline.prepare(project, offline=offline)
    generated = pipeline.render_docs(project, briefing, report)
    return generated, report


def trigger_file(config: BriefingConfig) -> Path:
    """The file touched when the editor changes a content file."""
    return config.site.build_dir / pipeline.SERVE / TRIGGER


def serve(project: Project, dev_addr: str, *, offline: bool = False) -> None:
    """Render once, then serve with live reload until interrupted (Ctrl-C or SIGTERM)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ[ENV_CONFIG] = str(project.mkdocs_yml)
    config = project.config
    os.environ[ENV_OFFLINE] = "1" if offline else ""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_run.lazy_jieba()  # as in a build's MkDocs runs: jieba is imported when a page needs it

    fsutil.WRITTEN = {}  # from now on, this process's own writes are told from the editor's
    with pipeline.exclusive(config):
        generated, _ = refresh(project, offline=offline)
    for config_yml in generated.values():
        incremental.forget(config_yml.parent / PREVIEW)  # a fresh served folder: the first build is full
    default = generated[config.languages[0]]
    # Why the generated config's hooks too: `hooks=` replaces the list, and the preview needs the
    # sanitiser and the jieba cache location as much as the built site does.
    loaded = [*(yaml.safe_load(default.read_text(encoding="utf-8")).get("hooks") or []),
              str(hooks.path("serve_hook.py"))]
    trigger = trigger_file(config)
    trigger.parent.mkdir(parents=True, exist_ok=True)
    # content/articles is watched by the hook (it filters out the rebuild's own writes); these never are written.
    watch = [str(p) for p in (config.inbox, config.site.templates, project.mkdocs_yml, trigger.parent) if p.exists()]
    # Why: by default SIGTERM ends the process at once, leaving MkDocs' mkdocs_* temporary site behind;
    # an exception unwinds through MkDocs' own clean-up instead.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        # Why site_url at the root: every language is served under its own folder, as on the published site.
        mkdocs_serve(str(default), livereload=True, build_type="dirty", watch=watch, dev_addr=dev_addr,
                     hooks=loaded, site_url=f"http://{dev_addr}/")
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop_others()
        discard_default()
        HELD.close()
        fsutil.WRITTEN = None


def plan_default(config_yml: Path, site_dir: Path) -> None:
    """Plan the default language's rebuild and clear what it writes again from the served folder (built in place)."""
    discard_default()
    plan = incremental.plan(config_yml, site_dir, config_yml.parent / PREVIEW)
    incremental.clear(plan)
    os.environ[incremental.ENV_JOB] = plan.job()
    DEFAULT.append(plan)


def commit_default() -> None:
    """The default language's rebuild is written: keep its state for the next one."""
    os.environ.pop(incremental.ENV_JOB, None)
    while DEFAULT:
        incremental.commit(DEFAULT.pop())


def discard_default() -> None:
    """The default language's rebuild failed (or the server stops): its state goes, the next rebuild is full."""
    os.environ.pop(incremental.ENV_JOB, None)
    while DEFAULT:
        plan = DEFAULT.pop()
        incremental.discard(plan)
        incremental.forget(plan.state_dir)


def start_others(generated: dict[str, Path], default: str, served: Path) -> None:
    """Start MkDocs for every language but the default one, each into its folder of the served site
    (only what changed since its last preview build)."""
    stop_others()
    for language, config_yml in generated.items():
        if language != default:
            plan = incremental.plan(config_yml, served / language, config_yml.parent / PREVIEW)
            if not plan.current:
                OTHERS.append(site.start(config_yml, strict=False, site_dir=served / language, plan=plan))


def finish_others() -> list[str]:
    """Wait for the other languages' sites; returns what failed (the preview of the others still works)."""
    failures = []
    while OTHERS:
        try:
            site.finish(OTHERS.pop(0))
        except Exception as exc:  # a language that fails must not stop the preview of the others
            failures.append(str(exc))
    return failures


def stop_others() -> None:
    """Stop the other languages' MkDocs runs still going (the rebuild failed, or the server stops)."""
    while OTHERS:
        build = OTHERS.pop()
        build.process.kill()
        build.process.wait()
        build.output.close()
        shutil.rmtree(build.staging, ignore_errors=True)
        if build.plan is not None:
            incremental.discard(build.plan)


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)
