"""Simulation: record the client's Jenkins traffic to a file, or replay it offline.

See :class:`SimulationAdapter` for the modes, :mod:`jenkins_sdk.simulation.key` for how requests
are matched, :mod:`jenkins_sdk.simulation.store` for replay order and
:mod:`jenkins_sdk.simulation.format` for the file format.
"""

from jenkins_sdk.modes import SimulationMode
from jenkins_sdk.simulation.adapter import SimulationAdapter
from jenkins_sdk.simulation.format import FORMAT_VERSION, Interaction, RecordedResponse
from jenkins_sdk.simulation.key import Signature, signature_of
from jenkins_sdk.simulation.store import Recording

__all__ = [
    "FORMAT_VERSION",
    "Interaction",
    "RecordedResponse",
    "Recording",
    "Signature",
    "SimulationAdapter",
    "SimulationMode",
    "signature_of",
]
