"""Rules of the gender equality mechanism (伍、一): liaisons and task forces.

Importing this package registers every mechanism rule with the engine.
"""

from . import meetings, members  # noqa: F401  (register the meeting and member rules)
from .liaisons import LiaisonFact, LiaisonFacts, liaison_facts, liaisons, reference_date
from .taskforces import (
    FilingFact,
    MeetingFact,
    TaskForceFacts,
    WrpcTermFact,
    meeting_validity_of,
    taskforce_facts,
    year_meetings,
)

__all__ = [
    "FilingFact",
    "LiaisonFact",
    "LiaisonFacts",
    "MeetingFact",
    "TaskForceFacts",
    "WrpcTermFact",
    "liaison_facts",
    "liaisons",
    "meeting_validity_of",
    "reference_date",
    "taskforce_facts",
    "year_meetings",
]
