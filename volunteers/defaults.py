"""Activity fields (活動分野) as first loaded; staff edit them afterwards. Used by the migration and test fixtures."""

ACTIVITY_FIELDS = [
    ("elderly", "高齢者"), ("disability", "障がい者"), ("children", "子ども"), ("disaster", "災害"),
    ("listening", "傾聴"), ("sign-language", "手話"), ("braille", "点字"), ("japanese", "日本語"),
    ("environment", "環境"), ("community", "まちづくり"), ("health", "保健・医療"), ("international", "国際交流"),
    ("culture", "文化・芸術・スポーツ"), ("other", "その他"),
]


def create_activity_fields(ActivityField) -> None:
    for order, (slug, name) in enumerate(ACTIVITY_FIELDS, start=1):
        ActivityField.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
