"""umbrella.service.cli.main: the `umbrella` command line (typer); see ``main``."""
