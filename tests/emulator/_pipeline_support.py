"""Helpers for the pipeline conformance tests: jobs from config.xml, builds run on the manual
clock, consoles and wfapi read over HTTP (plain ``requests``, never the SDK)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

import requests

from jenkins_sdk.testing import JenkinsEmulator

XML = {"Content-Type": "application/xml"}


def flow_xml(script: str, params: str = "") -> bytes:
    """A ``WorkflowJob`` config.xml with an inline ``CpsFlowDefinition`` script."""
    props = ""
    if params:
        props = (
            "<properties><hudson.model.ParametersDefinitionProperty><parameterDefinitions>"
            f"{params}</parameterDefinitions></hudson.model.ParametersDefinitionProperty>"
            "</properties>"
        )
    return (
        "<?xml version='1.1' encoding='UTF-8'?><flow-definition plugin='workflow-job'>"
        f"<description/>{props}"
        "<definition class='org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition' "
        f"plugin='workflow-cps'><script>{escape(script)}</script><sandbox>true</sandbox>"
        "</definition><disabled>false</disabled></flow-definition>"
    ).encode()


def create(http: requests.Session, emu: JenkinsEmulator, name: str, xml: bytes) -> None:
    """``POST createItem`` with a config.xml body."""
    r = http.post(emu.url + "createItem", params={"name": name}, data=xml, headers=XML)
    assert r.status_code == 200, r.text


def run(
    http: requests.Session, emu: JenkinsEmulator, name: str, script: str, *, seconds: float = 60
) -> str:
    """Create a pipeline from ``script``, build it, let ``seconds`` pass; the console."""
    create(http, emu, name, flow_xml(script))
    assert http.post(emu.url + f"job/{name}/build").status_code == 201
    emu.advance(5)  # the quiet period
    emu.advance(seconds)
    return console(http, emu, name)


def console(http: requests.Session, emu: JenkinsEmulator, name: str, number: int = 1) -> str:
    """``consoleText`` of a build."""
    return http.get(emu.url + f"job/{name}/{number}/consoleText").text


def build(http: requests.Session, emu: JenkinsEmulator, name: str, number: int = 1) -> Any:
    """A build's JSON."""
    return http.get(emu.url + f"job/{name}/{number}/api/json").json()


def describe(http: requests.Session, emu: JenkinsEmulator, name: str, number: int = 1) -> Any:
    """``wfapi/describe?fullStages=true``."""
    return http.get(emu.url + f"job/{name}/{number}/wfapi/describe?fullStages=true").json()


def lines_between(text: str, first: str, last: str) -> list[str]:
    """The console lines from ``first`` to ``last`` (inclusive)."""
    rows = text.splitlines()
    start = rows.index(first)
    end = rows.index(last, start)
    return rows[start : end + 1]
