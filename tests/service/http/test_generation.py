"""The generation of cached results: software version plus a fingerprint of the data."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from umbrella.service.http.generation import cache_generation, data_fingerprint


def test_the_fingerprint_follows_every_name_and_byte(tmp_path: Path) -> None:
    (tmp_path / "a.parquet").write_bytes(b"one")
    (tmp_path / "b.parquet").write_bytes(b"two")
    first = data_fingerprint(tmp_path)
    assert data_fingerprint(tmp_path) == first
    (tmp_path / "b.parquet").write_bytes(b"twO")  # same size, other bytes
    changed = data_fingerprint(tmp_path)
    assert changed != first
    (tmp_path / "b.parquet").rename(tmp_path / "c.parquet")
    assert data_fingerprint(tmp_path) not in (first, changed)


def test_the_generation_names_the_installed_version() -> None:
    generation = cache_generation()
    assert generation.startswith(f"{version('umbrella')}+")
    assert len(generation.split("+")[-1]) == 16
