"""``umbrella keys add|list|revoke``: a key shown once, only its hash kept, lists without keys,
revocation, changes recorded, bad input exits 2 naming the field."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from umbrella.service.cli.main import app

runner = CliRunner()


def _add(path: Path, name: str, *extra: str) -> str:
    result = runner.invoke(app, ["keys", "add", name, "--file", str(path), *extra])
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_a_key_is_shown_once_and_only_its_hash_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit = tmp_path / "audit.jsonl"
    monkeypatch.setenv("UMBRELLA_AUDIT_LOG", str(audit))
    path = tmp_path / "keys.json"
    key = _add(path, "alice", "--max-scenarios", "7")
    prefix, key_id, secret = key.split(".")
    assert prefix == "umb" and len(secret) >= 43
    text = path.read_text()
    assert secret not in text
    (entry,) = json.loads(text)["keys"]
    assert entry["id"] == key_id and entry["name"] == "alice" and entry["max_scenarios"] == 7
    assert entry["sha256"] == hashlib.sha256(key.encode()).hexdigest()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    (line,) = [json.loads(line) for line in audit.read_text().splitlines()]
    assert (line["action"], line["resource"]) == ("key-add", f"key:{key_id}")
    assert secret not in audit.read_text()


def test_list_shows_ids_names_and_times_never_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys.json"
    keys = [_add(path, name) for name in ("alice", "bob")]
    monkeypatch.setenv("UMBRELLA_KEYS_FILE", str(path))
    result = runner.invoke(app, ["keys", "list"])
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split("\t") == ["id", "name", "created", "revoked", "max_scenarios"]
    assert [row.split("\t")[:2] for row in rows] == [
        [key.split(".")[1], name] for key, name in zip(keys, ("alice", "bob"), strict=True)
    ]
    for key in keys:
        assert key.split(".")[2] not in result.output
        assert hashlib.sha256(key.encode()).hexdigest() not in result.output


def test_revoke_marks_the_key_and_keeps_its_first_time(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    key_id = _add(path, "alice").split(".")[1]
    first = runner.invoke(app, ["keys", "revoke", key_id, "--file", str(path)])
    assert first.exit_code == 0 and f"revoked key {key_id}" in first.stdout
    revoked = json.loads(path.read_text())["keys"][0]["revoked"]
    assert revoked is not None
    runner.invoke(app, ["keys", "revoke", key_id, "--file", str(path)])
    assert json.loads(path.read_text())["keys"][0]["revoked"] == revoked


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["keys", "revoke", "k00000000"], "key_id"),
        (["keys", "add", " "], "name"),
        (["keys", "list", "--file", "{missing}"], "keys_file"),
        (["keys", "list", "--file", "{broken}"], "keys_file"),
    ],
)
def test_bad_input_exits_2_naming_the_field(tmp_path: Path, args: list[str], field: str) -> None:
    path = tmp_path / "keys.json"
    _add(path, "alice")
    broken = tmp_path / "broken.json"
    broken.write_text('{"keys": []}')
    args = [arg.format(missing=tmp_path / "none.json", broken=broken) for arg in args]
    if "--file" not in args:
        args += ["--file", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"error: {field}:")


def test_no_keys_file_given_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UMBRELLA_KEYS_FILE", raising=False)
    result = runner.invoke(app, ["keys", "list"])
    assert result.exit_code == 2 and "UMBRELLA_KEYS_FILE" in result.output
