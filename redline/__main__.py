"""``python -m redline``: the same as the ``redline`` command."""

from .cli import main

main()
