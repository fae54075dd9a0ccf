"""The emulator's Jenkinsfile validator, rule by rule, against pipeline-model-definition's words.

Each expected message is the one in pipeline-model-definition's ``Messages.properties``, raised
where ``parser/ModelParser.groovy`` / ``validator/ModelValidatorImpl.groovy`` raise it, at the line
and column of the statement Jenkins reports it on (Groovy ``SyntaxException`` positions, 1-based).
"""

from __future__ import annotations

import pytest

from jenkins_sdk.testing.declarative import validate_jenkinsfile
from jenkins_sdk.testing.declarative.lexer import GroovySyntaxError, read_blocks, tokenize

GOOD = """\
pipeline {
    agent any
    options { timeout(time: 1, unit: 'HOURS') }
    environment { GREETING = "hello ${env.USER}" }
    stages {
        stage('Build') {
            steps {
                echo 'building' // a comment with } in it
                sh '''
                    make all
                '''
            }
        }
        stage("Test") {
            parallel {
                stage('unit') { steps { sh 'make unit' } }
                stage('lint') { agent { label 'linux' }; steps { sh 'make lint' } }
            }
        }
    }
    /* post { nothing } */
    post {
        always { echo 'done' }
        failure { mail to: 'a@b', subject: 'x', body: 'y' }
    }
}
"""


def _texts(src: str) -> list[str]:
    """Error texts in Jenkins' order: parse errors as met, then ``ModelAST*.validate`` order."""
    return [e.text for e in validate_jenkinsfile(src).errors]


def test_a_valid_declarative_pipeline_has_no_errors() -> None:
    verdict = validate_jenkinsfile(GOOD)
    assert verdict.pipeline is True
    assert verdict.errors == []


def test_a_scripted_pipeline_has_no_pipeline_block() -> None:
    """``Converter.scriptToPipelineDef`` returns null: Jenkins answers 'did not contain'."""
    verdict = validate_jenkinsfile("node {\n    stage('x') { echo 'hi' }\n}\n")
    assert verdict.pipeline is False
    assert verdict.errors == []


def test_missing_required_sections_point_at_the_pipeline_statement() -> None:
    src = "\n\npipeline {\n}\n"
    assert _texts(src) == [
        'Missing required section "stages" @ line 3, column 1.',
        'Missing required section "agent" @ line 3, column 1.',
    ]


def test_undefined_and_repeated_and_renamed_sections() -> None:
    src = (
        "pipeline {\n"
        "  agent any\n"
        "  agent none\n"
        "  banana { }\n"
        "  properties { }\n"
        "  stages { stage('a') { steps { echo 'x' } } }\n"
        "}\n"
    )
    assert _texts(src) == [
        "Multiple occurrences of the agent section @ line 3, column 3.",
        'Undefined section "banana" @ line 4, column 3.',
        "The ‘properties’ section has been renamed as of version 0.8. Use ‘options’ instead."
        " @ line 5, column 3.",
    ]


def test_stage_errors_are_reported_on_the_stage() -> None:
    src = (
        "pipeline {\n"
        "  agent any\n"
        "  stages {\n"
        "    stage('a') {\n"
        "      echo 'steps outside steps'\n"
        "    }\n"
        "    stage('a') { steps { } }\n"
        "    echo 'not a stage'\n"
        "  }\n"
        "}\n"
    )
    assert _texts(src) == [
        'Unknown stage section "echo". Starting with version 0.5, steps in a stage must be in a'
        " ‘steps’ block. @ line 4, column 5.",
        "Expected a stage @ line 8, column 5.",
        'Duplicate stage name: "a" @ line 3, column 3.',
        'Expected one of "steps", "stages", or "parallel" for stage "a" @ line 4, column 5.',
        "No steps specified for branch @ line 7, column 18.",
    ]


def test_empty_stages_and_two_bodies() -> None:
    src = (
        "pipeline {\n"
        "  agent any\n"
        "  stages {\n"
        "    stage('a') { steps { echo 'x' }\n"
        "                 stages { } }\n"
        "  }\n"
        "}\n"
    )
    assert _texts(src) == [
        'Only one of "matrix", "parallel", "stages", or "steps" allowed for stage "a"'
        " @ line 4, column 5.",
        "No stages specified @ line 5, column 18.",
    ]


@pytest.mark.parametrize(
    ("agent", "message", "column"),
    [
        ("agent foo", 'Only "agent none", "agent any" or "agent {...}" are allowed.', 3),
        ("agent", "No argument for agent", 3),
        ("agent { }", "Expected an agent", 3),
        ("agent { label 'a'\n label 'b' }", "Only one agent type is allowed per agent section", 3),
        (
            "agent { kube 'x' }",
            'Invalid agent type "kube" specified. Must be one of '
            "[any, docker, dockerfile, label, node, none]",
            11,
        ),
    ],
    ids=["bare-word", "no-argument", "empty-block", "two-types", "unknown-type"],
)
def test_agent_rules(agent: str, message: str, column: int) -> None:
    src = f"pipeline {{\n  {agent}\n  stages {{ stage('a') {{ steps {{ echo 'x' }} }} }}\n}}\n"
    assert _texts(src) == [f"{message} @ line 2, column {column}."]


def test_post_conditions() -> None:
    src = (
        "pipeline {\n"
        "  agent any\n"
        "  stages { stage('a') { steps { echo 'x' } } }\n"
        "  post {\n"
        "    always { echo 'a' }\n"
        "    always { echo 'b' }\n"
        "    sometimes { echo 'c' }\n"
        "    echo 'd'\n"
        "  }\n"
        "}\n"
    )
    valid = (
        "[always, changed, fixed, regression, aborted, success, unsuccessful, unstable, failure,"
        " notBuilt, cleanup]"
    )
    assert _texts(src) == [
        "The ‘post’ section can only contain build condition names with code blocks. Valid"
        f" condition names are {valid} @ line 8, column 5.",
        'Duplicate build condition name: "always" @ line 4, column 3.',
        f'Invalid condition "sometimes" - valid conditions are {valid} @ line 7, column 5.',
    ]


def test_empty_sections() -> None:
    src = (
        "pipeline {\n  agent none\n  options { }\n  environment { }\n  post { }\n"
        "  stages { stage('a') { steps { echo 'x' } } }\n}\n"
    )
    # ModelASTPipelineDef.validate: stages, post, environment, agent, tools, options, ...
    assert _texts(src) == [
        "post can not be empty @ line 5, column 3.",
        "No variables specified for environment @ line 4, column 3.",
        "options can not be empty @ line 3, column 3.",
    ]


def test_pipeline_nested_in_another_block() -> None:
    verdict = validate_jenkinsfile("node {\n  pipeline {\n    agent any\n  }\n}\n")
    assert [e.text for e in verdict.errors] == [
        "pipeline block must be at the top-level, not within another block. @ line 2, column 3."
    ]


def test_pipeline_without_a_block() -> None:
    assert _texts("pipeline 'x'\n") == [
        'Expected a block with the "pipeline" step @ line 1, column 1.'
    ]


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("pipeline {\n  agent any\n", "expecting '}', found '' @ line 3, column 1."),
        ("pipeline {\n}\n}\n", "unexpected token: } @ line 3, column 1."),
        ("echo 'abc\n", "expecting ''', found '\\n' @ line 1, column 10."),
        ("foo(1, 2]\n", "unexpected token: ] @ line 1, column 9."),
        ("/* never closed\n", "expecting '*/', found '<EOF>' @ line 1, column 1."),
    ],
    ids=["unclosed-brace", "extra-brace", "unterminated-string", "mismatched", "open-comment"],
)
def test_groovy_syntax_errors(src: str, message: str) -> None:
    verdict = validate_jenkinsfile(src)
    assert [e.text for e in verdict.errors] == [message]


def test_lexer_positions_strings_and_comments() -> None:
    toks = [t for t in tokenize('a \'x}y\' // c }\n  """q\n""" b') if t.kind != "newline"]
    assert [(t.kind, t.text, t.line, t.column) for t in toks] == [
        ("name", "a", 1, 1),
        ("string", "'x}y'", 1, 3),
        ("string", '"""q\n"""', 2, 3),
        ("name", "b", 3, 5),
    ]


def test_reader_keeps_continued_lines_in_one_statement() -> None:
    block = read_blocks("foo(1,\n  2)\nbar 'x',\n  'y'\nbaz\n  .qux()\n")
    assert [[t.text for t in s.tokens] for s in block.statements] == [
        ["foo", "(", "1", ",", "2", ")"],
        ["bar", "'x'", ",", "'y'"],
        ["baz", ".", "qux", "(", ")"],
    ]
    with pytest.raises(GroovySyntaxError):
        read_blocks("a {")
