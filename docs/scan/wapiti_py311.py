"""Debian's wapiti 3.0.4 under Python 3.11: its -x wildcard regex puts (?ms) at the end, which 3.11 refuses.
Same function with the flags in front; then wapiti's own entry point."""
import re
import sys

import wapitiCore.net.crawler as crawler


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate
from wapitiCore.main.wapiti import wapiti_main  # noqa: E402

sys.exit(wapiti_main())
