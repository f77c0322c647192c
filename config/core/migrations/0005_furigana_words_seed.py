"""The first words of the ふりがな correction dictionary: place and proper names the analyser reads wrongly or
in pieces. Staff add more (group names) in the admin."""

from django.db import migrations

WORDS = {
    "西東京": "にしとうきょう",
    "田無": "たなし",
    "保谷": "ほうや",
    "気球くん": "ききゅうくん",
    "西武柳沢": "せいぶやぎさわ",
    "東伏見": "ひがしふしみ",
    "芝久保": "しばくぼ",
    "向台町": "むこうだいちょう",
    "谷戸": "やと",
    "社協": "しゃきょう",
}


def seed(apps, schema_editor):
    FuriganaWord = apps.get_model("core", "FuriganaWord")
    for surface, reading in WORDS.items():
        FuriganaWord.objects.get_or_create(surface=surface, defaults={"reading": reading})


class Migration(migrations.Migration):
    dependencies = [("core", "0004_furigana_words")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
