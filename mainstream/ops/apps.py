from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the system in production (issue 13): `mainstream serve`, `backup`, `restore`."""

    name = "mainstream.ops"
    label = "ops"
    verbose_name = "維運"
