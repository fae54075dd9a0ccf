"""The Groovy subset the emulator's pipeline parser reads, and Groovy's wording when it cannot
(org.codehaus.groovy.control.MultipleCompilationErrorsException, as workflow-cps reports a
script that does not compile)."""

from __future__ import annotations

import pytest

from jenkins_sdk.testing.pipeline import ast
from jenkins_sdk.testing.pipeline.parser import ScriptSyntaxError, parse_expression, parse_script


def _call(node: ast.Node) -> ast.Call:
    assert isinstance(node, ast.Call), node
    return node


def test_command_calls_with_and_without_parentheses() -> None:
    body = parse_script(
        "echo 'hi'\nsh script: 'make', returnStatus: true\nstage('Build') { echo 'x' }\n"
        "node { }\ndef v = input message: 'Go?', id: 'go'\nretry(3) {\n  sh 'flaky'\n}"
    ).body
    echo, sh, stage, node, assign, retry = body
    assert _call(echo).name == "echo" and isinstance(_call(echo).args[0], ast.Literal)
    assert [k for k, _v in _call(sh).named] == ["script", "returnStatus"]
    assert _call(stage).closure is not None and len(_call(stage).closure.body) == 1  # type: ignore[union-attr]
    assert _call(node).closure is not None
    assert isinstance(assign, ast.Assign) and assign.declare
    assert _call(assign.value).name == "input"
    assert _call(retry).closure is not None


def test_gstrings_interpolate_names_properties_and_expressions() -> None:
    node = parse_expression('"v=${params.X.trim()} n=$BUILD_NUMBER e=$env.CI \\$HOME"')
    assert isinstance(node, ast.GString)
    kinds = [type(p).__name__ if not isinstance(p, str) else p for p in node.parts]
    assert kinds == ["v=", "Call", " n=", "Name", " e=", "Prop", " $HOME"]
    assert isinstance(parse_expression("'no ${interpolation}'"), ast.Literal)
    triple = parse_expression('"""two\nlines"""')
    assert isinstance(triple, ast.Literal) and triple.value == "two\nlines"


def test_expressions_maps_lists_closures_and_operators() -> None:
    expr = parse_expression("[a: 1, 'b c': [1, 2], e: [:]]")
    assert isinstance(expr, ast.MapLit) and len(expr.entries) == 3
    ternary = parse_expression("x?.size() > 0 && !y ? 'yes' : z ?: 'no'")
    assert isinstance(ternary, ast.Ternary)
    closure = parse_expression("{ a, b -> a + b }")
    assert isinstance(closure, ast.Closure) and closure.params == ["a", "b"]
    each = _call(parse_expression("['p', 'q'].each { echo it }"))
    assert each.name == "each" and each.closure is not None


def test_statements() -> None:
    body = parse_script(
        "if (a) { x = 1 } else if (b) x = 2 else { x = 3 }\n"
        "for (f in files) { echo f }\nfor (int i = 0; i < 3; i++) { echo i }\n"
        "try { error 'e' } catch (Exception err) { echo err.message } finally { echo 'f' }\n"
        "while (n > 0) { n -= 1 }\nreturn"
    ).body
    types = [type(s).__name__ for s in body]
    assert types == ["If", "ForIn", "Script", "Try", "While", "Return"]


@pytest.mark.parametrize(
    ("script", "message", "line", "column"),
    [
        ("node {\n  echo 'x' )\n}", "unexpected token: )", 2, 12),
        ("node {\n  echo 'x'\n", "expecting '}', found ''", 3, 1),
        ("class Foo {}", "unexpected token: class", 1, 1),
        ("@Library('lib') _", "unexpected token: @", 1, 1),
        ("echo 'unterminated", "expecting ''', found '<EOF>'", 1, 6),
    ],
    ids=["stray-paren", "unclosed-brace", "class", "annotation", "string"],
)
def test_what_does_not_parse_is_reported_as_groovy_words_it(
    script: str, message: str, line: int, column: int
) -> None:
    with pytest.raises(ScriptSyntaxError) as caught:
        parse_script(script)
    assert (caught.value.message, caught.value.line, caught.value.column) == (
        message,
        line,
        column,
    )
    report = caught.value.report()
    assert report.startswith(
        "org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:\n"
        f"WorkflowScript: {line}: {message} @ line {line}, column {column}."
    )
    assert report.endswith("\n1 error\n")


def test_an_unterminated_gstring_expression_does_not_compile() -> None:
    """A ``${`` that never closes is a compile error (found by fuzzing truncated Jenkinsfiles;
    it used to escape as a bare ValueError)."""
    with pytest.raises(ScriptSyntaxError) as caught:
        parse_script('echo "rc=${{rc}"')
    assert caught.value.line == 1
