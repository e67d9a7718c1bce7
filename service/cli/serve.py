"""``umbrella serve``: run the HTTP service with uvicorn."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["serve"]


def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on [default: 127.0.0.1].")
    ] = None,
    port: Annotated[
        int | None, typer.Option(min=0, max=65535, help="Port (0: any free one) [default: 8000].")
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            file_okay=False,
            help="Folder of the scenario store [default: $UMBRELLA_DATA_DIR or ./umbrella-data].",
        ),
    ] = None,
) -> None:
    """Serve the layers, scenarios, coverage and maps over HTTP (see /docs)."""
    import uvicorn  # the web stack loads only for this command
    from pydantic import ValidationError

    from umbrella.service.http.app import create_app
    from umbrella.service.http.settings import Settings
    from umbrella.service.http.store import DataDirError

    given: dict[str, Any] = {"host": host, "port": port, "data_dir": data_dir}
    options = {key: value for key, value in given.items() if value is not None}
    try:
        settings = Settings(**options)
    except ValidationError as error:
        raise _named(error.errors()[0], options) from None
    try:
        app = create_app(settings)
    except DataDirError as error:  # name where the folder came from
        source = "--data-dir" if data_dir is not None else "UMBRELLA_DATA_DIR"
        raise DataDirError(source, error.value, error.reason) from None
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        timeout_graceful_shutdown=10,
    )


def _named(problem: Mapping[str, Any], options: Mapping[str, Any]) -> Exception:
    """A setting pydantic refused, named as the user gave it: an option or a variable."""
    from umbrella.service.http.settings import SettingError

    field = str(problem["loc"][0]) if problem["loc"] else "settings"
    name = f"--{field.replace('_', '-')}" if field in options else f"UMBRELLA_{field.upper()}"
    reason = str(problem["msg"]).removeprefix("Input ")  # "Input should be ..."
    return SettingError(name, problem.get("input"), reason[:1].lower() + reason[1:])
