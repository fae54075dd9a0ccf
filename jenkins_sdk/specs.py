"""Typed inputs for administration: credentials to store and how an agent is launched.

Each spec is a frozen attrs value that renders the XML Jenkins expects (``to_xml()``); the client
posts it, so nothing else ever builds that XML by hand. Secret fields (passwords, secret text,
private keys, passphrases, file contents) are masked in ``repr`` and never logged.

Credentials (the XML the credentials, plain-credentials and ssh-credentials plugins read; see
``docs/protocol-admin.md`` section 6)::

    UsernamePassword("deployer", "bob", password)
    SecretText("slack-token", secret)
    SSHPrivateKey("agent-key", "jenkins", private_key, passphrase=None)
    SecretFile("kubeconfig", "config", content)

A value Jenkins could not take (an empty id, a port out of range...) is refused at once with
:class:`~jenkins_sdk.errors.InvalidRef` (also a ``ValueError``).

Agent launchers (``hudson.slaves.JNLPLauncher``, ssh-slaves' ``SSHLauncher``)::

    InboundLauncher()                                   # the agent connects to Jenkins
    SSHLauncher("10.0.0.5", credentials_id="agent-key") # Jenkins connects over SSH
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Literal, TypeAlias
from xml.sax.saxutils import escape

import attrs

from jenkins_sdk import errors

__all__ = [
    "MASK",
    "CredentialSpec",
    "InboundLauncher",
    "Launcher",
    "SSHLauncher",
    "SSHPrivateKey",
    "SecretFile",
    "SecretText",
    "UsernamePassword",
    "list_view_xml",
    "node_form",
    "node_xml",
]

#: What ``repr()`` shows instead of a secret.
MASK = "********"

Scope = Literal["GLOBAL", "SYSTEM"]
HostKeyVerification = Literal["known_hosts", "manually_trusted", "non_verifying"]


def _masked(value: object) -> str:
    """``repr`` of a secret field: the mask, or ``None`` when there is no secret."""
    return "None" if value is None else repr(MASK)


def _check_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """A credential id must be a non-empty string without surrounding blanks."""
    if not isinstance(value, str) or not value or value.strip() != value:
        raise errors.InvalidRef(
            f"{attribute.name} must be a non-empty string without surrounding blanks"
        )


def _check_scope(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in ("GLOBAL", "SYSTEM"):
        raise errors.InvalidRef("scope must be 'GLOBAL' or 'SYSTEM'")


def _el(tag: str, value: str) -> str:
    """``<tag>value</tag>`` with the value escaped for XML text (a carriage return too, which
    an XML parser would otherwise turn into a line feed)."""
    return f"<{tag}>{escape(value, {chr(13): '&#13;'})}</{tag}>"


def _credential_xml(java_class: str, cred: CredentialSpec, fields: str) -> str:
    """A standard credential's XML: one element named after its Java class, holding ``scope``,
    ``id`` and ``description`` (what every standard credential starts with), then ``fields``."""
    common = _el("scope", cred.scope) + _el("id", cred.id) + _el("description", cred.description)
    return f"<{java_class}>{common}{fields}</{java_class}>"


@attrs.frozen
class UsernamePassword:
    """A username with a password (``UsernamePasswordCredentialsImpl``)."""

    id: str = attrs.field(validator=_check_id)
    username: str
    password: str = attrs.field(repr=_masked)
    description: str = ""
    scope: Scope = attrs.field(default="GLOBAL", kw_only=True, validator=_check_scope)

    type_name = "Username with password"

    def to_xml(self) -> str:
        """The credential's XML as ``createCredentials`` and ``config.xml`` accept it."""
        return _credential_xml(
            "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl",
            self,
            _el("username", self.username)
            + _el("password", self.password)
            + _el("usernameSecret", "false"),
        )


@attrs.frozen
class SecretText:
    """A secret string, e.g. an API token for another service (``StringCredentialsImpl``)."""

    id: str = attrs.field(validator=_check_id)
    secret: str = attrs.field(repr=_masked)
    description: str = ""
    scope: Scope = attrs.field(default="GLOBAL", kw_only=True, validator=_check_scope)

    type_name = "Secret text"

    def to_xml(self) -> str:
        """The credential's XML as ``createCredentials`` and ``config.xml`` accept it."""
        return _credential_xml(
            "org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl",
            self,
            _el("secret", self.secret),
        )


@attrs.frozen
class SSHPrivateKey:
    """An SSH username with a private key entered directly (``BasicSSHUserPrivateKey``)."""

    id: str = attrs.field(validator=_check_id)
    username: str
    private_key: str = attrs.field(repr=_masked)
    passphrase: str | None = attrs.field(default=None, repr=_masked)
    description: str = ""
    scope: Scope = attrs.field(default="GLOBAL", kw_only=True, validator=_check_scope)

    type_name = "SSH Username with private key"

    def to_xml(self) -> str:
        """The credential's XML as ``createCredentials`` and ``config.xml`` accept it."""
        source = (
            '<privateKeySource class="com.cloudbees.jenkins.plugins.sshcredentials.impl.'
            'BasicSSHUserPrivateKey$DirectEntryPrivateKeySource">'
            + _el("privateKey", self.private_key)
            + "</privateKeySource>"
        )
        passphrase = _el("passphrase", self.passphrase) if self.passphrase is not None else ""
        return _credential_xml(
            "com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey",
            self,
            _el("username", self.username) + _el("usernameSecret", "false") + source + passphrase,
        )


def _to_bytes(value: bytes | str) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


@attrs.frozen
class SecretFile:
    """A secret file (``FileCredentialsImpl``): ``content`` is uploaded, ``filename`` is its name
    in the build's workspace. A ``str`` content is encoded as UTF-8."""

    id: str = attrs.field(validator=_check_id)
    filename: str
    content: bytes = attrs.field(converter=_to_bytes, repr=_masked)
    description: str = ""
    scope: Scope = attrs.field(default="GLOBAL", kw_only=True, validator=_check_scope)

    type_name = "Secret file"

    def to_xml(self) -> str:
        """The credential's XML; the content travels as the base64 of its bytes
        (``SecretBytes.fromString`` reads any non-ciphertext value that way)."""
        data = base64.b64encode(self.content).decode("ascii")
        return _credential_xml(
            "org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl",
            self,
            _el("fileName", self.filename) + _el("secretBytes", data),
        )


#: Any typed credential the client can create or update.
CredentialSpec: TypeAlias = UsernamePassword | SecretText | SSHPrivateKey | SecretFile


# ----------------------------------------------------------------------------- launchers
@attrs.frozen
class InboundLauncher:
    """An inbound agent (``hudson.slaves.JNLPLauncher``): the agent process connects to Jenkins
    with the node's secret (``client.nodes.agent_secret(name)``); Jenkins never dials out.

    ``web_socket=True`` lets the agent connect over the HTTP port (no TCP agent port needed).
    """

    web_socket: bool = False

    def to_xml(self) -> str:
        """The ``<launcher>`` element of the node's config.xml."""
        if not self.web_socket:
            return '<launcher class="hudson.slaves.JNLPLauncher"/>'
        return '<launcher class="hudson.slaves.JNLPLauncher"><webSocket>true</webSocket></launcher>'

    def to_form(self) -> dict[str, object]:
        """The ``launcher`` of the agent form's ``json`` (``JNLPLauncher`` data binding)."""
        return _bound("hudson.slaves.JNLPLauncher", webSocket=self.web_socket)


_HOST_KEY_CLASSES = {
    "known_hosts": "KnownHostsFileKeyVerificationStrategy",
    "manually_trusted": "ManuallyTrustedKeyVerificationStrategy",
    "non_verifying": "NonVerifyingKeyVerificationStrategy",
}


def _check_port(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
        raise errors.InvalidRef("port must be an integer from 1 to 65535")


def _check_host_key(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in _HOST_KEY_CLASSES:
        raise errors.InvalidRef(f"host_key_verification must be one of {sorted(_HOST_KEY_CLASSES)}")


@attrs.frozen
class SSHLauncher:
    """Jenkins starts the agent over SSH (the ssh-slaves plugin's ``SSHLauncher``).

    ``credentials_id`` names an SSH username credential (e.g. an :class:`SSHPrivateKey`).
    ``host_key_verification`` picks how the host key is checked: the controller's
    ``known_hosts`` file (the default), trust on first use (``manually_trusted``), or not at all
    (``non_verifying``).
    """

    host: str
    port: int = attrs.field(default=22, validator=_check_port)
    credentials_id: str | None = None
    java_path: str | None = attrs.field(default=None, kw_only=True)
    jvm_options: str | None = attrs.field(default=None, kw_only=True)
    host_key_verification: HostKeyVerification = attrs.field(
        default="known_hosts", kw_only=True, validator=_check_host_key
    )
    launch_timeout_seconds: int = attrs.field(default=60, kw_only=True)
    max_retries: int = attrs.field(default=10, kw_only=True)
    retry_wait_seconds: int = attrs.field(default=15, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not self.host or self.host.strip() != self.host:
            raise errors.InvalidRef("host must be a non-empty string without surrounding blanks")

    def to_xml(self) -> str:
        """The ``<launcher>`` element of the node's config.xml."""
        strategy = _HOST_KEY_CLASSES[self.host_key_verification]
        parts = [
            _el("host", self.host),
            _el("port", str(self.port)),
            _el("credentialsId", self.credentials_id or ""),
        ]
        if self.java_path:
            parts.append(_el("javaPath", self.java_path))
        if self.jvm_options:
            parts.append(_el("jvmOptions", self.jvm_options))
        parts += [
            _el("launchTimeoutSeconds", str(self.launch_timeout_seconds)),
            _el("maxNumRetries", str(self.max_retries)),
            _el("retryWaitTime", str(self.retry_wait_seconds)),
            _el("tcpNoDelay", "true"),
        ]
        inner = ""
        if self.host_key_verification == "manually_trusted":
            inner = "<requireInitialManualTrust>false</requireInitialManualTrust>"
        parts.append(
            '<sshHostKeyVerificationStrategy class="hudson.plugins.sshslaves.verifiers.'
            f'{strategy}">{inner}</sshHostKeyVerificationStrategy>'
        )
        return (
            '<launcher class="hudson.plugins.sshslaves.SSHLauncher">'
            + "".join(parts)
            + "</launcher>"
        )

    def to_form(self) -> dict[str, object]:
        """The ``launcher`` of the agent form's ``json`` (``SSHLauncher``'s constructor and
        setters; the host key strategy as a nested bound object)."""
        strategy = (
            "hudson.plugins.sshslaves.verifiers." + _HOST_KEY_CLASSES[self.host_key_verification]
        )
        extra = {"requireInitialManualTrust": False} if "Manually" in strategy else {}
        return _bound(
            "hudson.plugins.sshslaves.SSHLauncher",
            host=self.host,
            port=self.port,
            credentialsId=self.credentials_id or "",
            javaPath=self.java_path or "",
            jvmOptions=self.jvm_options or "",
            launchTimeoutSeconds=self.launch_timeout_seconds,
            maxNumRetries=self.max_retries,
            retryWaitTime=self.retry_wait_seconds,
            tcpNoDelay=True,
            sshHostKeyVerificationStrategy=_bound(strategy, **extra),
        )


def _bound(cls: str, **fields: object) -> dict[str, object]:
    """A form object stapler binds to ``cls`` (``stapler-class``; ``$class`` for newer cores)."""
    return {"stapler-class": cls, "$class": cls, **fields}


#: Any launcher a new node can be created with.
Launcher: TypeAlias = InboundLauncher | SSHLauncher


def node_xml(
    name: str,
    *,
    executors: int,
    remote_fs: str,
    labels: Iterable[str],
    description: str,
    mode: str,
    launcher: Launcher,
) -> str:
    """The config.xml of a permanent agent (``<slave>``, i.e. ``hudson.slaves.DumbSlave``)."""
    label_list = _node_checks(executors, mode, labels)
    return (
        "<slave>"
        + _el("name", name)
        + _el("description", description)
        + _el("remoteFS", remote_fs)
        + _el("numExecutors", str(executors))
        + _el("mode", mode)
        + '<retentionStrategy class="hudson.slaves.RetentionStrategy$Always"/>'
        + launcher.to_xml()
        + _el("label", " ".join(label_list))
        + "<nodeProperties/>"
        + "</slave>"
    )


def node_form(
    name: str,
    *,
    executors: int,
    remote_fs: str,
    labels: Iterable[str],
    description: str,
    mode: str,
    launcher: Launcher,
) -> dict[str, object]:
    """The ``json`` form field of ``computer/doCreateItem`` for a permanent agent (what the
    "New node" page posts; ``ComputerSet.doDoCreateItem`` binds it to a ``DumbSlave``)."""
    label_list = _node_checks(executors, mode, labels)
    return {
        "name": name,
        "nodeDescription": description,
        "numExecutors": executors,
        "remoteFS": remote_fs,
        "labelString": " ".join(label_list),
        "mode": mode,
        "launcher": launcher.to_form(),
        "retentionStrategy": _bound("hudson.slaves.RetentionStrategy$Always"),
        "nodeProperties": {"stapler-class-bag": "true"},
    }


def _node_checks(executors: int, mode: str, labels: Iterable[str]) -> list[str]:
    """Refuse what Jenkins could not take; return the labels, stripped."""
    if isinstance(executors, bool) or not isinstance(executors, int) or executors < 1:
        raise errors.InvalidRef("executors must be an integer >= 1")
    if mode not in ("NORMAL", "EXCLUSIVE"):
        raise errors.InvalidRef("mode must be 'NORMAL' or 'EXCLUSIVE'")
    label_list = [label.strip() for label in labels]
    if any(not label or any(c.isspace() for c in label) for label in label_list):
        raise errors.InvalidRef("labels must be non-empty words without blanks")
    return label_list


def list_view_xml(name: str, jobs: Iterable[str] = (), regex: str | None = None) -> str:
    """The config.xml of a list view (``hudson.model.ListView``) showing ``jobs`` (names relative
    to the view's owner; ``folder/job`` reaches into a sub-folder) and those matching ``regex``."""
    names = sorted({job.strip("/") for job in jobs}, key=str.lower)
    if any(not job for job in names):
        raise errors.InvalidRef("job names cannot be empty")
    recurse = any("/" in job for job in names)
    strings = "".join(_el("string", job) for job in names)
    columns = "".join(
        f"<hudson.views.{col}Column/>"
        for col in ("Status", "Weather", "Job", "LastSuccess", "LastFailure", "LastDuration")
    )
    return (
        "<hudson.model.ListView>"
        + _el("name", name)
        + "<filterExecutors>false</filterExecutors><filterQueue>false</filterQueue>"
        + '<properties class="hudson.model.View$PropertyList"/>'
        + '<jobNames><comparator class="java.lang.String$CaseInsensitiveComparator"/>'
        + strings
        + "</jobNames><jobFilters/>"
        + f"<columns>{columns}<hudson.views.BuildButtonColumn/></columns>"
        + (_el("includeRegex", regex) if regex else "")
        + _el("recurse", "true" if recurse else "false")
        + "</hudson.model.ListView>"
    )
