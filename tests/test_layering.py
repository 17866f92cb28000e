"""The layering of DESIGN.md, read from the source with `ast` so it cannot drift back:
`knowledge` imports nothing of the project, `dialogs` nothing of storage, the bot or Telegram,
`storage` nothing of the dialog or the bot, and nothing that ships imports the tests or the
benchmarks; no module over 500 lines; no import circle between modules of knowledge, dialogs,
storage and bot. Every import counts, at the top or inside a function, except those under
`if TYPE_CHECKING:` (they never run)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("knowledge", "dialogs", "storage", "bot", "benchmarks", "tests")
# What each layer may not import: the packages of the project above it and the frameworks of
# the layers that own them.
FORBIDDEN = {
    "knowledge": ("dialogs", "storage", "bot", "benchmarks", "tests", "telegram", "sqlite3"),
    "dialogs": ("storage", "bot", "benchmarks", "tests", "telegram", "sqlite3", "sqlite_utils"),
    "storage": ("dialogs", "bot", "benchmarks", "tests", "telegram"),
    "bot": ("benchmarks", "tests"),  # what ships never needs the measuring or the testing code
}
LONGEST = 500


def _modules(package: str, root: Path = ROOT) -> Iterator[Path]:
    yield from sorted((root / package).rglob("*.py"))


def _name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(path: Path, root: Path = ROOT) -> list[str]:
    """Every module an import in `path` can load, at the top or inside a function: absolute
    names, relative ones resolved, `from x import y` as both x and x.y (y may be a module).
    Imports under TYPE_CHECKING never run and are left out."""
    here = _name(path, root)
    package = here.split(".") if path.name == "__init__.py" else here.split(".")[:-1]
    found: list[str] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking(child):
                for other in child.orelse:  # type: ignore[attr-defined]
                    walk(other)
                continue
            if isinstance(child, ast.Import):
                found.extend(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                parent = package[: len(package) - child.level + 1] if child.level else []
                base = ".".join([*parent, child.module] if child.module else parent)
                found.append(base)
                found.extend(f"{base}.{alias.name}" for alias in child.names)
            walk(child)

    walk(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


def _crossings(package: str, root: Path = ROOT) -> list[str]:
    """The imports of `package` that reach a layer it may not know, named file by file."""
    found = []
    for path in _modules(package, root):
        for module in imports(path, root):
            if module.split(".")[0] in FORBIDDEN[package]:
                found.append(f"{path.relative_to(root)} imports {module}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_is_below_it(package: str) -> None:
    assert _crossings(package) == []


def test_the_reader_sees_a_crossing(tmp_path: Path) -> None:
    """The check itself can fail: imports in a function, in a try, relative ones and
    `from x import module` are all seen; those under TYPE_CHECKING are not."""
    package = tmp_path / "storage"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "bad.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from bot.app_data import BotData\n"
        "def f():\n    try:\n        from dialogs import odt\n    except ImportError:\n"
        "        pass\n"
        "from . import base\n"
        "import telegram.ext\n"
    )
    assert _crossings("storage", tmp_path) == [
        "storage/bad.py imports dialogs",
        "storage/bad.py imports dialogs.odt",
        "storage/bad.py imports telegram.ext",
    ]
    assert "storage.base" in imports(package / "bad.py", tmp_path)
    assert "bot.app_data" not in imports(package / "bad.py", tmp_path)


SQLITE_CHOOSER = "storage/sqlite.py"


def _sqlite_imports(root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)} imports {module}"
        for package in PROJECT
        for path in _modules(package, root)
        if str(path.relative_to(root)) != SQLITE_CHOOSER
        for module in imports(path, root)
        if module.split(".")[0] in ("sqlite3", "pysqlite3")
    ]


def test_one_module_chooses_the_sqlite_library(tmp_path: Path) -> None:
    """Every connection comes from `storage.sqlite`'s library (pysqlite3 when installed, as
    sqlite-utils chooses): two SQLite libraries in one process on one file do not see each
    other's POSIX locks (closing one's connection drops the other's), and their exceptions
    are different classes. The check sees a stray import."""
    assert _sqlite_imports() == []
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "stray.py").write_text("def f():\n    import sqlite3\n")
    assert _sqlite_imports(tmp_path) == ["bot/stray.py imports sqlite3"]


def test_no_module_over_500_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for package in PROJECT
        for path in _modules(package)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST
    }
    assert long == {}


def _graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (a late import inside a function counts: it
    hides a circle from Python's loader, not from a reader)."""
    names = {_name(p): p for pkg in PROJECT[:4] for p in _modules(pkg)}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        targets = set()
        for module in imports(path):
            while module and module not in names:
                module = module.rpartition(".")[0]
            if module and module != name:
                targets.add(module)
        graph[name] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles() -> None:
    # A package's __init__ re-exporting its modules is not a circle of meaning: a module
    # importing its own package's __init__ is left out.
    graph = {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in _graph().items()
    }
    assert _cycles(graph) == []


def test_the_circle_finder_finds_one() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
