"""How the command line is read: one plain line for a usage error, and ``-:FIRST-LAST`` as an input.

click, under Typer, prints a usage error as a block (the usage line, a hint, a boxed message);
redline's rule is one line, ``redline: error: …``, exit status 2, for a usage error as for bad
input. ``Group.main`` runs the app without click's own handling and says each error in plain
words (``usage_message``); ``Command`` gives every command a usage line and help without raw
type hints, and reads ``-:FIRST-LAST`` (lines of standard input) as an input, not an option.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path, PurePath
from typing import Any, get_args, get_origin

import typer
from typer.core import TyperCommand, TyperGroup

# The exceptions the command-line parser raises. Typer re-exports click's ``BadParameter``; newer
# Typer versions carry a copy of click of their own, so the classes are taken from wherever
# Typer's ``BadParameter`` comes from, not from the ``click`` package.
_click_errors = importlib.import_module(typer.BadParameter.__module__)
_NoArgsIsHelp = getattr(_click_errors, "NoArgsIsHelpError", ())  # click >= 8.2 only


def _long_name(param: Any) -> str:
    """How the user names a parameter: ``--width`` for an option, ``FINAL`` for an argument."""
    if getattr(param, "param_type_name", "") == "option":
        opts = list(getattr(param, "opts", ())) or [f"--{param.name}"]
        return next((o for o in opts if o.startswith("--")), opts[0])
    return param.metavar or (param.name or "").upper()


def _kind(param: Any) -> str:
    """``int``, ``path`` or ``""``: what kind of value a parameter takes, for its metavar and messages."""
    desc = getattr(param, "type_descriptor", None)  # Typer with its own click
    if desc is not None:
        annotation = getattr(desc, "annotation", None)
        if annotation is int:
            return "int"
        if isinstance(annotation, type) and issubclass(annotation, PurePath):
            return "path"
        return ""
    name = getattr(getattr(param, "type", None), "name", "")  # click's parameter types
    return "int" if name.startswith("integer") else "path" if name == "path" else ""


def _bounds(param: Any) -> tuple[Any, Any]:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is None and high is None:
        low, high = getattr(param.type, "min", None), getattr(param.type, "max", None)
    return low, high


def _range_words(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"between {low} and {high}"
    return f"at least {low}" if low is not None else f"at most {high}" if high is not None else ""


def _tidy(message: str) -> str:
    """click's sentence as a clause: no ``Error:``, no full stop, a lower-case first word."""
    message = message.strip().removeprefix("Error: ").rstrip(".")
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[:1].lower() + message[1:]
    return message


def usage_message(exc: Any) -> str:
    """A click usage error in plain words, with where to look: ``--width must be at least 20; see …``."""
    ctx = getattr(exc, "ctx", None)
    param = getattr(exc, "param", None)
    text = getattr(exc, "message", "") or ""
    if isinstance(exc, _click_errors.MissingParameter) and param is not None:
        if param.param_type_name == "argument":
            # Arguments are filled in order: this one and every required one after it are missing.
            args = [p for p in (ctx.command.params if ctx else [param]) if p.param_type_name == "argument"]
            later = args[args.index(param):] if param in args else [param]
            names = [_long_name(p) for p in later if p.required]
            what = f"missing {' and '.join(names)}"
        else:
            what = f"missing option {_long_name(param)}"
    elif isinstance(exc, _click_errors.NoSuchOption):
        what = f"unknown option {exc.option_name}"
        if exc.possibilities:
            what += f" (did you mean {' or '.join(sorted(exc.possibilities))}?)"
    elif isinstance(exc, _click_errors.BadOptionUsage) and "requires" in text:
        what = f"{exc.option_name} needs a value"
    elif isinstance(exc, _click_errors.BadOptionUsage) and "does not take a value" in text:
        what = f"{exc.option_name} takes no value"
    elif isinstance(exc, _click_errors.BadParameter) and param is not None and _kind(param) == "int":
        limits = _range_words(*_bounds(param))
        if "valid" in text or not limits:  # not a number at all, rather than out of range
            what = f"{_long_name(param)} must be a whole number" + (f", {limits}" if limits else "")
        else:
            what = f"{_long_name(param)} must be {limits}"
    elif isinstance(exc, _click_errors.BadParameter) and param is not None:
        what = f"{_long_name(param)}: {_tidy(text)}"
    elif m := re.match(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", text):
        what = f"too many arguments: {m[1]}"
    elif m := re.match(r"No such command '(.*?)'\.?(?: Did you mean (.*)\?)?", text):
        what = f"unknown command {m[1]!r}" + (f" (did you mean {m[2]}?)" if m[2] else "")
    else:
        what = _tidy(exc.format_message())
    command = ctx.command_path if ctx is not None else "redline"
    return f"{what}; see '{command} --help'"


_SLOW = object()


class Quick:
    """Typer's checking of a parameter's value, without pydantic for the values redline's commands take.

    Typer (0.29 on) checks every value with a pydantic ``TypeAdapter`` it builds when the value
    comes: importing pydantic took 80 of the 150 ms a small comparison spent starting up, on every
    run. A string, a list of strings, a path, and a whole number written in ASCII digits within its
    bounds come out as the adapter gives them (``"020"``: 20; a path is still checked by typer's
    ``coerce_cli_path``); anything else (``30.0``, ``+5``, a number out of range, another type)
    goes to typer's own coercion, so every value it accepts and every message it gives stay typer's.

    This is the one place redline leans on Typer's private parts (``_runtime_param``,
    ``typer._coercion``, ``typer._param_types``): Typer has no public way to check a value without
    pydantic. They are looked up, not assumed (``_INTERNALS``): on a Typer without them (before
    0.29, which never used pydantic, or one that moved them) ``Quick`` is not installed and Typer
    does all of its own checking, slower to start but the same in what it accepts.
    """

    slow: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:  # as typer's RuntimeParam.coerce
            return () if param.multiple or param.nargs == -1 else None
        quick = self._quick(value, param.type_descriptor, param, ctx)
        if quick is not _SLOW:
            return quick
        if self.slow is None:
            self.slow = _INTERNALS["build_runtime_param"](param.type_descriptor)
        return self.slow.coerce(value, param=param, ctx=ctx)

    @staticmethod
    def _quick(value: Any, descriptor: Any, param: Any, ctx: Any) -> Any:
        kind, info = descriptor.annotation, descriptor.parameter_info
        if descriptor.file_annotation is not None or getattr(info, "parser", None) is not None:
            return _SLOW
        if kind is str and type(value) is str:
            return value
        if get_origin(kind) is list and get_args(kind) == (str,) and (param.multiple or param.nargs == -1):
            if isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
                return list(value)
            return _SLOW
        if kind is int and not getattr(info, "clamp", False) and (
            type(value) is int or (type(value) is str and value.isascii() and value.isdigit())
        ):
            number = int(value)
            low, high = info.min, info.max
            return number if (low is None or number >= low) and (high is None or number <= high) else _SLOW
        if kind is Path and type(value) is str and getattr(info, "path_type", None) is None:
            coerce_cli_path = _INTERNALS["coerce_cli_path"]
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        return _SLOW


def _typer_internals() -> dict[str, Any]:
    """The two functions of Typer's that ``Quick`` calls, or nothing when this Typer lacks either."""
    try:
        from typer._coercion import build_runtime_param
        from typer._param_types import coerce_cli_path
    except ImportError:  # already imported by typer.core where they exist: no cost when they do
        return {}
    return {"build_runtime_param": build_runtime_param, "coerce_cli_path": coerce_cli_path}


_INTERNALS = _typer_internals()


def quicken(params: list[Any]) -> None:
    """Give each of typer's parameters a ``Quick`` coercion (typer's own is asked only for what it does not do)."""
    if not _INTERNALS:
        return
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = Quick()


class Command(TyperCommand):
    """Every ``redline`` command: help without raw type hints, and ``-:FIRST-LAST`` read as an input.

    click takes any argument that starts with ``-`` for an option, but ``-:FIRST-LAST`` (lines of
    standard input) is an input spec and no option starts with ``-:``; such arguments are passed
    through the parser under a stand-in name and given back afterwards.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "argument":
                # Typer would show ``DRAFT <str>``; the argument's help says what it takes.
                param.display_type_rich = lambda ctx=None: None
            elif not getattr(param, "is_flag", False) and param.metavar is None:
                kind = _kind(param)
                named = _long_name(param).lstrip("-").upper().replace("-", "_")  # --format FORMAT
                param.metavar = "N" if kind == "int" else "PATH" if kind == "path" else named

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        quicken(params)  # the --help option too, which is made here
        return params

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                pieces.extend(param.get_usage_pieces(ctx))
                continue
            name = _long_name(param)
            name = name if param.required else f"[{name}]"
            pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        stand_ins: dict[str, str] = {}
        token = os.urandom(6).hex()  # what secrets.token_hex(6) gives, without importing secrets at every start
        shielded = []
        for i, arg in enumerate(args):
            if arg == "--":
                shielded.extend(args[i:])
                break
            if arg.startswith("-:"):
                stand_in = f"redline-stdin-{token}-{len(stand_ins)}"
                stand_ins[stand_in] = arg
                arg = stand_in
            shielded.append(arg)
        if not stand_ins:
            return self._parse(ctx, args)

        def back(value: Any) -> Any:
            if isinstance(value, str):
                return stand_ins.get(value, value)
            if isinstance(value, PurePath) and str(value) in stand_ins:
                return type(value)(stand_ins[str(value)])
            if isinstance(value, (list, tuple)):
                return type(value)(back(v) for v in value)
            return value

        try:
            rest = self._parse(ctx, shielded)
        except _click_errors.UsageError as exc:
            for stand_in, arg in stand_ins.items():
                exc.message = exc.message.replace(stand_in, arg)
            raise
        for name, value in ctx.params.items():
            ctx.params[name] = back(value)
        ctx.args = back(ctx.args)
        return back(rest)

    def _parse(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except _click_errors.UsageError as exc:
            if exc.ctx is None:  # the option parser leaves it out; the message names this command
                exc.ctx = ctx
            raise


DEBUG: dict[str, bool] = {"on": False}
"""Set by ``redline --debug`` (or ``REDLINE_DEBUG=1``): an unexpected error shows its traceback."""


def os_message(exc: OSError) -> str:
    """An ``OSError`` that escaped a command as a clause naming the file: ``x.txt: file name too long``."""
    from ..read import os_error

    name = exc.filename if exc.filename is not None else exc.filename2
    if name is None:
        return exc.strerror or str(exc)
    return os_error(os.fsdecode(name) if isinstance(name, (bytes, str)) else str(name), exc)


def shown(text: str) -> str:
    """``safe.shown``, imported when a message is printed: ``redline --help`` imports no module of the
    package outside ``cli`` but its errors (``test_startup``)."""
    from ..safe import shown as safe_shown

    return safe_shown(text)


def _one_line(text: str, width: int = 300) -> str:
    text = shown(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def fatal(exc: BaseException) -> int:
    """Say what an exception no command handled means, on one line of standard error; the exit status.

    An ``OSError`` (a name too long, a link loop, a full disk, a read-only folder), a link loop
    pathlib reports as ``RuntimeError``, a TOML error or running out of memory is the input's or the
    system's doing: ``redline: error: …``, exit 2. Anything else is redline's own fault: ``redline:
    internal error: …``, exit 3, and ``--debug`` shows the traceback to report.
    """
    import tomllib

    from ..errors import RedlineError

    if isinstance(exc, RedlineError):
        message = str(exc)
    elif isinstance(exc, OSError):
        message = os_message(exc)
    elif isinstance(exc, RuntimeError) and "symlink loop" in str(exc).lower():
        message = f"{_one_line(str(exc))}: a symbolic link points back at itself"
    elif isinstance(exc, tomllib.TOMLDecodeError):
        message = f"not a valid TOML manifest ({_one_line(str(exc))})"
    elif isinstance(exc, MemoryError):
        message = "out of memory; compare a part with PATH:FIRST-LAST, or lower --max-words"
    else:
        kind = type(exc).__name__
        typer.echo(f"redline: internal error: {kind}: {_one_line(str(exc))}; "
                   "please report it (run again as redline --debug COMMAND … for the traceback)", err=True)
        return 3
    typer.echo(f"redline: error: {_one_line(message, 2000)}", err=True)
    return 2


PIPE_CLOSED = 141
"""The exit status when standard output's reader went away (``redline compare a b | head -1``): what a
shell reports for a process that SIGPIPE ended, 128 + 13, as ``cat`` or ``grep`` would give; not 1, which
``--exit-code`` uses for "there are edits"."""


def pipe_closed() -> int:
    """Stop writing to a closed pipe, silently (the reader chose to stop; nothing is wrong): standard
    output is pointed at the null device, so nothing still buffered fails again at exit. ``PIPE_CLOSED``."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, sys.stdout.fileno())
        finally:
            os.close(null)
    except (OSError, ValueError, AttributeError):  # a test's stream has no descriptor
        pass
    return PIPE_CLOSED


class Group(TyperGroup):
    """The ``redline`` command group: a usage error is one line, ``redline: error: …``, and exit status 2;
    so is any error of the input or the system a command did not handle (``fatal``), and an error of
    redline's own is one line too, exit status 3, with the traceback only under ``--debug``."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        quicken(params)  # the --help option too, which is made here
        return params

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # before click's own handler, which exits 1, the status of --exit-code's edits
            sys.exit(pipe_closed())

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:  # the caller handles click's exceptions itself
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        DEBUG["on"] = os.environ.get("REDLINE_DEBUG", "") not in ("", "0")
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NoArgsIsHelp as exc:  # bare ``redline``: the help, as click prints it
            typer.echo(exc.ctx.get_help(), err=True)
            sys.exit(exc.exit_code)
        except _click_errors.UsageError as exc:
            typer.echo(f"redline: error: {shown(usage_message(exc))}", err=True)
            sys.exit(2)
        except _click_errors.ClickException as exc:
            typer.echo(f"redline: error: {shown(_tidy(exc.format_message()))}", err=True)
            sys.exit(2)
        except typer.Abort:
            typer.echo("redline: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # standard output's reader went away: `redline compare a b | head -1`
            sys.exit(pipe_closed())
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            if DEBUG["on"]:
                raise
            sys.exit(fatal(exc))
        try:  # what is still buffered, now: a reader gone at this point is a closed pipe too
            sys.stdout.flush()
        except BrokenPipeError:
            sys.exit(pipe_closed())
        except (OSError, ValueError):
            pass
        sys.exit(code if isinstance(code, int) else 0)


class Typer(typer.Typer):
    """A Typer app whose commands are ``Command`` unless they ask for another class."""

    def command(self, name: str | None = None, *, cls: Any = None, **kwargs: Any):  # type: ignore[override]
        return super().command(name, cls=cls or Command, **kwargs)
