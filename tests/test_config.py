"""Config: defaults, editor-added topics, every bad key reported with its dotted path."""

from __future__ import annotations

import os

import pytest
import yaml

from conftest import REPO, new_project

from briefing.config import BriefingConfig, default_taxonomy, load_config
from briefing.errors import ConfigError
from briefing.outputs import mkdocs_config
from briefing.project import Project


def write_yml(tmp_path, text):
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_briefing_section(tmp_path):
    config = load_config(write_yml(tmp_path, "site_name: X\n"))
    assert config.languages == ["en"]
    assert list(config.taxonomy) == ["chips", "robotics", "capex"]
    assert config.inbox == tmp_path / "content/inbox"
    assert config.site.build_dir == tmp_path / "build"


def test_default_taxonomy_has_terms_in_six_languages():
    for name, topic in default_taxonomy().items():
        assert {"en", "fr", "es", "de", "zh", "ja"} <= set(topic.terms), name


def test_editor_adds_and_removes_topics_in_mkdocs_yml(tmp_path):
    config = load_config(write_yml(tmp_path, """
site_name: X
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  briefing:
    languages: [fr, en]
    topics:
      energy:
        title: Energy
        terms: {en: [power grid], fr: [réseau électrique]}
      robotics: null
"""))
    assert config.languages == ["fr", "en"]
    assert list(config.taxonomy) == ["chips", "capex", "energy"]
    assert config.taxonomy["energy"].terms["fr"] == ["réseau électrique"]


def test_every_bad_key_is_reported_with_its_dotted_path(tmp_path):
    path = write_yml(tmp_path, """
site_name: X
extra:
  briefing:
    languages: []
    colour: blue
    summary:
      key_points_max: many
    topics:
      energy:
        terms: {en: [grid]}
""")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    problems = "\n".join(err.value.problems)
    assert "extra.briefing.languages" in problems
    assert "extra.briefing.colour" in problems
    assert "extra.briefing.summary.key_points_max" in problems
    assert "extra.briefing.topics.energy" in problems and "title" in problems
    assert len(err.value.problems) >= 4
    assert str(path) in str(err.value)


def test_missing_file_and_invalid_yaml_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yml")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(write_yml(tmp_path, "site_name: [unclosed\n"))


def test_config_sections_have_docstrings():
    for name, field in BriefingConfig.model_fields.items():
        assert field.description, f"extra.briefing.{name} has no docstring"


def test_a_project_is_read_once_with_its_root_folders_and_alias_list(tmp_path):
    proj = new_project(tmp_path / "p", (REPO / "mkdocs.yml").read_text(encoding="utf-8") + "site_dir: public\n")
    project = Project.load(proj.mkdocs_yml)
    assert project.root == proj.root.resolve() and project.mkdocs["site_dir"] == "public"
    assert project.site == proj.root.resolve() / "public" and project.dist == proj.root.resolve() / "dist"
    assert project.articles == proj.root.resolve() / "content" / "articles"
    assert project.cache == project.build / "cache" and project.aliases is project.aliases
    assert project.aliases.canonical("Nvidia") is not None
    # The generated configs come from what was read: mkdocs.yml is not parsed again for each language.
    proj.mkdocs_yml.unlink()
    for language in project.config.languages:
        generated = yaml.safe_load(mkdocs_config.write_mkdocs_config(project, language).read_text(encoding="utf-8"))
        assert generated["site_dir"] == str(project.site / language)
        assert generated["INHERIT"] == os.path.relpath(project.mkdocs_yml, project.build / language)
    with pytest.raises(ConfigError, match="file not found"):
        Project.load(proj.mkdocs_yml)
