"""Models of the budget app."""

from django.db import models  # noqa: F401
