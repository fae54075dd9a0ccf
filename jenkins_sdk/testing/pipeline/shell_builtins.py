"""The few shell built-ins whose effect needs no execution: ``exit N``, ``true``/``:``, ``false``,
``sleep N``, ``set -x/-e/+x/+e`` and ``echo`` (with ``> file``/``>> file``), as ``sh -xe`` and
``cmd /c`` give them, and the ``set -x`` trace of a simple command.

Tests of other Jenkins clients write ``sh 'exit 1'`` to fail a build and ``sh 'echo hi'`` or
``returnStdout`` to see output; these lines now behave as a shell would without anything being
run. Any other command line (pipes, ``&&``, variables assigned, other programs) is not a
built-in: its outcome comes from the shell table (``JenkinsEmulator.sh_status``), exit code 0 by
default. A matching table rule always wins over a built-in.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

#: Tokens that make a line more than one simple command.
_COMPOUND = frozenset({"|", "||", "&", "&&", ";", ";;", "(", ")", "<", ">&", "<&", "|&"})


@dataclass(frozen=True)
class Outcome:
    """What a built-in line does: exit code, standard output, whether the script ends here
    (``exit``), and a workspace file it writes (``path``, ``append``) instead of printing."""

    code: int = 0
    output: str = ""
    stops: bool = False
    path: str | None = None
    append: bool = False
    #: Virtual seconds the line takes (``sleep N``).
    seconds: float | None = None
    #: Shell options ``set`` turns on (True) or off: ``x`` (xtrace), ``e`` (errexit).
    flags: tuple[tuple[str, bool], ...] = ()


def shebang(script: str) -> list[str] | None:
    """The interpreter line of a script that starts with ``#!`` (core ``Shell.buildCommandLine``,
    durable-task ``BourneShellScript``: it then runs as written, not as ``sh -xe``)."""
    if not script.startswith("#!"):
        return None
    return script.split("\n", 1)[0][2:].split() or None


def start_flags(script: str) -> tuple[bool, bool]:
    """``(xtrace, errexit)`` a shell script starts with: both for ``sh -xe``, else the
    interpreter line's short options (``#!/bin/bash -e`` traces nothing)."""
    line = shebang(script)
    if line is None:
        return True, True
    opts = "".join(a[1:] for a in line[1:] if a.startswith("-") and not a.startswith("--"))
    return "x" in opts, "e" in opts


def _simple(line: str) -> list[str] | None:
    """The words of one simple command (quotes removed), or None for anything else."""
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
    except ValueError:  # unbalanced quotes: the shell would fail to parse it; not ours
        return None
    if not words or any(w in _COMPOUND for w in words):
        return None
    return words


def xtrace(line: str) -> str:
    """How ``set -x`` prints a simple command: its words after quote removal, re-quoted with
    single quotes where needed, redirections left out (other lines are shown as written)."""
    words = _simple(line)
    if words is None:
        return line
    shown: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in (">", ">>"):
            skip = True
        else:
            shown.append(shlex.quote(word))
    return " ".join(shown) if shown else line


def builtin(line: str, *, windows: bool) -> Outcome | None:
    """The outcome of ``line`` (already ``$VAR``-expanded) when it is a built-in, else None."""
    if windows:
        return _cmd(line)
    words = _simple(line)
    if words is None:
        return None
    head, args = words[0], words[1:]
    if head == "exit":
        return _exit(args[0] if args else "0")
    if head in ("true", ":") and not args:
        return Outcome()
    if head == "false" and not args:
        return Outcome(code=1)
    if head == "echo":
        return _echo(args)
    if head == "sleep" and args:
        return _sleep(args)
    if head == "set":
        return _set(args)
    return None


_LONG = {"errexit": "e", "xtrace": "x"}


def _set(args: list[str]) -> Outcome:
    """``set -x``/``+x``, ``-e``/``+e``, ``-o errexit``... (other options change nothing here)."""
    flags: list[tuple[str, bool]] = []
    long_next: bool | None = None
    for arg in args:
        if long_next is not None:
            if arg in _LONG:
                flags.append((_LONG[arg], long_next))
            long_next = None
        elif arg in ("-o", "+o"):
            long_next = arg == "-o"
        elif arg[:1] in ("-", "+") and arg not in ("-", "--"):
            flags.extend((c, arg[0] == "-") for c in arg[1:] if c in "xe")
    return Outcome(flags=tuple(flags))


_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _sleep(args: list[str]) -> Outcome | None:
    """GNU ``sleep``: the sum of its operands, each a number with an optional s/m/h/d suffix."""
    total = 0.0
    for arg in args:
        unit = arg[-1] if arg[-1:] in ("s", "m", "h", "d") else ""
        try:
            total += float(arg[: len(arg) - len(unit)]) * _UNITS[unit]
        except ValueError:
            return None
    return Outcome(seconds=total)


def _exit(arg: str) -> Outcome | None:
    if not arg.lstrip("-").isdigit():
        return None
    return Outcome(code=int(arg) % 256, stops=True)


def _echo(args: list[str]) -> Outcome | None:
    path: str | None = None
    append = False
    if len(args) >= 2 and args[-2] in (">", ">>"):
        path, append, args = args[-1], args[-2] == ">>", args[:-2]
    if any(a in (">", ">>") for a in args):
        return None
    newline = "\n"
    if args[:1] == ["-n"]:
        newline, args = "", args[1:]
    return Outcome(output=" ".join(args) + newline, path=path, append=append)


def _cmd(line: str) -> Outcome | None:
    """``cmd``: ``exit /b N``, ``exit N`` and ``echo text`` (printed as written)."""
    words = line.split()
    if not words:
        return None
    head = words[0].lower().lstrip("@")
    if head == "exit":
        rest = [w for w in words[1:] if w.lower() != "/b"]
        return _exit(rest[0] if rest else "0")
    if head == "echo" and len(words) > 1 and "|" not in line and ">" not in line:
        text = line.split(None, 1)[1]
        if text.lower() in ("on", "off"):
            return Outcome()
        return Outcome(output=text + "\n")
    return None
