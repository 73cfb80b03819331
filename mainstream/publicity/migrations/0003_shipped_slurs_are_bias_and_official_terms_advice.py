"""Issue 12: one kind per class in databases loaded before it (a fresh database gets the shipped lexicon as is).

Slurs become bias (they were filed as stereotype or discrimination), 外籍配偶 becomes the office's "advice only"
decision, and two shipped patterns replaced by composed ones are deactivated. Only rows still as shipped are
touched (source "shipped", the old kind, the default decision), so an office revision is never overwritten.
"""

from django.db import migrations

RELABELLED = [  # (term, kind it was shipped with) -> bias
    ("(?:太|很|好|那麼|這麼|有點)娘(?![家親們子娘])", "stereotype"),
    ("CD仔", "discrimination"),
    ("T婆", "discrimination"),
    ("gay", "discrimination"),
    ("gay裡gay氣", "discrimination"),
    ("三八", "stereotype"),
    ("不男不女", "discrimination"),
    ("人妖", "discrimination"),
    ("偽娘", "discrimination"),
    ("八婆", "stereotype"),
    ("同性戀", "discrimination"),
    ("同性戀是病", "discrimination"),
    ("妻管嚴", "stereotype"),
    ("娘們", "stereotype"),
    ("娘娘腔", "stereotype"),
    ("娘炮", "discrimination"),
    ("怕老婆", "stereotype"),
    ("性別錯亂", "discrimination"),
    ("搞同性戀", "discrimination"),
    ("死gay", "discrimination"),
    ("死玻璃", "discrimination"),
    ("母老虎", "stereotype"),
    ("治療同性戀", "discrimination"),
    ("潑婦", "stereotype"),
    ("玻璃", "discrimination"),
    ("玻璃圈", "discrimination"),
    ("男不男女不女", "discrimination"),
    ("男人婆", "stereotype"),
    ("矯正同性戀", "discrimination"),
    ("變性人", "discrimination"),
    ("變態", "discrimination"),
    ("長舌婦", "stereotype"),
    ("陰陽人", "discrimination"),
]

REPLACED = [  # shipped patterns superseded by the composed generalisations
    "(?:照顧|護理|家務|煮飯|育兒)(?:工作)?.{0,4}?(?:本來就是|本是|就是|是)(?:女人|女性|女生|媽媽|太太)的(?:事|工作|天職|責任)",
    "(?:男|女)(?:生|人|性)(?:天生|本來就|就是)(?:比較)?(?:感性|理性|細心|粗心|愛哭|情緒化|暴力|衝動|會照顧)",
]

ADVICE = {
    "外籍配偶": "「外籍配偶」是入出國及移民法等法規與統計的用語；性平辦決定只作建議，不列為問題。",
}


def forwards(apps, schema_editor):
    entry = apps.get_model("publicity", "LexiconEntry")
    shipped = entry.objects.filter(source="shipped")
    for term, old_kind in RELABELLED:
        if entry.objects.filter(term=term, kind="bias").exists():
            continue
        shipped.filter(term=term, kind=old_kind).update(kind="bias")
    shipped.filter(term__in=REPLACED).update(active=False)
    for term, reason in ADVICE.items():
        shipped.filter(term=term, decision="flagged").update(decision="advice", decision_reason=reason)


class Migration(migrations.Migration):
    dependencies = [("publicity", "0002_lexicon_decisions_and_word_classes")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
