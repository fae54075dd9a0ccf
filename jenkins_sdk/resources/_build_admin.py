"""Build writes: description, display name, keep-forever; and what a trigger sends.

Mixed into ``client.builds``. ``Run.doSubmitDescription`` and ``Run.doConfigSubmit`` (which reads
the form field ``json`` and needs both ``displayName`` and ``description``) answer 302;
``Run.doToggleLogKeep`` flips the stored flag behind the build's ``keepLog``. A trigger's
``token`` (``BuildAuthorizationToken``), ``cause`` (``Cause$RemoteCause``, used only with a token)
and ``delay`` (``TimeDuration``: ``Nsec``; a bare number would be milliseconds) go in the query.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeAlias

from jenkins_sdk import errors
from jenkins_sdk.refs import BuildSpec, JobSpec, build_path
from jenkins_sdk.resources import _shapes

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["BuildAdminOperations", "ParamValue", "encode_params", "token_refusals", "trigger_query"]

_REDIRECTED = (200, 302, 303)

#: One build parameter value; booleans become ``true``/``false``, sequences repeat the field.
ParamValue: TypeAlias = str | int | float | bool | Sequence[str]


def encode_params(params: Mapping[str, ParamValue] | None) -> list[tuple[str, str]]:
    """Turn build parameters into form fields, the way Jenkins' parameter definitions read them."""
    fields: list[tuple[str, str]] = []
    for name, value in (params or {}).items():
        if isinstance(value, bool):
            fields.append((name, "true" if value else "false"))
        elif isinstance(value, (str, int, float)):
            fields.append((name, str(value)))
        else:
            fields.extend((name, str(item)) for item in value)
    return fields


def trigger_query(
    token: str | None, delay: float | None, cause: str | None
) -> dict[str, str] | None:
    """The query of a trigger: ``token``, ``cause`` and ``delay`` (whole seconds, rounded up).

    Raises:
        InvalidRef: ``cause`` without ``token`` (Jenkins would drop it silently), or a negative
            or non-finite ``delay``.
    """
    query: dict[str, str] = {}
    if token is not None:
        query["token"] = token
    if cause is not None:
        if token is None:
            raise errors.InvalidRef(
                "cause= needs token=: Jenkins records a cause only for token-triggered builds"
            )
        query["cause"] = cause
    if delay is not None:
        if isinstance(delay, bool) or not math.isfinite(delay) or delay < 0:
            raise errors.InvalidRef(f"delay must be >= 0 seconds, not {delay!r}")
        query["delay"] = f"{math.ceil(delay)}sec"
    return query or None


@contextmanager
def token_refusals(job: str, token: str | None) -> Iterator[None]:
    """Word a 403 to a trigger with a ``token`` as what it means (Jenkins' page says only
    "Invalid token provided.", or is the anonymous login page)."""
    try:
        yield
    except errors.NotFound as exc:
        if token is None or exc.hint:
            raise
        # ``Jenkins.getItemByFullName`` hides items the caller may not read: the URL is a 404.
        raise _restated(
            exc,
            f"no job {job!r} that this client may see",
            "a token trigger still needs Item/Read on the job (anonymous users usually lack "
            "it); give credentials, or use the Build Token Root plugin",
        ) from exc
    except errors.Forbidden as exc:
        if token is None:
            raise
        raise _restated(
            exc,
            f"Jenkins refused the trigger of {job!r} with this token",
            "a wrong token, or anonymous users may not read the job (see the Build Token "
            "Root plugin)",
        ) from exc


def _restated(exc: errors.HTTPStatusError, message: str, hint: str) -> errors.HTTPStatusError:
    """The same error (class, request, status, body excerpt) in words that say what it means."""
    return type(exc)(
        message,
        method=exc.method,
        url=exc.url,
        status=exc.status,
        body_excerpt=exc.body_excerpt,
        hint=hint,
    )


class BuildAdminOperations:
    """``set_description``, ``set_display_name`` and ``keep_forever`` of ``client.builds``."""

    _requester: Requester

    def set_description(self, job: JobSpec, build: BuildSpec, text: str) -> None:
        """Set a build's description (HTML as Jenkins' markup formatter allows)."""
        path = build_path(job, build)
        self._requester.post(f"{path}submitDescription", data={"description": text}, ok=_REDIRECTED)

    def set_display_name(self, job: JobSpec, build: BuildSpec, name: str) -> None:
        """Set a build's display name (``""`` restores ``#N``); its description is kept.

        Jenkins' form sets both at once, so the description is read first and sent back.
        """
        path = build_path(job, build)
        data = self._requester.get_json(f"{path}api/json", tree="description")
        found = _shapes.as_object(data, "build JSON", null=True)
        description = _shapes.string(found.get("description"), "build JSON", path="$.description")
        form = {"json": json.dumps({"displayName": name, "description": description or ""})}
        self._requester.post(f"{path}configSubmit", data=form, ok=_REDIRECTED)

    def keep_forever(self, job: JobSpec, build: BuildSpec, keep: bool = True) -> bool:
        """Keep a build forever (``keep=False``: stop keeping it); idempotent.

        Reads ``keepLog`` and toggles only when it differs from ``keep``; returns ``keepLog``
        afterwards, which stays ``True`` when Jenkins keeps the build for another reason (a
        downstream job keeping its dependencies). ``keepLog`` does not tell that reason from the
        explicit mark, so when un-keeping leaves it ``True`` the toggle is undone: the call never
        leaves a build explicitly marked that was not before.
        """
        path = build_path(job, build)
        if self._keep_log(path) == keep:
            return keep
        self._requester.post(f"{path}toggleLogKeep", ok=_REDIRECTED)
        kept = self._keep_log(path)
        if not keep and kept:
            # Kept for another reason: the toggle may have *set* the explicit mark (Run.java
            # ``doToggleLogKeep`` flips the stored flag, ``isKeepLog`` ORs the reasons).
            self._requester.post(f"{path}toggleLogKeep", ok=_REDIRECTED)
        return kept

    def _keep_log(self, path: str) -> bool:
        data = self._requester.get_json(f"{path}api/json", tree="keepLog")
        value = data.get("keepLog") if isinstance(data, dict) else None
        if not isinstance(value, bool):
            raise errors.ResponseShapeError(f"build JSON without a keepLog flag: {data!r:.80}")
        return value
