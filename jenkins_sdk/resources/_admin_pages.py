"""Reading the two administration lists Jenkins only serves as HTML.

* A user's API tokens (``ApiTokenProperty`` is not exported; ``getTokenList()`` is "only for
  Jelly"): the token settings page, ``/user/<id>/security/`` since 2.469 (``/configure`` before),
  in any of the three markups ``jenkins/security/ApiTokenProperty/config.jelly`` has used:
  ``<div class="token-card" id="UUID">`` (2.506+), ``<tr data-token-uuid="UUID">`` (2.505), and
  ``<input name="tokenUuid" value="UUID">`` (before), each followed by the token's
  ``class="token-name"`` element (a ``<span>`` with the name, or an ``<input value="NAME">``).
* The users of Jenkins' own database (``HudsonPrivateSecurityRealm/index.jelly``): the table
  ``id="people"`` at ``/securityRealm/``, one row per user with a link
  ``<a href=".../user/ID/">ID</a>`` and the full name in the next cell.

See ``docs/protocol-admin.md`` section 4.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["parse_security_realm_users", "parse_token_list"]


def _classes(attrs: dict[str, str | None]) -> set[str]:
    return set((attrs.get("class") or "").split())


class _TokenListParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, str]] = []
        self._uuid: str | None = None
        self._name_depth = 0
        self._name: list[str] = []

    def _begin(self, uuid: str | None) -> None:
        self._flush()
        if uuid:
            self._uuid = uuid

    def _flush(self) -> None:
        self._uuid = None
        self._name_depth = 0
        self._name = []

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        classes = _classes(attrs)
        if tag == "div" and "token-card" in classes:
            self._begin(attrs.get("id"))
        elif tag == "tr" and attrs.get("data-token-uuid"):
            self._begin(attrs.get("data-token-uuid"))
        elif tag == "input" and attrs.get("name") == "tokenUuid":
            self._begin(attrs.get("value"))
        elif "token-name" in classes and self._uuid is not None:
            if tag == "input":
                self._emit(attrs.get("value") or "")
            else:
                self._name_depth = 1
                self._name = []
        elif self._name_depth:
            self._name_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self._name_depth:
            self._name_depth -= 1
            if self._name_depth == 0:
                self._emit("".join(self._name).strip())

    def handle_data(self, data: str) -> None:
        if self._name_depth:
            self._name.append(data)

    def _emit(self, name: str) -> None:
        if self._uuid is not None:
            self.tokens.append((self._uuid, name))
        self._flush()


def parse_token_list(html: str) -> list[tuple[str, str]]:
    """The ``(uuid, name)`` of every API token shown on a token settings page, in page order."""
    parser = _TokenListParser()
    parser.feed(html)
    parser.close()
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for uuid, name in parser.tokens:
        if uuid not in seen:
            seen.add(uuid)
            out.append((uuid, name))
    return out


class _PeopleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.users: list[tuple[str, str]] = []
        self._table_depth = 0
        self._cells: list[list[str]] = []
        self._in_cell = False
        self._link_cell: int | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag == "table":
            if self._table_depth or attrs.get("id") == "people":
                self._table_depth += 1
            return
        if not self._table_depth:
            return
        if tag == "tr":
            self._cells, self._link_cell = [], None
        elif tag == "td":
            self._cells.append([])
            self._in_cell = True
        elif tag == "a" and self._link_cell is None and "/user/" in (attrs.get("href") or ""):
            self._link_cell = len(self._cells) - 1

    def handle_endtag(self, tag: str) -> None:
        if not self._table_depth:
            return
        if tag == "table":
            self._table_depth -= 1
        elif tag == "td":
            self._in_cell = False
        elif tag == "tr" and self._link_cell is not None and self._link_cell >= 0:
            user_id = "".join(self._cells[self._link_cell]).strip()
            following = self._cells[self._link_cell + 1 : self._link_cell + 2]
            full = "".join(following[0]).strip() if following else ""
            if user_id:
                self.users.append((user_id, " ".join(full.split()) or user_id))
            self._link_cell = None

    def handle_data(self, data: str) -> None:
        if self._table_depth and self._in_cell and self._cells:
            self._cells[-1].append(data)


def parse_security_realm_users(html: str) -> list[tuple[str, str]]:
    """The ``(id, full name)`` of every user in the ``people`` table of ``/securityRealm/``."""
    parser = _PeopleParser()
    parser.feed(html)
    parser.close()
    return parser.users
