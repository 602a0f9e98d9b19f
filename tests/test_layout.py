"""The package layout's import rules (README, "Packages"), read from every module's imports with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from conftest import REPO, new_project

from briefing.project import Project
from briefing.outputs import mkdocs_config

PACKAGE = REPO / "briefing"
ROLES = ("stages", "extract", "lang", "content", "render", "outputs", "hooks")


def module_name(path: Path) -> str:
    """Dotted name of a module file under briefing/ ('briefing.stages.clean'; a package's __init__ is the package)."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every briefing module or name `path` imports, absolute ('briefing.lang.text', 'briefing.extract.figures')."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "briefing"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: package.count(".") + 2 - node.level]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] == "briefing":
                found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def role(dotted: str) -> str:
    """The package a module or imported name belongs to ('stages'), or the top-level module ('pipeline')."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else ""


def imported_roles(prefix: str) -> dict[str, set[str]]:
    """For every module under briefing.<prefix>: the roles (packages or top-level modules) it imports."""
    return {name: {role(target) for target in imports(path)}
            for name, path in MODULES.items() if name == f"briefing.{prefix}" or name.startswith(f"briefing.{prefix}.")}


def test_every_role_is_a_package_and_imports_are_read_whatever_their_form():
    for name in ROLES:
        assert (PACKAGE / name / "__init__.py").is_file(), name
    # Relative (one and two levels), of a module and of a name, and absolute in a function (a hook).
    assert "briefing.lang.text.split_sentences" in imports(MODULES["briefing.stages.clean"])
    assert {"briefing.extract.figures", "briefing.lang.charsets", "briefing.stages.translate"} <= (
        imports(MODULES["briefing.stages.analyse"]) | imports(MODULES["briefing.content.read"]))
    assert "briefing.outputs.preview.HELD" in imports(MODULES["briefing.hooks.serve_hook"])


@pytest.mark.parametrize("package", ["stages", "extract", "lang", "content"])
def test_the_pipeline_side_never_imports_what_renders_or_publishes(package):
    for name, roles in imported_roles(package).items():
        assert not roles & {"render", "outputs", "hooks", "pipeline", "cli"}, name


def test_extractors_import_only_extractors_language_data_and_errors():
    for name, roles in imported_roles("extract").items():
        assert roles <= {"extract", "lang", "errors"}, (name, roles)


def test_language_data_imports_only_itself_and_errors():
    for name, roles in imported_roles("lang").items():
        assert roles <= {"lang", "errors"}, (name, roles)


def test_the_renderer_never_imports_outputs_hooks_or_the_pipeline():
    for name, roles in imported_roles("render").items():
        assert not roles & {"outputs", "hooks", "pipeline", "cli"}, name


@pytest.mark.parametrize("module", ["models", "errors", "fsutil", "memory", "config"])
def test_the_shared_top_level_modules_stay_below_every_package(module):
    roles = {role(target) for target in imports(MODULES[f"briefing.{module}"])}
    assert not roles & {"stages", "extract", "render", "outputs", "hooks", "pipeline", "cli"}, roles


def test_no_module_imports_a_hook():
    """The rest of briefing only asks briefing.hooks where the hooks are; a hook module is MkDocs' alone."""
    for name, path in MODULES.items():
        if name.startswith("briefing.hooks."):
            continue
        hooks = {t for t in imports(path) if t.startswith("briefing.hooks.") and t != "briefing.hooks.path"}
        assert not hooks, (name, hooks)


def test_hooks_import_briefing_by_absolute_name():
    """MkDocs loads a hook from its path, outside the package: a relative import would fail there."""
    for path in (PACKAGE / "hooks").glob("*.py"):
        if path.name == "__init__.py":
            continue
        relative = [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                    if isinstance(node, ast.ImportFrom) and node.level]
        assert not relative, path.name


def test_mkdocs_loads_only_hooks_from_the_hooks_package(tmp_path):
    proj = new_project(tmp_path / "project")
    generated = mkdocs_config.write_mkdocs_config(Project.load(proj.mkdocs_yml), "zh")
    hooks = [Path(hook) for hook in yaml.safe_load(generated.read_text(encoding="utf-8"))["hooks"]]
    assert [hook.name for hook in hooks] == ["sanitize.py", "search.py", "incremental.py", "memory_hook.py"]
    assert all(hook.parent == PACKAGE / "hooks" and hook.is_file() for hook in hooks)
