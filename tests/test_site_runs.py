"""MkDocs runs started before their pages exist (briefing/outputs/site.py `wait_ready`, mkdocs_run --wait)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from briefing.outputs import incremental, preload, site


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


def test_a_waiting_process_loads_its_sites_files_ahead_and_runs_that_site(tmp_path):
    """Each waiting process loads the files its site's run will read; the run of a site goes to that process."""
    hook = tmp_path / "hook.py"
    hook.write_text("import pathlib\n"
                    "from briefing.outputs import preload\n"
                    "def on_config(config):\n"
                    "    pathlib.Path(config['site_dir'], '..', 'ahead.txt').write_text('\\n'.join(sorted(preload._loaded)))\n",
                    encoding="utf-8")
    configs = {}
    for key in ("en", "fr"):
        configs[key] = _tiny_config(tmp_path / key)
        configs[key].write_text(configs[key].read_text(encoding="utf-8") + f"hooks: [{hook}]\n", encoding="utf-8")
        records = tmp_path / key / "site-pages.pickle"
        incremental.write_records(records, [{"src": "index.md", "title": key}], [])
    ahead = {key: {"records": tmp_path / key / "site-pages.pickle"} for key in ("en", "fr")}
    waiting = site.wait_ready(2, ahead=ahead)
    builds = site.Builds(strict=False, waiting=waiting)
    builds.start(configs["fr"])  # fr first: it must still get the process that loaded fr's records
    builds.start(configs["en"])
    builds.finish()
    for key in ("en", "fr"):
        assert (tmp_path / key / "ahead.txt").read_text() == str((tmp_path / key / "site-pages.pickle").resolve())


def test_a_file_loaded_ahead_is_used_once_and_only_while_unchanged(tmp_path):
    path = tmp_path / "state.pickle"
    loads = []

    def load(p):
        loads.append(p)
        return pickle.loads(p.read_bytes())

    path.write_bytes(pickle.dumps("first"))
    preload.ahead(path, load)
    assert preload.take(path, load) == "first" and len(loads) == 1  # loaded ahead, not again
    assert preload.take(path, load) == "first" and len(loads) == 2  # used once: the next take reads the file
    preload.ahead(path, load)
    path.unlink()
    path.write_bytes(pickle.dumps("second"))  # replaced since: what was loaded ahead is stale
    assert preload.take(path, load) == "second"
    preload.ahead(tmp_path / "missing.pickle", load)  # nothing to load: nothing kept, no error
    assert str(tmp_path / "missing.pickle") not in preload._loaded
