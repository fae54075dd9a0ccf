"""What a running script can throw, named after the Java exceptions Jenkins reports."""

from __future__ import annotations

ABORTED = "ABORTED"
FAILURE = "FAILURE"


class PipelineError(Exception):
    """A Java exception in the script: ``java_class`` and ``message`` as Jenkins prints them."""

    java_class = "java.lang.Exception"

    def __init__(self, message: str | None = None, java_class: str | None = None) -> None:
        super().__init__(message or "")
        self.message = message
        if java_class is not None:
            self.java_class = java_class

    def trace(self) -> str:
        """``Throwable.printStackTrace``: the class, the message and (abridged) frames."""
        head = self.java_class + (f": {self.message}" if self.message is not None else "")
        return f"{head}\n\tat WorkflowScript.run(WorkflowScript)\n"

    def short(self) -> str:
        """``Throwable.toString``."""
        return self.java_class + (f": {self.message}" if self.message is not None else "")


class AbortError(PipelineError):
    """``hudson.AbortException``: printed as ``ERROR: message`` only (no stack trace)."""

    java_class = "hudson.AbortException"


class Interrupted(PipelineError):
    """``FlowInterruptedException``: a stop, an input rejection or a timeout; ``causes`` are the
    ``CauseOfInterruption`` short descriptions printed when the build ends."""

    java_class = "org.jenkinsci.plugins.workflow.steps.FlowInterruptedException"

    def __init__(self, result: str = ABORTED, causes: tuple[str, ...] = ()) -> None:
        super().__init__(None)
        self.result = result
        self.causes = causes
        #: A real interruption (stop, timeout) rather than a rejected input.
        self.actual = True


class NoSuchStep(PipelineError):
    """``java.lang.NoSuchMethodError`` from ``DSL.invokeMethod``: a step the controller lacks."""

    java_class = "java.lang.NoSuchMethodError"


class Signal(Exception):
    """``return``, ``break`` and ``continue`` unwinding the interpreter."""

    def __init__(self, kind: str, value: object = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.value = value
