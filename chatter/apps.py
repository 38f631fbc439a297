from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatterConfig(AppConfig):
    name = "chatter"
    verbose_name = _("Notes and attachments")

    def ready(self):
        from chatter import signals  # noqa: F401
