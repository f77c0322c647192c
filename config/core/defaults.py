"""The center's two sites and their calendars as first loaded, from the council's published pages.

Used by the data migration (with historical models) and by test fixtures (with the real ones), so a
database flushed by a transactional test can be put back the same way.
"""

import datetime

SITES = [
    {
        "slug": "tanashi",
        "name": "西東京ボランティア・市民活動センター（田無）",
        "short_name": "田無",
        "postal_code": "188-0011",
        "address": "東京都西東京市田無町5-5-12 田無総合福祉センター1階",
        "phone": "042-466-3070",
        "fax": "042-466-3555",
        "is_main": True,
        "sort_order": 1,
    },
    {
        # The seeds give no address for the Hoya site: staff fill it in the admin.
        "slug": "hoya",
        "name": "西東京ボランティア・市民活動センター（保谷）",
        "short_name": "保谷",
        "postal_code": "",
        "address": "",
        "phone": "042-466-3070",
        "fax": "042-466-3555",
        "is_main": False,
        "sort_order": 2,
    },
]

# 月~土曜日 午前8時30分~午後5時まで(日・祝日、年末年始を除く)
OPENS, CLOSES = datetime.time(8, 30), datetime.time(17, 0)
OPEN_WEEKDAYS = range(0, 6)
YEAR_END = {"name": "年末年始", "start_month": 12, "start_day": 29, "end_month": 1, "end_day": 3}


def create_sites(Site, OpeningHours, AnnualClosure) -> None:
    for data in SITES:
        site, created = Site.objects.get_or_create(slug=data["slug"], defaults=data)
        if not created:
            continue
        OpeningHours.objects.bulk_create(
            OpeningHours(site=site, weekday=w, opens=OPENS, closes=CLOSES) for w in OPEN_WEEKDAYS
        )
        AnnualClosure.objects.create(site=site, **YEAR_END)


# The first words of the ふりがな correction dictionary: place and proper names the analyser reads wrongly or in
# pieces (config/core/furigana.py). Staff add more (group names) in the admin.
FURIGANA_WORDS = {
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


def create_furigana_words(FuriganaWord) -> None:
    for surface, reading in FURIGANA_WORDS.items():
        FuriganaWord.objects.get_or_create(surface=surface, defaults={"reading": reading})
