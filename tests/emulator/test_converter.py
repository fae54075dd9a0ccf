"""``/pipeline-model-converter/validateJenkinsfile`` and ``/validate`` over HTTP.

Checked against pipeline-model-definition ``endpoints/ModelConverterAction.java``
(``doValidateJenkinsfile``: ``{"status":"ok","data":{"result":...}}`` via core
``hudson/util/HttpResponses.okJSON``; several compilation errors accumulate into one ``error``
list; "did not contain the 'pipeline' step"; "No content found for 'jenkinsfile' parameter";
``doValidate``: "Jenkinsfile successfully validated." / "Errors encountered validating
Jenkinsfile:" in Groovy's ``SyntaxErrorMessage.write`` form; ``@RequirePOST``;
``ModelConverterActionCrumbExclusion``).
"""

from __future__ import annotations

import requests

from jenkins_sdk.testing import JenkinsEmulator

GOOD = "pipeline {\n  agent any\n  stages {\n    stage('a') { steps { echo 'x' } }\n  }\n}\n"
TWO_ERRORS = "pipeline {\n  banana { }\n}\n"


def _post(emu: JenkinsEmulator, endpoint: str, script: str | None) -> requests.Response:
    # password auth and no crumb: the converter is exempt from CSRF protection
    with requests.Session() as s:
        s.auth = ("admin", "admin")
        data = {"jenkinsfile": script} if script is not None else {}
        return s.post(emu.url + f"pipeline-model-converter/{endpoint}", data=data)


def test_validate_jenkinsfile_json(emu: JenkinsEmulator) -> None:
    r = _post(emu, "validateJenkinsfile", GOOD)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert r.json() == {"status": "ok", "data": {"result": "success"}}
    one = _post(emu, "validateJenkinsfile", "pipeline {\n  agent any\n}\n").json()
    assert one["data"] == {
        "result": "failure",
        "errors": [{"error": 'Missing required section "stages" @ line 1, column 1.'}],
    }
    two = _post(emu, "validateJenkinsfile", TWO_ERRORS).json()
    assert two["status"] == "ok"
    assert two["data"]["errors"] == [
        {
            "error": [
                'Undefined section "banana" @ line 2, column 3.',
                'Missing required section "stages" @ line 1, column 1.',
                'Missing required section "agent" @ line 1, column 1.',
            ]
        }
    ]


def test_scripted_and_empty(emu: JenkinsEmulator) -> None:
    scripted = "node {\n  echo 'hi'\n}\n"
    data = _post(emu, "validateJenkinsfile", scripted).json()["data"]
    message = f"Jenkinsfile content '{scripted}' did not contain the 'pipeline' step"
    assert data == {"result": "failure", "errors": [{"error": message}]}
    empty = _post(emu, "validateJenkinsfile", "").json()["data"]
    assert empty["errors"] == [{"error": "No content found for 'jenkinsfile' parameter"}]


def test_validate_text(emu: JenkinsEmulator) -> None:
    assert _post(emu, "validate", GOOD).text == "Jenkinsfile successfully validated.\n"
    assert _post(emu, "validate", None).text == "No Jenkinsfile specified\n"
    text = _post(emu, "validate", "pipeline {\n  agent any\n  stages { }\n}\n").text
    assert text == (
        "Errors encountered validating Jenkinsfile:\n"
        "WorkflowScript: 3: No stages specified @ line 3, column 3.\n"
        "     stages { }\n"
        "     ^\n\n"
    )


def test_post_only(emu: JenkinsEmulator, http: requests.Session) -> None:
    r = http.get(emu.url + "pipeline-model-converter/validateJenkinsfile")
    assert (r.status_code, r.headers["Allow"]) == (405, "POST")
    assert http.post(emu.url + "pipeline-model-converter/nothing").status_code == 404
