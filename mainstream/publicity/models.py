"""Models of the publicity app."""

from django.db import models  # noqa: F401
