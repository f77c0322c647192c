"""The house stylesheet keeps form controls visible: borders at least 3:1 against white (WCAG 1.4.11)."""

import re
from pathlib import Path

from django.conf import settings


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_formula():
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert round(contrast("#dee2e6", "#fff"), 1) == 1.3  # Bootstrap's default control border


def test_control_borders_are_at_least_3_to_1_against_white():
    css = re.sub(r"/\*.*?\*/", "", Path(settings.BASE_DIR, "static/css/site.css").read_text(), flags=re.S)
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", css)
    found = {}
    for selectors, body in rules:
        match = re.search(r"border-color:\s*(#[0-9a-fA-F]{3,6})", body)
        if not match:
            continue
        for selector in selectors.split(","):
            found[selector.strip()] = match.group(1)
    for control in (".form-control", ".form-select", ".form-check-input"):
        assert control in found, control
        assert contrast(found[control], "#ffffff") >= 3, (control, found[control])
    for state in (".form-control:focus", ".form-control.is-invalid"):
        assert contrast(found[state], "#ffffff") >= 3, state
