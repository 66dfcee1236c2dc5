"""Run the command line: ``python -m messaging_rules --help``."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main(prog="python -m messaging_rules"))
