"""Pages of a long list without counting it: fetch one row more than a page to know whether a next page exists.

Django's Paginator counts the whole (filtered) table on every page to number the pages; over ten years of room
bookings that count costs more than the page itself. Lists that show no total use `page_without_count`; the
template gets the same `has_previous` / `has_next` / `number` / `*_page_number` / `object_list` as a Django Page.
"""

from dataclasses import dataclass


@dataclass
class UncountedPage:
    object_list: list
    number: int
    has_next_page: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.has_next_page

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next_page or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


# Deep pages of an uncounted list still cost an OFFSET scan: nobody pages a thousand pages back, they search.
MAX_PAGE = 1000


def page_without_count(queryset, number, size: int) -> UncountedPage:
    """Page `number` (1-based; anything else is page 1) of an ordered queryset, in one query and no COUNT."""
    try:
        number = min(max(int(number), 1), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    rows = list(queryset[(number - 1) * size : number * size + 1])
    return UncountedPage(object_list=rows[:size], number=number, has_next_page=len(rows) > size)
