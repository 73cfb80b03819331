"""The demo loads training data for 110 and 111 through the real services, shows shortfalls, and is idempotent."""

from __future__ import annotations

from datetime import date

from mainstream.evaluation.engine import Context, run_rules
from mainstream.training.demo import demo_load
from mainstream.training.models import TrainingRecord
from mainstream.training.rules import training_rules


def test_demo_has_both_years_with_shortfalls(registry, plan):
    demo_load()
    count = TrainingRecord.objects.count()
    assert TrainingRecord.objects.filter(year=110).exists() and TrainingRecord.objects.filter(year=111).exists()
    assert 2000 < count < 20000
    demo_load()
    assert TrainingRecord.objects.count() == count  # idempotent
    ctx = Context.for_plan(plan, 111, as_of=date(2023, 1, 10))
    findings = {(f.rule, f.units[0] if f.units else ""): f for f in run_rules(ctx, training_rules())}
    assert findings[("training.gender_staff", "社會局")].status == "unmet"
    assert findings[("training.gender_staff", "勞動局")].status == "met"
    assert findings[("training.supervisor", "衛生局")].status == "unmet"
    assert findings[("training.general", "警察局")].status == "unmet"
    assert findings[("training.press", "觀傳局")].status == "unmet"
    assert findings[("training.physical_rate", "勞動局")].status == "met"  # below 30% but improved
    assert "已逐年提升" in findings[("training.physical_rate", "勞動局")].detail
    assert findings[("training.physical_rate", "客委會")].status == "unmet"
    assert findings[("training.own_course", "文化局")].status == "unmet"
    assert findings[("training.own_course", "大安區公所")].status == "met"
    assert findings[("training.general", "財政局")].status == "met"
    assert findings[("training.workers", "")].subject_type == "government"
