"""The `mapper` command line: one module per group of commands, each registering on ``main``."""
from mapper.cli import accounts, bench, directory, network, organisers, privacy, setup, trust  # noqa: F401  (register commands)
from mapper.cli.base import main

__all__ = ["main"]
