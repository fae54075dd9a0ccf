"""Thread-safety stress: 32 threads share one client through crumb invalidation storms.

The client logs in with a password, so every mutation needs a CSRF crumb bound to the web session
(as in Jenkins >= 2.176.2). The threads run in phases separated by a barrier; between phases the
emulator drops every session (``expire_crumbs``) or lets them age past their TTL, so all 32
threads find their crumb refused at once. The crumb manager must fetch exactly one new crumb per
invalidation (single flight): fetches == invalidations + 1. Every thread is joined with a bound
(no deadlock), and the emulator's connection counter shows the pool never grew past its size.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from jenkins_sdk import errors
from jenkins_sdk._polling import ManualClock
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.testing.emulator import JenkinsEmulator

THREADS = 32
PHASES = 6
POSTS_PER_PHASE = 3
POOL = 8
JOIN_BOUND = 60.0  # seconds; a thread still alive after this is a deadlock


def _storm(emulator: JenkinsEmulator, invalidate: str) -> tuple[JenkinsClient, Counter[str]]:
    emulator.user("storm", "storm-password-a41f")
    emulator.freestyle("app")
    if invalidate == "ttl":
        emulator.session_ttl(10.0)
    client = JenkinsClient(
        url=emulator.url,
        username="storm",
        password="storm-password-a41f",
        max_connections=POOL,
        clock=ManualClock(),
    )
    barrier = threading.Barrier(THREADS + 1, timeout=JOIN_BOUND)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def worker(index: int) -> None:
        for _ in range(PHASES):
            barrier.wait()  # phase starts
            for n in range(POSTS_PER_PHASE):
                try:
                    if (index + n) % 2:
                        client.jobs.enable("app")
                    else:
                        client.jobs.disable("app")
                    outcome = "ok"
                except errors.JenkinsError as exc:
                    outcome = type(exc).__name__
                # reads share the pool (and the cookie jar) with the mutations
                client.builds.list("app", limit=1)
                with lock:
                    outcomes[outcome] += 1
            barrier.wait()  # phase ends

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for phase in range(PHASES):
        if phase:
            if invalidate == "expire":
                emulator.expire_crumbs()
            else:
                emulator.advance(11.0)  # every session is now older than its 10 s TTL
        barrier.wait()
        barrier.wait()
    for thread in threads:
        thread.join(JOIN_BOUND)
    assert not any(t.is_alive() for t in threads), "a thread is stuck: deadlock"
    return client, outcomes


@pytest.mark.parametrize("invalidate", ["expire", "ttl"])
def test_crumb_single_flight_through_invalidation_storms(
    jenkins_emulator: JenkinsEmulator, invalidate: str
) -> None:
    client, outcomes = _storm(jenkins_emulator, invalidate)
    with client:
        invalidations = PHASES - 1
        assert outcomes == Counter({"ok": THREADS * PHASES * POSTS_PER_PHASE})
        assert client.requester.crumbs.fetches == invalidations + 1
        assert jenkins_emulator.counters.crumbs_issued == invalidations + 1
        refused = jenkins_emulator.counters.statuses[403]
        assert refused >= invalidations  # the storms really happened
        assert jenkins_emulator.counters.connections <= POOL


def test_shared_client_pool_never_exceeds_its_size(jenkins_emulator: JenkinsEmulator) -> None:
    jenkins_emulator.freestyle("app")
    user, token = jenkins_emulator.credentials
    client = JenkinsClient(
        url=jenkins_emulator.url,
        username=user,
        api_token=token,
        max_connections=4,
        clock=ManualClock(),
    )
    errors_seen: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(10):
                client.jobs.get("app")
                client.builds.list("app", limit=5)
        except BaseException as exc:
            errors_seen.append(exc)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(THREADS)]
    with client:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(JOIN_BOUND)
        assert not any(t.is_alive() for t in threads), "a thread is stuck: deadlock"
    assert errors_seen == []
    assert jenkins_emulator.counters.connections <= 4
    assert jenkins_emulator.counters.total_requests == THREADS * 10 * 2
