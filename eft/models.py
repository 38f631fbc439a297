"""The organisation itself and its workshops (filières)."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from eft import validators
from eft.choices import Role
from eft.fields import AddressMixin, MoneyField
from eft.locking import Versioned
from eft.permissions import has_role, sees_everything


class Organisation(AddressMixin, Versioned):
    """The centre itself: one row (pk 1), edited by coordinators only.

    Its identifiers are stored normalised (enterprise number as ten digits,
    VAT number as BE0123456789, IBAN without spaces)."""

    legal_name = models.CharField(_("legal name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=30, default="ASBL")
    enterprise_number = models.CharField(_("enterprise number (BCE)"), max_length=20, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    rpm_court = models.CharField(
        _("register of legal persons (RPM)"),
        max_length=100,
        blank=True,
        help_text=_("The court of the registered office, e.g. “RPM Liège, division Namur”."),
    )
    iban = models.CharField(_("IBAN"), max_length=42, blank=True)
    bic = models.CharField(_("BIC"), max_length=15, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    peppol_endpoint = models.CharField(
        _("Peppol endpoint"),
        max_length=60,
        blank=True,
        help_text=_("scheme:number, e.g. 0208:0403170701"),
    )
    invoice_footer = models.TextField(_("invoice footer"), blank=True)
    late_payment_reference_rate = models.DecimalField(
        _("reference interest rate (law of 2 August 2002), %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.15"),
        help_text=_(
            "Published by the SPF Finance every six months; late-payment interest is this rate "
            "plus 8 points."
        ),
    )
    consumer_late_charges = models.BooleanField(
        _("our terms provide late-payment charges for consumers"),
        default=False,
        help_text=_(
            "Only then may a reminder to a private client claim a lump sum and interest, and never "
            "on the first, free reminder (Code of economic law, book XIX)."
        ),
    )
    logo = models.ImageField(_("logo"), upload_to="organisation/", blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="organisation_single_row")
        ]

    def __str__(self):
        return self.legal_name

    def get_absolute_url(self):
        return reverse("organisation")

    def clean(self):
        errors = validators.normalize_fields(
            self,
            {
                "enterprise_number": validators.normalize_enterprise_number,
                "vat_number": validators.normalize_vat_number,
                "iban": validators.normalize_iban,
                "bic": validators.normalize_bic,
                "peppol_endpoint": validators.normalize_peppol_endpoint,
            },
        )
        try:
            validators.validate_belgian_postal_code(self.postal_code, self.country)
        except ValidationError as error:
            errors["postal_code"] = error
        if (
            not errors
            and self.enterprise_number
            and self.vat_number.startswith("BE")
            and self.vat_number[2:] != self.enterprise_number
        ):
            errors["vat_number"] = _(
                "A Belgian VAT number is BE followed by the enterprise number."
            )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def get(cls) -> "Organisation":
        """The one row, created empty on first use."""
        organisation, _created = cls.objects.get_or_create(pk=1, defaults={"legal_name": "EFT"})
        return organisation


class WorkshopQuerySet(models.QuerySet):
    def for_user(self, user):
        """Coordinators and admin staff see every workshop; a trainer theirs;
        a trainee the one they train in."""
        if sees_everything(user):
            return self
        if has_role(user, Role.TRAINER):
            return self.filter(trainers=user).distinct()
        if has_role(user, Role.TRAINEE):
            return self.filter(trainees__user=user)
        return self.none()


class Workshop(Versioned):
    """A filière: a trade taught by doing real work, with its trainers."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    trade = models.CharField(_("trade"), max_length=100)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        related_name="workshops",
        blank=True,
        limit_choices_to={"groups__name": Role.TRAINER},
    )
    capacity = models.PositiveSmallIntegerField(
        _("trainee capacity"), validators=[MinValueValidator(1)]
    )
    max_trainees_per_trainer = models.PositiveSmallIntegerField(
        _("maximum trainees per trainer on a work session"),
        validators=[MinValueValidator(1)],
    )
    default_hourly_rate = MoneyField(
        _("default hourly rate (excl. VAT)"), validators=[MinValueValidator(0)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = WorkshopQuerySet.as_manager()

    # Each workshop's colour on the boards (the stylesheet's .ws-0 … .ws-7),
    # the same on every page; a centre has a handful of workshops.
    COLOURS = 8

    @property
    def colour(self) -> int:
        return self.pk % self.COLOURS

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="workshop_capacity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_trainees_per_trainer__gte=1),
                name="workshop_ratio_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(default_hourly_rate__gte=0), name="workshop_rate_not_negative"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workshop_detail", args=[self.pk])


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a person's planning feed (calendar apps cannot log
    in). Random and stored, so that the person can regenerate it, which revokes
    the old address at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


class FormSubmission(models.Model):
    """A create form's one-time token, claimed when the form is posted: the same
    form posted twice (a double click, a reload, a retry on a slow line) creates
    one record, and the second post lands on it. Kept a day (``purge_stale``)."""

    token = models.CharField(max_length=64, unique=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form sent")
        verbose_name_plural = _("forms sent")

    def __str__(self):
        return self.token


class ListPreference(models.Model):
    """The columns a person hides on a list (``list_key``: the list's model,
    ``clients.client``), kept from one login and one device to the next."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="list_preferences"
    )
    list_key = models.CharField(max_length=100)
    hidden_columns = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("list preference")
        verbose_name_plural = _("list preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "list_key"], name="list_preference_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.list_key}"
