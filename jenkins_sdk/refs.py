"""References to jobs, builds and queue items, and the URL paths built from them.

Every path segment is percent-encoded with nothing left safe, so a job name can never add, remove or
climb a path level. Absolute URLs found in Jenkins JSON (``url`` fields, ``Location`` headers) are
never requested as they are: Jenkins' configured root URL is often wrong behind a proxy, so these
helpers extract the job / build / queue item and rebuild the path on the client's own base URL.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Sequence
from typing import ClassVar, TypeAlias

import attrs

from jenkins_sdk._http.parse import header_int, url_path
from jenkins_sdk.errors import (
    InvalidBuildRef,
    InvalidJobRef,
    InvalidQueueLocation,
    InvalidQueueRef,
    NoQueueLocation,
)

__all__ = [
    "BuildRef",
    "BuildSpec",
    "JobRef",
    "JobSpec",
    "QueueRef",
    "build_path",
    "encode_segment",
    "job_path",
    "split_build_url",
]


def encode_segment(segment: str) -> str:
    """Percent-encode one path segment as UTF-8, leaving nothing safe (``/`` becomes ``%2F``)."""
    return urllib.parse.quote(segment, safe="")


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def _check_segment(segment: object, source: object) -> str:
    if not isinstance(segment, str):
        raise InvalidJobRef(f"job name segments must be strings, got {type(segment).__name__}")
    if segment == "":
        raise InvalidJobRef(f"empty job name segment in {source!r}")
    if segment in (".", ".."):
        raise InvalidJobRef(f"job name segment {segment!r} is not allowed (in {source!r})")
    if any(_is_control(c) for c in segment):
        raise InvalidJobRef(f"job name segment {segment!r} contains a control character")
    return segment


def _url_segments(url: str) -> list[str]:
    """Return the raw (still encoded) non-empty path segments of ``url``, host ignored."""
    path = url_path(url)
    if path is None:
        raise InvalidJobRef(f"not a valid URL: {url[:200]!r}")
    return [s for s in path.split("/") if s]


def _job_from_segments(raw: Sequence[str], source: str) -> tuple[JobRef, list[str]]:
    """Find ``job/<name>`` pairs (``view/<name>`` pairs in between are skipped)."""
    start = None
    for index, token in enumerate(raw):
        if token == "job" and index + 1 < len(raw):
            start = index
            break
    if start is None:
        raise InvalidJobRef(f"not a Jenkins job URL (no /job/<name>/ in it): {source!r}")
    names: list[str] = []
    index = start
    while index + 1 < len(raw) and raw[index] in ("job", "view"):
        if raw[index] == "job":
            try:
                names.append(urllib.parse.unquote(raw[index + 1], errors="strict"))
            except UnicodeDecodeError:
                raise InvalidJobRef(f"a job name in {source[:200]!r} is not UTF-8") from None
        index += 2
    return JobRef.parse(names), list(raw[index:])


def _as_tuple(value: Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InvalidJobRef(
            "segments must be a sequence of names; use JobRef.parse('a/b') for text"
        )
    return tuple(value)


@attrs.frozen
class JobRef:
    """A job, possibly inside folders, as its name segments: ``("team", "app", "main")``.

    Build one with :meth:`parse`. ``"a/b/c"`` is Jenkins' ``fullName`` (segments split on ``/``,
    taken literally: a multibranch branch job is named ``feature%2Fx`` by Jenkins, and that name
    is what the string must hold). A list of segments is taken as given; a job URL is decoded.
    """

    segments: tuple[str, ...] = attrs.field(converter=_as_tuple)

    @segments.validator
    def _check(self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        if not isinstance(value, tuple) or not value:
            raise InvalidJobRef("a job reference needs at least one name")
        for segment in value:
            _check_segment(segment, "/".join(map(str, value)))

    @classmethod
    def parse(cls, value: JobRef | str | Sequence[str]) -> JobRef:
        """Accept a JobRef, a full name ``"a/b/c"``, a sequence of names, or a job URL.

        Raises:
            InvalidJobRef: empty input, an empty, ``.``/``..`` or control-character segment.
        """
        if isinstance(value, JobRef):
            return value
        if isinstance(value, str):
            if value.startswith(("http://", "https://")):
                return cls.from_url(value)
            text = value.strip("/")
            if not text:
                raise InvalidJobRef(f"empty job reference {value!r}")
            return cls(tuple(text.split("/")))
        if isinstance(value, Sequence):
            return cls(tuple(value))
        raise InvalidJobRef(f"cannot make a job reference from {type(value).__name__}")

    @classmethod
    def from_url(cls, url: str) -> JobRef:
        """Extract the job from a Jenkins job (or build) URL, ignoring host and context path.

        ``http://any-host/ctx/job/a/job/b/7/`` gives ``("a", "b")``; each segment is decoded once,
        so ``%2F`` stays inside one name and ``feature%252Fx`` gives the name ``feature%2Fx``.

        Raises:
            InvalidJobRef: the URL holds no ``job/<name>`` part.
        """
        try:
            job, _rest = _job_from_segments(_url_segments(url), url)
        except UnicodeDecodeError as exc:
            raise InvalidJobRef(f"job URL is not valid UTF-8 when decoded: {url!r}") from exc
        return job

    @property
    def name(self) -> str:
        """The last segment: the job's own name."""
        return self.segments[-1]

    @property
    def full_name(self) -> str:
        """Jenkins' ``fullName``: the segments joined with ``/``."""
        return "/".join(self.segments)

    @property
    def parent(self) -> JobRef | None:
        """The enclosing folder, or None for a top-level job."""
        return JobRef(self.segments[:-1]) if len(self.segments) > 1 else None

    def child(self, name: str) -> JobRef:
        """The job ``name`` inside this folder."""
        return JobRef((*self.segments, name))

    @property
    def path(self) -> str:
        """Relative URL path ``job/a/job/b/`` (each segment fully encoded, no leading ``/``)."""
        return "".join(f"job/{encode_segment(s)}/" for s in self.segments)

    def __str__(self) -> str:
        return self.full_name


_PERMALINKS: dict[str, str] = {
    "last": "lastBuild",
    "lastbuild": "lastBuild",
    "lastsuccessful": "lastSuccessfulBuild",
    "lastsuccessfulbuild": "lastSuccessfulBuild",
    "lastfailed": "lastFailedBuild",
    "lastfailedbuild": "lastFailedBuild",
    "laststable": "lastStableBuild",
    "laststablebuild": "lastStableBuild",
    "lastunstable": "lastUnstableBuild",
    "lastunstablebuild": "lastUnstableBuild",
    "lastunsuccessful": "lastUnsuccessfulBuild",
    "lastunsuccessfulbuild": "lastUnsuccessfulBuild",
    "lastcompleted": "lastCompletedBuild",
    "lastcompletedbuild": "lastCompletedBuild",
}
_PERMALINK_NAMES = frozenset(_PERMALINKS.values())


@attrs.frozen
class BuildRef:
    """A build of some job: a number, or a permalink such as ``lastSuccessfulBuild``.

    Exactly one of ``number`` / ``permalink`` is set. Use :meth:`parse` or the constants
    ``BuildRef.LAST``, ``LAST_SUCCESSFUL``, ``LAST_FAILED``, ``LAST_STABLE``, ``LAST_UNSTABLE``,
    ``LAST_UNSUCCESSFUL``, ``LAST_COMPLETED``.
    """

    number: int | None = None
    permalink: str | None = None

    LAST: ClassVar[BuildRef]
    LAST_SUCCESSFUL: ClassVar[BuildRef]
    LAST_FAILED: ClassVar[BuildRef]
    LAST_STABLE: ClassVar[BuildRef]
    LAST_UNSTABLE: ClassVar[BuildRef]
    LAST_UNSUCCESSFUL: ClassVar[BuildRef]
    LAST_COMPLETED: ClassVar[BuildRef]

    def __attrs_post_init__(self) -> None:
        if (self.number is None) == (self.permalink is None):
            raise InvalidBuildRef("a build reference is either a number or a permalink")
        if self.number is not None and (
            isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 1
        ):
            raise InvalidBuildRef(f"build numbers start at 1, got {self.number!r}")
        if self.permalink is not None and self.permalink not in _PERMALINK_NAMES:
            raise InvalidBuildRef(f"unknown permalink {self.permalink!r}")

    @classmethod
    def parse(cls, value: BuildRef | int | str) -> BuildRef:
        """Accept a BuildRef, a positive number, ``"7"``/``"#7"``, or a permalink name.

        Permalinks: ``last``/``lastBuild``, ``lastSuccessful(Build)``, ``lastFailed(Build)``,
        ``lastStable(Build)``, ``lastUnstable(Build)``, ``lastUnsuccessful(Build)``,
        ``lastCompleted(Build)`` (case-insensitive).

        Raises:
            InvalidBuildRef: anything else.
        """
        if isinstance(value, BuildRef):
            return value
        if isinstance(value, bool):
            raise InvalidBuildRef(f"not a build reference: {value!r}")
        if isinstance(value, int):
            return cls(number=value)
        if isinstance(value, str):
            text = value.strip().lstrip("#")
            if text.isascii() and text.isdigit():
                return cls(number=int(text))
            permalink = _PERMALINKS.get(text.lower())
            if permalink is not None:
                return cls(permalink=permalink)
            valid = ", ".join(sorted(_PERMALINK_NAMES))
            raise InvalidBuildRef(
                f"not a build number or permalink: {value!r} (permalinks: {valid})"
            )
        raise InvalidBuildRef(f"cannot make a build reference from {type(value).__name__}")

    @property
    def segment(self) -> str:
        """The URL segment: ``"7"`` or ``"lastSuccessfulBuild"``."""
        return str(self.number) if self.number is not None else str(self.permalink)

    @property
    def path(self) -> str:
        """The relative path under a job: ``"7/"``."""
        return f"{self.segment}/"

    def __str__(self) -> str:
        return f"#{self.number}" if self.number is not None else str(self.permalink)


BuildRef.LAST = BuildRef(permalink="lastBuild")
BuildRef.LAST_SUCCESSFUL = BuildRef(permalink="lastSuccessfulBuild")
BuildRef.LAST_FAILED = BuildRef(permalink="lastFailedBuild")
BuildRef.LAST_STABLE = BuildRef(permalink="lastStableBuild")
BuildRef.LAST_UNSTABLE = BuildRef(permalink="lastUnstableBuild")
BuildRef.LAST_UNSUCCESSFUL = BuildRef(permalink="lastUnsuccessfulBuild")
BuildRef.LAST_COMPLETED = BuildRef(permalink="lastCompletedBuild")


def split_build_url(url: str) -> tuple[JobRef, BuildRef]:
    """Extract job and build from a build URL such as ``executable.url``, ignoring the host.

    ``http://wrong-root/ctx/job/a/job/b/7/`` gives ``(JobRef(("a", "b")), BuildRef(number=7))``.

    Raises:
        InvalidJobRef: the URL holds no job.
        InvalidBuildRef: no build number or permalink follows the job.
    """
    try:
        job, rest = _job_from_segments(_url_segments(url), url)
    except UnicodeDecodeError as exc:
        raise InvalidJobRef(f"build URL is not valid UTF-8 when decoded: {url!r}") from exc
    if not rest:
        raise InvalidBuildRef(f"no build number in URL {url!r}")
    return job, BuildRef.parse(rest[0])


_QUEUE_ITEM = re.compile(r"(?:^|/)queue/item/([0-9]{1,18})/?$")


@attrs.frozen
class QueueRef:
    """A queue item, by its id; ``.path`` is ``"queue/item/N/"``."""

    id: int = attrs.field()

    @id.validator
    def _check(self, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidQueueRef(f"queue item ids are positive integers, got {value!r}")

    @classmethod
    def parse(cls, value: QueueRef | int | str) -> QueueRef:
        """Accept a QueueRef, a positive id, ``"42"``, or a queue item URL.

        Raises:
            InvalidQueueRef: anything else.
        """
        if isinstance(value, QueueRef):
            return value
        if isinstance(value, bool):
            raise InvalidQueueRef(f"not a queue reference: {value!r}")
        if isinstance(value, int):
            return cls(value)
        if isinstance(value, str):
            text = value.strip()
            number = header_int(text)
            if number is not None:
                return cls(number)
            match = _QUEUE_ITEM.search(url_path(text) or "")
            if match:
                return cls(int(match.group(1)))
            raise InvalidQueueRef(f"not a queue item id or URL: {value[:200]!r}")
        raise InvalidQueueRef(f"cannot make a queue reference from {type(value).__name__}")

    @classmethod
    def from_location(cls, location: str | None) -> QueueRef:
        """Read the queue item from a trigger response's ``Location`` header.

        Only the trailing ``queue/item/N/`` is used; the host (which may be an internal one) is not.

        Raises:
            NoQueueLocation: the header is missing or empty.
            InvalidQueueLocation: it is not a queue item URL.
        """
        if location is None or not location.strip():
            raise NoQueueLocation("the trigger response carried no Location header")
        match = _QUEUE_ITEM.search(url_path(location) or "")
        if match is None or int(match.group(1)) < 1:
            shown = location if len(location) <= 200 else location[:200] + "..."
            raise InvalidQueueLocation(f"Location is not a queue item URL: {shown!r}")
        return cls(int(match.group(1)))

    @property
    def path(self) -> str:
        """Relative path ``queue/item/N/``."""
        return f"queue/item/{self.id}/"

    def __str__(self) -> str:
        return f"queue item {self.id}"


#: Anything naming a job: a ``JobRef``, ``"folder/job"``, a job URL or a sequence of segments.
JobSpec: TypeAlias = JobRef | str | Sequence[str]
#: Anything naming a build: a ``BuildRef``, a build number or a permalink name.
BuildSpec: TypeAlias = BuildRef | int | str


def job_path(job: JobSpec) -> str:
    """The relative URL path of a job (``job/a/job/b/``)."""
    return JobRef.parse(job).path


def build_path(job: JobSpec, build: BuildSpec) -> str:
    """The relative URL path of a build (``job/a/7/`` or ``job/a/lastBuild/``)."""
    return f"{JobRef.parse(job).path}{BuildRef.parse(build).segment}/"
