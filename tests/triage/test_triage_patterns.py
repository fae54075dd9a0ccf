"""Pattern selection on real console texts and on crafted edge cases."""

from __future__ import annotations

import re

from jenkins_sdk.triage.patterns import (
    DEFAULT_PATTERN_SET,
    LinePattern,
    PatternSet,
    clean_line,
    strip_console_notes,
)
from tests.triage.conftest import payload


def test_real_freestyle_failure_keeps_the_exit_and_the_lines_before_it() -> None:
    text = payload("stagecraft__08_consoleText_freestyle_failure.txt")
    selection = DEFAULT_PATTERN_SET.select(text)
    assert selection.headline is not None
    assert selection.headline.text == "+ exit 1"
    assert selection.headline.pattern == "exit-code"
    kept = [line.text for line in selection.lines]
    # the lines before the failure, the failure, the step marking it, and the verdict
    assert "+ echo starting hard work" in kept
    assert "Build step 'Execute shell' marked build as failure" in kept
    assert kept[-1] == "Finished: FAILURE"
    names = {line.text: line.pattern for line in selection.lines}
    assert names["Build step 'Execute shell' marked build as failure"] == "marked-failure"
    assert names["Finished: FAILURE"] == "finished"
    assert names["starting hard work"] is None  # context only


def test_real_successful_console_matches_nothing_and_keeps_the_last_lines() -> None:
    text = payload("cdancy__build-consoleText.txt")
    selection = DEFAULT_PATTERN_SET.select(text)
    assert selection.headline is None
    assert selection.matched == 0
    assert selection.total_lines == len(text.splitlines())
    assert len(selection.lines) == DEFAULT_PATTERN_SET.max_lines
    assert selection.lines[-1].text == "Finished: SUCCESS"
    numbers = [line.number for line in selection.lines]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def test_real_console_with_an_error_injected_in_the_middle() -> None:
    lines = payload("cdancy__build-consoleText.txt").splitlines()
    middle = len(lines) // 2
    lines.insert(middle, "java.lang.IllegalStateException: workspace is locked")
    selection = PatternSet(before=3, after=1).select("\n".join(lines))
    assert selection.headline is not None
    assert selection.headline.number == middle + 1
    assert selection.headline.pattern == "exception"
    kept = [line.number for line in selection.lines]
    assert kept == list(range(middle - 2, middle + 3))
    rendered = selection.render()
    assert "java.lang.IllegalStateException: workspace is locked" in rendered
    assert "Finished: SUCCESS" not in rendered  # a success verdict is not a match


def test_priorities_pick_the_error_over_the_verdict_and_ignore_false_positives() -> None:
    text = "\n".join(
        [
            "gcc -Wall -Werror -c main.c",
            "Tests run: 12, Failures: 0, Errors: 0, Skipped: 0",
            "compiled with 0 errors",
            "main.c:14:3: error: 'x' undeclared",
            "make: *** [all] Error 1",
            "Build step 'Execute shell' marked build as failure",
            "Finished: FAILURE",
        ]
    )
    selection = DEFAULT_PATTERN_SET.select(text)
    assert selection.headline is not None
    assert selection.headline.text == "main.c:14:3: error: 'x' undeclared"
    matched = [line.text for line in selection.lines if line.pattern]
    assert "gcc -Wall -Werror -c main.c" not in matched
    assert "compiled with 0 errors" not in matched
    assert "Tests run: 12, Failures: 0, Errors: 0, Skipped: 0" not in matched


def test_exit_code_zero_is_not_a_failure() -> None:
    assert DEFAULT_PATTERN_SET.match("+ exit 0") is None
    assert DEFAULT_PATTERN_SET.match("script returned exit code 0") is None
    pattern = DEFAULT_PATTERN_SET.match("ERROR: script returned exit code 2")
    assert pattern is not None and pattern.name == "error"
    pattern = DEFAULT_PATTERN_SET.match("process exited with exit status 127")
    assert pattern is not None and pattern.name == "exit-code"


def test_console_notes_are_stripped_and_multibyte_text_is_kept() -> None:
    note = "\x1b[8mha:////4KzJ+AAAAAAAAAA/aGVsbG8=\x1b[0m"
    line = f"{note}[Pipeline] sh — étape 日本語 🚀\r"
    assert clean_line(line) == "[Pipeline] sh — étape 日本語 🚀"
    assert strip_console_notes(f"a{note}b{note}c") == "abc"
    selection = DEFAULT_PATTERN_SET.select(f"{note}ERROR: échec du déploiement ✗\n")
    assert selection.headline is not None
    assert selection.headline.text == "ERROR: échec du déploiement ✗"


def test_max_lines_keeps_the_most_telling_windows_first() -> None:
    lines = [f"info {i}" for i in range(200)]
    lines[20] = "FAILED: flaky warmup"
    lines[150] = "ERROR: the real problem"
    selection = PatternSet(before=5, after=0, max_lines=8).select(lines)
    kept = [line.number for line in selection.lines]
    assert 151 in kept and 146 in kept  # the highest-priority window, whole
    assert len(kept) <= 8
    assert selection.headline is not None and selection.headline.number == 151


def test_patterns_can_be_added_and_removed() -> None:
    custom = DEFAULT_PATTERN_SET.with_patterns(
        LinePattern("oom", re.compile(r"OutOfMemory|Killed process"), 50)
    ).without("finished")
    text = "ERROR: tests failed\nKilled process 4242 (java)\nFinished: FAILURE\n"
    selection = custom.select(text)
    assert selection.headline is not None and selection.headline.pattern == "oom"
    assert all(line.pattern != "finished" for line in selection.lines)
    assert LinePattern("s", r"x+", 1).regex.pattern == "x+"  # strings are compiled


def test_long_lines_are_cut() -> None:
    selection = PatternSet(max_line_length=20).select("ERROR: " + "x" * 100)
    assert selection.headline is not None
    assert len(selection.headline.text) == 20 and selection.headline.text.endswith("…")
