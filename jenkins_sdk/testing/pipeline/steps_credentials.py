"""``withCredentials`` and its bindings, over the emulator's credentials store
(credentials-binding ``BindingStep``, ``MultiBinding.getCredentials``, ``StringBinding``,
``UsernamePasswordMultiBinding``, ``UsernamePasswordBinding``, ``FileBinding``; credentials
``CredentialsProvider.findCredentialById``).

``withCredentials([string(credentialsId: 'tok', variable: 'T')]) { sh 'curl -H "X: $T" ...' }``
looks the credential up in the job's folders' stores (innermost first) and the system store,
prints ``Masking supported pattern matches of $T``, runs the body with the variables set, and
masks the secrets in what the body's steps print (``****``). A missing credential fails the
step with ``Could not find credentials entry with ID 'x'``; one of another type with
``Credentials 'x' is of type 'A' where 'B' was expected``.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from jenkins_sdk.testing.pipeline.errors import AbortError
from jenkins_sdk.testing.pipeline.interp import Ctx, Interp, Invocation
from jenkins_sdk.testing.pipeline.runtime import Gen
from jenkins_sdk.testing.pipeline.steps_common import block_step, closure_body, ws_root
from jenkins_sdk.testing.pipeline.values import to_str
from jenkins_sdk.testing.state.credentials import CredentialStore, secret_value, type_name

_USERPASS = "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl"
_STRING = "org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl"
_FILE = "org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl"
#: Binding symbol -> (credential class it needs, the name of that type).
_EXPECTS = {
    "string": (_STRING, "Secret text"),
    "usernamePassword": (_USERPASS, "Username with password"),
    "usernameColonPassword": (_USERPASS, "Username with password"),
    "file": (_FILE, "Secret file"),
}


@dataclass
class Binding:
    """A binding describable (``string(credentialsId: ..., variable: ...)``)."""

    kind: str
    named: dict[str, Any] = field(default_factory=dict)
    java_class = "org.jenkinsci.plugins.credentialsbinding.MultiBinding"


def binding(interp: Interp, inv: Invocation) -> Gen:
    """A binding symbol's value (no flow node)."""
    return Binding(inv.name, dict(inv.named))
    yield  # pragma: no cover


def find_credential(interp: Interp, cred_id: str) -> ET.Element | None:
    """``CredentialsProvider.findCredentialById``: the job's folders (innermost first), then the
    system store; every domain of each."""
    store = interp.run.state.store(CredentialStore)
    segments = interp.run.build.job.segments[:-1]
    contexts = ["/".join(segments[:n]) for n in range(len(segments), 0, -1)] + [""]
    for context in contexts:
        if context not in store.stores:
            continue
        for domain in store.stores[context].values():
            found = domain.credentials.get(cred_id)
            if found is not None:
                return found
    return None


def _credential(interp: Interp, kind: str, cred_id: str) -> ET.Element:
    element = find_credential(interp, cred_id)
    if element is None:
        raise AbortError(f"Could not find credentials entry with ID '{cred_id}'")
    wanted, wanted_name = _EXPECTS[kind]
    if element.tag != wanted:
        raise AbortError(
            f"Credentials '{cred_id}' is of type '{type_name(element)}' where '{wanted_name}' "
            "was expected"
        )
    return element


def _secret(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return (secret_value(found) or "") if found is not None else ""


def bind(interp: Interp, ctx: Ctx, item: Binding) -> tuple[list[tuple[str, str]], list[str]]:
    """``MultiBinding.bind``: the variables a binding sets and which of them are secret."""
    named = item.named
    element = _credential(interp, item.kind, to_str(named.get("credentialsId", "")))
    if item.kind == "string":
        var = to_str(named.get("variable", ""))
        return [(var, _secret(element, "secret"))], [var]
    user, password = element.findtext("username") or "", _secret(element, "password")
    if item.kind == "usernameColonPassword":
        var = to_str(named.get("variable", ""))
        return [(var, f"{user}:{password}")], [var]
    if item.kind == "usernamePassword":
        user_var = to_str(named.get("usernameVariable", ""))
        pass_var = to_str(named.get("passwordVariable", ""))
        user_secret = (element.findtext("usernameSecret") or "").strip() == "true"
        return [(user_var, user), (pass_var, password)], [user_var] * user_secret + [pass_var]
    var = to_str(named.get("variable", ""))  # file: a path in the workspace's @tmp
    digest = hashlib.sha256(f"{interp.run.build.number}:{var}".encode()).hexdigest()[:8]
    name = element.findtext("fileName") or "secret"
    return [(var, f"{ws_root(interp, ctx)}@tmp/secretFiles/{digest}/{name}")], [var]


def env_bindings(interp: Interp, name: str, cred_id: str) -> list[Binding]:
    """Declarative ``environment { NAME = credentials('id') }`` (pipeline-model-definition
    ``CredentialsBindingHandler.forId`` and its handlers): secret text binds ``NAME``, a
    username/password ``NAME`` (``user:password``), ``NAME_USR`` and ``NAME_PSW``, a secret file
    ``NAME`` (its path)."""
    element = find_credential(interp, cred_id)
    if element is None:
        raise AbortError(cred_id)  # CredentialNotFoundException(id)
    base = {"credentialsId": cred_id}
    if element.tag == _STRING:
        return [Binding("string", {**base, "variable": name})]
    if element.tag == _FILE:
        return [Binding("file", {**base, "variable": name})]
    if element.tag == _USERPASS:
        pair = {"usernameVariable": f"{name}_USR", "passwordVariable": f"{name}_PSW"}
        colon = Binding("usernameColonPassword", {**base, "variable": name})
        return [colon, Binding("usernamePassword", {**base, **pair})]
    supported = "StringCredentialsImpl,UsernamePasswordCredentialsImpl,FileCredentialsImpl"
    raise AbortError(
        f"No suitable binding handler could be found for type {element.tag}. "
        f"Supported types are {supported}."
    )


def with_credentials(interp: Interp, inv: Invocation) -> Gen:
    """``withCredentials([bindings]) { }``."""
    given = inv.arg("bindings") or []
    items = [b for b in (given if isinstance(given, list) else [given]) if isinstance(b, Binding)]
    body = closure_body(interp, inv)
    pairs: list[tuple[str, str]] = []
    secret_names: list[str] = []

    def announce(_start: Any) -> None:
        for item in items:
            bound, secret = bind(interp, inv.ctx, item)
            pairs.extend(bound)
            secret_names.extend(secret)
        if secret_names:
            shown = " or ".join(f"${name}" for name in secret_names)
            interp.run.flow.line(f"Masking supported pattern matches of {shown}")

    def run(ctx: Ctx) -> Gen:
        values = dict(pairs)
        ctx.parent.masks = tuple(values[n] for n in secret_names if values.get(n))
        return (yield from body(ctx.with_env(pairs)))

    return (yield from block_step(interp, inv, run, before=announce))


#: Binding symbols (``string`` is shared with the parameter definition: steps_params.symbol).
BINDINGS = ("file", "usernameColonPassword", "usernamePassword")
STEPS = {"withCredentials": with_credentials, **{name: binding for name in BINDINGS}}
