"""Build, check and serve helpers behind the Makefile (not part of the package)."""
