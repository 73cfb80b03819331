from __future__ import annotations

from mainstream.publicity.demo import demo_load
from mainstream.publicity.models import Publication
from mainstream.publicity.selectors import publications_not_corrected


def test_demo_has_publications_in_each_state_and_is_idempotent(registry, make_user):
    office = make_user("admin")
    assert demo_load()
    assert demo_load() == ""
    states = set(Publication.objects.values_list("status", flat=True))
    assert states == {"draft", "checked", "confirmed", "released"}
    [ground] = publications_not_corrected(office, year=111, wrpc_improper_only=True)
    assert ground.unit == "勞動局"
