"""Items from and to config.xml (``hudson.model.Items.load``, ``AbstractItem.doConfigDotXml``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from xml.sax.saxutils import escape

from jenkins_sdk.testing.model import ParamDef
from jenkins_sdk.testing.state import (
    FOLDER,
    FREESTYLE,
    MATRIX,
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
    "matrix-project": MATRIX,
    "flow-definition": PIPELINE,
    "com.cloudbees.hudson.plugins.folder.Folder": FOLDER,
    "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject": MULTIBRANCH,
}


#: The script shown for a pipeline declared with stages rather than a Jenkinsfile.
_CANNED = "pipeline { agent any; stages { stage('Build') { steps { echo 'hi' } } } }"
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
        apply_job_fields(item, root)
        apply_steps(item, root)
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


def apply_job_fields(job: Job, root: ET.Element) -> None:
    """Fields of ``AbstractProject``/``WorkflowJob`` that change how builds are scheduled:
    ``quietPeriod`` (absent: the controller's), ``concurrentBuild`` (a pipeline is concurrent
    unless it has a ``DisableConcurrentBuildsJobProperty``), ``assignedNode`` with
    ``canRoam`` false (the label a freestyle job is tied to)."""
    quiet = (root.findtext("quietPeriod") or "").strip()
    job.quiet_period = float(quiet) if quiet.lstrip("-").isdigit() else None
    if job.kind == PIPELINE:
        job.concurrent = not any(
            el.tag.endswith("DisableConcurrentBuildsJobProperty") for el in root.iter()
        )
    else:
        job.concurrent = (root.findtext("concurrentBuild") or "").strip() == "true"
        assigned = (root.findtext("assignedNode") or "").strip()
        roams = (root.findtext("canRoam") or "true").strip() == "true"
        job.label = assigned if assigned and not roams else None


def apply_steps(job: Job, root: ET.Element) -> None:
    """A pipeline's ``CpsFlowDefinition`` script; a freestyle job's builders and publishers."""
    definition = root.find("definition")
    if definition is not None and definition.get("class", "").endswith(".CpsFlowDefinition"):
        job.script = definition.findtext("script") or ""
    job.builders = _steps(root.find("builders"))
    job.publishers = _steps(root.find("publishers"))
    axes = root.find("axes")
    job.axes = [
        (axis.findtext("name") or "", [v.text or "" for v in axis.iter("string")])
        for axis in (axes if axes is not None else [])
    ]


def _steps(parent: ET.Element | None) -> list[tuple[str, dict[str, str]]]:
    """Each child element as ``(class, {field: text})`` (nested ``<threshold><name>`` flattened)."""
    if parent is None:
        return []
    out: list[tuple[str, dict[str, str]]] = []
    for el in parent:
        fields: dict[str, str] = {}
        for child in el:
            text = child.findtext("name") if len(child) else child.text
            fields[child.tag] = (text or "").strip()
        out.append((el.tag, fields))
    return out


def steps_xml(steps: list[tuple[str, dict[str, str]]]) -> str:
    """Builders or publishers back as XML."""
    return "".join(
        f"<{tag}>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields.items()) + f"</{tag}>"
        for tag, fields in steps
    )


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
    params = _params_xml(item.params)
    if item.kind == PIPELINE:
        return (
            "<?xml version='1.1' encoding='UTF-8'?>\n<flow-definition plugin=\"workflow-job\">\n"
            f"  <description>{desc}</description>\n  <keepDependencies>false</keepDependencies>\n"
            f"  {params}\n"
            '  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition">'
            f"<script>{escape(item.script or _CANNED)}</script><sandbox>true</sandbox>"
            "</definition>\n"
            f"  <disabled>{str(item.disabled).lower()}</disabled>\n"
            "</flow-definition>"
        )
    tag = "matrix-project" if item.kind == MATRIX else "project"
    return (
        f"<?xml version='1.1' encoding='UTF-8'?>\n<{tag}>\n"
        f"  <description>{desc}</description>\n  <keepDependencies>false</keepDependencies>\n"
        f"  {params}\n"
        '  <scm class="hudson.scm.NullSCM"/>\n  <canRoam>true</canRoam>\n'
        f"  <disabled>{str(item.disabled).lower()}</disabled>\n"
        f"{_axes_xml(item)}"
        f"  <builders>{steps_xml(item.builders)}</builders>\n"
        f"  <publishers>{steps_xml(item.publishers)}</publishers>\n</{tag}>"
    )


def _axes_xml(job: Job) -> str:
    if job.kind != MATRIX:
        return ""
    axes = "".join(
        f"<hudson.matrix.TextAxis><name>{escape(name)}</name><values>"
        + "".join(f"<string>{escape(v)}</string>" for v in values)
        + "</values></hudson.matrix.TextAxis>"
        for name, values in job.axes
    )
    return f"  <axes>{axes}</axes>\n"


def _params_xml(defs: list[ParamDef]) -> str:
    """``ParametersDefinitionProperty`` XML of parameter definitions (empty without any)."""
    if not defs:
        return ""
    out = []
    for p in defs:
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
        out.append(
            f"<{tag}><name>{escape(p.name)}</name>"
            f"<description>{escape(p.description)}</description>{default}{extra}</{tag}>"
        )
    return (
        "<properties><hudson.model.ParametersDefinitionProperty><parameterDefinitions>"
        + "".join(out)
        + "</parameterDefinitions></hudson.model.ParametersDefinitionProperty></properties>"
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
        "script",
        "builders",
        "publishers",
        "axes",
    ):
        setattr(dst, attr, getattr(src, attr))
    dst.params = list(src.params)
