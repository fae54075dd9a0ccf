"""The scrubber and the signatures follow the one secrets policy, in every spelling, at any depth.

Unit level (no sockets): which names make a value secret (``jenkins_sdk._secrets`` plus
``sensitive_params``), the ``{"name", "value"}`` pairs Jenkins echoes parameters in, names that
only *name* a secret, file parameters, every spelling of a learnt secret replaced by one
placeholder, and JSON too deep to parse learnt from its text. The socket-level session is
``tests/hostile/test_hostile_recordings.py``.
"""

from __future__ import annotations

import json

import pytest
import requests

from jenkins_sdk._secrets import spellings
from jenkins_sdk.simulation._json import MAX_DEPTH, NOT_JSON, depth_exceeds, parse
from jenkins_sdk.simulation.key import SENSITIVE_PLACEHOLDER, Signature, signature_of
from jenkins_sdk.simulation.scrub import Scrubber, secret_kind


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("crumb", "crumb"),
        ("tokenValue", "token"),
        ("apiToken", "token"),
        ("token", "token"),
        ("password", "secret"),
        ("privateKey", "secret"),
        ("client_secret", "secret"),
        ("crumbRequestField", None),  # holds the crumb header's NAME
        ("tokenName", None),
        ("tokenUuid", None),
        ("credentialsId", None),
        ("name", None),
        ("displayName", None),
        ("authorities", None),
        ("description", None),
    ],
)
def test_secret_kind_is_the_policy(key: str, kind: str | None) -> None:
    assert secret_kind(key) == kind


def test_extra_names_come_from_sensitive_params() -> None:
    assert secret_kind("DEPLOY_KEY") is None
    assert secret_kind("DEPLOY_KEY", ("deploy_key",)) == "secret"


def test_parameter_pairs_named_like_secrets_are_learnt() -> None:
    scrubber = Scrubber(("SIGNING",))
    body = {
        "actions": [
            {
                "parameters": [
                    {"name": "DB_PASSWORD", "value": "pw-value-1"},
                    {"name": "SIGNING", "value": "line one\nline two"},
                    {"name": "TARGET", "value": "production"},
                ]
            }
        ]
    }
    scrubber.learn_from_json(json.dumps(body).encode())
    text = scrubber.scrub_text(json.dumps(body))
    assert "pw-value-1" not in text and "line one\\nline two" not in text
    assert "production" in text
    assert text.count("<secret-") == 2


def test_every_spelling_of_a_secret_gets_its_one_placeholder() -> None:
    scrubber = Scrubber()
    secret = (
        '-----BEGIN KEY-----\nabc+/def==&x <y> "z"\nAAAAAAAAAAAAAAAAAAAAAAAA\n-----END KEY-----'
    )
    placeholder = scrubber.register("secret", secret)
    variants = spellings(secret)
    assert len(variants) > 5
    for variant in variants:
        assert scrubber.scrub_text(f"before {variant} after") == f"before {placeholder} after"
        scrubbed = scrubber.scrub_bytes(f"<{variant}>".encode())
        assert scrubbed == f"<{placeholder}>".encode()


def test_placeholders_are_numbered_in_document_order() -> None:
    scrubber = Scrubber()
    body = {"a": {"crumb": "crumb-value-A"}, "crumb": "crumb-value-B", "z": [{"apiToken": "tok-C"}]}
    scrubber.learn_from_json(json.dumps(body).encode())
    assert (
        scrubber.scrub_text("crumb-value-A crumb-value-B tok-C") == "<crumb-1> <crumb-2> <token-1>"
    )


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 100_000])
def test_json_too_deep_to_parse_is_searched_as_text(depth: int) -> None:
    inner = '{"apiToken": "deep-\\"quoted\\"-token", "note": "x"}'
    body = ('{"a":' + "[" * depth + inner + "]" * depth + "}").encode()
    assert parse(body) is NOT_JSON
    scrubber = Scrubber()
    scrubber.learn_from_json(body)  # no RecursionError
    scrubbed = scrubber.scrub_bytes(body)
    assert b"deep-" not in scrubbed and b"<token-1>" in scrubbed


def test_depth_is_measured_without_recursion() -> None:
    value: object = []
    for _ in range(50_000):
        value = [value]
    assert depth_exceeds(value, MAX_DEPTH)
    assert not depth_exceeds({"a": [[{"b": 1}]]}, 4)
    assert depth_exceeds({"a": [[{"b": 1}]]}, 3)


def _prepared(method: str, url: str, **kwargs: object) -> requests.PreparedRequest:
    return requests.Request(method, url, **kwargs).prepare()  # type: ignore[arg-type]


def _signature(
    request: requests.PreparedRequest, secrets: list[tuple[str, str]], **kw: object
) -> Signature:
    return signature_of(
        request.method or "GET",
        request.url or "",
        request.body,
        request.headers.get("Content-Type", ""),
        secrets=secrets,
        **kw,  # type: ignore[arg-type]
    )


def test_a_file_parameter_named_sensitive_is_masked_and_learnt() -> None:
    secrets: list[tuple[str, str]] = []
    request = _prepared(
        "POST",
        "http://h/job/a/buildWithParameters",
        data={"TARGET": "prod"},
        files={"KEYSTORE": ("ks.p12", b"keystore-content-123")},
    )
    signature = _signature(request, secrets, sensitive=frozenset({"keystore"}))
    assert signature.body is not None
    parts = signature.body["multipart"]
    assert {
        "name": "KEYSTORE",
        "filename": "ks.p12",
        "content": {"text": SENSITIVE_PLACEHOLDER},
    } in (parts)
    assert ("secret", "keystore-content-123") in secrets
    assert "keystore-content-123" not in json.dumps(parts)


@pytest.mark.parametrize("name", ["DB_PASSWORD", "api_key", "AWS_SECRET", "GH_TOKEN", "session"])
def test_names_the_policy_calls_sensitive_are_masked_without_being_declared(name: str) -> None:
    secrets: list[tuple[str, str]] = []
    request = _prepared("POST", f"http://h/x?{name}=q-value", data={name: "f-value", "X": "1"})
    signature = _signature(request, secrets)
    text = json.dumps([signature.query, signature.body])
    assert "q-value" not in text and "f-value" not in text and '"1"' in text
    assert sorted(v for _, v in secrets) == ["f-value", "q-value"]


def test_a_json_body_too_deep_is_kept_as_text() -> None:
    deep = "[" * 10_000 + "]" * 10_000
    request = _prepared(
        "POST", "http://h/x", data=deep, headers={"Content-Type": "application/json"}
    )
    signature = _signature(request, [])
    assert signature.body == {"text": deep}
    assert len(signature.key) == 64
