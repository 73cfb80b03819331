"""``make bench``: each app's benchmark (``mainstream/<app>/bench.py`` with ``main()``), in one run.

Benchmarks print ratios against a baseline measured in the same run on the same machine, never
absolute timings checked by a test.
"""

from __future__ import annotations

import importlib
import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mainstream.settings")
    import django

    django.setup()
    from django.apps import apps

    wanted = set(sys.argv[1:])
    failed = 0
    for config in apps.get_app_configs():
        if not config.name.startswith("mainstream.") or (wanted and config.label not in wanted):
            continue
        try:
            module = importlib.import_module(f"{config.name}.bench")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.bench":
                raise
            continue
        print(f"== {config.verbose_name}（{config.label}）==", flush=True)
        failed += bool(module.main())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
