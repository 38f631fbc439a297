from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data; sits above every other app, so that nothing imports upwards."""

    name = "demo"
    verbose_name = "Demo"
