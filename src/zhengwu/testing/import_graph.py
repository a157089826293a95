"""The project's import graph and the layering rules it must keep (read with `ast`, never by grep).

Every module under `src/zhengwu` is parsed; each `import` / `from … import` that names a project
module becomes an edge, tagged with whether it sits at module level or inside a function. The rules
(each a function returning `Violation`s, so that a test can plant a breach and watch it fail):

- pure: `standard`, `rules` and `formats` modules import no ORM, no request/response machinery and
  no project module that is not itself pure;
- edge: views and API modules import no models (they call selectors and services);
- reads: selectors import no services;
- base: the shared apps (core, org, workdays, ledger, outbox, testing) import no system app;
- systems: no system app imports another (they meet through the registry, `core.systems.provided`);
- deferred: an import inside a function carries a comment (same line or the line above) saying why;
- cycles: the project's modules form no import cycle, counting deferred imports too;
- skeleton: every system app has the same top-level parts, and nothing else at its top level.

Tests and migrations are outside the graph: they may import what they test.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1]  # src/zhengwu
ROOT = "zhengwu"
BASE_APPS = frozenset({"core", "org", "workdays", "ledger", "outbox", "testing", "locale"})
PURE_LAYERS = frozenset({"standard", "rules", "formats"})
EDGE_LAYERS = frozenset({"views", "api"})
# Django modules a pure module may not import: the ORM, requests/responses, templates, auth models.
IMPURE_DJANGO = ("django.db", "django.http", "django.shortcuts", "django.views", "django.template",
                 "django.contrib", "django.test", "django.urls", "django.core.files", "django.conf")

# The skeleton: what every system app has at its top level, and what it may have besides.
# ("rules", "rules.py") means either: a small app keeps its rules in one module, a larger one in a package.
SKELETON_REQUIRED = (
    "__init__.py", "apps.py", "standard.py", ("rules", "rules.py"), "models.py", "services", "selectors",
    "permissions.py", "checks.py", "tasks.py", "views", "api.py", "urls.py", "admin.py",
    "management", "templates", "tests", "migrations",
)
SKELETON_OPTIONAL = frozenset({"formats", "forms.py", "reference", "demo.py", "static", "data"})


@dataclass(frozen=True)
class Import:
    source: str  # importing module, dotted
    target: str  # imported project module (or package), dotted
    line: int
    deferred: bool  # inside a function or method
    commented: bool  # a comment on the same line or the line just above


@dataclass(frozen=True)
class Violation:
    rule: str
    module: str
    line: int
    detail: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.module}:{self.line} {self.detail}"


@dataclass
class Graph:
    modules: dict[str, Path]  # dotted name -> file
    imports: list[Import]
    externals: list[tuple[str, str, int]]  # (module, imported non-project module, line)
    app_dirs: dict[str, Path]  # app name -> folder (apps with an apps.py)

    def system_apps(self) -> set[str]:
        return {a for a in self.app_dirs if a not in BASE_APPS}


# --- building the graph ----------------------------------------------------------------------------

def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _skipped(path: Path, src: Path) -> bool:
    rel = path.relative_to(src).parts
    return "tests" in rel or "migrations" in rel or rel[-1] == "conftest.py"


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest project module that `name` (a dotted import target) lies in."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool):
        self.module, self.is_package = module, is_package
        self.depth = 0
        self.found: list[tuple[str, int, bool]] = []  # (dotted target, line, deferred)

    def _function(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Import(self, node: ast.Import):
        for alias in node.names:
            self.found.append((alias.name, node.lineno, self.depth > 0))

    def visit_ImportFrom(self, node: ast.ImportFrom):
        if node.level:  # relative: resolve against this module's package
            package = self.module if self.is_package else self.module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{node.module}" if node.module else package
        else:
            base = node.module or ""
        for alias in node.names:
            # `from pkg import name`: name may be a submodule; resolution keeps the longest module.
            self.found.append((f"{base}.{alias.name}", node.lineno, self.depth > 0))


def build(src: Path = SRC, sources: dict[str, str] | None = None) -> Graph:
    """The graph of the tree at `src`, or of `sources` ({"zhengwu/x/y.py": text}) for planted tests."""
    texts: dict[str, tuple[str, bool]] = {}
    files: dict[str, Path] = {}
    if sources is None:
        for path in sorted(src.rglob("*.py")):
            if _skipped(path, src):
                continue
            name = module_name(path, src)
            texts[name] = (path.read_text(encoding="utf-8"), path.name == "__init__.py")
            files[name] = path
        app_dirs = {p.parent.name: p.parent for p in src.glob("*/apps.py")}
    else:
        for rel, text in sources.items():
            path = Path(rel)
            parts = list(path.with_suffix("").parts)
            is_pkg = parts[-1] == "__init__"
            if is_pkg:
                parts.pop()
            name = ".".join(parts)
            texts[name] = (text, is_pkg)
            files[name] = path
        app_dirs = {Path(rel).parts[1]: Path(rel).parent for rel in sources if rel.endswith("/apps.py")}
    imports, externals = [], []
    for name, (text, is_pkg) in texts.items():
        lines = text.splitlines()
        collector = _Collector(name, is_pkg)
        collector.visit(ast.parse(text, filename=str(files[name])))
        for target, line, deferred in collector.found:
            if target == ROOT or target.startswith(ROOT + "."):
                resolved = _resolve(target, texts)
                if resolved and resolved != name:
                    imports.append(Import(name, resolved, line, deferred, _commented(lines, line)))
            else:
                externals.append((name, target, line))
    return Graph(files, imports, externals, app_dirs)


def _commented(lines: list[str], line: int) -> bool:
    here = lines[line - 1] if line - 1 < len(lines) else ""
    above = lines[line - 2].strip() if line >= 2 else ""
    return "#" in here or above.startswith("#")


# --- classifying modules ---------------------------------------------------------------------------

def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[0] == ROOT) else None


def layer_of(module: str) -> str | None:
    """`zhengwu.credit.services.imports` -> "services"; the app package itself -> None."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else None


def is_pure(module: str) -> bool:
    return layer_of(module) in PURE_LAYERS or module == "zhengwu.core.errors"


# Shared helpers that pure modules may import although they sit in a base app: no ORM, no request.
# core.privacy is stdlib + python-stdnum; core.spreadsheets reads declared settings only for the default
# limits of its upload guards (pure callers may pass `limits`), so the file formats share one guard.
PURE_IMPORTABLE = frozenset({"zhengwu.core.privacy", "zhengwu.core.spreadsheets"})


# --- the rules -------------------------------------------------------------------------------------

def check_pure(g: Graph) -> list[Violation]:
    out = []
    for module, target, line in g.externals:
        if is_pure(module) and target.startswith(IMPURE_DJANGO):
            out.append(Violation("pure", module, line, f"imports {target}"))
    for imp in g.imports:
        if (is_pure(imp.source) and not is_pure(imp.target) and imp.target not in PURE_IMPORTABLE
                and imp.target != f"{ROOT}.{app_of(imp.source)}"):
            out.append(Violation("pure", imp.source, imp.line, f"imports {imp.target}, which is not pure"))
    return out


def check_edge(g: Graph) -> list[Violation]:
    return [
        Violation("edge", i.source, i.line, f"imports {i.target}: views and APIs call selectors and services")
        for i in g.imports
        if layer_of(i.source) in EDGE_LAYERS and layer_of(i.target) == "models"
    ]


def check_reads(g: Graph) -> list[Violation]:
    return [
        Violation("reads", i.source, i.line, f"imports {i.target}: selectors read, they never call services")
        for i in g.imports
        if layer_of(i.source) == "selectors" and layer_of(i.target) == "services"
    ]


def check_base(g: Graph) -> list[Violation]:
    systems = g.system_apps()
    return [Violation("base", i.source, i.line, f"imports {i.target}: a shared app never depends on a system")
            for i in g.imports if app_of(i.source) in BASE_APPS and app_of(i.target) in systems]


def check_systems(g: Graph) -> list[Violation]:
    systems = g.system_apps()
    return [
        Violation(
            "systems",
            i.source,
            i.line,
            f"imports {i.target}: systems meet through a declared selector or service (core.systems)",
        )
        for i in g.imports
        if app_of(i.source) in systems
        and app_of(i.target) in systems
        and app_of(i.source) != app_of(i.target)
    ]


def check_deferred(g: Graph) -> list[Violation]:
    return [
        Violation("deferred", i.source, i.line, f"imports {i.target} inside a function without a comment why")
        for i in g.imports
        if i.deferred and not i.commented
    ]


def check_cycles(g: Graph) -> list[Violation]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    edges: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], int] = {}
    for i in g.imports:
        if i.source.endswith(".apps") or i.target == i.source:
            continue  # AppConfig.ready() imports are Django's registration hooks, run after loading
        edges[i.source].add(i.target)
        where.setdefault((i.source, i.target), i.line)
    index, low, on_stack, stack, comps = {}, {}, set(), [], []
    counter = 0
    for root in sorted(set(edges) | {t for ts in edges.values() for t in ts}):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    comp.append(m)
                    if m == node:
                        break
                if len(comp) > 1:
                    comps.append(sorted(comp))
    out = []
    for comp in comps:
        members = set(comp)
        links = "; ".join(
            f"{a}:{where[(a, b)]} -> {b}" for a in comp for b in sorted(edges[a]) if b in members
        )
        out.append(Violation("cycles", comp[0], 0, f"import cycle: {links}"))
    return out


def check_skeleton(g: Graph, src: Path = SRC) -> list[Violation]:
    out = []
    for app in sorted(g.system_apps()):
        folder = src / app
        if not folder.is_dir():
            continue
        present = {p.name for p in folder.iterdir() if not p.name.startswith((".", "__pycache__"))
                   or p.name == "__init__.py"}
        allowed = set(SKELETON_OPTIONAL)
        for part in SKELETON_REQUIRED:
            choices = part if isinstance(part, tuple) else (part,)
            allowed.update(choices)
            if not present & set(choices):
                out.append(Violation("skeleton", f"{ROOT}.{app}", 0, f"has no {' or '.join(choices)}"))
        for extra in sorted(present - allowed):
            out.append(
                Violation(
                    "skeleton",
                    f"{ROOT}.{app}",
                    0,
                    f"has {extra} at its top level: put it in rules/, formats/, services/ or selectors/",
                )
            )
    return out


RULES = {
    "pure": check_pure, "edge": check_edge, "reads": check_reads, "base": check_base,
    "systems": check_systems, "deferred": check_deferred, "cycles": check_cycles,
}


def violations(g: Graph | None = None) -> list[Violation]:
    g = g or build()
    found = [v for check in RULES.values() for v in check(g)]
    if g.modules and all(isinstance(p, Path) and p.is_absolute() for p in g.modules.values()):
        found += check_skeleton(g)
    return found
