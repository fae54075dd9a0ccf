"""Cheap request and response objects of the emulator's HTTP layer."""

from __future__ import annotations

from collections.abc import Iterable
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs, unquote


class Request:
    """A parsed request. ``segments`` are the raw (still percent-encoded) path segments."""

    def __init__(
        self,
        method: str,
        target: str,
        headers: Any,
        body: bytes,
        client: str,
    ) -> None:
        self.method = method
        self.target = target
        path, _, query = target.partition("?")
        self.raw_path = path
        self.query_string = query
        self.query = parse_qs(query, keep_blank_values=True) if query else {}
        self.headers = headers
        self.body = body
        self.client = client
        self.segments: list[str] = []
        self._form: dict[str, list[str]] | None = None
        self._files: dict[str, tuple[str, bytes]] = {}
        self.cookies: dict[str, str] = {}
        cookie = headers.get("Cookie")
        if cookie:
            for piece in cookie.split(";"):
                k, _, v = piece.strip().partition("=")
                if k:
                    self.cookies[k] = v

    def header(self, name: str) -> str | None:
        """A request header or None."""
        value = self.headers.get(name)
        return None if value is None else str(value)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case."""
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    def _parse_form(self) -> dict[str, list[str]]:
        if self._form is not None:
            return self._form
        form: dict[str, list[str]] = {}
        ctype = self.content_type
        if ctype == "application/x-www-form-urlencoded" and self.body:
            form = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        elif ctype == "multipart/form-data" and self.body:
            head = f"Content-Type: {self.header('Content-Type')}\r\n\r\n".encode("latin-1")
            msg = BytesParser(policy=HTTP).parsebytes(head + self.body)
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if not isinstance(name, str):
                    continue
                payload = part.get_payload(decode=True)
                data = payload if isinstance(payload, bytes) else b""
                filename = part.get_filename()
                if filename is not None:
                    self._files[name] = (filename, data)
                else:
                    form.setdefault(name, []).append(data.decode("utf-8", "replace"))
        self._form = form
        return form

    @property
    def form(self) -> dict[str, list[str]]:
        """Form fields of a urlencoded or multipart body."""
        return self._parse_form()

    @property
    def files(self) -> dict[str, tuple[str, bytes]]:
        """Multipart file fields: name -> (filename, content)."""
        self._parse_form()
        return self._files

    def param(self, name: str) -> str | None:
        """A query or form parameter (query first), like ``req.getParameter``."""
        values = self.query.get(name)
        if values:
            return values[0]
        values = self.form.get(name)
        return values[0] if values else None

    def has_param(self, name: str) -> bool:
        """Whether the query or form has ``name`` (even empty)."""
        return name in self.query or name in self.form

    def all_params(self) -> dict[str, list[str]]:
        """Query and form parameters merged (query first)."""
        merged = {k: list(v) for k, v in self.form.items()}
        for k, v in self.query.items():
            merged[k] = list(v) + merged.get(k, [])
        return merged

    def decoded_segments(self) -> list[str]:
        """Path segments, percent-decoded one by one (``%2F`` stays inside its segment)."""
        return [unquote(s) for s in self.segments]


class Headers:
    """Case-insensitive request headers (repeated headers are joined with ``, ``)."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[str, str] = {}

    def add(self, name: str, value: str) -> None:
        """Add a header line."""
        key = name.lower()
        old = self._items.get(key)
        if old is None:
            self._items[key] = value
        else:
            self._items[key] = old + ("; " if key == "cookie" else ", ") + value

    def get(self, name: str, default: str | None = None) -> str | None:
        """A header value or ``default``."""
        return self._items.get(name.lower(), default)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items


class Response:
    """A response: a small ``body`` or a ``stream`` of chunks (with ``length`` if known)."""

    __slots__ = ("body", "headers", "length", "status", "stream")

    def __init__(
        self,
        status: int = 200,
        body: bytes = b"",
        content_type: str | None = None,
        headers: list[tuple[str, str]] | None = None,
        stream: Iterable[bytes] | None = None,
        length: int | None = None,
    ) -> None:
        self.status = status
        self.body = body
        self.headers: list[tuple[str, str]] = list(headers or [])
        if content_type is not None:
            self.headers.append(("Content-Type", content_type))
        self.stream = stream
        self.length = length

    def header(self, name: str) -> str | None:
        """The first header value named ``name``."""
        low = name.lower()
        for k, v in self.headers:
            if k.lower() == low:
                return v
        return None
