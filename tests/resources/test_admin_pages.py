"""The HTML lists Jenkins has no JSON for: API tokens and the users of its own database.

Fixtures follow the markup of ``core/src/main/resources/jenkins/security/ApiTokenProperty/
config.jelly`` in its three forms (before 2.505: hidden ``tokenUuid`` inputs; 2.505: a table with
``data-token-uuid``; 2.506+: ``token-card`` divs) and ``hudson/security/HudsonPrivateSecurityRealm/
index.jelly`` (the ``people`` table).
"""

from __future__ import annotations

from jenkins_sdk.resources._admin_pages import parse_security_realm_users, parse_token_list

CARDS = (
    "<div id='api-token-list'>"
    "<div class='token-card legacy-token' id='u-1'><div class='token-card-inner'>"
    "<div class='token-card__title legacy-token'><span class='token-name'>Legacy &amp; old</span>"
    "</div><div class='token-stats'><span class='token-creation'>x</span></div></div></div>"
    "<div class='token-card' id='u-2'><span class='token-name'> <b>ci</b> </span></div></div>"
)
TABLE = (
    "<table><tbody><tr class='' data-token-uuid='u-3'><td><div class='token-name-container'>"
    "<span class='token-name'>deploy</span></div></td><td>never</td></tr></tbody></table>"
)
INPUTS = (
    "<div class='token-list'><div class='token-list-item'>"
    "<input type='hidden' class='token-uuid-input' name='tokenUuid' value='u-4'/>"
    "<input name='tokenName' class='jenkins-input token-name' value='old-bot' type='text'/>"
    "</div><div class='token-list-new-item'>"
    "<input type='hidden' class='token-uuid-input' name='tokenUuid' value=''/>"
    "<input name='tokenName' class='token-name' placeholder='Default name'/></div></div>"
)


def test_token_cards() -> None:
    assert parse_token_list(CARDS) == [("u-1", "Legacy & old"), ("u-2", "ci")]


def test_token_table_rows() -> None:
    assert parse_token_list(TABLE) == [("u-3", "deploy")]


def test_token_inputs_skip_the_empty_template_row() -> None:
    assert parse_token_list(INPUTS) == [("u-4", "old-bot")]


def test_no_tokens() -> None:
    assert parse_token_list("<div class='token-list-empty-item'>No tokens</div>") == []


def test_people_table() -> None:
    page = (
        "<table class='jenkins-table sortable' id='people'><thead><tr><th/><th>Username</th>"
        "</tr></thead><tbody>"
        "<tr><td><div><img src='a.png'/></div></td><td><a href='/jenkins/user/alice/'>alice</a>"
        "</td><td>\n  Alice   Liddell </td>"
        "<td><a href='/jenkins/user/alice/account'>s</a></td></tr>"
        "<tr><td></td><td><a href='/user/bob/'>bob</a></td><td></td></tr></tbody></table>"
        "<table><tr><td><a href='/user/not-in-people/'>x</a></td></tr></table>"
    )
    assert parse_security_realm_users(page) == [("alice", "Alice Liddell"), ("bob", "bob")]
