"""``umbrella serve`` with a data folder or a setting it cannot use: one line naming the option
or the variable, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from umbrella.service.cli.main import app
from umbrella.service.http.store import FILE_NAME, DataDirError, ScenarioStore

runner = CliRunner()


def _under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "a-file").write_text("not a folder")
    return tmp_path / "a-file" / "data"


@pytest.mark.parametrize("folder", ["/proc/nope", "under-a-file"])
def test_an_unusable_data_dir_exits_2_naming_the_option(tmp_path: Path, folder: str) -> None:
    path = _under_a_file(tmp_path) if folder == "under-a-file" else Path(folder)
    result = runner.invoke(app, ["serve", "--port", "0", "--data-dir", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: --data-dir: ")
    assert str(path) in result.stderr
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1


def test_the_store_names_data_dir(tmp_path: Path) -> None:
    with pytest.raises(DataDirError) as caught:
        ScenarioStore(_under_a_file(tmp_path), "1.0+data")
    assert caught.value.field == "data_dir"
    assert caught.value.value == str(_under_a_file(tmp_path))
    (tmp_path / "data" / FILE_NAME).mkdir(parents=True)  # SQLite cannot open a folder
    with pytest.raises(DataDirError, match="data_dir: cannot hold the scenario store"):
        ScenarioStore(tmp_path / "data", "1.0+data")


@pytest.mark.parametrize(
    ("variable", "field"),
    [("UMBRELLA_KEYS_FILE", "keys_file"), ("UMBRELLA_AUDIT_LOG", "audit_log")],
)
def test_an_unusable_keys_file_or_audit_log_exits_2_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, field: str
) -> None:
    unusable = _under_a_file(tmp_path) / "file"
    monkeypatch.setenv(variable, str(unusable))
    result = runner.invoke(app, ["serve", "--port", "0", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {field}: ") and str(unusable) in result.stderr
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("UMBRELLA_CACHE_MAX_MIB", "-1", "should be greater than or equal to 0"),
        ("UMBRELLA_ANALYSIS_WORKERS", "two", "should be a valid integer"),
        ("UMBRELLA_LOG_LEVEL", "loud", "should be 'critical', 'error', 'warning', 'info' or"),
    ],
)
def test_a_bad_setting_exits_2_naming_its_variable_and_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, reason: str
) -> None:
    monkeypatch.setenv(variable, value)
    result = runner.invoke(app, ["serve", "--port", "0", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {variable}: {reason}")
    assert result.stderr.rstrip().endswith(f"got {value!r}")
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1
    assert not (tmp_path / "d").exists()  # refused before anything was made
