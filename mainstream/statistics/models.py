"""Models of the statistics app."""

from django.db import models  # noqa: F401
