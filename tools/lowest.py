"""The lowest versions redline declares it works with, as a pip constraints file.

pip has no "lowest" resolution, so ``make test-lowest`` pins each direct dependency of
``[project].dependencies`` to the floor its ``>=`` names (``typer>=0.20`` → ``typer==0.20``) and
lets pip pick the newest versions of everything else that fit, as a user's ``pip install`` beside
an old package would. If the suite passes there, the floors in pyproject.toml are true; a floor
that is not true is raised in pyproject.toml, not worked around here. The test tools (the
``test`` extra) are not pinned low: a user does not install them.

    python -m tools.lowest [pyproject.toml]           # prints the constraints
    python -m tools.lowest --check [pyproject.toml]   # are the floors what this Python has installed?
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

_FLOOR = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)\s*(;.*)?$")


def floors(pyproject: Path) -> list[tuple[str, str, str]]:
    """``(name, floor, marker)`` for each direct dependency, in the order declared.

    A dependency without a ``>=`` floor is an error: a minimum that is not declared cannot be tested.
    """
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"].get("dependencies", [])
    out = []
    for dep in deps:
        m = _FLOOR.match(dep)
        if m is None:
            raise SystemExit(f"tools.lowest: {dep!r} has no '>=' floor to test")
        name, _extras, version, marker = m.groups()
        out.append((name, version, marker or ""))
    return out


def _release(version: str) -> tuple[int, ...]:
    """``"5.0"`` and ``"5.0.0"`` alike: the release numbers, trailing zeros dropped."""
    parts = [int(p) for p in re.findall(r"\d+", version.split("+")[0])]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def check(pyproject: Path) -> int:
    """Print each dependency's floor beside the version installed; 1 when one differs."""
    wrong = 0
    for name, floor, marker in floors(pyproject):
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = "missing" if not marker else "not needed here"
        same = _release(have) == _release(floor) if have[:1].isdigit() else bool(marker)
        wrong += not same
        print(f"{name:<24} floor {floor:<12} installed {have}{'' if same else '   <- not the floor'}")
    return 1 if wrong else 0


def main(argv: list[str]) -> int:
    checking = "--check" in argv
    args = [a for a in argv if a != "--check"]
    path = Path(args[0]) if args else Path("pyproject.toml")
    if checking:
        return check(path)
    print("\n".join(f"{name}=={floor}" + (f" {marker}" if marker else "") for name, floor, marker in floors(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
