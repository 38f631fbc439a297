from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COMPANY = "company", _("Company")
    PUBLIC_BODY = "public_body", _("Public body")
    NON_PROFIT = "non_profit", _("Non-profit")
