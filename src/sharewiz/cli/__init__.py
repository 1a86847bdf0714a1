"""The Typer app: options resolved into one Settings, one library call per command, exit codes."""
