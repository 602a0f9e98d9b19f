"""Where an add-one build's prepare phase goes: `python benchmarks/bench_prepare.py PROJECT [--add N]`.

Runs what `briefing build` prepares (no rendering, no MkDocs) on PROJECT (a built project: copy it
first, this writes to it), after adding the synthetic article N to its inbox, and prints the
seconds of each step, whether story grouping went from the last build's, and the load average.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_extra  # noqa: E402

from briefing import memory, pipeline  # noqa: E402
from briefing.content import pickled, read  # noqa: E402
from briefing.content.store import ContentStore  # noqa: E402
from briefing.outputs.report import BuildReport  # noqa: E402
from briefing.project import Project  # noqa: E402
from briefing.stages import regroup  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--add", type=int, help="add the synthetic article number N to the inbox first")
    args = parser.parse_args()
    os.chdir(args.project)
    if args.add is not None:
        write_extra(Path("content") / "inbox", args.add)
    load = os.getloadavg()[0]
    steps: dict[str, float] = {}
    cpu: dict[str, float] = {}
    """The same steps' CPU seconds: on a shared machine, wall seconds follow the load."""

    @contextmanager
    def step(name: str):
        start, start_cpu = time.perf_counter(), time.process_time()
        yield
        steps[name], cpu[name] = time.perf_counter() - start, time.process_time() - start_cpu

    scratch = []
    from_scratch = regroup._from_scratch
    regroup._from_scratch = lambda *a, **k: scratch.append(1) or from_scratch(*a, **k)
    # Why: the parts of assembling, timed where they are called from.
    timed(steps, cpu, pipeline, "_load", "  records (_load)")
    timed(steps, cpu, pipeline.analyse, "analyse_all", "  analyses")
    timed(steps, cpu, regroup, "cluster", "  grouping (regroup.cluster)")
    project, report = Project.load("mkdocs.yml"), BuildReport()
    config = project.config
    # Why: `pipeline.prepare` runs its steps so; the collector's passes would be a large share otherwise.
    with memory.fewer_gc_passes():
        with step("load content"):
            store = ContentStore.load(project.articles, read.ParsedCache(project.cache / "content.pickle"))
        with step("inbox"):
            pipeline.update_content(config, project.root, store, report)
        with step("translate"):
            pipeline.translate_content(config, report, store, offline=True)
        with step("assemble (analyse, group)"):
            briefing = pipeline.assemble(config, report, store, aliases=project.aliases)
        with step("save"):
            store.save()
        pickled.thaw()
    print(f"load {load:.2f}; {len(briefing.articles)} articles, {len(briefing.stories)} stories; grouping "
          + ("from scratch" if scratch else "from the last build's"))
    print(f"  {'':28s}   wall    CPU")
    for name, seconds in steps.items():
        print(f"  {name:28s} {seconds:6.2f} {cpu[name]:6.2f} s")
    print(f"  {'prepare':28s} {sum(v for k, v in steps.items() if not k.startswith(' ')):6.2f} "
          f"{sum(v for k, v in cpu.items() if not k.startswith(' ')):6.2f} s")


def timed(steps: dict[str, float], cpu: dict[str, float], module, name: str, label: str) -> None:
    """Replace `module.name` by a wrapper adding its wall and CPU seconds to `steps[label]` and `cpu[label]`."""
    inner = getattr(module, name)

    def wrapper(*args, **kwargs):
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            steps[label] = steps.get(label, 0.0) + time.perf_counter() - start
            cpu[label] = cpu.get(label, 0.0) + time.process_time() - start_cpu

    setattr(module, name, wrapper)


if __name__ == "__main__":
    main()
