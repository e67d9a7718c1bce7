"""``umbrella keys add|list|revoke``: the keys that may write to a shared service.

The keys file is ``--file``, else ``$UMBRELLA_KEYS_FILE`` (the service's ``keys_file``). A new
key is printed once, on standard output, and only its hash is kept; ``list`` shows ids,
names and times, never a key. Each change is recorded in the audit log (``audit_log``, or
standard error).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from umbrella.service.http.audit import Audit
from umbrella.service.http.keyfile import KeyFileError, add_key, read_keys, revoke_key

__all__ = ["app"]

app = typer.Typer(help="Keys that may write to the HTTP service (see umbrella serve).")

KeysFile = Annotated[
    Path | None,
    typer.Option(
        "--file",
        dir_okay=False,
        help="The keys file [default: $UMBRELLA_KEYS_FILE].",
    ),
]


def _path(given: Path | None) -> Path:
    if given is not None:
        return given
    found = os.environ.get("UMBRELLA_KEYS_FILE")
    if not found:
        raise KeyFileError("--file", None, "give the keys file, or set UMBRELLA_KEYS_FILE")
    return Path(found)


def _audit() -> Audit:
    found = os.environ.get("UMBRELLA_AUDIT_LOG")
    return Audit(Path(found) if found else None)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Who holds the key (shown in lists).")],
    file: KeysFile = None,
    max_scenarios: Annotated[
        int | None,
        typer.Option(min=1, help="Scenarios this key may store [default: scenarios_per_key]."),
    ] = None,
) -> None:
    """Add a key and print it (once: only its hash is kept)."""
    path = _path(file)
    record, key = add_key(path, name, max_scenarios)
    _audit().record("key-add", f"key:{record.id}", None, name=name)
    typer.echo(key)
    typer.echo(f"added key {record.id} for {name} to {path}; keep the key above secret", err=True)


@app.command("list")
def list_keys(file: KeysFile = None) -> None:
    """The keys: id, name, when added and revoked, their own quota (never a key)."""
    keys = read_keys(_path(file))
    typer.echo("id\tname\tcreated\trevoked\tmax_scenarios")
    for key in keys:
        quota = "-" if key.max_scenarios is None else str(key.max_scenarios)
        typer.echo(f"{key.id}\t{key.name}\t{key.created}\t{key.revoked or '-'}\t{quota}")


@app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="The id of the key (see umbrella keys list).")],
    file: KeysFile = None,
) -> None:
    """Revoke a key: from the next request on, it opens nothing."""
    record = revoke_key(_path(file), key_id)
    _audit().record("key-revoke", f"key:{record.id}", None)
    typer.echo(f"revoked key {record.id} ({record.name}) at {record.revoked}")
