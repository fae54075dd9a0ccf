"""Request keys: what is ignored, what is normalised, and how mismatches are explained."""

from __future__ import annotations

import json

import pytest
import requests

from jenkins_sdk.simulation.key import (
    SENSITIVE_PLACEHOLDER,
    Signature,
    base_path_of,
    match_body,
    match_query,
    mismatches,
    signature_of,
)


def prepared(method: str, url: str, **kwargs: object) -> requests.PreparedRequest:
    return requests.Request(method, url, **kwargs).prepare()  # type: ignore[arg-type]


def sig(request: requests.PreparedRequest, base_url: str | None = None, **kw: object) -> Signature:
    return signature_of(
        request.method or "GET",
        request.url or "",
        request.body,
        request.headers.get("Content-Type", ""),
        base_path=base_path_of(base_url),
        **kw,  # type: ignore[arg-type]
    )


def test_host_port_auth_cookies_crumb_and_agent_are_ignored() -> None:
    a = prepared(
        "GET",
        "http://127.0.0.1:1234/job/a/api/json?tree=x",
        auth=("u", "p"),
        cookies={"JSESSIONID.x": "1"},
        headers={"Jenkins-Crumb": "c1", "User-Agent": "one"},
    )
    b = prepared(
        "get",
        "https://ci.example.com:8443/job/a/api/json?tree=x",
        headers={"Jenkins-Crumb": "c2", "User-Agent": "two"},
    )
    assert sig(a).key == sig(b).key


def test_base_path_is_stripped_so_context_paths_replay_anywhere() -> None:
    under_ctx = prepared("GET", "http://h:1/jenkins/job/a/api/json")
    at_root = prepared("GET", "http://other:2/job/a/api/json")
    assert sig(under_ctx, "http://h:1/jenkins/").path == "/job/a/api/json"
    assert sig(under_ctx, "http://h:1/jenkins/").key == sig(at_root, "http://other:2/").key
    # Without a base URL the full path is kept.
    assert sig(under_ctx).path == "/jenkins/job/a/api/json"
    # A prefix that is not a whole segment is not stripped.
    assert sig(prepared("GET", "http://h/jenkinsx/a"), "http://h/jenkins").path == "/jenkinsx/a"


def test_query_order_does_not_matter_but_values_do() -> None:
    one = sig(prepared("GET", "http://h/x?b=2&a=1"))
    two = sig(prepared("GET", "http://h/x?a=1&b=2"))
    three = sig(prepared("GET", "http://h/x?a=1&b=3"))
    assert one.key == two.key != three.key
    assert one.query == (("a", "1"), ("b", "2"))


def test_form_fields_are_sorted_and_crumb_fields_dropped() -> None:
    one = sig(prepared("POST", "http://h/x", data={"b": "2", "a": "1", "Jenkins-Crumb": "c"}))
    two = sig(prepared("POST", "http://h/x", data={"a": "1", "b": "2"}))
    assert one.key == two.key
    assert one.body == {"form": [["a", "1"], ["b", "2"]]}


def test_json_form_field_and_json_bodies_are_canonical() -> None:
    one = sig(prepared("POST", "http://h/build", data={"json": '{"b": 1, "a": [2]}'}))
    two = sig(prepared("POST", "http://h/build", data={"json": '{"a":[2],"b":1}'}))
    assert one.key == two.key
    three = sig(prepared("POST", "http://h/x", json={"z": 1, "y": {"b": 2, "a": 1}}))
    four = sig(
        prepared(
            "POST",
            "http://h/x",
            data=json.dumps({"y": {"a": 1, "b": 2}, "z": 1}),
            headers={"Content-Type": "application/json"},
        )
    )
    assert three.key == four.key


def test_multipart_is_normalised_by_field_filename_and_content() -> None:
    files_one = {"file0": ("a.txt", b"alpha"), "file1": ("b.bin", b"\xff\x00")}
    files_two = {"file1": ("b.bin", b"\xff\x00"), "file0": ("a.txt", b"alpha")}
    one = sig(prepared("POST", "http://h/x", files=files_one, data={"k": "v"}))
    two = sig(prepared("POST", "http://h/x", files=files_two, data={"k": "v"}))
    assert one.key == two.key  # boundaries and part order differ
    assert one.body is not None
    parts = one.body["multipart"]
    assert {"name": "file0", "filename": "a.txt", "content": {"text": "alpha"}} in parts
    assert {"name": "file1", "filename": "b.bin", "content": {"base64": "/wA="}} in parts
    other = sig(prepared("POST", "http://h/x", files={"file0": ("a.txt", b"beta")}))
    assert other.key != one.key


def test_sensitive_values_are_hidden_everywhere_and_reported() -> None:
    secrets: list[tuple[str, str]] = []
    request = prepared(
        "POST",
        "http://h/job/a/buildWithParameters?token=tok-123&X=1",
        data={
            "json": json.dumps({"parameter": [{"name": "PASS", "value": "pw-1"}]}),
            "PASS": "pw-2",
        },
    )
    signature = sig(request, sensitive=frozenset({"token", "pass"}), secrets=secrets)
    text = json.dumps([signature.query, signature.body])
    assert "tok-123" not in text and "pw-1" not in text and "pw-2" not in text
    assert text.count(SENSITIVE_PLACEHOLDER) == 3
    assert sorted(secrets) == [("secret", "pw-1"), ("secret", "pw-2"), ("secret", "tok-123")]


def test_unreadable_streamed_body_gets_a_stable_marker() -> None:
    signature = signature_of("POST", "http://h/x", iter([b"a"]), "")  # type: ignore[arg-type]
    assert signature.body == {"stream": "unreadable streamed body"}


@pytest.mark.parametrize(
    ("other_url", "reason"),
    [
        ("http://h/x?a=2", "query differs (a: '1' != '2')"),
        ("http://h/y?a=1", "path '/x' != '/y'"),
    ],
    ids=["query", "path"],
)
def test_matchers_explain_the_difference(other_url: str, reason: str) -> None:
    recorded = sig(prepared("GET", "http://h/x?a=1"))
    assert mismatches(recorded, sig(prepared("GET", other_url))) == [reason]


def test_method_and_body_matchers() -> None:
    recorded = sig(prepared("POST", "http://h/x", data={"a": "1"}))
    request = sig(prepared("PUT", "http://h/x", data={"a": "2"}))
    reasons = mismatches(recorded, request)
    assert reasons[0] == "method POST != PUT"
    assert reasons[1].startswith("body ")
    assert match_body(recorded, recorded) is None and match_query(recorded, recorded) is None
