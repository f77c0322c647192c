"""A realistic, deterministic dataset of many fiscal years, for measuring pages (bench/) and EXPLAIN.

Each app that has records to generate has a `dataset.py` with `GENERATORS`: a list of functions
`fn(ds: Dataset) -> str`, each building one kind of record with bulk inserts and returning a line for the
log. The command `generate_dataset` runs them in INSTALLED_APPS order (an app's generators may use what
the apps below it made, through `ds.stash`), after the demo data, which gives the rooms, equipment,
event types, plans and one account per role. Adding a kind of record is adding one function to a list.

Everything is drawn from one `random.Random(seed)`, so a seed gives the same rows every time (ids may
differ between databases; nothing depends on them).
"""

import dataclasses
import datetime
import random
from collections.abc import Callable, Iterable

from django.db import connection

from .dates import current_fiscal_year, fiscal_year_start
from .search import kana_key, name_key

# 苗字・名前 with their readings (katakana), common in 西東京市 as elsewhere.
SURNAMES = [
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("斎藤", "サイトウ"),
    ("清水", "シミズ"),
    ("山崎", "ヤマザキ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
    ("橋本", "ハシモト"),
    ("阿部", "アベ"),
    ("石川", "イシカワ"),
    ("山下", "ヤマシタ"),
    ("中島", "ナカジマ"),
    ("石井", "イシイ"),
    ("小川", "オガワ"),
    ("前田", "マエダ"),
    ("岡田", "オカダ"),
    ("長谷川", "ハセガワ"),
    ("藤田", "フジタ"),
    ("後藤", "ゴトウ"),
    ("近藤", "コンドウ"),
    ("村上", "ムラカミ"),
    ("遠藤", "エンドウ"),
    ("青木", "アオキ"),
    ("坂本", "サカモト"),
    ("斉藤", "サイトウ"),
    ("福田", "フクダ"),
    ("太田", "オオタ"),
    ("西村", "ニシムラ"),
    ("藤井", "フジイ"),
    ("金子", "カネコ"),
    ("岡本", "オカモト"),
    ("藤原", "フジワラ"),
    ("中野", "ナカノ"),
    ("三浦", "ミウラ"),
    ("原田", "ハラダ"),
    ("中川", "ナカガワ"),
    ("松田", "マツダ"),
    ("竹内", "タケウチ"),
    ("小野", "オノ"),
    ("田村", "タムラ"),
    ("中山", "ナカヤマ"),
    ("和田", "ワダ"),
    ("石田", "イシダ"),
    ("森田", "モリタ"),
    ("上田", "ウエダ"),
    ("原", "ハラ"),
    ("内田", "ウチダ"),
    ("柴田", "シバタ"),
    ("酒井", "サカイ"),
    ("宮崎", "ミヤザキ"),
    ("横山", "ヨコヤマ"),
    ("高木", "タカギ"),
    ("安藤", "アンドウ"),
    ("宮本", "ミヤモト"),
]
GIVEN_FEMALE = [
    ("花子", "ハナコ"),
    ("恵子", "ケイコ"),
    ("京子", "キョウコ"),
    ("幸子", "サチコ"),
    ("和子", "カズコ"),
    ("洋子", "ヨウコ"),
    ("美智子", "ミチコ"),
    ("節子", "セツコ"),
    ("久美子", "クミコ"),
    ("由美", "ユミ"),
    ("真理", "マリ"),
    ("陽子", "ヨウコ"),
    ("愛", "アイ"),
    ("さくら", "サクラ"),
    ("美咲", "ミサキ"),
    ("結衣", "ユイ"),
    ("陽菜", "ヒナ"),
    ("桃子", "モモコ"),
    ("沙織", "サオリ"),
    ("晴美", "ハルミ"),
    ("明美", "アケミ"),
    ("直子", "ナオコ"),
    ("智子", "トモコ"),
    ("芽衣", "メイ"),
    ("葵", "アオイ"),
]
GIVEN_MALE = [
    ("太郎", "タロウ"),
    ("一郎", "イチロウ"),
    ("次郎", "ジロウ"),
    ("三郎", "サブロウ"),
    ("健", "ケン"),
    ("誠", "マコト"),
    ("学", "マナブ"),
    ("勇", "イサム"),
    ("茂", "シゲル"),
    ("博", "ヒロシ"),
    ("清", "キヨシ"),
    ("明", "アキラ"),
    ("隆", "タカシ"),
    ("翔", "ショウ"),
    ("大輔", "ダイスケ"),
    ("拓也", "タクヤ"),
    ("健太", "ケンタ"),
    ("蓮", "レン"),
    ("悠真", "ユウマ"),
    ("湊", "ミナト"),
    ("和夫", "カズオ"),
    ("正男", "マサオ"),
    ("修", "オサム"),
    ("浩二", "コウジ"),
    ("直樹", "ナオキ"),
]
TOWNS = [
    ("188-0011", "田無町"),
    ("188-0012", "南町"),
    ("188-0013", "向台町"),
    ("188-0014", "芝久保町"),
    ("202-0001", "ひばりが丘"),
    ("202-0005", "住吉町"),
    ("202-0011", "泉町"),
    ("202-0012", "東町"),
    ("202-0013", "中町"),
    ("202-0021", "東伏見"),
    ("202-0022", "柳沢"),
    ("202-0023", "新町"),
]


@dataclasses.dataclass
class Dataset:
    """What every generator gets: the random source, the scale, the fiscal years, and what earlier ones made."""

    rng: random.Random
    scale: float
    years: int
    last_fy: int = dataclasses.field(default_factory=current_fiscal_year)
    stash: dict = dataclasses.field(default_factory=dict)

    @property
    def fiscal_years(self) -> list[int]:
        return list(range(self.last_fy - self.years + 1, self.last_fy + 1))

    @property
    def first_day(self) -> datetime.date:
        return fiscal_year_start(self.fiscal_years[0])

    def n(self, count_for_ten_years: int) -> int:
        """A count given for ten years at scale 1, for this run's years and scale (at least 1)."""
        return max(1, round(count_for_ten_years * self.scale * self.years / 10))

    def person(self, gender: str | None = None) -> tuple[str, str, str]:
        """(氏名, フリガナ, gender) — the reading matches the name."""
        gender = gender or self.rng.choice(["female", "female", "male"])
        last, last_kana = self.rng.choice(SURNAMES)
        first, first_kana = self.rng.choice(GIVEN_FEMALE if gender == "female" else GIVEN_MALE)
        return f"{last} {first}", f"{last_kana} {first_kana}", gender

    def address(self) -> tuple[str, str]:
        postal_code, town = self.rng.choice(TOWNS)
        return (
            postal_code,
            f"西東京市{town}{self.rng.randint(1, 6)}-{self.rng.randint(1, 30)}-{self.rng.randint(1, 20)}",
        )

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def phone(self) -> str:
        return f"042-{self.rng.randint(400, 499)}-{self.rng.randint(0, 9999):04d}"


def keys(name: str, furigana: str) -> tuple[str, str]:
    return name_key(name), kana_key(furigana)


def bulk(model, objects: Iterable, batch_size: int = 2000) -> list:
    """bulk_create in batches; returns the saved objects (with their ids, PostgreSQL returns them)."""
    return model.objects.bulk_create(list(objects), batch_size=batch_size)


def set_created(table: str, column: str, expression: str, where: str = "") -> None:
    """auto_now_add fields get 'now' on insert: set them afterwards to the time the record would have had."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = {expression} {where}")  # noqa: S608 - our own identifiers


def made_ids(made: list) -> str:
    """A WHERE clause for the rows a bulk insert just made (ids are increasing within one insert)."""
    return f"WHERE id BETWEEN {made[0].pk} AND {made[-1].pk}" if made else "WHERE false"


Generator = Callable[[Dataset], str]
