"""Clients, their contacts and their work sites."""

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.choices import ClientKind
from eft import validators
from eft.choices import Language
from eft.fields import AddressMixin, choices_rank
from eft.locking import Versioned
from eft.search import search_words
from eft.text import fold
from eft.vat import RENOVATION_MIN_AGE, VatTreatment


class ClientQuerySet(models.QuerySet):
    def for_user(self, user):
        """Clients are shared by whoever may open them (coordination, admin staff)."""
        return self if user.has_perm("clients.view_client") else self.none()

    def search(self, text: str):
        """Every word must appear in the name, e-mail, VAT number, city or phone."""
        return search_words(self, text)


class Client(AddressMixin, Versioned):
    """A customer of the workshop.

    Invariants: the VAT and enterprise numbers are stored normalised
    (BE0123456789 / 0123456789) and a VAT number belongs to one client only.
    A client with jobs or invoices is archived, never deleted (PROTECT).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ClientKind.choices)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Last name, or the organisation's name.")
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    enterprise_number = models.CharField(_("enterprise number (BCE)"), max_length=20, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    peppol_endpoint = models.CharField(
        _("Peppol endpoint"),
        max_length=60,
        blank=True,
        help_text=_("scheme:number, e.g. 0208:0403170701"),
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"),
        default=30,
        validators=[MaxValueValidator(120)],
        help_text=_("Days between the invoice and its due date."),
    )
    invoice_email = models.EmailField(
        _("e-mail for invoices"), blank=True, help_text=_("Empty: the client's e-mail.")
    )
    files_vat_returns = models.BooleanField(
        _("files periodic VAT returns"),
        default=False,
        help_text=_("Needed for reverse charge on work on a building (autoliquidation)."),
    )
    default_vat_treatment = models.CharField(
        _("usual VAT treatment"),
        max_length=20,
        choices=VatTreatment.choices,
        default=VatTreatment.STANDARD,
    )
    notes = models.TextField(_("notes"), blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)
    search_text = models.TextField(editable=False, default="")
    # The name as a French reader sorts it: « Cabinet » before « CPAS », « Émile »
    # with the E's (lower case, without accents), kept by ``save``.
    sort_name = models.CharField(max_length=400, editable=False, default="")
    # The city the same way (« Éghezée » with the E's), kept by ``save`` too.
    city_sort = models.CharField(max_length=100, editable=False, default="")
    # The kind's and the language's places in their orders, kept by the
    # database: the list grouped by either reads its rows from an index.
    kind_rank = models.GeneratedField(
        expression=choices_rank("kind", ClientKind.choices),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    language_rank = models.GeneratedField(
        expression=choices_rank("language", Language.choices),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Its chatter's notes, deleted with it (chatter.Note).
    chatter_notes = GenericRelation("chatter.Note")
    history = HistoricalRecords(
        excluded_fields=[
            "search_text",
            "sort_name",
            "city_sort",
            "version",
            "kind_rank",
            "language_rank",
        ]
    )
    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["sort_name", "pk"]
        indexes = [
            models.Index(fields=["is_archived", "name"]),
            # The list as it opens: the clients in use, by name. Partial, so that
            # SQLite uses it too (it cannot use an index for ``NOT is_archived``).
            models.Index(
                fields=["sort_name", "id"],
                condition=models.Q(is_archived=False),
                name="client_in_use_by_name",
            ),
            # The jobs grouped by client read the clients in this order, the
            # archived ones too, and each one's jobs from jobs' (client, reference).
            # With is_archived, it answers the list as it opens too (covering,
            # as the partial index above does), whichever SQLite picks.
            models.Index(fields=["sort_name", "id", "is_archived"], name="client_by_name"),
            # The list grouped by city, kind or language, read in its order
            # rather than sorted.
            *(
                models.Index(
                    fields=[*group, "sort_name", "id"],
                    condition=models.Q(is_archived=False),
                    name=f"client_in_use_by_{name}",
                )
                for group, name in (
                    (("city_sort", "city"), "city"),
                    (("kind_rank",), "kind"),
                    (("language_rank",), "language"),
                )
            ),
            models.Index(fields=["created_at"], name="client_created"),  # the new clients
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["vat_number"],
                condition=~models.Q(vat_number=""),
                name="client_vat_number_unique",
                violation_error_message=_("Another client already has this VAT number."),
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.name} {self.first_name}".strip()

    def get_absolute_url(self):
        return reverse("client_detail", args=[self.pk])

    def build_search_text(self) -> str:
        parts = (
            self.name,
            self.first_name,
            self.email,
            self.vat_number,
            self.enterprise_number,
            self.city,
            self.postal_code,
            self.phone,
        )
        return fold(" ".join(p for p in parts if p))

    def build_sort_name(self) -> str:
        return fold(f"{self.name} {self.first_name}".strip())[:400]

    def prepare(self) -> None:
        """The derived columns, for ``save`` and for bulk inserts."""
        self.search_text = self.build_search_text()
        self.sort_name = self.build_sort_name()
        self.city_sort = fold(self.city)[:100]

    def save(self, *args, **kwargs):
        self.prepare()
        if kwargs.get("update_fields") is not None:
            derived = {"search_text", "sort_name", "city_sort"}
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
        super().save(*args, **kwargs)

    def clean(self):
        errors = validators.normalize_fields(
            self,
            {
                "enterprise_number": validators.normalize_enterprise_number,
                "vat_number": validators.normalize_vat_number,
                "peppol_endpoint": validators.normalize_peppol_endpoint,
            },
        )
        try:
            validators.validate_belgian_postal_code(self.postal_code, self.country)
        except ValidationError as error:
            errors["postal_code"] = error
        if self.vat_number.startswith("BE") and "vat_number" not in errors:
            if not self.enterprise_number:
                self.enterprise_number = self.vat_number[2:]
            elif (
                "enterprise_number" not in errors and self.enterprise_number != self.vat_number[2:]
            ):
                errors["vat_number"] = _(
                    "A Belgian VAT number is BE followed by the enterprise number (%(number)s)."
                ) % {"number": validators.format_enterprise_number(self.enterprise_number)}
        if self.vat_number and "vat_number" not in errors:
            twin = Client.objects.filter(vat_number=self.vat_number).exclude(pk=self.pk).first()
            if twin is not None:
                errors["vat_number"] = format_html(
                    '{} <a href="{}">{}</a>',
                    _("This VAT number is already the client's"),
                    twin.get_absolute_url(),
                    twin.display_name,
                )
        if self.kind != ClientKind.INDIVIDUAL and self.first_name:
            errors["first_name"] = _("Only an individual has a first name.")
        if errors:
            raise ValidationError(errors)


class ContactQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(client__in=Client.objects.for_user(user))


class Contact(models.Model):
    """A person to speak to at a client."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("client")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("function"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.client.get_absolute_url()


class SiteQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(client__in=Client.objects.for_user(user))


class Site(AddressMixin, models.Model):
    """A place where the workshop works for a client.

    A private dwelling first occupied in a calendar year at least ten years
    before the first invoice opens the 6 % renovation VAT rate: the year is
    kept, not a yes/no flag, because the rule is measured from the invoice."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="sites", verbose_name=_("client")
    )
    name = models.CharField(_("name"), max_length=200)
    is_private_dwelling = models.BooleanField(
        _("private dwelling"),
        default=False,
        help_text=_("Used, after the work, wholly or mainly as a private home."),
    )
    first_occupation_year = models.PositiveSmallIntegerField(
        _("year of first occupation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1000), MaxValueValidator(2100)],
        help_text=_("For the 6 % renovation rate: first occupied at least ten years before."),
    )
    notes = models.TextField(_("access, keys, parking"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("work site")
        verbose_name_plural = _("work sites")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.client.get_absolute_url()

    def clean(self):
        try:
            validators.validate_belgian_postal_code(self.postal_code, self.country)
        except ValidationError as error:
            raise ValidationError({"postal_code": error}) from None

    def renovation_refusal(self, first_invoice: datetime.date) -> str | None:
        """Why the 6 % renovation rate does not apply here, or None when it does."""
        if not self.is_private_dwelling:
            return _("The 6 %% renovation rate is for a private dwelling; %(site)s is not one.") % {
                "site": self.name
            }
        if self.first_occupation_year is None:
            return _(
                "Give the year %(site)s was first occupied: the 6 %% rate needs at least ten years."
            ) % {"site": self.name}
        if first_invoice.year - self.first_occupation_year < RENOVATION_MIN_AGE:
            return _(
                "%(site)s was first occupied in %(year)s: the 6 %% renovation rate needs a "
                "dwelling first occupied at least ten years before the first invoice "
                "(%(limit)s at the latest)."
            ) % {
                "site": self.name,
                "year": self.first_occupation_year,
                "limit": first_invoice.year - RENOVATION_MIN_AGE,
            }
        return None
