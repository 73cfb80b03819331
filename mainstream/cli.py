"""The ``mainstream`` console command: Django's management commands, with the project's names.

``mainstream import KIND FILE`` and ``mainstream check-text FILE`` are commands whose names are
not Python identifiers; they map to ``import_file`` and ``check_text`` (any hyphen becomes an underscore).
"""

from __future__ import annotations

import os
import sys

ALIASES = {"import": "import_file"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mainstream.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "mainstream"
    if len(args) > 1:  # `check-text`, `demo-logins`: a hyphen on the command line, an underscore in Python
        args[1] = ALIASES.get(args[1], args[1].replace("-", "_"))
    if len(args) > 1 and args[1] == "serve":
        os.environ["MAINSTREAM_DEBUG"] = "0"  # the production server never runs with DEBUG on (issue 13)
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
