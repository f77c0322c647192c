"""The production settings, plus one route for the benchmark's ceiling (a minimal view through the full middleware)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
