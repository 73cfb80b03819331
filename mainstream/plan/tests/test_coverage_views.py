"""The coverage page and the interpretations page: any signed-in user reads them (the plan is public); filters by kind
and chapter; rules link to the scorecard, interpretations to their anchors."""

from __future__ import annotations

import re

from django.urls import reverse

from mainstream.plan.coverage import coverage_load, interpretations_load

COV = coverage_load("109-112")


def test_anonymous_is_sent_to_sign_in(client):
    for name in ("plan:coverage", "plan:interpretations"):
        page = client.get(reverse(name))
        assert page.status_code == 302 and "login" in page["Location"]


def test_a_liaison_reads_every_obligation_with_its_cover(client, make_user):
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get(reverse("plan:coverage"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<tr id=") == len(COV.obligations)
    assert "「全體委員須符合三分之一性別比例原則」" in html
    assert 'href="/scorecard/?tool=mechanism"' in html
    assert 'href="/plan/interpretations/#gender-ratio-filing"' in html
    assert f"合計 {len(COV.obligations)} 項" in html
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html


def test_filter_by_kind_and_chapter(client, make_user):
    client.force_login(make_user("liaison", "勞動局"))
    html = client.get(reverse("plan:coverage"), {"kind": "cannot", "chapter": "伍"}).content.decode()
    ids = re.findall(r'<tr id="([^"]+)"', html)
    expected = [o.id for o in COV.obligations if o.kind == "cannot" and o.chapter == "伍"]
    assert ids == expected and ids
    assert "liaison-consulted" in ids and "convener" not in ids
    # unknown values are ignored, never an error
    everything = client.get(reverse("plan:coverage"), {"kind": "x", "chapter": "<b>"}).content.decode()
    assert everything.count("<tr id=") == len(COV.obligations)


def test_unknown_plan_is_not_found(client, make_user):
    client.force_login(make_user("admin"))
    assert client.get(reverse("plan:coverage"), {"plan": "999-999"}).status_code == 404


def test_interpretations_page_has_every_anchor_and_links_back(client, make_user):
    client.force_login(make_user("liaison", "勞動局"))
    html = client.get(reverse("plan:interpretations")).content.decode()
    for row in interpretations_load():
        assert f'<tr id="{row.anchor}">' in html
    assert '<a href="/plan/coverage/#convener">convener</a>' in html
    assert "<code>mechanism.taskforce.convener</code>" in html  # backticks rendered, text escaped
    assert "<a id=" not in html


def test_a_finding_links_the_interpretation_its_rule_rests_on(client, make_user):
    from mainstream.plan.coverage import interpretations_by_rule

    links = interpretations_by_rule()
    assert links["training.workers"] == (("workers", "伍、二、(一)、4"),)
    assert "measures.items" not in links  # no choice left open there
    client.force_login(make_user("admin"))
    html = client.get("/scorecard/勞動局/training/", {"year": "110"}).content.decode()
    assert 'data-rule="training.physical_rate"' in html
    assert '<a href="/plan/interpretations/#physical-rate">伍、二、(三)、2之解釋</a>' in html
