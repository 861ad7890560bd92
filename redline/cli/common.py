"""What every command shares: the Typer app, error handling, input and output options."""

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path
from typing import Iterable, Iterator, Optional

import typer

from ..errors import RedlineError, UsageError
from .parsing import DEBUG, Group, Typer, shown

MAX_WORDS = 1_000_000
"""``api.MAX_WORDS``, the default of ``--max-words``: the help shows it before any command runs, and
importing ``api`` to read it would cost every command, ``--help`` too, the pipeline's start-up
(tests/test_startup.py keeps the two equal)."""

app = Typer(
    cls=Group,
    name="redline",
    help=(
        "Compare a draft with the version that was sent, word by word: what was struck, "
        "inserted and written by hand.\n\n"
        "Inputs are paths, - for standard input, or PATH:FIRST-LAST for a line range of an archive file.\n\n"
        "Start with:  redline demo"
    ),
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    context_settings={"help_option_names": ["-h", "--help"]},  # every command inherits -h
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"redline {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    debug: bool = typer.Option(False, "--debug", help="On an internal error, show Python's traceback (so does REDLINE_DEBUG=1)."),
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Print redline's version and exit."),
) -> None:
    if debug:
        DEBUG["on"] = True


DRAFT_HELP = "The draft: a path, - for standard input, or PATH:FIRST-LAST."
FINAL_HELP = "The despatched text: a path, - for standard input, or PATH:FIRST-LAST."
Draft = typer.Argument(..., help=DRAFT_HELP, metavar="DRAFT", show_default=False)
Final = typer.Argument(..., help=FINAL_HELP, metavar="FINAL", show_default=False)
DraftLabel = typer.Option(None, "--draft-label", metavar="NAME", help="A name for the draft in the output.")
FinalLabel = typer.Option(None, "--final-label", metavar="NAME", help="A name for the despatched text in the output.")
Strict = typer.Option(False, "--strict", help="Treat unbalanced markup as an error, not a warning.")
NoInfer = typer.Option(False, "--no-infer-hands",
                       help="Take the hand only from the transcription's marks; infer none from position or OCR damage.")
Markup = typer.Option(
    "auto", "--markup", metavar="KIND",
    help="How to read the inputs' markup: auto (TEI if the file is TEI; else the transcription marks "
         "~~ <sup> * ** ## if at least one pair of them closes; else plain text), marks, tei, or none "
         "(every character is text). Example: --markup none for a printed book whose * are footnote marks.",
)


def fail(message: str) -> None:
    """Print ``redline: error: …`` and exit with status 2. A file name in ``message`` is shown, never obeyed:
    its control characters, line breaks and bidi overrides are made visible (``safe.shown``)."""
    typer.echo(f"redline: error: {shown(message)}", err=True)
    raise typer.Exit(2)


@contextlib.contextmanager
def errors() -> Iterator[None]:
    """Turn library errors into one line on standard error and exit status 2."""
    try:
        yield
    except RedlineError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        typer.echo("redline: interrupted", err=True)
        raise typer.Exit(130) from None


def warn(notices) -> None:
    """Print the input's warnings (``file:line:col: warning: …``) on standard error, each once
    (a file compared with itself, or two ranges of one file, would repeat them). Other notices
    (``markup: …``, what was read and why) are information for the JSON and the report: printed
    on every run they would drown the warnings. A file name's control characters, line breaks and
    bidi overrides are made visible (``safe.shown``)."""
    for line in dict.fromkeys(str(n) for n in notices if n.warning):
        typer.echo(f"redline: {shown(line)}", err=True)


def note(message: str) -> None:
    """Print ``redline: note: …`` on standard error, its file names made safe as ``warn`` makes them."""
    typer.echo(f"redline: note: {shown(message)}", err=True)


def stdin_file() -> Optional[os.stat_result]:
    """The status of standard input when it is a regular file (``redline compare - b.txt < a.txt``), else None
    (a terminal, a pipe, or a test's stream that has no descriptor)."""
    try:
        st = os.fstat(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def check_output(output: Path, inputs: tuple[str, ...] = ()) -> bool:
    """A ``UsageError`` when ``output`` may not be written: it is an input (or a link to one; or the
    file standard input was redirected from, for an input ``-`` or ``-:FIRST-LAST``), a directory, or
    neither a regular file nor a stream; else whether it is a stream (a character device such as
    ``/dev/null`` or a terminal, or a named pipe). An existing regular file may be overwritten, as ``-o``
    always has."""
    from ..read import exists, not_regular, os_error

    try:
        st = os.stat(output)
    except FileNotFoundError:
        st = None
    except (OSError, ValueError) as exc:
        raise UsageError(os_error(str(output), exc) if isinstance(exc, OSError) else f"{output!r}: not a file name") from None
    for spec in inputs if st is not None else ():
        path = spec.rsplit(":", 1)[0] if ":" in spec and not exists(spec) else spec
        # `compare - b.txt -o a.txt < a.txt`: the file behind standard input; else the input's own. Device
        # and inode are compared (samestat): a symlink or a hard link to an input is caught too.
        given = stdin_file() if path == "-" else os.stat(path) if exists(path) else None
        if given is not None and st is not None and os.path.samestat(given, st):
            raise UsageError(f"{output}: is one of the inputs; refusing to overwrite it")
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{output}: is a directory; give a file name")
    stream = st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode))
    if st is not None and not stream and not_regular(st.st_mode):
        raise UsageError(f"{output}: not a regular file ({not_regular(st.st_mode)}); give a file name to write")
    return stream


def write_output(text: str | Iterable[str], output: Optional[Path], inputs: tuple[str, ...] = (),
                 stage: Optional["Staged"] = None) -> None:
    """Write ``text`` (a string, or its pieces in order: they are written as they come, so a large
    output is never held whole) to ``output`` or standard output, refusing to overwrite an input;
    with ``stage`` (``staged``), a regular file beside its target, renamed into place by ``commit``.

    A character device (``/dev/null``, a terminal) and a named pipe that a process reads are
    written to; a named pipe that no process reads is an error at once (the non-blocking open
    fails), never a hang; a block device (a disk) or a socket is refused."""
    pieces = [text] if isinstance(text, str) else text
    if output is None or str(output) == "-":
        last = ""
        for piece in pieces:
            sys.stdout.write(piece)
            last = piece or last
        if not last.endswith("\n"):
            sys.stdout.write("\n")
        return
    stream = check_output(output, inputs)
    if stage is not None and not stream:  # within ``staged``: beside the target, renamed into place at the end
        stage.write(pieces, output)
        return
    try:
        if not stream:
            output.parent.mkdir(parents=True, exist_ok=True)
        # not blocking: a named pipe that no process reads fails at once (ENXIO), it does not hang
        flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(output, flags if stream else flags | os.O_CREAT | os.O_TRUNC, 0o666)
        os.set_blocking(fd, True)  # then wait for a slow reader as any writer does
        with open(fd, "w", encoding="utf-8") as f:
            for piece in pieces:
                f.write(piece)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise UsageError(f"{output}: a named pipe that no process reads; start its reader first") from None
        raise UsageError(f"{output}: cannot be written ({exc.strerror or exc})") from None


class Staged:
    """Files written as a set, all or none (``report --with-data``: the report and its data files); see ``staged``."""

    def __init__(self) -> None:
        self._moves: list[tuple[str, str]] = []

    def discard(self) -> None:
        """Remove the temporary files not renamed into place."""
        for tmp, _ in self._moves:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._moves.clear()

    def write(self, pieces: Iterable[str], output: Path) -> None:
        """Write ``pieces`` to a new temporary file beside ``output`` (``write_output`` has checked it)."""
        import secrets

        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            target = os.path.realpath(output)
            try:
                mode: Optional[int] = stat.S_IMODE(os.stat(target).st_mode)
            except FileNotFoundError:
                mode = None
            folder, name = os.path.split(target)
            while True:
                tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
                try:
                    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
                    break
                except FileExistsError:
                    continue
            self._moves.append((tmp, target))
            with open(fd, "w", encoding="utf-8") as f:
                if mode is not None:
                    os.fchmod(f.fileno(), mode)
                for piece in pieces:
                    f.write(piece)
        except OSError as exc:
            raise UsageError(f"{output}: cannot be written ({exc.strerror or exc})") from None

    def commit(self) -> None:
        """Put every file written in place, in the order written."""
        while self._moves:
            tmp, target = self._moves[0]
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise UsageError(f"{target}: cannot be written ({exc.strerror or exc})") from None
            self._moves.pop(0)


@contextlib.contextmanager
def staged() -> Iterator[Staged]:
    """Within this block ``write_output`` given the stage writes each regular file to a new temporary file
    in the target's own folder (``.NAME.XXXXXXXX.tmp``), after the same checks; the block ends with
    ``commit``, which renames each over its target, in the order written, once every one is complete.
    Left without ``commit`` (a comparison that gave up on ``--timeout``, an error, Ctrl-C), the
    temporary files are removed and no target was touched.

    A target that is a symbolic link is replaced where the link points, as ``-o`` writes through a
    link; the file keeps the permissions it had (a new one gets the umask's). A hard link to the
    old file keeps the old content. A stream (``/dev/null``, a named pipe) cannot be staged: it is
    written at once."""
    stage = Staged()
    try:
        yield stage
    finally:
        stage.discard()


def color_wanted() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".csv": "csv", ".xml": "tei", ".tei": "tei", ".txt": "text",
                  ".docx": "docx", ".wdiff": "wdiff",
                  ".pdf": None, ".md": None, ".markdown": None, ".doc": None, ".odt": None, ".rtf": None,
                  ".xlsx": None, ".xls": None, ".ods": None, ".tex": None, ".epub": None}
"""The format a ``-o`` file's suffix asks for when ``--format`` is not given; None for a document
format redline cannot write (``-o report.pdf`` is refused, not filled with text)."""


def format_of(output: Optional[Path]) -> Optional[str]:
    """The format ``output``'s suffix names (``report.html``: html), or None for no or another suffix;
    a ``UsageError`` for a suffix of a format redline cannot write.

    >>> format_of(Path("out/Report.HTML")), format_of(Path("edits")), format_of(Path("a.log")), format_of(None)
    ('html', None, None, None)
    >>> format_of(Path("redline.pdf"))
    Traceback (most recent call last):
    redline.errors.UsageError: redline.pdf: redline cannot write .pdf; write .html (and print it to PDF from a browser), .docx, .json, .csv, .xml (TEI), .txt or .wdiff, or name the format with --format
    """
    if output is None:
        return None
    suffix = output.suffix.lower()
    if suffix in SUFFIX_FORMATS and SUFFIX_FORMATS[suffix] is None:
        raise UsageError(f"{output}: redline cannot write {suffix}; write .html (and print it to PDF from a browser), "
                         ".docx, .json, .csv, .xml (TEI), .txt or .wdiff, or name the format with --format")
    return SUFFIX_FORMATS.get(suffix)


KEEP_TO_EXIT = {"on": False}
"""Set by ``redline.cli.main`` when the process ends as soon as the command is done (``redline compare``):
then what ``keep`` is given is never freed, which nobody would wait for."""
_KEPT: list[object] = []


def keep(value: object) -> None:
    """Keep ``value`` alive to the end of the process when it ends at once (``KEEP_TO_EXIT``): freeing a
    250 k-word comparison, token by token, takes 50 ms (best of 5; 200 ms at 1 M words)."""
    if KEEP_TO_EXIT["on"]:
        _KEPT.append(value)


def main() -> None:
    """The app run as a command, for ``redline.cli.main`` (``redline`` and ``python -m redline``); usage
    errors are ``Group.main``'s."""
    try:
        app()
    except RedlineError as exc:  # raised outside a command's own handler
        typer.echo(f"redline: error: {shown(str(exc))}", err=True)
        sys.exit(2)
