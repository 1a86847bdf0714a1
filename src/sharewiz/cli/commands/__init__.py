"""The Typer commands, one module per command family, each registered on the app by `register`."""
