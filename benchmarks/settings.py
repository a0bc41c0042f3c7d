"""The service's settings with the benchmark-only routes (a no-op endpoint) added."""

from builder.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
