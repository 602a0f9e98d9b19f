"""The MkDocs stage: one language's generated pages become its site, built by MkDocs in a process of its own.

Why a fresh `python -m mkdocs build` and not a fork of the build process: the new process starts
without the briefing in memory. The build renders a language, starts its MkDocs process, renders the
next one meanwhile, then frees the briefing, so the peak memory of a large archive is that of the
larger phase, not of both, and languages still build side by side on separate cores.

Each site is built into a staging folder next to it and swapped in atomically when MkDocs succeeds;
readers (and a killed build) keep the previous site until then.

A rebuild in which nothing MkDocs reads has changed does not run MkDocs: after each run, a stamp
next to the generated config records a hash of its inputs (the config and the config it inherits,
the docs by size and mtime, the theme overrides, the hooks, the installed packages' versions) and
a summary of the site it wrote. Unchanged inputs and an untouched site mean the site is current.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
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
from . import search_index as search
from ..errors import StageError

log = logging.getLogger(__name__)

STDERR_TAIL = 4000
"""Characters of MkDocs' own output kept in the error when a site fails to build."""


STAMP = "site-stamp.json"
"""Next to a generated config: the inputs its last MkDocs run read, and the site it wrote."""


@dataclass
class SiteBuild:
    """One language's MkDocs run in progress."""

    generated_yml: Path
    site_dir: Path
    staging: Path
    process: subprocess.Popen
    output: IO[bytes]
    started: float
    inputs: str = ""
    seconds: float = 0.0


def site_dir_of(generated_yml: Path) -> Path:
    return Path(yaml.safe_load(generated_yml.read_text(encoding="utf-8"))["site_dir"])


def inputs_fingerprint(generated_yml: Path) -> str:
    """Hash of what MkDocs reads for one generated config (files by size and mtime, configs by content)."""
    config = yaml.safe_load(generated_yml.read_text(encoding="utf-8"))
    base = generated_yml.parent
    digest = hashlib.sha256(generated_yml.read_bytes())
    digest.update((base / config["INHERIT"]).read_bytes())
    hooks = [Path(hook) for hook in config.get("hooks") or []]
    # Why the scripts beside the hooks: a hook copies them into the site (the search worker).
    scripts = sorted({script for hook in hooks for script in hook.parent.glob("*.js")})
    # Why the index builder: the search hook is thin, the index it writes is built there.
    for path in hooks + scripts + [Path(search.__file__)]:
        digest.update(path.read_bytes())
    for folder in (base / config["docs_dir"], Path(config.get("theme", {}).get("custom_dir") or base / "none")):
        for path, stat in _files(folder):
            digest.update(f"{path.relative_to(folder).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    # Why every installed package: a theme, plugin or Markdown extension upgrade changes the output.
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()


def _files(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """Every file under `folder` with its stat, in a stable order (none when it does not exist)."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root, name)
            found.append((path, path.stat()))
    return found


def site_summary(site_dir: Path) -> list[int]:
    """Files, bytes and newest mtime of a built site: a site changed or deleted by hand no longer matches."""
    stats = [stat for _, stat in _files(site_dir)]
    return [len(stats), sum(s.st_size for s in stats), max((s.st_mtime_ns for s in stats), default=0)]


def is_current(generated_yml: Path, inputs: str) -> bool:
    """True when the config's last MkDocs run read these inputs and its site is as that run left it."""
    try:
        stamp = json.loads((generated_yml.parent / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(stamp, dict) and stamp.get("inputs") == inputs
            and stamp.get("site") == site_summary(site_dir_of(generated_yml)))


def _record(build: SiteBuild) -> None:
    stamp = {"inputs": build.inputs, "site": site_summary(build.site_dir)}
    fsutil.write_text_atomic(build.generated_yml.parent / STAMP, json.dumps(stamp) + "\n")


def start(generated_yml: Path, *, strict: bool, inputs: str = "", site_dir: Path | None = None) -> SiteBuild:
    """Start MkDocs on one generated config, building into a staging folder next to its site folder.

    `site_dir` replaces the config's own (the preview builds every language into its served folder)."""
    site_dir = site_dir or site_dir_of(generated_yml)
    staging = fsutil.staging_dir(site_dir)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(generated_yml), "-d", str(staging)]
    if strict:
        command.append("--strict")
    output = tempfile.TemporaryFile()  # a file, not a pipe: a chatty MkDocs never blocks on a full pipe
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Why die_with_parent: a killed build must leave no MkDocs process behind, still writing.
    process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env,
                               preexec_fn=fsutil.die_with_parent)
    return SiteBuild(generated_yml, site_dir, staging, process, output, time.perf_counter(), inputs)


def finish(build: SiteBuild) -> Path:
    """Wait for one MkDocs run; swap its site in, or raise naming the config with MkDocs' own words."""
    code = build.process.wait()
    build.seconds = round(time.perf_counter() - build.started, 3)
    build.output.seek(0)
    text = build.output.read().decode("utf-8", "replace")
    build.output.close()
    for line in text.splitlines():
        (log.warning if "WARNING" in line else log.debug)("mkdocs: %s", line.rstrip())
    try:
        if code != 0:
            raise StageError("building the site for", build.generated_yml,
                             f"MkDocs exited with code {code}:\n{text[-STDERR_TAIL:].strip()}")
        search.patch_worker(build.staging)
        fsutil.replace_dir(build.staging, build.site_dir)
        if build.inputs:
            _record(build)
    finally:
        if build.staging.exists():
            shutil.rmtree(build.staging, ignore_errors=True)
    return build.site_dir


class Builds:
    """MkDocs runs started one after another, no more at once than there are cores.

    Starting a run when all cores are busy first waits for the oldest one. On any failure the runs
    still going are stopped, so none is left behind.
    """

    def __init__(self, *, strict: bool, stamps: bool = False, force: bool = False):
        self.strict = strict
        self.stamps = stamps
        """Stamp each site built, and leave a site whose inputs have not changed since its stamp as it is..."""
        self.force = force
        """...unless forced: then every site is built (and stamped)."""
        self.running: list[SiteBuild] = []
        self.done: list[SiteBuild] = []
        self.sites: list[Path] = []
        self.current: list[Path] = []
        """Sites left as they were: nothing MkDocs reads had changed."""

    def start(self, generated_yml: Path) -> None:
        """Start MkDocs on one generated config, once a core is free (unless its site is current)."""
        try:
            inputs = inputs_fingerprint(generated_yml) if self.stamps else ""
            if inputs and not self.force and is_current(generated_yml, inputs):
                self.current.append(site_dir_of(generated_yml))
                self.sites.append(self.current[-1])
                return
            if len(self.running) >= (os.cpu_count() or 1):
                self._finish_oldest()
            self.running.append(start(generated_yml, strict=self.strict, inputs=inputs))
        except BaseException:
            self.abort()
            raise

    def _finish_oldest(self) -> None:
        oldest = self.running.pop(0)
        self.done.append(oldest)
        self.sites.append(finish(oldest))

    def finish(self) -> list[Path]:
        """Wait for every run; the first failure is raised once all have ended. Returns the sites in order."""
        failure = None
        while self.running:
            try:
                self._finish_oldest()
            except StageError as exc:
                failure = failure or exc
        if failure:
            raise failure
        return self.sites

    def abort(self) -> None:
        """Stop the runs still going (another one failed) and remove their staging folders."""
        for build in self.running:
            build.process.kill()
            build.process.wait()
            build.output.close()
            shutil.rmtree(build.staging, ignore_errors=True)
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
