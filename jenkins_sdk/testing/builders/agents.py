"""Builder API for agents beyond declaring them: connect an inbound agent with its secret, make
an SSH launch fail, read the secret and the log a test expects."""

from __future__ import annotations

from jenkins_sdk.testing.builders.base import EmulatorParts
from jenkins_sdk.testing.state.nodes import BUILT_IN, NodeStore


class AgentBuilders(EmulatorParts):
    """``agent_secret``, ``connect_agent``, ``disconnect_agent``, ``ssh_outcome``, ``agent_log``."""

    def _agent(self, name: str) -> NodeStore:
        store = self.state.store(NodeStore)
        if name == BUILT_IN or name not in store.nodes:
            raise KeyError(f"no agent named {name!r}")
        return store

    def agent_secret(self, name: str) -> str:
        """The secret an inbound agent connects with (what ``jenkins-agent.jnlp`` shows)."""
        return self._agent(name).secret(name)

    def connect_agent(self, name: str, secret: str | None = None) -> bool:
        """An inbound agent process connects (``java -jar agent.jar -name NAME -secret S``);
        returns False (and stays offline) when ``secret`` is given and wrong."""
        with self.state.lock:
            store = self._agent(name)
            now = self.clock.now_ms()
            if secret is not None and secret != store.secret(name):
                store.log(name, now, "Inbound agent connection refused: wrong secret")
                return False
            store.connect(name, now, "Inbound agent connected")
            return True

    def disconnect_agent(self, name: str) -> None:
        """The agent's connection drops (its process ended, the network went away)."""
        with self.state.lock:
            store = self._agent(name)
            store.disconnect(name, self.clock.now_ms(), None, "the agent")

    def ssh_outcome(self, name: str, error: str | None = None) -> None:
        """How SSH launches of agent ``name`` (existing or still to be created) end: connected
        (``None``), or failing with ``error`` in the agent log (``"Authentication failed."``)."""
        with self.state.lock:
            self.state.store(NodeStore).ssh_errors[name] = error

    def agent_log(self, name: str) -> str:
        """The agent's log so far."""
        with self.state.lock:
            lines = self._agent(name).nodes[name].get("log", [])
            return "".join(f"{line}\n" for line in lines)
