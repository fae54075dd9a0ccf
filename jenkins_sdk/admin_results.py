"""What the administration calls return: credentials as Jenkins lists them (never a secret), API
tokens (the value once, masked in ``repr``), and how plugin installs ended.

Hand-written rather than generated: an API token's value must never show in a ``repr``, the token
list comes from HTML, and an install result is put together from several update-center jobs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from jenkins_sdk import errors

__all__ = [
    "ApiToken",
    "Credential",
    "CredentialDomain",
    "PluginInstall",
    "PluginInstallResult",
    "PluginUpdate",
]

_MASK = "********"


def _object(data: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise errors.ResponseShapeError(f"{what} is not a JSON object")
    return data


def _text(data: Mapping[str, Any], key: str, what: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise errors.ResponseShapeError(f"{what}: {key!r} is missing or not a string")
    return value


def _optional(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


@attrs.frozen(kw_only=True)
class Credential:
    """A stored credential as the credentials plugin lists it (``CredentialsWrapper``): no secret.

    ``display_name`` is what Jenkins shows instead of the secret (``bob/****** (prod)``);
    ``full_name`` is ``<store>/<domain>/<id>`` (``system/_/deployer``).
    """

    id: str
    type_name: str
    display_name: str
    description: str | None = None
    full_name: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> Credential:
        """From one entry of ``credentials`` in a domain's JSON."""
        data = _object(data, "a credential")
        return cls(
            id=_text(data, "id", "credential"),
            type_name=_optional(data, "typeName") or "",
            display_name=_optional(data, "displayName") or "",
            description=_optional(data, "description"),
            full_name=_optional(data, "fullName"),
        )


@attrs.frozen(kw_only=True)
class CredentialDomain:
    """A credentials domain (``DomainWrapper``); ``name`` is its URL name (``_`` is global)."""

    name: str
    display_name: str
    description: str | None = None
    is_global: bool = False

    @classmethod
    def from_json(cls, data: Any) -> CredentialDomain:
        """From one value of a store's ``domains`` object."""
        data = _object(data, "a credentials domain")
        return cls(
            name=_text(data, "urlName", "credentials domain"),
            display_name=_optional(data, "displayName") or "",
            description=_optional(data, "description"),
            is_global=data.get("global") is True,
        )


def _masked(value: object) -> str:
    return "None" if value is None else repr(_MASK)


@attrs.frozen(kw_only=True)
class ApiToken:
    """An API token of a user. ``value`` is set only when the token was just created (Jenkins
    shows it once and keeps a hash); it is masked in ``repr`` and must be stored by the caller."""

    uuid: str
    name: str
    value: str | None = attrs.field(default=None, repr=_masked)


#: ``UpdateCenter.DownloadJob.InstallationStatus`` types that are a success.
_SUCCESS = frozenset({"Success", "SuccessButRequiresRestart", "Skipped"})
#: Still under way.
_RUNNING = frozenset({"Pending", "Installing"})


@attrs.frozen(kw_only=True)
class PluginInstall:
    """One update-center job: a plugin being (or having been) installed.

    ``status`` is Jenkins' own: ``Pending``, ``Installing``, ``Success``,
    ``SuccessButRequiresRestart``, ``Skipped`` or ``Failure`` (``NotFound`` when the update site
    had no such plugin, or none new enough, so Jenkins scheduled nothing).
    """

    name: str
    version: str | None = None
    status: str = "Pending"
    error: str | None = None

    @property
    def done(self) -> bool:
        """Whether the job has finished (either way)."""
        return self.status not in _RUNNING

    @property
    def ok(self) -> bool:
        """Whether the plugin was installed (now or after a restart)."""
        return self.status in _SUCCESS

    @property
    def requires_restart(self) -> bool:
        """Whether the plugin takes effect only after a restart."""
        return self.status == "SuccessButRequiresRestart"


@attrs.frozen(kw_only=True)
class PluginInstallResult:
    """What ``plugins.install`` did: one :class:`PluginInstall` per plugin asked for (and for
    the dependencies Jenkins added), and whether Jenkins now needs a restart."""

    installs: tuple[PluginInstall, ...] = ()
    restart_required: bool = False

    @property
    def installed(self) -> tuple[PluginInstall, ...]:
        """The installs that succeeded."""
        return tuple(i for i in self.installs if i.ok)

    @property
    def failed(self) -> tuple[PluginInstall, ...]:
        """The installs that finished without success (``Failure``, ``NotFound``)."""
        return tuple(i for i in self.installs if i.done and not i.ok)

    @property
    def done(self) -> bool:
        """Whether every install has finished."""
        return all(i.done for i in self.installs)


@attrs.frozen(kw_only=True)
class PluginUpdate:
    """An installed plugin the update site has a newer version of."""

    name: str
    title: str | None
    installed_version: str | None
    available_version: str
