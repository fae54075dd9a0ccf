"""The error tree drawn in ``jenkins_sdk/errors.py``'s docstring is the class tree, exactly."""

from __future__ import annotations

import re

from jenkins_sdk import errors

_LINE = re.compile(r"^(?P<indent>[\s│]*)(?:[├└]── )?(?P<name>[A-Z]\w+)\b")


def drawn_tree() -> list[tuple[str, str | None]]:
    """``(class, drawn parent)`` for every line of the docstring's tree."""
    doc = errors.__doc__ or ""
    block = doc.split("::", 1)[1]
    pairs: list[tuple[str, str | None]] = []
    stack: list[tuple[int, str]] = []
    for line in block.splitlines():
        match = _LINE.match(line)
        if not match or not line.strip():
            continue
        depth = match.start("name")
        name = match.group("name")
        while stack and stack[-1][0] >= depth:
            stack.pop()
        pairs.append((name, stack[-1][1] if stack else None))
        stack.append((depth, name))
    return pairs


def test_every_drawn_edge_is_a_real_subclass() -> None:
    for name, parent in drawn_tree():
        cls = getattr(errors, name)
        if parent is None:
            assert cls is errors.JenkinsError
        else:
            assert parent in [base.__name__ for base in cls.__bases__], (name, parent)


def test_every_error_class_is_drawn_under_each_of_its_sdk_parents() -> None:
    drawn = set(drawn_tree())
    for name in errors.__all__:
        cls = getattr(errors, name)
        if not isinstance(cls, type) or cls is errors.JenkinsError:
            continue
        parents = [b.__name__ for b in cls.__bases__ if issubclass(b, errors.JenkinsError)]
        for parent in parents:
            assert (name, parent) in drawn, f"{name} is not drawn under {parent}"


def test_waiting_timeouts_are_not_transport_errors() -> None:
    for cls in (errors.BuildTimeout, errors.QueueTimeout):
        assert issubclass(cls, errors.WaitTimeout)
        assert issubclass(cls, TimeoutError)
        assert not issubclass(cls, errors.TransportError)
        assert not cls("x").retryable
    assert issubclass(errors.Timeout, errors.TransportError)
