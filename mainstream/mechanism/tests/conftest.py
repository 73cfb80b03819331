import pytest


@pytest.fixture
def taskforces(registry, plan):
    """The 28 task forces, as `mainstream setup` creates them."""
    from mainstream.mechanism.models import TaskForce
    from mainstream.mechanism.services import taskforce_sync

    taskforce_sync(plan=plan)
    return {t.code: t for t in TaskForce.objects.all()}
