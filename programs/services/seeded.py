"""Seeded, replayable runs: one mechanism for every lottery or placement of the programs app.

A run reads everything it depends on into a plain JSON record, draws (or is given) a seed, and computes
its result from the record and the seed alone. The record carries a version, and the run stores a
SHA-256 digest over the canonical JSON of record and seed, so a replay can tell an unreplayable run (an
older format) from one whose record was altered. Used by the annual allocation (services/allocation.py)
and the summer placement (services/summer.py).
"""

import hashlib
import json
import random
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def new_seed() -> int:
    """A fresh 32-bit seed, printed on the run so anyone can recompute it."""
    return secrets.randbits(32)


def inputs_digest(inputs: dict, seed: int) -> str:
    """SHA-256 over the canonical JSON of the inputs and the seed (key order and spacing fixed)."""
    text = json.dumps(
        {"inputs": inputs, "seed": seed}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


def lottery_order(items: list, rng: random.Random) -> tuple[list, dict]:
    """The items shuffled by the run's random generator, and each item's key → lottery number (1, 2, …)."""
    order = items[:]
    rng.shuffle(order)
    return order, {key: i + 1 for i, key in enumerate(order)}


def check_replayable(*, inputs: dict, seed: int, digest: str, version: int) -> None:
    """Refuse a replay of a record in another format, or one that does not match its digest."""
    if inputs.get("version") != version or not digest:
        raise ValidationError(
            _("この実行記録には再現に必要な入力が記録されていません。"), code="not_replayable"
        )
    if inputs_digest(inputs, seed) != digest:
        raise ValidationError(
            _(
                "実行記録の入力または乱数番号が、実行したときのダイジェストと一致しません。記録が書き換えられています。"
            ),
            code="tampered",
        )
