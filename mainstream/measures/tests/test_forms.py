"""The measure form (issue 16, item 7): a liaison's own unit is preselected; item names are shown in full."""

from __future__ import annotations

import re

from mainstream.plan.selectors import plan_in_force, plan_year_default


def test_a_liaisons_own_unit_is_preselected_and_items_are_named_in_full(client, make_user, registry):
    liaison = make_user("liaison", "勞動局")
    client.force_login(liaison)
    page = client.get("/measures/new/").content.decode()
    unit = registry["勞動局"]
    assert re.search(rf'<option value="{unit.pk}" selected>', page), "own unit preselected"
    longest = max((t for c in plan_in_force(plan_year_default()).measure_categories for t in c.items), key=len)
    assert len(longest) > 40 and longest in page  # the whole item name, not cut
