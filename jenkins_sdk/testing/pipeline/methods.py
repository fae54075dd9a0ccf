"""Closure-taking methods of lists and maps (``each``, ``collect``, ``findAll``,
``eachWithIndex``): they call back into the interpreter, so they are generators too."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jenkins_sdk.testing.pipeline.context import ClosureValue, Ctx
from jenkins_sdk.testing.pipeline.runtime import Gen
from jenkins_sdk.testing.pipeline.values import truthy

if TYPE_CHECKING:
    from jenkins_sdk.testing.pipeline.interp import Interp


def _each(interp: Interp, target: Any, fn: ClosureValue, ctx: Ctx) -> Gen:
    items = list(target.items()) if isinstance(target, dict) else list(target)
    for item in items:
        args = list(item) if isinstance(target, dict) and len(fn.node.params) == 2 else [item]
        yield from interp.call_closure(fn, args, ctx)
    return target


def _collect(interp: Interp, target: Any, fn: ClosureValue, ctx: Ctx) -> Gen:
    out = []
    for item in list(target.items()) if isinstance(target, dict) else list(target):
        args = list(item) if isinstance(target, dict) and len(fn.node.params) == 2 else [item]
        out.append((yield from interp.call_closure(fn, args, ctx)))
    return out


def _find_all(interp: Interp, target: Any, fn: ClosureValue, ctx: Ctx) -> Gen:
    out = []
    for item in list(target):
        if truthy((yield from interp.call_closure(fn, [item], ctx))):
            out.append(item)
    return out


def _each_with_index(interp: Interp, target: Any, fn: ClosureValue, ctx: Ctx) -> Gen:
    for i, item in enumerate(list(target)):
        yield from interp.call_closure(fn, [item, i], ctx)
    return target


ITERATING: dict[str, Callable[[Interp, Any, ClosureValue, Ctx], Gen]] = {
    "each": _each,
    "collect": _collect,
    "findAll": _find_all,
    "eachWithIndex": _each_with_index,
}
