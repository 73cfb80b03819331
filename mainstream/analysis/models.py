"""Models of the analysis app."""

from django.db import models  # noqa: F401
