"""Shared test fixtures: the registry loaded from the plan, and users in each role."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def plan():
    from mainstream.plan.loader import bundled_plan

    return bundled_plan()


@pytest.fixture
def registry(db, plan):
    """Groups and units from the plan file, as `mainstream setup` loads them."""
    from mainstream.units.services import registry_sync

    registry_sync(plan=plan)
    from mainstream.units.models import Unit

    return {u.short_name: u for u in Unit.objects.all()}


@pytest.fixture
def make_user(db, registry):
    """make_user("liaison", "勞動局") → a user with that role (oversight: tools=[...])."""
    from django.contrib.auth import get_user_model

    from mainstream.units.models import Role

    counter = {"n": 0}

    def make(kind: str, unit: str | None = None, tools: list[str] | None = None, password: str = "pw-test-1234"):
        counter["n"] += 1
        user = get_user_model().objects.create_user(f"{kind}{counter['n']}", password=password)
        Role.objects.create(user=user, kind=kind, unit=registry[unit] if unit else None, tools=tools or [])
        return user

    return make


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered pages cached by one test must not answer another (each test has its own database)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Tests log users in often; the production hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_terminal_summary(terminalreporter):
    """Print what tests recorded with ``record_property("summary", text)`` (e.g. the reader's precision and recall).

    Works under pytest-xdist too, where a test's own prints never reach the terminal.
    """
    lines = []
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for key, value in getattr(report, "user_properties", []):
            if key == "summary" and report.when == "call":
                lines.append(f"{report.nodeid}\n{value}")
    if lines:
        terminalreporter.section("measured by the tests")
        for text in lines:
            terminalreporter.write_line(text)


@pytest.fixture
def axe_violations():
    """axe_violations(page) → the WCAG 2.1 A/AA violations axe-core finds on the page (axe from a PyPI package)."""
    from pathlib import Path

    import axe_playwright_python

    script = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")

    def run(page):
        page.evaluate(script)
        return page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
            ".then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))"
        )

    return run
