from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EftConfig(AppConfig):
    name = "eft"
    verbose_name = _("Organisation")

    def ready(self):
        from django.db.models.signals import post_migrate

        from eft.db.statistics import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="eft-statistics")
