"""Run the command line: ``python -m messaging_rules --help``."""

if __name__ == "__main__":
    try:
        from .cli import main

        code = main(prog="python -m messaging_rules")
    except KeyboardInterrupt:  # before main() could catch it
        code = 130
    raise SystemExit(code)
