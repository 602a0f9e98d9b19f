"""The project a command works on, built once by the CLI: its root, configuration, mkdocs.yml and folders.

Every output reads these from here rather than from the path of mkdocs.yml: the project root
is found once, mkdocs.yml is parsed once (not again per language or per output), and the
alias list is compiled once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .config import BriefingConfig, config_from, read_mkdocs

log = logging.getLogger(__name__)

CACHE = "cache"
"""Folder of rebuildable caches (parsed content files, per-article analyses), in the build folder."""


@dataclass(frozen=True)
class Project:
    """One briefing project: mkdocs.yml, the configuration it holds, and the folders a build reads and writes."""

    mkdocs_yml: Path
    """The project's mkdocs.yml, absolute and resolved: its folder is the project root."""
    config: BriefingConfig
    """`extra.briefing`, typed, with its paths made absolute."""
    mkdocs: dict[str, Any]
    """mkdocs.yml as parsed (MkDocs' own tags read as plain values): what the generated configs inherit."""

    @classmethod
    def load(cls, mkdocs_yml: Path | str = "mkdocs.yml") -> Project:
        """Read mkdocs.yml once; raises ConfigError naming every bad key."""
        path = Path(mkdocs_yml).resolve()
        data = read_mkdocs(path)
        return cls(path, config_from(data, path), data)

    @property
    def root(self) -> Path:
        return self.mkdocs_yml.parent

    @property
    def inbox(self) -> Path:
        return self.config.inbox

    @property
    def articles(self) -> Path:
        return self.config.articles

    @property
    def build(self) -> Path:
        """The build folder (generated pages, MkDocs configs, caches)."""
        return self.config.site.build_dir

    @property
    def cache(self) -> Path:
        return self.build / CACHE

    @property
    def site(self) -> Path:
        """Where the language sites go: mkdocs.yml's `site_dir`."""
        return (self.root / self.mkdocs.get("site_dir", "site")).resolve()

    @property
    def dist(self) -> Path:
        """Where the PDF, the offline bundle and the newsletter go."""
        return self.root / "dist"

    @cached_property
    def aliases(self):
        """The alias list (built-in, with the configured names), compiled once."""
        from .extract import entities

        return entities.Aliases.shared(self.config.entity_aliases)
