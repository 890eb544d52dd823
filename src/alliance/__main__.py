"""``python -m alliance`` is the ``alliance`` command."""

from alliance.cli import main

main()
