"""The exception tree of newskg.

Every error the library raises on purpose derives from :class:`KGError`.  Messages are
one line, name the file (and line) and the problem, and say what was expected, so the
CLI can print ``kg: error: <message>`` without a traceback.

    KGError
    ├── InputError            bad user input (exit status 1)
    │   ├── InputNotFound     a path that does not exist
    │   ├── NoInputFiles      a directory with nothing readable in it
    │   ├── DecodeError       bytes that are not text in any supported encoding
    │   ├── BinaryInput       binary data (images, archives ...)
    │   ├── EmptyInput        a file with no text
    │   ├── RecordError       one bad JSON Lines record (skippable)
    │   ├── ReportedProblem   a problem a worker process reported (as text)
    │   └── GraphParseError   an RDF file that does not parse
    ├── UsageError            a bad option value, unknown name (exit status 2)
    │   └── QuerySyntaxError  malformed SPARQL
    ├── OutputError           an output file or directory that cannot be written
    ├── ResourceError         a packaged lexicon/ontology is missing or malformed
    ├── StoreError            a problem with an on-disk store
    └── RemoteError           a remote SPARQL server refused or could not be reached (kg push)
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


class KGError(Exception):
    """Base class of every error newskg raises on purpose."""

    exit_status = 1


class InputError(KGError):
    """A problem with the user's input files."""

    def __init__(self, path: object, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {problem}")


class InputNotFound(InputError):
    """A path given on the command line does not exist."""


class NoInputFiles(InputError):
    """A directory that holds no readable input files."""


class DecodeError(InputError):
    """Bytes that decode in none of the supported encodings."""


class BinaryInput(InputError):
    """Binary data where text was expected."""


class EmptyInput(InputError):
    """A file that holds no text at all."""


class RecordError(InputError):
    """One malformed record (a JSON Lines line); the rest of the file may be fine."""


class ReportedProblem(InputError):
    """A problem already rendered as ``"<file>[:<line>]: <problem>"`` (by a worker process)."""

    def __init__(self, message: str) -> None:  # noqa: D107 - the message is the whole story
        where, _, problem = message.partition(": ")
        self.path, self.problem, self.line = where, problem, None
        Exception.__init__(self, message)


class GraphParseError(InputError):
    """An RDF file that does not parse."""


class UsageError(KGError):
    """A bad option value or an unknown name: the caller asked for something that does not exist."""

    exit_status = 2


class QuerySyntaxError(UsageError):
    """Malformed SPARQL."""


class OutputError(KGError):
    """An output that cannot be written: a read-only or full disk, a file where a directory
    is expected (or the reverse).  Raised before the work starts when it can be foreseen."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ResourceError(KGError):
    """A packaged data file (lexicon, ontology, model) is missing or malformed."""


class StoreError(KGError):
    """A problem with an on-disk store."""


class RemoteError(KGError):
    """A remote SPARQL or Graph Store endpoint refused a request or could not be reached."""


def unknown_name(kind: str, name: str, known: Iterable[str]) -> UsageError:
    """Build the error for an unknown name, listing the known ones (and a close match).

    >>> str(unknown_name("format", "turtel", ["turtle", "nt"]))
    "unknown format 'turtel' (did you mean 'turtle'?); known: nt, turtle"
    """
    known = sorted(known)
    close = get_close_matches(name, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return UsageError(f"unknown {kind} {name!r}{hint}; known: {', '.join(known)}")
