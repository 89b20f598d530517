"""The package installs as the design card lays it out: one import name, `workbench`, with db/ and screens/ mapped
under it and every subpackage listed (a folder left out would be missing from a non-editable install); the console
script is workbench:main; nothing imports the top-level folders by their own names, which work in the repository
(pytest puts it on the path) and fail once installed."""

from __future__ import annotations

import ast
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUP = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _folder(package: str) -> Path:
    """Where package's files are, by package-dir's mapping (the longest mapped prefix)."""
    mapped = max((name for name in SETUP["package-dir"] if package == name or package.startswith(name + ".")), key=len)
    return ROOT / SETUP["package-dir"][mapped] / Path(*package[len(mapped) + 1:].split(".") if package != mapped else ())


def test_every_folder_with_an_init_is_a_listed_package_and_each_listed_one_is_there():
    listed = set(SETUP["packages"])
    assert all((_folder(p) / "__init__.py").is_file() for p in listed)
    found: set[str] = set()
    for top, name in (("workbench", "workbench"), ("db", "workbench.db"), ("screens", "workbench.screens")):
        for init in (ROOT / top).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / top).parts
            found.add(".".join((name, *parts)))
    assert found == listed


def test_the_console_script_is_the_entry_point_that_catches_an_early_ctrl_c():
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "workbench"]
    assert script.value == "workbench:main"
    import workbench

    assert script.load() is workbench.main


def test_nothing_imports_db_or_screens_by_their_folder_names():
    bare = {}
    for top in ("workbench", "db", "screens", "bench"):
        for path in (ROOT / top).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level
                         else [])
                hits = [n for n in names if n.split(".")[0] in ("db", "screens")]
                if hits:
                    bare[str(path.relative_to(ROOT))] = hits
    assert bare == {}
