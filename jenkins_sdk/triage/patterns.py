"""Pick the lines of a log that explain a failure.

A :class:`PatternSet` is a small, ordered list of named regular expressions
(:class:`LinePattern`), each with a priority. :meth:`PatternSet.select` scans a text, keeps
every line that matches (and ``before`` lines ahead of it, ``after`` lines behind it), merges
overlapping windows, and returns an :class:`Selection` whose ``headline`` is the most telling
line: the first match of the highest priority. When nothing matches, the last lines are kept.

The default set (:data:`DEFAULT_PATTERNS`), from the most to the least telling:

=================  ========  =============================================================
name               priority  matches
=================  ========  =============================================================
``error``          40        ``ERROR:`` / ``[ERROR]`` / ``FATAL:`` prefixes, ``f.c:3: error:``
``exception``      40        ``SomeException:``, ``SomeError:``, Python tracebacks
``failed``         30        ``FAILED``, ``BUILD FAILURE``, ``Tests run: …, Failures: 1``
``exit-code``      30        ``exit code 2``, ``exit status 1``, ``+ exit 1`` (not 0)
``aborted``        20        ``Aborted by …``, interrupt signals, timeouts
``marked-failure`` 10        ``Build step '…' marked build as failure``
``finished``       0         ``Finished: FAILURE|UNSTABLE|ABORTED|NOT_BUILT``
=================  ========  =============================================================

Lines matching an ``ignore`` pattern never match (``0 errors``, ``-Werror`` compiler flags,
``Failures: 0``). Extend or replace the set with :meth:`PatternSet.with_patterns`,
:meth:`PatternSet.without` or :func:`attrs.evolve`.

Texts are ``str`` (decoded UTF-8); Jenkins console notes (``ESC[8mha:…ESC[0m``, which
``progressiveText`` sends raw since Jenkins 2.509) and other ANSI escapes are removed by
:func:`clean_line` before matching, so multi-byte characters are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from jenkins_sdk.resources._logtext import strip_console_notes

__all__ = [
    "DEFAULT_IGNORE",
    "DEFAULT_PATTERNS",
    "DEFAULT_PATTERN_SET",
    "LinePattern",
    "PatternSet",
    "SelectedLine",
    "Selection",
    "clean_line",
    "strip_console_notes",
]

_ANSI = re.compile("\x1b\\[[0-9;?]*[A-Za-z]")


def clean_line(line: str) -> str:
    """A log line without console notes, ANSI colour codes, ``\\r`` or trailing whitespace."""
    if "\x1b" in line:
        line = _ANSI.sub("", strip_console_notes(line))
    return line.replace("\r", "").rstrip()


def _compile(value: str | re.Pattern[str]) -> re.Pattern[str]:
    return value if isinstance(value, re.Pattern) else re.compile(value)


@attrs.frozen
class LinePattern:
    """One named pattern; a line matches when ``regex.search(line)`` finds something.

    Attributes:
        name: a short stable name (shown in reports as the reason a line was kept).
        regex: the compiled expression (a string is compiled on creation).
        priority: how telling a match is; the headline is the first match of the highest.
    """

    name: str
    regex: re.Pattern[str] = attrs.field(converter=_compile)
    priority: int = 0


def _p(name: str, regex: str, priority: int) -> LinePattern:
    return LinePattern(name, re.compile(regex), priority)


#: The default patterns (see the module docstring for what each matches).
DEFAULT_PATTERNS: tuple[LinePattern, ...] = (
    _p(
        "error",
        r"^\s*(?:\[(?:ERROR|FATAL)\]|ERROR:|FATAL:|Error:|error:)"
        r"|:\d+(?::\d+)?: (?:fatal )?error:",
        40,
    ),
    _p(
        "exception",
        r"(?:^|[\s(])(?:[A-Za-z_$][\w$]*\.)*[A-Z][\w$]*(?:Exception|Error)(?::|$)"
        r"|^Traceback \(most recent call last\)|^\s*Caused by: ",
        40,
    ),
    _p(
        "failed",
        r"\bFAILED\b|\bBUILD FAILURE\b|\bFAILURES?!|Tests run: \d+, Failures: [1-9]"
        r"|\bfailed with exit\b|\bcompilation failed\b",
        30,
    ),
    _p(
        "exit-code",
        r"\bexit (?:code|status|value)[: ]+[1-9]\d*\b|^\+ exit [1-9]\d*\b"
        r"|\breturned (?:non-zero )?exit code [1-9]\d*\b",
        30,
    ),
    _p(
        "aborted",
        r"^Aborted by |^Sending interrupt signal|^Timeout has been exceeded"
        r"|^Cancelling nested steps due to timeout|^Build timed out|Rejected by |^Hard kill!",
        20,
    ),
    _p("marked-failure", r"^Build step '.*' marked build as (?:failure|unstable)", 10),
    _p("finished", r"^Finished: (?:FAILURE|UNSTABLE|ABORTED|NOT_BUILT)\s*$", 0),
)

#: Lines that look like errors but are not (a match here cancels every pattern).
DEFAULT_IGNORE: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b0 (?:errors?|failures?|failed)\b", re.IGNORECASE),
    re.compile(r"-W(?:no-)?error\b"),
    re.compile(r"Failures: 0, Errors: 0\b"),
)


@attrs.frozen
class SelectedLine:
    """A line kept by a selection.

    Attributes:
        number: the line's 1-based number in the scanned text.
        text: the cleaned line.
        pattern: the name of the pattern it matched, or ``None`` for a context line.
    """

    number: int
    text: str
    pattern: str | None = None


@attrs.frozen
class Selection:
    """The outcome of :meth:`PatternSet.select`.

    Attributes:
        lines: the kept lines in order (windows around matches, or the last lines).
        headline: the most telling matching line, or ``None`` when nothing matched.
        matched: how many lines matched a pattern (also those left out by ``max_lines``).
        total_lines: how many lines were scanned.
    """

    lines: tuple[SelectedLine, ...]
    headline: SelectedLine | None
    matched: int
    total_lines: int

    def render(self, gap: str = "[...]") -> str:
        """The kept lines joined with newlines, with ``gap`` where lines were skipped."""
        out: list[str] = []
        previous = 0
        for line in self.lines:
            if out and line.number > previous + 1:
                out.append(gap)
            out.append(line.text)
            previous = line.number
        return "\n".join(out)


@attrs.frozen
class PatternSet:
    """An ordered, overridable set of line patterns and the windows kept around matches.

    Attributes:
        patterns: the patterns, tried in order.
        ignore: expressions that disqualify a line from matching.
        before: context lines kept ahead of each match.
        after: context lines kept behind each match.
        max_lines: the most lines a selection keeps (windows of the most telling matches
            first, then in log order); also the number of last lines kept without a match.
        max_line_length: longer lines are cut (characters) and end with ``…``.
    """

    patterns: tuple[LinePattern, ...] = DEFAULT_PATTERNS
    ignore: tuple[re.Pattern[str], ...] = DEFAULT_IGNORE
    before: int = 8
    after: int = 2
    max_lines: int = 60
    max_line_length: int = 500

    def with_patterns(self, *extra: LinePattern, first: bool = True) -> PatternSet:
        """A copy with ``extra`` patterns added (ahead of the others unless ``first=False``)."""
        patterns = (*extra, *self.patterns) if first else (*self.patterns, *extra)
        return attrs.evolve(self, patterns=patterns)

    def without(self, *names: str) -> PatternSet:
        """A copy without the patterns called ``names``."""
        return attrs.evolve(self, patterns=tuple(p for p in self.patterns if p.name not in names))

    def match(self, line: str) -> LinePattern | None:
        """The first pattern matching the (cleaned) ``line``, or ``None``."""
        if not line or any(rx.search(line) for rx in self.ignore):
            return None
        for pattern in self.patterns:
            if pattern.regex.search(line):
                return pattern
        return None

    def select(self, text: str | Iterable[str]) -> Selection:
        """Keep the lines that explain a failure: matches with their context windows.

        Args:
            text: the log text, or its lines.
        """
        raw = text.splitlines() if isinstance(text, str) else list(text)
        lines = [self._shorten(clean_line(line)) for line in raw]
        hits: list[tuple[int, LinePattern]] = []
        for index, line in enumerate(lines):
            pattern = self.match(line)
            if pattern is not None:
                hits.append((index, pattern))
        if not hits:
            tail = max(0, len(lines) - self.max_lines)
            kept = tuple(
                SelectedLine(i + 1, lines[i]) for i in range(tail, len(lines)) if lines[i] or i
            )
            return Selection(kept, None, 0, len(lines))
        best = max(p.priority for _, p in hits)
        head_index, head_pattern = next((i, p) for i, p in hits if p.priority == best)
        chosen = self._windows(hits, len(lines))
        names = dict((i, p.name) for i, p in hits)
        kept = tuple(SelectedLine(i + 1, lines[i], names.get(i)) for i in sorted(chosen))
        headline = SelectedLine(head_index + 1, lines[head_index], head_pattern.name)
        return Selection(kept, headline, len(hits), len(lines))

    def _windows(self, hits: Sequence[tuple[int, LinePattern]], count: int) -> set[int]:
        """Line indexes to keep: windows of the highest-priority matches first."""
        order = sorted(range(len(hits)), key=lambda k: (-hits[k][1].priority, hits[k][0]))
        chosen: set[int] = set()
        for k in order:
            index = hits[k][0]
            window = range(max(0, index - self.before), min(count, index + self.after + 1))
            new = [i for i in window if i not in chosen]
            if len(chosen) + len(new) > self.max_lines:
                if len(chosen) + 1 <= self.max_lines and index not in chosen:
                    chosen.add(index)
                continue
            chosen.update(new)
        return chosen

    def _shorten(self, line: str) -> str:
        if len(line) <= self.max_line_length:
            return line
        return line[: self.max_line_length - 1] + "…"


#: The default set, as used by ``diagnose`` unless told otherwise.
DEFAULT_PATTERN_SET = PatternSet()
