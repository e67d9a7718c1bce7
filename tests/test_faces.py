"""Package faces load their members lazily, and light entry points stay light."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

FACES = ("umbrella.geo", "umbrella.layers", "umbrella.maps", "umbrella.coverage.siting")
HEAVY = ("numpy", "pandas", "geopandas", "shapely", "pyproj", "scipy", "matplotlib", "folium",
         "fastapi", "rasterio", "pyarrow", "dask", "distributed")  # fmt: skip


def _type_checking_imports(package: str) -> dict[str, str]:
    """name -> module of the imports a face makes under TYPE_CHECKING."""
    module = importlib.import_module(package)
    tree = ast.parse(Path(str(module.__file__)).read_text())
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for item in node.body:
                assert isinstance(item, ast.ImportFrom) and item.module is not None
                for alias in item.names:
                    found[alias.name] = item.module.removeprefix(f"{package}.")
    return found


@pytest.mark.parametrize("package", FACES)
def test_every_member_of_a_face_is_named_once_and_resolves(package: str) -> None:
    module = importlib.import_module(package)
    declared = _type_checking_imports(package)
    assert sorted(declared) == sorted(module.__all__) == dir(module)
    for name, submodule in declared.items():
        assert getattr(module, name) is getattr(
            importlib.import_module(f"{package}.{submodule}"), name
        )
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = module.nope


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


@pytest.mark.parametrize(
    "statement",
    [
        "import umbrella.service.cli.main",
        "import umbrella.geo, umbrella.layers, umbrella.maps",
        "from umbrella.coverage.example import example_document; example_document()",
        "from umbrella.coverage.scenario import Scenario; Scenario.model_json_schema()",
    ],
)
def test_the_command_line_and_the_scenario_model_load_no_heavy_stack(statement: str) -> None:
    assert _loaded_after(statement).isdisjoint(HEAVY)
