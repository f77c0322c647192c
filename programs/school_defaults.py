"""The themes schools ask for, as first loaded; staff edit them afterwards (admin). Used by the migration, the demo
and the test fixtures. Each names the activity field whose volunteers and groups the candidate search offers."""

SCHOOL_THEMES = [
    ("車いす", "車いすの押し方・乗り方の体験", "disability"),
    ("手話", "手話であいさつや自己紹介", "sign-language"),
    ("点字", "点字の仕組みと点字器での体験", "braille"),
    ("高齢者疑似体験", "疑似体験セットで高齢者の体の動きを体験", "elderly"),
    ("視覚障がい者のガイド", "アイマスクをつけての歩行とガイドの体験", "disability"),
    ("障がい者の講演", "障がいのある方のお話を聞く", "disability"),
    ("ボランティア入門", "ボランティア活動とは（出張講座）", "other"),
]


def create_school_themes(SchoolTheme, ActivityField) -> None:
    fields = {f.slug: f for f in ActivityField.objects.all()}
    for order, (name, description, field) in enumerate(SCHOOL_THEMES, start=1):
        SchoolTheme.objects.get_or_create(
            name=name,
            defaults={"description": description, "activity_field": fields.get(field), "sort_order": order},
        )
