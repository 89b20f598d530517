"""The engine never reaches into the app: no module of workbench/ (the domain, the CLI, the importer, sync) imports
Textual or workbench.screens, but the one command that starts the app. Checked in the source, imports inside
functions included (off_list_why once borrowed the app's date format from screens.labels)."""

from __future__ import annotations

import ast
from pathlib import Path

import workbench
import workbench.db

ENGINE = Path(workbench.__file__).resolve().parent   # workbench/ (screens/ and db/ are folders of their own)
DATA = Path(workbench.db.__file__).resolve().parent   # db/, installed as workbench.db
STARTS_THE_APP = {ENGINE / "cli" / "tui.py"}


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)   # from workbench import screens
    return names


def test_no_engine_module_imports_textual_or_the_screens():
    modules = [p for p in [*ENGINE.rglob("*.py"), *DATA.rglob("*.py")] if p.resolve() not in STARTS_THE_APP]
    assert len(modules) > 140
    crossing = {str(p): sorted(n for n in _imported(p) if n.split(".")[0] == "textual" or n.startswith("workbench.screens"))
                for p in modules}
    assert {path: names for path, names in crossing.items() if names} == {}
