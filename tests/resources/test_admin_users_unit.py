"""Unit tests (responses) for ``client.users``: tokens (``ApiTokenProperty.DescriptorImpl``
``generateNewToken``/``revoke``, the token page) and the user lists (docs/protocol-admin.md §4)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from jenkins_sdk import errors
from jenkins_sdk.client import JenkinsClient
from jenkins_sdk.resources.users import UserOperations
from tests.resources._helpers import BASE, form, sent

TOKENS = "descriptorByName/jenkins.security.ApiTokenProperty/"
VALUE = "11" + "ab" * 16


@pytest.fixture
def users() -> Iterator[UserOperations]:
    with JenkinsClient(url=BASE, username="alice", api_token="t0k3n") as c:
        yield c.users


def test_create_token_posts_the_name_and_masks_the_value(
    mocked: responses.RequestsMock, users: UserOperations
) -> None:
    data = {"tokenUuid": "u-1", "tokenName": "ci", "tokenValue": VALUE, "expirationDate": "never"}
    mocked.post(BASE + "me/" + TOKENS + "generateNewToken", json={"status": "ok", "data": data})
    token = users.create_token("ci")
    assert (token.uuid, token.name, token.value) == ("u-1", "ci", VALUE)
    assert VALUE not in repr(token) and "********" in repr(token)
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert form(post.body) == {"newTokenName": ["ci"]}


def test_create_token_for_another_user_and_refusals(
    mocked: responses.RequestsMock, users: UserOperations
) -> None:
    url = BASE + "user/bob/" + TOKENS + "generateNewToken"
    mocked.post(url, status=403)
    with pytest.raises(errors.Forbidden):
        users.create_token("x", user="bob")
    mocked.post(
        BASE + "me/" + TOKENS + "generateNewToken", json={"status": "error", "message": "no"}
    )
    with pytest.raises(errors.UnexpectedResponse, match="refused: no"):
        users.create_token("x")


def test_tokens_come_from_the_security_page_or_configure(
    mocked: responses.RequestsMock, users: UserOperations
) -> None:
    card = "<div class='token-card' id='u-1'><span class='token-name'>ci</span></div>"
    mocked.get(BASE + "user/bob/security/", body=card, content_type="text/html")
    assert [(t.uuid, t.name, t.value) for t in users.tokens(user="bob")] == [("u-1", "ci", None)]
    old = "<input name='tokenUuid' value='u-2'/><input class='token-name' value='old'/>"
    mocked.get(BASE + "me/security/", status=404)
    mocked.get(BASE + "me/configure", body=old, content_type="text/html")
    assert [t.uuid for t in users.tokens()] == ["u-2"]


def test_revoke_token(mocked: responses.RequestsMock, users: UserOperations) -> None:
    mocked.post(BASE + "user/bob/" + TOKENS + "revoke", status=200)
    users.revoke_token("u-1", user="bob")
    post = next(c.request for c in mocked.calls if c.request.method == "POST")
    assert form(post.body) == {"tokenUuid": ["u-1"]}
    with pytest.raises(errors.InvalidRef):
        users.revoke_token(" ")


def test_list_get_me(mocked: responses.RequestsMock, users: UserOperations) -> None:
    mocked.get(BASE + "asynchPeople/api/json", status=404)
    people = (
        "<table id='people'><tr><td></td><td><a href='/ctx/user/bob/'>bob</a></td>"
        "<td>Bob B</td></tr></table>"
    )
    mocked.get(BASE + "securityRealm/", body=people, content_type="text/html")
    assert [(u.id, u.full_name) for u in users.list()] == [("bob", "Bob B")]
    mocked.get(BASE + "user/bob/api/json", json={"id": "bob", "fullName": "Bob B"})
    mocked.get(BASE + "me/api/json", json={"id": "alice", "fullName": "Alice"})
    assert users.get("bob").full_name == "Bob B" and users.me().id == "alice"
    assert sent(mocked)[0][2] == {"tree": ["users[user[id,fullName,absoluteUrl,description]]"]}


def test_list_from_the_people_view_plugin(
    mocked: responses.RequestsMock, users: UserOperations
) -> None:
    entries = [{"user": {"id": "a", "fullName": "A"}}, {"user": {"id": "b", "fullName": "B"}}]
    mocked.get(BASE + "asynchPeople/api/json", json={"users": entries})
    assert [u.id for u in users.list()] == ["a", "b"]
