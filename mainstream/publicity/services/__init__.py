"""Writes of the publicity checklist (伍、一、(二)、3、C; 捌、二、(二)). Each is atomic, access-checked and audited.

The path of a publication: draft → the author's checklist answers (checked) → the direct superior's
confirmation (confirmed) → released. Doubts go, in order, to the liaison, the liaison circle and the task force
(EscalationStep); a publication with an unanswered step cannot be confirmed. The office records correction
requests and their outcome; an uncorrected one is a penalty ground (捌、二、(二)).

``reference``: the checklist versions, the lexicon and its word classes (the office's reference data);
``publications``: a publication's path, its escalation and the corrections.
"""

from .publications import (
    LEVELS,
    TOOL,
    PublicationData,
    correction_outcome,
    correction_request,
    escalation_answer,
    escalation_ask,
    publication_check,
    publication_confirm,
    publication_confirm_override,
    publication_create,
    publication_release,
    publication_revise,
    suggested_answers,
    superior_choices,
)
from .reference import (
    CHECKLIST_FILE,
    LEXICON_FIELDS,
    ItemData,
    LexiconData,
    checklist_revise,
    lexicon_entry_save,
    lexicon_validate,
    publicity_data_sync,
    word_class_save,
)

__all__ = [
    "CHECKLIST_FILE",
    "LEVELS",
    "LEXICON_FIELDS",
    "TOOL",
    "ItemData",
    "LexiconData",
    "PublicationData",
    "checklist_revise",
    "correction_outcome",
    "correction_request",
    "escalation_answer",
    "escalation_ask",
    "lexicon_entry_save",
    "lexicon_validate",
    "publication_check",
    "publication_confirm",
    "publication_confirm_override",
    "publication_create",
    "publication_release",
    "publication_revise",
    "publicity_data_sync",
    "suggested_answers",
    "superior_choices",
    "word_class_save",
]
