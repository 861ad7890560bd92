"""Developer scripts: not part of the installed package (the wheel ships ``redline/`` only)."""
