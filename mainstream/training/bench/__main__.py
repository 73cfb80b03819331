"""``python -m mainstream.training.bench``: the whole benchmark, or one of its child processes."""

from __future__ import annotations

import os
import sys

from . import main
from .postgresql import _pg_child
from .sqlite import _child, _import_child

if __name__ == "__main__":
    if "--import" in sys.argv:
        import django

        django.setup()
        pairs = [sys.argv[i + 1].split("=", 1) for i, flag in enumerate(sys.argv[:-1]) if flag == "--set"]
        _import_child(sys.argv[sys.argv.index("--import") + 1], {name: int(value) for name, value in pairs})
    elif "--pg" in sys.argv:
        _pg_child(sys.argv[sys.argv.index("--pg") + 1])
    elif "--child" in sys.argv:
        sys.exit(_child())
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mainstream.settings")
        import django

        django.setup()
        sys.exit(main())
