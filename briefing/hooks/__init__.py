"""Everything MkDocs loads by file path: the hooks, and the browser scripts beside them.

MkDocs loads each hook from its path, outside the package, so a hook imports briefing by absolute
name. The rest of briefing never imports a hook: it only asks this package where they are.
"""

from pathlib import Path

FOLDER = Path(__file__).parent


def path(name: str) -> Path:
    """The file `name` of this folder (a hook, or a script a hook or the bundle copies into a site)."""
    return FOLDER / name
