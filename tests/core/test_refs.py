"""JobRef / BuildRef / QueueRef parsing, encoding, and the never-escape property."""

from __future__ import annotations

import unicodedata
import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jenkins_sdk.errors import (
    InvalidBuildRef,
    InvalidJobRef,
    InvalidQueueLocation,
    InvalidQueueRef,
    NoQueueLocation,
)
from jenkins_sdk.refs import BuildRef, JobRef, QueueRef, encode_segment, split_build_url


def test_full_name_and_segments() -> None:
    ref = JobRef.parse("team/app/main")
    assert ref.segments == ("team", "app", "main")
    assert ref.name == "main"
    assert ref.full_name == "team/app/main"
    assert ref.parent == JobRef(("team", "app"))
    assert JobRef.parse("solo").parent is None
    assert ref.child("x").segments == ("team", "app", "main", "x")
    assert ref.path == "job/team/job/app/job/main/"
    assert JobRef.parse(ref) is ref
    assert JobRef.parse(["a", "b/c"]).path == "job/a/job/b%2Fc/"
    assert JobRef.parse("/a/b/") == JobRef(("a", "b"))


def test_every_segment_is_encoded_with_nothing_safe() -> None:
    ref = JobRef.parse(["Job Types", "a?b#c%d;e", "ünï", "x/y"])
    assert ref.path == "job/Job%20Types/job/a%3Fb%23c%25d%3Be/job/%C3%BCn%C3%AF/job/x%2Fy/"
    assert encode_segment("~-._") == "~-._"


def test_from_url_ignores_host_and_context_path() -> None:
    url = "http://wrong-root.internal:8080/jenkins/job/Job%20Types/job/Pipeline/"
    assert JobRef.from_url(url).segments == ("Job Types", "Pipeline")
    assert JobRef.parse(url) == JobRef.from_url(url)
    via_view = "https://h/view/all/job/a/job/b/42/console"
    assert JobRef.from_url(via_view).segments == ("a", "b")


def test_multibranch_branch_names() -> None:
    # Jenkins names the branch job "feature%2FORD-214" and its URL segment is double-encoded.
    url = "http://localhost:18080/job/stagecraft/job/feature%252FORD-214/"
    ref = JobRef.from_url(url)
    assert ref.segments == ("stagecraft", "feature%2FORD-214")
    assert ref.path == "job/stagecraft/job/feature%252FORD-214/"
    assert JobRef.parse(ref.full_name) == ref  # fullName as Jenkins reports it
    # %2F in a URL segment stays inside one name
    assert JobRef.from_url("http://h/job/a%2Fb/").segments == ("a/b",)


@pytest.mark.parametrize(
    "bad",
    ["", "/", "a//b", ".", "..", "a/../b", "a/./b", "a/\x00b", "x\ny", "\x7f", [], ["a", ""]],
)
def test_bad_job_refs_are_rejected(bad: object) -> None:
    with pytest.raises(InvalidJobRef):
        JobRef.parse(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["http://h/ctx/", "http://h/view/all/", "http://h/job/%FF/"])
def test_non_job_urls_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidJobRef):
        JobRef.from_url(bad)


def test_invalid_job_ref_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        JobRef.parse("a/../b")


_NAME = st.text(min_size=1, max_size=40).filter(
    lambda s: s not in (".", "..") and not any(unicodedata.category(c) == "Cc" for c in s)
)


@given(st.lists(_NAME, min_size=1, max_size=4))
def test_job_ref_round_trips_any_unicode_name(names: list[str]) -> None:
    ref = JobRef.parse(names)
    assert ref.segments == tuple(names)
    base = "http://jenkins.example:8080/ctx/"
    assert JobRef.from_url(base + ref.path) == ref
    assert JobRef.from_url(base + ref.path + "7/api/json") == ref


@given(st.lists(_NAME, min_size=1, max_size=3), _NAME)
def test_job_path_never_escapes_its_folder(folders: list[str], name: str) -> None:
    folder = JobRef.parse(folders)
    ref = folder.child(name)
    base = "http://jenkins.example/ctx/"
    resolved = urllib.parse.urljoin(base, ref.path)
    # a URL resolver keeps it under the folder, and adds exactly two raw segments
    assert resolved.startswith(base + folder.path)
    rest = resolved[len(base + folder.path) :]
    raw = rest.rstrip("/").split("/")
    assert raw[0] == "job"
    assert len(raw) == 2
    assert raw[1] not in (".", "..", "")
    assert urllib.parse.unquote(raw[1]) == name


def test_build_refs() -> None:
    assert BuildRef.parse(7).segment == "7"
    assert BuildRef.parse("7").number == 7
    assert BuildRef.parse("#12").number == 12
    assert BuildRef.parse("last") == BuildRef.LAST
    assert BuildRef.parse("lastBuild").segment == "lastBuild"
    assert BuildRef.parse("lastSuccessful") == BuildRef.LAST_SUCCESSFUL
    assert BuildRef.LAST_SUCCESSFUL.segment == "lastSuccessfulBuild"
    assert BuildRef.parse("lastFailedBuild") == BuildRef.LAST_FAILED
    assert BuildRef.parse("laststable") == BuildRef.LAST_STABLE
    assert BuildRef.parse("lastUnstable") == BuildRef.LAST_UNSTABLE
    assert BuildRef.parse("lastUnsuccessful") == BuildRef.LAST_UNSUCCESSFUL
    assert BuildRef.parse("lastCompleted") == BuildRef.LAST_COMPLETED
    assert BuildRef.LAST.number is None
    assert BuildRef.parse(3).path == "3/"


@pytest.mark.parametrize("bad", [0, -1, True, "0", "abc", "lastGreen", "", 1.5, "٣"])
def test_bad_build_refs(bad: object) -> None:
    with pytest.raises(InvalidBuildRef):
        BuildRef.parse(bad)  # type: ignore[arg-type]


def test_split_build_url_rebuilds_on_our_base() -> None:
    job, build = split_build_url("http://internal:8080/jenkins/job/a/job/b%20c/42/")
    assert (job.segments, build.number) == (("a", "b c"), 42)
    with pytest.raises(InvalidBuildRef):
        split_build_url("http://h/job/a/")


def test_queue_refs() -> None:
    assert QueueRef.parse(5).path == "queue/item/5/"
    assert QueueRef.parse("17").id == 17
    assert QueueRef.parse("queue/item/9/").id == 9
    assert QueueRef.from_location("http://internal:8080/jenkins/queue/item/42/").id == 42
    assert QueueRef.from_location("https://h/queue/item/42").id == 42
    with pytest.raises(NoQueueLocation):
        QueueRef.from_location(None)
    with pytest.raises(NoQueueLocation):
        QueueRef.from_location("  ")
    for bad_location in ("http://h/job/a/", "http://h/queue/item/x/", "http://h/queue/item/0/"):
        with pytest.raises(InvalidQueueLocation):
            QueueRef.from_location(bad_location)
    for bad in (0, -3, True, "x", "http://h/job/a/"):
        with pytest.raises(InvalidQueueRef):
            QueueRef.parse(bad)  # type: ignore[arg-type]
