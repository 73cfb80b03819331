"""The path of a publication, the escalation order, corrections and who may do what."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mainstream.audit.models import AuditEvent
from mainstream.publicity import selectors, services
from mainstream.publicity.models import LexiconEntry, Publication
from mainstream.publicity.services import LexiconData, PublicationData

S = Publication.Status


@pytest.fixture
def people(make_user):
    return {
        "author": make_user("liaison", "勞動局"),
        "superior": make_user("liaison", "勞動局"),
        "social": make_user("liaison", "社會局"),
        "office": make_user("admin"),
    }


def draft(people, registry, text="本局新任處長是一位女強人。"):
    return services.publication_create(
        data=PublicationData(unit=registry["勞動局"], type="press_release", title="新任處長上任", text=text),
        by=people["author"],
    )


def all_yes(publication, **overrides):
    answers = {i.code: ("yes", "") for i in publication.checklist_version.items.all()}
    answers.update(overrides)
    return answers


def test_the_reader_makes_the_first_pass_and_suggests_answers(people, registry):
    pub = draft(people, registry)
    assert [f["text"] for f in pub.findings] == ["女強人"]
    assert pub.checklist_version.clause == "伍、一、(二)、3、C"
    suggested = services.suggested_answers(pub)
    assert suggested["1"] == "no" and suggested["2"] == "yes"


def test_draft_to_released_only_through_checklist_and_superior(people, registry):
    pub = draft(people, registry, text="本局新任處長上任三個月便完成組織改造。")
    with pytest.raises(ValidationError):  # not before the superior confirmed
        services.publication_release(publication=pub, released_on=date(2021, 3, 5), by=people["author"])
    with pytest.raises(ValidationError):  # not before the checklist
        services.publication_confirm(publication=pub, by=people["superior"])
    with pytest.raises(ValidationError):  # every item answered
        services.publication_check(
            publication=pub, answers={"1": ("yes", "")}, superior=people["superior"], by=people["author"]
        )
    services.publication_check(publication=pub, answers=all_yes(pub), superior=people["superior"], by=people["author"])
    assert pub.status == S.CHECKED
    with pytest.raises(ValidationError):
        services.publication_release(publication=pub, released_on=date(2021, 3, 5), by=people["author"])
    with pytest.raises(PermissionDenied):  # the author does not confirm their own
        services.publication_confirm(publication=pub, by=people["author"])
    services.publication_confirm(publication=pub, by=people["superior"])
    services.publication_release(publication=pub, released_on=date(2021, 3, 5), by=people["author"])
    pub.refresh_from_db()
    assert pub.status == S.RELEASED and pub.confirmed_by == people["superior"]
    assert AuditEvent.objects.filter(action="publicity.publication.release", target_id=str(pub.pk)).exists()


def test_a_doubt_goes_in_order_and_blocks_confirmation_until_answered(people, registry):
    pub = draft(people, registry)
    services.publication_check(
        publication=pub,
        answers=all_yes(pub, **{"1": ("no", "不確定「女強人」是否妥當")}),
        superior=people["superior"],
        by=people["author"],
    )
    with pytest.raises(ValidationError):  # a 不符合 answer needs a correction or an escalation
        services.publication_confirm(publication=pub, by=people["superior"])
    with pytest.raises(ValidationError):  # the liaison first
        services.escalation_ask(
            publication=pub, level="circle", question="?", asked_on=date(2021, 3, 1), by=people["author"]
        )
    step = services.escalation_ask(
        publication=pub, level="liaison", question="女強人是否妥當", asked_on=date(2021, 3, 1), by=people["author"]
    )
    with pytest.raises(ValidationError):  # the liaison has not answered yet
        services.escalation_ask(
            publication=pub, level="circle", question="?", asked_on=date(2021, 3, 2), by=people["author"]
        )
    services.escalation_answer(
        step=step,
        adviser="性平聯絡人 陳小姐",
        opinion="仍有疑慮，請詢問聯繫圈",
        change_made="",
        answered_on=date(2021, 3, 2),
        by=people["author"],
    )
    circle = services.escalation_ask(
        publication=pub, level="circle", question="女強人是否妥當", asked_on=date(2021, 3, 3), by=people["author"]
    )
    services.escalation_answer(
        step=circle,
        adviser="性平聯繫圈",
        opinion="宜改為「領導者」",
        change_made="改為「領導者」",
        answered_on=date(2021, 3, 4),
        by=people["author"],
    )
    services.publication_confirm(publication=pub, by=people["superior"])
    assert pub.status == S.CONFIRMED
    assert [s.level for s in pub.escalations.all()] == ["liaison", "circle"]


def test_another_units_liaison_can_neither_see_nor_change(people, registry):
    pub = draft(people, registry)
    assert not selectors.publication_list(people["social"]).filter(pk=pub.pk).exists()
    with pytest.raises(PermissionDenied):
        selectors.publication_get(people["social"], pub.pk)
    with pytest.raises(PermissionDenied):
        services.publication_check(
            publication=pub, answers=all_yes(pub), superior=people["superior"], by=people["social"]
        )
    with pytest.raises(PermissionDenied):
        services.publication_create(
            data=PublicationData(unit=registry["勞動局"], type="social", title="x"), by=people["social"]
        )


def test_office_records_a_correction_and_the_penalty_selector_sees_it(people, registry):
    pub = draft(people, registry)
    with pytest.raises(PermissionDenied):  # the office records it, not the unit
        services.correction_request(
            publication=pub,
            requested_by="taskforce",
            requested_on=date(2022, 4, 1),
            request="請刪除女強人",
            by=people["author"],
        )
    c = services.correction_request(
        publication=pub,
        requested_by="taskforce",
        requested_on=date(2022, 4, 1),
        request="請刪除女強人",
        by=people["office"],
    )
    assert selectors.publications_not_corrected(people["office"], year=111) == []
    services.correction_outcome(
        correction=c, outcome="not_corrected", decided_on=date(2022, 6, 1), wrpc_improper=True, by=people["office"]
    )
    [ground] = selectors.publications_not_corrected(people["office"], year=111, wrpc_improper_only=True)
    assert ground.unit == "勞動局" and ground.clause == "捌、二、(二)" and "要求修正卻未修正" in ground.summary
    assert selectors.publications_not_corrected(people["office"], year=110) == []
    assert selectors.publications_not_corrected(people["social"], year=111) == []


def test_the_office_adds_a_lexicon_entry_and_the_next_reading_uses_it(people, registry):
    assert selectors.current_reader().read("那個查某很兇") == []
    with pytest.raises(PermissionDenied):
        services.lexicon_entry_save(
            data=LexiconData(term="查某", kind="bias", item="4", explanation="x"), by=people["author"]
        )
    services.lexicon_entry_save(
        data=LexiconData(term="查某", kind="bias", item="4", explanation="以台語貶稱女性", suggestions=["女性"]),
        by=people["office"],
    )
    assert LexiconEntry.objects.get(term="查某").source == "office"
    assert [f.text for f in selectors.current_reader().read("那個查某很兇")] == ["查某"]


def test_the_shipped_data_is_loaded_once_and_not_overwritten(db):
    counts = services.publicity_data_sync()
    assert counts["entries"] >= 150 and counts["versions"] == 1
    entry = LexiconEntry.objects.get(term="外勞")
    entry.explanation = "性平辦修訂"
    entry.save()
    assert services.publicity_data_sync() == {"versions": 0, "entries": 0}
    assert LexiconEntry.objects.get(term="外勞").explanation == "性平辦修訂"


def test_the_office_issues_a_new_checklist_version_and_older_publications_keep_theirs(people, registry):
    old = draft(people, registry)
    first = old.checklist_version
    items = [services.ItemData(i.code, i.group, i.text) for i in first.items.all()]
    items.append(services.ItemData("11", "呈現平衡", "影像中的人物旁白與字幕同時呈現，方便不同需求者。"))
    with pytest.raises(PermissionDenied):
        services.checklist_revise(version_date=date(2023, 1, 1), title="第二版", items=items, by=people["author"])
    second = services.checklist_revise(version_date=date(2023, 1, 1), title="第二版", items=items, by=people["office"])
    assert selectors.checklist_current(on=date(2023, 1, 2)) == second and second.items.count() == 11
    assert selectors.checklist_current(on=date(2022, 12, 31)) == first
    old.refresh_from_db()
    assert old.checklist_version == first
    with pytest.raises(ValidationError):  # one version per date
        services.checklist_revise(version_date=date(2023, 1, 1), title="x", items=items, by=people["office"])


@pytest.mark.django_db
def test_a_database_loaded_before_issue_12_gets_one_kind_per_class():
    """Slurs shipped as stereotype or discrimination become bias; the office's own rows are left alone."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "mainstream.publicity.migrations.0003_shipped_slurs_are_bias_and_official_terms_advice"
    )
    make = dict(item="7", explanation="x", source=LexiconEntry.Source.SHIPPED)
    LexiconEntry.objects.create(term="娘炮", kind="discrimination", **make)
    LexiconEntry.objects.create(term="人妖", kind="stereotype", **make)  # revised by the office: not the shipped kind
    LexiconEntry.objects.create(term="外籍配偶", kind="exclusion", **make)
    migration.forwards(apps, None)
    kinds = dict(LexiconEntry.objects.values_list("term", "kind"))
    assert kinds["娘炮"] == "bias" and kinds["人妖"] == "stereotype"
    assert LexiconEntry.objects.get(term="外籍配偶").decision == "advice"


def test_only_the_chosen_superior_confirms(people, registry, make_user):
    """Issue 16, item 6: the superior is a person in the system; another colleague of the unit cannot confirm."""
    colleague = make_user("liaison", "勞動局")
    pub = draft(people, registry, text="本局新任處長上任三個月便完成組織改造。")
    assert people["author"] not in services.superior_choices(pub)  # the author cannot pick themself
    assert people["social"] not in services.superior_choices(pub)  # nor another unit's user
    with pytest.raises(ValidationError):
        services.publication_check(
            publication=pub, answers=all_yes(pub), superior=people["author"], by=people["author"]
        )
    with pytest.raises(ValidationError):
        services.publication_check(
            publication=pub, answers=all_yes(pub), superior=people["social"], by=people["author"]
        )
    with pytest.raises(ValidationError):  # a person, not words, when a user checks
        services.publication_check(publication=pub, answers=all_yes(pub), superior_name="王科長", by=people["author"])
    services.publication_check(publication=pub, answers=all_yes(pub), superior=people["superior"], by=people["author"])
    assert pub.superior == people["superior"] and pub.superior_name
    with pytest.raises(PermissionDenied):
        services.publication_confirm(publication=pub, by=colleague)
    with pytest.raises(PermissionDenied):
        services.publication_confirm(publication=pub, by=people["office"])  # the office overrides, with a reason
    services.publication_confirm(publication=pub, by=people["superior"])
    assert pub.status == S.CONFIRMED and pub.confirmed_by == people["superior"]


def test_the_office_overrides_only_with_a_reason_and_it_is_audited(people, registry):
    pub = draft(people, registry, text="本局新任處長上任三個月便完成組織改造。")
    services.publication_check(publication=pub, answers=all_yes(pub), superior=people["superior"], by=people["author"])
    with pytest.raises(ValidationError):
        services.publication_confirm_override(publication=pub, reason="  ", by=people["office"])
    with pytest.raises(PermissionDenied):
        services.publication_confirm_override(publication=pub, reason="長官公出", by=people["author"])
    services.publication_confirm_override(publication=pub, reason="直屬長官公出，依規定代為確認", by=people["office"])
    pub.refresh_from_db()
    assert pub.status == S.CONFIRMED and pub.override_reason == "直屬長官公出，依規定代為確認"
    event = AuditEvent.objects.get(action="publicity.publication.confirm_override", target_id=str(pub.pk))
    assert "直屬長官公出" in event.summary
