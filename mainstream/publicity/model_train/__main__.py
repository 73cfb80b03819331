"""``python -m mainstream.publicity.model_train``: train the model, or ``--search`` / ``--curve`` (ADR 0014)."""

from . import main

main()
