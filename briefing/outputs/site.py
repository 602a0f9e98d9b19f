"""The MkDocs stage: one language's generated pages become its site, built by MkDocs in a process of its own.

Why a fresh `python -m mkdocs build` and not a fork of the build process: the new process starts
without the briefing in memory. The build renders a language, starts its MkDocs process, renders the
next one meanwhile, then frees the briefing, so the peak memory of a large archive is that of the
larger phase, not of both, and languages still build side by side on separate cores.

Each site is built into a staging folder next to it and swapped in atomically when MkDocs succeeds;
readers (and a killed build) keep the previous site until then.

The MkDocs processes of a build are started first, while the briefing is prepared (`wait_ready`): they
import MkDocs on the cores preparing leaves idle, then wait for their command line (mkdocs_run --wait).

A rebuild in which nothing MkDocs reads has changed does not run MkDocs, and one in which only some
pages changed builds only those (briefing/outputs/incremental.py): after each run, a stamp next to
the generated config records what it read (the configs, theme overrides, hooks and packages by a
hash, the docs by size and mtime) and a summary of the site it wrote.
"""

from __future__ import annotations

import functools
import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import yaml

from .. import fsutil
from . import incremental, search_index as search
from ..errors import StageError

log = logging.getLogger(__name__)

STDERR_TAIL = 4000
"""Characters of MkDocs' own output kept in the error when a site fails to build."""


@dataclass
class SiteBuild:
    """One language's MkDocs run in progress."""

    generated_yml: Path
    site_dir: Path
    staging: Path
    process: subprocess.Popen
    output: IO[bytes]
    started: float
    plan: incremental.Plan | None = None
    """The run's plan (full or incremental), whose records and stamp are kept once the site is in place."""
    seconds: float = 0.0


def site_dir_of(generated_yml: Path) -> Path:
    return Path(yaml.safe_load(generated_yml.read_text(encoding="utf-8"))["site_dir"])


@dataclass
class Waiting:
    """A MkDocs process started before its pages exist, importing what it needs, waiting for its command line."""

    process: subprocess.Popen
    output: IO[bytes]
    key: str = ""
    """The site it loaded files ahead for (its generated config's folder name: the language), or "" for any."""

    def close(self) -> None:
        """Not needed after all: it ends on an empty input."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.output.close()


def wait_ready(count: int, ahead: dict[str, dict[str, Path]] | None = None) -> list[Waiting]:
    """Start `count` MkDocs processes that import MkDocs while the build prepares the pages (mkdocs_run --wait).

    `ahead` names, by site (the generated config's folder name), files its run will read ("records", "terms"):
    the first processes load them while waiting, one site each.

    Why: importing MkDocs, Material and jieba is a good half second of every run, a large part of one that
    renders a few pages; started early, it is paid on cores the build's first phases leave idle."""
    waiting = []
    keys = list(ahead or {})
    for n in range(count):
        key = keys[n] if n < len(keys) else ""
        files = [str(part) for kind, path in (ahead or {}).get(key, {}).items() for part in (kind, path)]
        output = tempfile.TemporaryFile()
        process = subprocess.Popen([sys.executable, "-m", "briefing.outputs.mkdocs_run", "--wait", *files],
                                   stdin=subprocess.PIPE, stdout=output, stderr=subprocess.STDOUT,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, preexec_fn=fsutil.die_with_parent)
        waiting.append(Waiting(process, output, key))
    return waiting


class Counting:
    """The live sites' summaries (`incremental.site_summary`), counted in a forked process while the build
    prepares the briefing: a walk of every folder of a large site, on a core preparing leaves idle.

    Why it stays true: the build holds the project's lock, and nothing writes into a live site before its
    swap. Why a bare process and a pipe: a pool's thread would be copied into the forks preparing makes.
    If counting fails, the sites are counted when they are planned, as before."""

    def __init__(self, site_dirs: list[Path]):
        self.process, self.receive = None, None
        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        fsutil.flush_streams()
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_count, args=(site_dirs, send), daemon=True)
        try:
            self.process.start()
        except OSError:
            log.debug("cannot count the live sites ahead", exc_info=True)
            self.process = None
        send.close()

    def result(self) -> dict[Path, list[int]]:
        """The summaries counted (a site not built yet is left out); the process ends."""
        found: dict[Path, list[int]] = {}
        if self.process is not None:
            try:
                found = self.receive.recv()
            except (EOFError, OSError):
                log.debug("counting the live sites ahead failed", exc_info=True)
        self.close()
        return found

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None
        if self.receive is not None:
            self.receive.close()
            self.receive = None


def _count(site_dirs: list[Path], send) -> None:
    fsutil.die_with_parent()
    send.send({site_dir: incremental.site_summary(site_dir) for site_dir in site_dirs if site_dir.is_dir()})
    send.close()


def _hand_over(waiting: list[Waiting], argv: list[str], env: dict[str, str], key: str = "") -> Waiting | None:
    """Give a command line to a waiting process, the one that loaded files for `key` if there is one; None when
    none is left (or the one tried had died)."""
    waiting.sort(key=lambda process: process.key != key)  # stable: the one for `key` first, else in order
    while waiting:
        ready = waiting.pop(0)
        try:
            ready.process.stdin.write((json.dumps({"argv": argv, "env": env}) + "\n").encode("utf-8"))
            ready.process.stdin.close()
            return ready
        except OSError:  # it ended early: start a fresh one instead
            log.debug("a waiting MkDocs process had ended", exc_info=True)
            ready.close()
    return None


def start(generated_yml: Path, *, strict: bool, site_dir: Path | None = None,
          plan: incremental.Plan | None = None, waiting: list[Waiting] | None = None) -> SiteBuild:
    """Start MkDocs on one generated config, building into a staging folder next to its site folder.

    `site_dir` replaces the config's own (the preview builds every language into its served folder).
    With an incremental `plan`, the staging folder starts as the previous site without what changed,
    and MkDocs builds only what is missing (`--dirty`, completed by the incremental hook). A process of
    `waiting` runs it when there is one (`wait_ready`)."""
    site_dir = site_dir or site_dir_of(generated_yml)
    started = time.perf_counter()
    staging = fsutil.staging_dir(site_dir)
    # Why briefing's runner: MkDocs' own command line, with jieba imported only if a page needs it.
    command = [sys.executable, "-m", "briefing.outputs.mkdocs_run", "build", "-f", str(generated_yml),
               "-d", str(staging)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if plan is not None:
        env[incremental.ENV_JOB] = plan.job()
        if not plan.full:
            try:
                incremental.stage(plan, staging, spare=incremental.take_spare(plan, staging))
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            command.append("--dirty")
    ready = _hand_over(waiting, command[3:], env, generated_yml.parent.name) if waiting else None
    if ready is not None:
        return SiteBuild(generated_yml, site_dir, staging, ready.process, ready.output, started, plan)
    output = tempfile.TemporaryFile()  # a file, not a pipe: a chatty MkDocs never blocks on a full pipe
    # Why die_with_parent: a killed build must leave no MkDocs process behind, still writing.
    process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env,
                               preexec_fn=fsutil.die_with_parent)
    return SiteBuild(generated_yml, site_dir, staging, process, output, started, plan)


def finish(build: SiteBuild) -> Path:
    """Wait for one MkDocs run; swap its site in, or raise naming the config with MkDocs' own words."""
    code = build.process.wait()
    build.seconds = round(time.perf_counter() - build.started, 3)
    build.output.seek(0)
    text = build.output.read().decode("utf-8", "replace")
    build.output.close()
    warnings = 0
    for line in text.splitlines():
        warnings += "WARNING" in line
        (log.warning if "WARNING" in line else log.debug)("mkdocs: %s", line.rstrip())
    try:
        if code != 0:
            raise StageError("building the site for", build.generated_yml,
                             f"MkDocs exited with code {code}:\n{text[-STDERR_TAIL:].strip()}")
        search.patch_worker(build.staging)
        if build.plan is not None:
            incremental.account(build.plan, build.staging)
        keep = None if build.plan is None else functools.partial(incremental.keep_spare, build.plan)
        fsutil.replace_dir(build.staging, build.site_dir, keep)
        if build.plan is not None:
            incremental.commit(build.plan, warnings)
    finally:
        if build.staging.exists():
            shutil.rmtree(build.staging, ignore_errors=True)
        if build.plan is not None:
            incremental.discard(build.plan)
    return build.site_dir


class Builds:
    """MkDocs runs started one after another, no more at once than there are cores.

    Starting a run when all cores are busy first waits for the oldest one. On any failure the runs
    still going are stopped, so none is left behind.
    """

    def __init__(self, *, strict: bool, stamps: bool = False, force: bool = False,
                 waiting: list[Waiting] | None = None, live: dict[Path, list[int]] | None = None):
        self.strict = strict
        self.live = live or {}
        """The live sites' summaries, counted while the build prepared (`count_ahead`); others are counted when planned."""
        self.waiting = waiting if waiting is not None else []
        """MkDocs processes started early (`wait_ready`): the runs take them in turn; those left over end."""
        self.stamps = stamps
        """Stamp each site built; leave a site whose inputs have not changed as it is, and build only what
        changed in the others (briefing/outputs/incremental.py)..."""
        self.force = force
        """...unless forced: then every site is built in full (and stamped)."""
        self.running: list[SiteBuild] = []
        self.done: list[SiteBuild] = []
        self.sites: list[Path] = []
        self.current: list[Path] = []
        """Sites left as they were: nothing MkDocs reads had changed."""
        self.incremental: dict[Path, int] = {}
        """Sites built incrementally, with how many docs files were built again."""

    def plan(self, generated_yml: Path) -> incremental.Plan | None:
        """What the run of `generated_yml` must do (None without stamps: a full run). Safe in another process."""
        if not self.stamps:
            return None
        site_dir = site_dir_of(generated_yml)
        return incremental.plan(generated_yml, site_dir, force=self.force, strict=self.strict,
                                live=self.live.get(site_dir))

    def start(self, generated_yml: Path, planned: incremental.Plan | None = None) -> None:
        """Start MkDocs on one generated config, once a core is free (unless its site is current).

        `planned` is `self.plan(generated_yml)` when the caller made it already (in a forked renderer)."""
        try:
            plan = planned if planned is not None else self.plan(generated_yml)
            if plan is not None:
                site_dir = plan.site_dir
                if plan.current:
                    self.current.append(site_dir)
                    self.sites.append(site_dir)
                    return
                if plan.full:
                    log.debug("%s: full MkDocs run (%s)", site_dir.name, plan.reason)
                else:
                    self.incremental[site_dir] = len(plan.dirty) + len(plan.deleted)
            if len(self.running) >= (os.cpu_count() or 1):
                self._finish_oldest()
            self.running.append(start(generated_yml, strict=self.strict, plan=plan, waiting=self.waiting))
        except BaseException:
            self.abort()
            raise

    def _finish_oldest(self) -> None:
        oldest = self.running.pop(0)
        self.done.append(oldest)
        try:
            self.sites.append(finish(oldest))
        except StageError as exc:
            # Why one full run more: an incremental run can only fail where a full one would (a strict
            # warning, an error in a page it renders) or on state it could not trust; the full run tells.
            if oldest.plan is None or oldest.plan.full or "strict mode" in str(exc):
                raise
            log.warning("%s: the incremental MkDocs run failed; building the site in full", oldest.site_dir.name)
            self.incremental.pop(oldest.site_dir, None)
            retry = start(oldest.generated_yml, strict=self.strict,
                          plan=incremental.plan(oldest.generated_yml, oldest.site_dir, force=True))
            self.done.append(retry)
            self.sites.append(finish(retry))

    def finish(self) -> list[Path]:
        """Wait for every run; the first failure is raised once all have ended. Returns the sites in order."""
        self.close_waiting()
        failure = None
        while self.running:
            try:
                self._finish_oldest()
            except StageError as exc:
                failure = failure or exc
        if failure:
            raise failure
        return self.sites

    def close_waiting(self) -> None:
        """End the processes started early that no run took."""
        while self.waiting:
            self.waiting.pop().close()

    def abort(self) -> None:
        """Stop the runs still going (another one failed) and remove their staging folders."""
        self.close_waiting()
        for build in self.running:
            build.process.kill()
            build.process.wait()
            build.output.close()
            shutil.rmtree(build.staging, ignore_errors=True)
            if build.plan is not None:
                incremental.discard(build.plan)
        self.running.clear()

    @property
    def mkdocs_seconds(self) -> float:
        """Wall time of the slowest run: they run side by side."""
        return max((b.seconds for b in self.done), default=0.0)


def build_all(generated: list[Path], *, strict: bool) -> list[Path]:
    """Build several generated configs, as many at once as there are cores."""
    builds = Builds(strict=strict)
    for path in generated:
        builds.start(path)
    return builds.finish()
