from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EftConfig(AppConfig):
    name = "eft"
    verbose_name = _("Organisation")
