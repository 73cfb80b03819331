"""Models of the plan app."""

from django.db import models  # noqa: F401
