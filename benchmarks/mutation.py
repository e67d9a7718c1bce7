"""Mutation testing: put one small bug at a time into a module and see whether a test fails.

Why not mutmut: mutmut 3 names each mutant after its file's path (``geo/kernel.py`` becomes
``geo.kernel``) while the tests import ``umbrella.geo.kernel`` through setuptools'
package-dir mapping, so it matches no test to any mutant. This runner keeps the files as
they are and serves the mutated source through an import hook instead.

How it works, per module:

1. Sites: every comparison (``<`` and ``<=``, ``==`` and ``!=``, ``in``, ``is``), arithmetic
   operator (``+ - * / // % **``, also augmented), ``and``/``or``, ``not``, unary minus, and
   numeric or boolean constant is a site; each gives one mutant (the operator swapped, the
   ``not`` or minus dropped, a number plus one, a boolean flipped). Annotations, strings and
   ``strict=`` of ``zip`` and ``frozen=`` of dataclasses (checks, not behaviour) are left
   alone.
2. Which tests run which line: the module's test folder runs once under a line tracer; a
   line run while a fixture is set up counts for every test that uses the fixture, and a
   line run on import (module constants, defaults) for every test of the folder.
3. Each mutant runs in a forked child of a process that has imported the heavy libraries
   and every umbrella package below the mutated modules' (``geo`` below ``layers``, and so
   on: they cannot import the mutant), with the bundled layers read once when the mutants
   lie above ``layers``: an import hook compiles the mutated source for the module, and pytest
   runs only the tests that reach the mutated line, fastest first, stopping at the first
   failure. A failure or a time-out (5 x the tests' time, at least 20 s; on a time-out the
   mutant runs once more with 4 times as long, as a busy machine can be slow to start the
   run) kills the mutant;
   a mutant whose line no test runs survives as "not run".

Usage (from the repository root; results also go to build/mutation/<module>.json):

    nice -n 10 .venv/bin/python benchmarks/mutation.py coverage/corridors.py coverage/nogo.py
    nice -n 10 .venv/bin/python benchmarks/mutation.py geo/*.py --sample 40 --seed 1
    .venv/bin/python benchmarks/mutation.py geo/measure.py --list
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import importlib.abc
import importlib.util
import json
import os
import pkgutil
import random
import signal
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "build" / "mutation"
TEST_FOLDERS = {  # the first folder that a module's path starts with names its tests
    "service/http/": "tests/service/http",
    "service/cli/": "tests/service/cli",
    "geo/": "tests/geo",
    "layers/": "tests/layers",
    "coverage/": "tests/coverage",
    "maps/": "tests/maps",
}
PRELOAD = (
    "numpy",
    "pandas",
    "shapely",
    "pyproj",
    "geopandas",
    "pyarrow.parquet",
    "pyogrio",
    "rasterio",
    "scipy.spatial",
    "pydantic",
    "yaml",
    "fastapi",
    "fastapi.testclient",
    "httpx",
    "typer",
    "hypothesis",
    "pytest",
)
MIN_TIMEOUT_S = 20.0
RETRY_FACTOR = 4
PACKAGES = ("geo", "layers", "coverage", "maps", "service")
"""umbrella's packages, each importing only those before it."""

_COMPARE_SWAP: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_OPERATOR_SWAP: dict[type, type] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
    ast.BitOr: ast.BitAnd,
    ast.BitAnd: ast.BitOr,
}
_LEFT_ALONE_KEYWORDS = {"strict", "frozen"}  # zip's length check, dataclasses' immutability


@dataclass(frozen=True)
class Site:
    """One mutant: where it is and what it changes."""

    index: int
    line: int
    change: str


class _Mutator(ast.NodeTransformer):
    """Walks a module in a fixed order, numbering the sites; mutates the one numbered ``target``."""

    def __init__(self, target: int | None = None) -> None:
        self.target = target
        self.sites: list[Site] = []

    def _site(self, node: ast.AST, change: str) -> bool:
        """Record a site; True when it is the one to mutate."""
        index = len(self.sites)
        self.sites.append(Site(index, getattr(node, "lineno", 0), change))
        return index == self.target

    # what is never mutated: annotations, docstrings and strings, strict= of zip
    def visit_arg(self, node: ast.arg) -> ast.AST:
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        """Decorators, defaults and body; the return annotation is left as written."""
        for field in ("decorator_list", "args", "body"):
            value = getattr(node, field)
            if isinstance(value, list):
                setattr(node, field, [self.visit(item) for item in value])
            else:
                setattr(node, field, self.visit(value))
        return node

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_keyword(self, node: ast.keyword) -> ast.AST:
        if node.arg in _LEFT_ALONE_KEYWORDS:
            return node
        return self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for i, op in enumerate(node.ops):
            swapped = _COMPARE_SWAP.get(type(op))
            if swapped is not None and self._site(
                node, f"{type(op).__name__} -> {swapped.__name__}"
            ):
                node.ops[i] = swapped()
        return node

    def _swap_operator(self, node: ast.BinOp | ast.AugAssign) -> None:
        swapped = _OPERATOR_SWAP.get(type(node.op))
        if swapped is not None and self._site(
            node, f"{type(node.op).__name__} -> {swapped.__name__}"
        ):
            node.op = swapped()

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        strings = any(
            isinstance(side, ast.JoinedStr)
            or (isinstance(side, ast.Constant) and isinstance(side.value, str | bytes))
            for side in (node.left, node.right)
        )
        if not strings:
            self._swap_operator(node)
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        self._swap_operator(node)
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        swapped = ast.Or if isinstance(node.op, ast.And) else ast.And
        if self._site(node, f"{type(node.op).__name__} -> {swapped.__name__}"):
            node.op = swapped()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not | ast.USub) and self._site(
            node, f"drop {type(node.op).__name__}"
        ):
            return node.operand
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool):
            if self._site(node, f"{value} -> {not value}"):
                return ast.copy_location(ast.Constant(not value), node)
        elif isinstance(value, int | float) and self._site(node, f"{value!r} -> {value + 1!r}"):
            return ast.copy_location(ast.Constant(value + 1), node)
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return node  # a docstring
        return self.generic_visit(node)


def sites_of(source: str) -> list[Site]:
    """Every mutation site of a module's source, in a fixed order."""
    mutator = _Mutator()
    mutator.visit(ast.parse(source))
    return mutator.sites


def mutated_source(source: str, index: int) -> str:
    """The source with the mutation numbered ``index`` applied."""
    tree = ast.parse(source)
    mutator = _Mutator(index)
    tree = ast.fix_missing_locations(mutator.visit(copy.deepcopy(tree)))
    return ast.unparse(tree)


def module_name(path: Path) -> str:
    """``coverage/corridors.py`` -> ``umbrella.coverage.corridors`` (the package-dir mapping)."""
    parts = path.resolve().relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("umbrella", *parts))


def tests_for(path: Path) -> str:
    """The test folder that mirrors the module's folder."""
    relative = path.resolve().relative_to(ROOT).as_posix()
    for prefix, folder in TEST_FOLDERS.items():
        if relative.startswith(prefix):
            return folder
    raise SystemExit(f"no test folder for {relative}: give --tests")


# --- which tests reach which line ------------------------------------------------------------


class _LineRecorder:
    """A pytest plugin and a tracer: the lines of the watched files each test (or fixture) runs."""

    def __init__(self, files: set[str]) -> None:
        self.files = files
        self.context: list[str] = []
        self.lines: dict[str, set[tuple[str, int]]] = defaultdict(set)
        self.uses: dict[str, list[str]] = {}  # test id -> fixture names
        self.durations: dict[str, float] = defaultdict(float)
        self.failed: set[str] = set()

    def trace(self, frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename not in self.files:
            return None
        return self._local

    def _local(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            context = self.context[-1] if self.context else "import"
            self.lines[context].add((frame.f_code.co_filename, frame.f_lineno))
        return self._local

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        self.uses = {item.nodeid: list(item.fixturenames) for item in items}

    @contextlib.contextmanager
    def _in(self, context: str) -> Iterator[None]:
        self.context.append(context)
        try:
            yield
        finally:
            self.context.pop()

    def pytest_runtest_protocol(self, item: Any) -> Any:
        self.context[:] = [item.nodeid]
        return None

    def pytest_runtest_logreport(self, report: Any) -> None:
        self.durations[report.nodeid] += report.duration
        if report.failed:
            self.failed.add(report.nodeid)


def _record_lines(files: set[str], tests: str) -> dict[str, Any]:
    """Run the tests once under the tracer, in a forked child; what each test reaches."""
    import pytest

    recorder = _LineRecorder(files)

    class _FixtureContext:
        @pytest.hookimpl(wrapper=True)
        def pytest_fixture_setup(self, fixturedef: Any) -> Any:
            with recorder._in(f"fixture:{fixturedef.argname}"):
                return (yield)

    def run() -> dict[str, Any]:
        sys.settrace(recorder.trace)
        threading.settrace(recorder.trace)
        try:
            code = pytest.main(
                [tests, "-q", "-p", "no:cacheprovider", "-x", "--no-header"],
                plugins=[_Plugin(recorder), _FixtureContext()],
            )
        finally:
            sys.settrace(None)
            threading.settrace(None)
        reached: dict[str, set[str]] = defaultdict(set)
        for context, lines in recorder.lines.items():
            if context == "import":
                users = list(recorder.uses)
            elif context.startswith("fixture:"):
                name = context.removeprefix("fixture:")
                users = [test for test, fixtures in recorder.uses.items() if name in fixtures]
            else:
                users = [context]
            for file, line in lines:
                reached[f"{file}:{line}"].update(users)
        return {
            "exit_code": int(code),
            "reached": {key: sorted(tests) for key, tests in reached.items()},
            "durations": dict(recorder.durations),
        }

    return _in_child(run, timeout_s=None)


class _Plugin:
    """Only the hooks pytest should call on the recorder."""

    def __init__(self, recorder: _LineRecorder) -> None:
        self.recorder = recorder

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        self.recorder.pytest_collection_modifyitems(items)

    def pytest_runtest_protocol(self, item: Any) -> None:
        self.recorder.pytest_runtest_protocol(item)

    def pytest_runtest_logreport(self, report: Any) -> None:
        self.recorder.pytest_runtest_logreport(report)


# --- running one mutant ----------------------------------------------------------------------


class _MutantFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the mutated source for one module name; every other import is untouched."""

    def __init__(self, name: str, path: Path, source: str) -> None:
        self.name, self.path, self.source = name, path, source

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        is_package = self.path.name == "__init__.py"
        return importlib.util.spec_from_file_location(
            fullname,
            self.path,
            loader=self,
            submodule_search_locations=[str(self.path.parent)] if is_package else None,
        )

    def create_module(self, spec: Any) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        exec(compile(self.source, str(self.path), "exec"), module.__dict__)


def _in_child(work: Any, timeout_s: float | None) -> Any:
    """Run ``work()`` in a forked child with its output silenced; its JSON-able result.

    On a time-out the child's process group is killed and None is returned.
    """
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    pid = os.fork()
    if pid == 0:  # the child
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        status = 0
        try:
            out.write_text(json.dumps(work()))
        except BaseException:
            status = 3
        os._exit(status)
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    try:
        while True:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if deadline is not None and time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return None
            time.sleep(0.02)
        text = out.read_text()
        return json.loads(text) if text else {"exit_code": -1}
    finally:
        out.unlink(missing_ok=True)


def _run_mutant(name: str, path: Path, source: str, tests: list[str], timeout_s: float) -> str:
    """'killed', 'survived' or 'timeout' for one mutated source against the given tests."""

    def run() -> dict[str, int]:
        import pytest

        sys.meta_path.insert(0, _MutantFinder(name, path, source))
        args = [*tests, "-q", "-x", "-p", "no:cacheprovider", "--no-header"]
        return {"exit_code": int(pytest.main(args))}

    outcome = _in_child(run, timeout_s)
    if outcome is None:
        return "timeout"
    return "survived" if outcome["exit_code"] == 0 else "killed"


# --- a module ----------------------------------------------------------------------------------


def _mutate(
    path: Path, sites: list[Site], total: int, record: dict[str, Any], tests: str
) -> dict[str, Any]:
    """Run the given mutants of one module; the counts and the survivors."""
    started = time.monotonic()
    source = path.read_text()
    lines = source.splitlines()
    filename = str(path.resolve())
    durations: dict[str, float] = record["durations"]
    outcomes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    name = module_name(path)
    for number, site in enumerate(sites, 1):
        reaching = record["reached"].get(f"{filename}:{site.line}", [])
        if not reaching:
            outcome = "not run"
        else:
            ordered = sorted(reaching, key=lambda test: durations.get(test, 0.0))
            budget = max(MIN_TIMEOUT_S, 5 * sum(durations.get(t, 0.0) for t in ordered) + 10)
            mutant = mutated_source(source, site.index)
            outcome = _run_mutant(name, path, mutant, ordered, budget)
            if outcome == "timeout":  # a busy machine, or a mutant that hangs: once more, longer
                outcome = _run_mutant(name, path, mutant, ordered, RETRY_FACTOR * budget)
        outcomes[outcome].append(
            {**asdict(site), "code": lines[site.line - 1].strip(), "tests": len(reaching)}
        )
        print(f"[{number}/{len(sites)}] {path}:{site.line} {site.change}: {outcome}", flush=True)
    killed = len(outcomes["killed"]) + len(outcomes["timeout"])
    summary = {
        "module": str(path),
        "tests": tests,
        "sites": total,
        "mutants": len(sites),
        "killed": killed,
        "timeout": len(outcomes["timeout"]),
        "survived": len(outcomes["survived"]),
        "not_run": len(outcomes["not run"]),
        "score": killed / len(sites) if sites else 1.0,
        "survivors": outcomes["survived"] + outcomes["not run"],
        "minutes": round((time.monotonic() - started) / 60, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(summary, indent=1))
    return summary


def _warm(paths: list[Path]) -> None:
    """Import every module of the packages below the lowest mutated one (none of them can
    import a mutant) and, above ``layers``, read the bundled layers: forked children inherit
    them instead of loading them for each mutant."""
    lowest = min(PACKAGES.index(module_name(path).split(".")[1]) for path in paths)
    for package in PACKAGES[:lowest]:
        root = importlib.import_module(f"umbrella.{package}")
        for info in pkgutil.walk_packages(root.__path__, f"umbrella.{package}."):
            importlib.import_module(info.name)
    if lowest > PACKAGES.index("layers"):
        from umbrella.layers.catalogue import LAYERS, WORLDVIEWS
        from umbrella.layers.loading import layer_table

        for name in LAYERS:
            for worldview in WORLDVIEWS:
                layer_table(name, worldview)


def mutate(
    paths: list[Path], tests: str | None, sample: int | None, seed: int
) -> list[dict[str, Any]]:
    """Mutate the modules (every mutant, or a seeded sample of ``sample`` across them all);
    one tracing run per test folder."""
    every = {path: sites_of(path.read_text()) for path in paths}
    chosen = [(path, site) for path, sites in every.items() for site in sites]
    if sample is not None and sample < len(chosen):
        chosen = sorted(
            random.Random(seed).sample(chosen, sample), key=lambda ps: (str(ps[0]), ps[1].index)
        )
    _warm(sorted({path for path, _ in chosen}))
    by_folder: dict[str, dict[Path, list[Site]]] = defaultdict(lambda: defaultdict(list))
    for path, site in chosen:
        by_folder[tests or tests_for(path)][path].append(site)
    summaries = []
    for folder, by_path in by_folder.items():
        record = _record_lines({str(path.resolve()) for path in by_path}, folder)
        if record is None or record["exit_code"] != 0:
            raise SystemExit(f"{folder} does not pass as it is: fix the tests before mutating")
        for path, sites in by_path.items():
            summaries.append(_mutate(path, sites, len(every[path]), record, folder))
    return summaries


def main() -> None:
    """Mutate the modules given on the command line and print a line per module."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("modules", nargs="+", type=Path, help="source files, e.g. geo/measure.py")
    parser.add_argument("--tests", help="test folder or file (default: the mirrored folder)")
    parser.add_argument("--list", action="store_true", help="only list the mutants")
    parser.add_argument("--sample", type=int, help="run this many mutants, drawn across modules")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    options = parser.parse_args()
    os.chdir(ROOT)
    if options.list:
        for path in options.modules:
            lines = path.read_text().splitlines()
            for site in sites_of(path.read_text()):
                print(f"{path}:{site.line}: {site.change}: {lines[site.line - 1].strip()}")
        return
    for module in PRELOAD:
        importlib.import_module(module)
    for summary in mutate(options.modules, options.tests, options.sample, options.seed):
        print(
            f"{summary['module']}: {summary['killed']}/{summary['mutants']} killed "
            f"({100 * summary['score']:.1f}%) of {summary['sites']} sites, "
            f"{summary['survived']} survived, {summary['not_run']} not run, "
            f"{summary['minutes']} min"
        )


if __name__ == "__main__":
    main()
