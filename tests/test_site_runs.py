"""MkDocs runs started before their pages exist (briefing/outputs/site.py `wait_ready`, mkdocs_run --wait)."""

from __future__ import annotations

import os
from pathlib import Path

from briefing.outputs import site


def _tiny_config(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Hello\n\nA page.\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(f"site_name: T\ndocs_dir: docs\nsite_dir: {root / 'site'}\n", encoding="utf-8")
    return config


def test_a_waiting_process_builds_the_site_it_is_handed_with_its_environment(tmp_path):
    config = _tiny_config(tmp_path)
    waiting = site.wait_ready(2)
    builds = site.Builds(strict=True, waiting=waiting)
    builds.start(config)
    assert len(waiting) == 1  # one taken
    assert builds.finish() == [tmp_path / "site"]
    assert "A page." in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert not waiting  # the other one ended, unused
    assert all(run.process.returncode == 0 for run in builds.done)


def test_a_waiting_process_ends_on_an_empty_input_and_a_dead_one_is_replaced(tmp_path):
    config = _tiny_config(tmp_path)
    unused, dead = site.wait_ready(2)
    unused.close()
    assert unused.process.returncode == 0
    dead.process.kill()
    dead.process.wait()
    builds = site.Builds(strict=False, waiting=[dead])
    builds.start(config)
    assert builds.finish() == [tmp_path / "site"] and (tmp_path / "site" / "index.html").is_file()
    assert builds.done[0].process is not dead.process


def test_the_job_environment_reaches_the_run(tmp_path, monkeypatch):
    hook = tmp_path / "hook.py"
    hook.write_text("import os, pathlib\n"
                    "def on_post_build(config):\n"
                    "    pathlib.Path(config['site_dir'], 'job.txt').write_text(os.environ.get('BRIEFING_T', '-'))\n",
                    encoding="utf-8")
    config = _tiny_config(tmp_path)
    config.write_text(config.read_text(encoding="utf-8") + f"hooks: [{hook}]\n", encoding="utf-8")
    waiting = site.wait_ready(1)
    monkeypatch.setenv("BRIEFING_T", "handed over")  # set after the process started: it must come with the job
    builds = site.Builds(strict=False, waiting=waiting)
    builds.start(config)
    builds.finish()
    assert (tmp_path / "site" / "job.txt").read_text() == "handed over"
    assert os.environ["BRIEFING_T"] == "handed over"
