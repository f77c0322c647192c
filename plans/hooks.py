"""Extension points for the apps above plans, which plans must not import: they register here in their
AppConfig.ready() and plans' pages render what they return (committees adds members' comments to an item)."""

from collections.abc import Callable

# fn(request, item) -> HTML string (empty when the visitor may not see the section).
ITEM_SECTIONS: list[Callable] = []


def register_item_section(function: Callable) -> None:
    if function not in ITEM_SECTIONS:
        ITEM_SECTIONS.append(function)


def item_sections(request, item) -> list[str]:
    return [html for html in (function(request, item) for function in ITEM_SECTIONS) if html]
