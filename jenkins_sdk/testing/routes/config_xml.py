"""Items from and to config.xml (``hudson.model.Items.load``, ``AbstractItem.doConfigDotXml``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from xml.sax.saxutils import escape

from jenkins_sdk.testing.model import ParamDef
from jenkins_sdk.testing.state import (
    FOLDER,
    FREESTYLE,
    MULTIBRANCH,
    PIPELINE,
    EmulatorError,
    Folder,
    Item,
    Job,
)

# ----------------------------------------------------------------- items from XML
_ROOT_KINDS = {
    "project": FREESTYLE,
    "flow-definition": PIPELINE,
    "com.cloudbees.hudson.plugins.folder.Folder": FOLDER,
    "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject": MULTIBRANCH,
}


_PARAM_TAGS = {
    "hudson.model.StringParameterDefinition": "string",
    "hudson.model.TextParameterDefinition": "text",
    "hudson.model.BooleanParameterDefinition": "boolean",
    "hudson.model.ChoiceParameterDefinition": "choice",
    "hudson.model.PasswordParameterDefinition": "password",
    "hudson.model.FileParameterDefinition": "file",
}


def item_from_xml(name: str, parent: Folder, xml: bytes) -> Item:
    """Build an item from a config.xml body (500 for unknown classes or malformed XML)."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise EmulatorError(500, f"Content is not allowed in prolog. ({exc})") from None
    kind = _ROOT_KINDS.get(root.tag)
    if kind is None:
        raise EmulatorError(
            500, f"com.thoughtworks.xstream.mapper.CannotResolveClassException: {root.tag}"
        )
    item: Item
    item = Folder(name, parent, kind) if kind in (FOLDER, MULTIBRANCH) else Job(name, parent, kind)
    apply_xml(item, root)
    item.config_xml = xml.decode("utf-8", "replace")
    return item


def apply_xml(item: Item, root: ET.Element) -> None:
    """Copy description, disabled flag and parameter definitions from config XML."""
    desc = root.findtext("description")
    item.description = desc if desc is not None else ""
    if isinstance(item, Job):
        item.disabled = (root.findtext("disabled") or "false").strip() == "true"
        item.scm_trigger = any(el.tag == "hudson.triggers.SCMTrigger" for el in root.iter())
        params: list[ParamDef] = []
        for el in root.iter():
            ptype = _PARAM_TAGS.get(el.tag)
            if ptype is None:
                continue
            choices = [c.text or "" for c in el.iter("string")] if ptype == "choice" else []
            default: Any = el.findtext("defaultValue") or ""
            params.append(
                ParamDef(
                    name=el.findtext("name") or "",
                    type=ptype,
                    default=default,
                    description=el.findtext("description") or "",
                    choices=choices,
                )
            )
        item.params = params


def item_to_xml(item: Item) -> str:
    """The config.xml of an item (the stored one when it was posted)."""
    if item.config_xml is not None:
        return item.config_xml
    desc = escape(item.description or "")
    if isinstance(item, Folder):
        tag = (
            "com.cloudbees.hudson.plugins.folder.Folder"
            if item.kind == FOLDER
            else "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject"
        )
        return (
            f"<?xml version='1.1' encoding='UTF-8'?>\n<{tag}>\n"
            f"  <description>{desc}</description>\n</{tag}>"
        )
    assert isinstance(item, Job)
    params = ""
    if item.params:
        defs = []
        for p in item.params:
            tag = p.definition_class
            extra = ""
            if p.type == "choice":
                extra = (
                    "<choices class='java.util.Arrays$ArrayList'><a class='string-array'>"
                    + "".join(f"<string>{escape(c)}</string>" for c in p.choices)
                    + "</a></choices>"
                )
            default = (
                ""
                if p.type in ("choice", "file")
                else f"<defaultValue>{escape(_xml_default(p))}</defaultValue>"
            )
            defs.append(
                f"<{tag}><name>{escape(p.name)}</name><description>{escape(p.description)}</description>{default}{extra}</{tag}>"
            )
        params = (
            "<properties><hudson.model.ParametersDefinitionProperty><parameterDefinitions>"
            + "".join(defs)
            + "</parameterDefinitions></hudson.model.ParametersDefinitionProperty></properties>"
        )
    if item.kind == PIPELINE:
        return (
            "<?xml version='1.1' encoding='UTF-8'?>\n<flow-definition plugin=\"workflow-job\">\n"
            f"  <description>{desc}</description>\n  <keepDependencies>false</keepDependencies>\n"
            f"  {params}\n"
            '  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition">'
            "<script>pipeline { agent any; stages { stage('Build') { steps { echo 'hi' } } } }"
            "</script><sandbox>true</sandbox></definition>\n"
            f"  <disabled>{str(item.disabled).lower()}</disabled>\n"
            "</flow-definition>"
        )
    return (
        "<?xml version='1.1' encoding='UTF-8'?>\n<project>\n"
        f"  <description>{desc}</description>\n  <keepDependencies>false</keepDependencies>\n"
        f"  {params}\n"
        '  <scm class="hudson.scm.NullSCM"/>\n  <canRoam>true</canRoam>\n'
        f"  <disabled>{str(item.disabled).lower()}</disabled>\n"
        "  <builders/>\n  <publishers/>\n</project>"
    )


def _xml_default(p: ParamDef) -> str:
    return str(p.default).lower() if p.type == "boolean" else str(p.default)


def copy_script(src: Job, dst: Job) -> None:
    """Copy a job's scripted behaviour (stages, duration, outcome, artifacts...)."""
    for attr in (
        "duration",
        "result",
        "stages",
        "log_text",
        "log_lines",
        "artifacts",
        "test_report",
        "concurrent",
    ):
        setattr(dst, attr, getattr(src, attr))
    dst.params = list(src.params)
