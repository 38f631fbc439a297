"""Trainees, their training contracts, and the workshops' skills frameworks."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.be import nn as be_nn

from eft import validators
from eft.choices import Role
from eft.fields import AddressMixin
from eft.locking import Versioned
from eft.models import Workshop
from eft.permissions import has_role, is_coordinator, sees_everything
from eft.search import search_words
from eft.text import fold
from trainees.choices import CompetenceKind, FrameworkScope, TraineeStatus


class TraineeQuerySet(models.QuerySet):
    def for_user(self, user):
        """Coordination and admin staff see all trainees, a trainer those of their
        workshops, a trainee only themself."""
        if sees_everything(user) or has_role(user, Role.SOCIAL_WORKER):
            return self
        if has_role(user, Role.TRAINER):
            return self.filter(workshop__trainers=user).distinct()
        if has_role(user, Role.TRAINEE):
            return self.filter(user=user)
        return self.none()

    def search(self, text: str):
        return search_words(self, text)


class Trainee(AddressMixin, Versioned):
    """A stagiaire. The national register number is stored normalised (11 digits),
    is unique, and is never shown in full except on a logged reveal."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    national_number = models.CharField(
        _("national register number"),
        max_length=20,
        blank=True,
        help_text=_("NISS or BIS number, 11 digits."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="trainees", verbose_name=_("workshop")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TraineeStatus.choices, default=TraineeStatus.ACTIVE
    )
    entry_date = models.DateField(_("entry date"))
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    notes = models.TextField(
        _("personal notes"),
        blank=True,
        help_text=_("Read and written by the social worker only."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainee",
        verbose_name=_("login"),
        limit_choices_to={"groups__name": Role.TRAINEE},
    )
    search_text = models.TextField(editable=False, default="")
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    # Its chatter's notes, deleted with it (chatter.Note).
    chatter_notes = GenericRelation("chatter.Note")
    history = HistoricalRecords(excluded_fields=["search_text", "version"])
    history_masked_fields = {"national_number": validators.mask_national_number}
    # Only the social worker, who writes them, sees their history.
    history_private_fields = {"notes": "trainees.change_trainee_notes"}
    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["last_name", "first_name", "pk"]
        permissions = [
            ("reveal_national_number", "Can see the national register number in full"),
            ("view_trainee_notes", "Can read trainees' personal notes"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["national_number"],
                condition=~models.Q(national_number=""),
                name="trainee_national_number_unique",
                violation_error_message=_("Another trainee has this national register number."),
            ),
            models.CheckConstraint(
                condition=models.Q(exit_date__isnull=True)
                | models.Q(exit_date__gte=models.F("entry_date")),
                name="trainee_exit_after_entry",
                violation_error_message=_("The exit date cannot be before the entry date."),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_national_number(self) -> str:
        return validators.mask_national_number(self.national_number)

    def get_absolute_url(self):
        return reverse("trainee_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.first_name} {self.last_name} {self.email}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        try:
            self.national_number = validators.normalize_national_number(self.national_number)
        except ValidationError as error:
            errors["national_number"] = error
        if self.national_number and self.birth_date and "national_number" not in errors:
            try:
                born = be_nn.get_birth_date(self.national_number)
            except Exception:
                born = None
            if born is not None and born != self.birth_date:
                errors["national_number"] = _(
                    "This national register number belongs to someone born on %(date)s, "
                    "not on the birth date given."
                ) % {"date": born.strftime("%d/%m/%Y")}
        if self.exit_date and self.entry_date and self.exit_date < self.entry_date:
            errors["exit_date"] = _("The exit date cannot be before the entry date.")
        if self.status == TraineeStatus.ENDED and not self.exit_date:
            errors["exit_date"] = _("Give the exit date of a trainee whose training has ended.")
        if self.national_number and "national_number" not in errors:
            if (
                Trainee.objects.filter(national_number=self.national_number)
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["national_number"] = _(
                    "Another trainee already has this national register number."
                )
        if errors:
            raise ValidationError(errors)


class RevealKind(models.TextChoices):
    REVEAL = "reveal", _("Shown in full")
    DUPLICATE = "duplicate", _("Typed a number already on record")


class NationalNumberReveal(models.Model):
    """A log line: who saw which trainee's national register number in full, when;
    or who, without that right, typed a number another trainee already has (which
    tells them whose it is: a reveal attempt, limited per day)."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="reveals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    revealed_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=RevealKind.choices, default=RevealKind.REVEAL
    )

    class Meta:
        verbose_name = _("national number reveal")
        verbose_name_plural = _("national number reveals")
        ordering = ["-revealed_at"]

    def __str__(self):
        return f"{self.user} → {self.trainee} ({self.revealed_at:%d/%m/%Y %H:%M})"


class TrainingContractQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(trainee__in=Trainee.objects.for_user(user))

    def overlapping(self, *, trainee_id, start, end, exclude_pk=None):
        queryset = self.filter(trainee_id=trainee_id, start_date__lte=end, end_date__gte=start)
        return queryset.exclude(pk=exclude_pk) if exclude_pk else queryset


class TrainingContract(Versioned):
    """A training contract (signed with the Forem). The contracts of one trainee
    never overlap; the end is on or after the start."""

    trainee = models.ForeignKey(
        Trainee, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("trainee")
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    forem_reference = models.CharField(_("Forem reference"), max_length=50, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = TrainingContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("training contract")
        verbose_name_plural = _("training contracts")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="contract_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gt=0) & models.Q(hours_per_week__lte=40),
                name="contract_hours_per_week_range",
                violation_error_message=_("Hours per week are between 1 and 40."),
            ),
        ]

    def __str__(self):
        return f"{self.trainee} {self.start_date:%d/%m/%Y} – {self.end_date:%d/%m/%Y}"

    def get_absolute_url(self):
        return self.trainee.get_absolute_url()

    def clean(self):
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                raise ValidationError({"end_date": _("The end cannot be before the start.")})
            if self.trainee_id:
                other = (
                    TrainingContract.objects.overlapping(
                        trainee_id=self.trainee_id,
                        start=self.start_date,
                        end=self.end_date,
                        exclude_pk=self.pk,
                    )
                    .order_by("start_date")
                    .first()
                )
                if other is not None:
                    raise ValidationError(
                        _(
                            "This period overlaps the contract from %(start)s to %(end)s: "
                            "the contracts of a trainee may not overlap."
                        )
                        % {
                            "start": other.start_date.strftime("%d/%m/%Y"),
                            "end": other.end_date.strftime("%d/%m/%Y"),
                        }
                    )


class AutonomyLevelQuerySet(models.QuerySet):
    def for_user(self, user):
        """The scale is the centre's vocabulary: readable by whoever may view it."""
        return self


class AutonomyLevel(models.Model):
    """One step of the autonomy scale (1 = discovered … 4 = mastered by default).
    The centre names the steps; the rank orders them."""

    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)
    name = models.CharField(_("name"), max_length=50)
    description = models.CharField(_("description"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = AutonomyLevelQuerySet.as_manager()

    class Meta:
        verbose_name = _("autonomy level")
        verbose_name_plural = _("autonomy scale")
        ordering = ["rank"]

    def __str__(self):
        return f"{self.rank}. {self.name}"

    def get_absolute_url(self):
        return reverse("autonomy_level_list")


def _editable(queryset, user, scope_path: str):
    if is_coordinator(user):
        return queryset
    return queryset.filter(**{scope_path: FrameworkScope.WORKSHOP})


class SkillFrameworkQuerySet(models.QuerySet):
    def for_user(self, user):
        """Coordination sees every framework; a trainer those of their workshops
        and the centre's shared one."""
        if sees_everything(user):
            return self
        if has_role(user, Role.TRAINER):
            return self.filter(
                models.Q(workshop__trainers=user) | models.Q(scope=FrameworkScope.CENTRE)
            ).distinct()
        return self.none()

    def editable_by(self, user):
        """Narrow to what ``user`` may change (apply after ``for_user``): the
        centre's shared framework is coordination's; a trainer changes their
        workshops' own."""
        return _editable(self, user, "scope")

    def for_workshop(self, workshop_id):
        """The frameworks practised in a workshop: its own and the centre's."""
        return self.filter(
            models.Q(workshop_id=workshop_id) | models.Q(scope=FrameworkScope.CENTRE)
        )


class SkillFramework(Versioned):
    """A skills framework (référentiel): areas, then skills.

    Each workshop has its own (trade skills); one framework is shared by the
    whole centre (basic, transversal and social skills) and has no workshop."""

    scope = models.CharField(
        _("scope"), max_length=20, choices=FrameworkScope.choices, default=FrameworkScope.WORKSHOP
    )
    workshop = models.OneToOneField(
        Workshop,
        on_delete=models.PROTECT,
        related_name="framework",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = SkillFrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("skills framework")
        verbose_name_plural = _("skills frameworks")
        ordering = ["scope", "workshop__name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope=FrameworkScope.WORKSHOP, workshop__isnull=False)
                    | models.Q(scope=FrameworkScope.CENTRE, workshop__isnull=True)
                ),
                name="framework_workshop_iff_workshop_scope",
                violation_error_message=_(
                    "A workshop's framework has a workshop; the centre's shared one has none."
                ),
            ),
            models.UniqueConstraint(
                fields=["scope"],
                condition=models.Q(scope=FrameworkScope.CENTRE),
                name="framework_one_centre_framework",
                violation_error_message=_("The centre already has its shared framework."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.scope == FrameworkScope.CENTRE

    def can_be_edited_by(self, user) -> bool:
        """Whether ``user`` (who sees it) may change its areas and skills."""
        if not user.has_perm("trainees.change_skill"):
            return False
        return not self.is_shared or is_coordinator(user)

    @classmethod
    def shared(cls) -> "SkillFramework | None":
        """The centre's shared framework (basic, transversal, social skills)."""
        return cls.objects.filter(scope=FrameworkScope.CENTRE).first()

    def get_absolute_url(self):
        return reverse("framework_detail", args=[self.pk])


class SkillAreaQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(framework__in=SkillFramework.objects.for_user(user))

    def editable_by(self, user):
        return _editable(self, user, "framework__scope")


class SkillArea(models.Model):
    """An area of a framework (e.g. “Maçonnerie”)."""

    framework = models.ForeignKey(
        SkillFramework,
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("skills framework"),
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind of competence"),
        max_length=20,
        choices=CompetenceKind.choices,
        default=CompetenceKind.TRADE,
        help_text=_(
            "A workshop's framework holds trade skills; the centre's shared one holds basic, "
            "transversal and social skills."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()
    objects = SkillAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill area")
        verbose_name_plural = _("skill areas")
        ordering = ["position", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "name"],
                name="skill_area_name_unique",
                violation_error_message=_("This framework already has an area of this name."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}".strip()

    def get_absolute_url(self):
        return self.framework.get_absolute_url()

    def clean(self):
        if self.framework_id and self.kind:
            shared = self.framework.scope == FrameworkScope.CENTRE
            if shared and self.kind == CompetenceKind.TRADE:
                raise ValidationError(
                    {
                        "kind": _(
                            "The centre's shared framework holds basic, transversal and "
                            "social skills; trade skills belong to a workshop's framework."
                        )
                    }
                )
            if not shared and self.kind != CompetenceKind.TRADE:
                raise ValidationError(
                    {
                        "kind": _(
                            "A workshop's framework holds trade skills; basic, transversal "
                            "and social skills belong to the centre's shared framework."
                        )
                    }
                )


class SkillQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(framework__in=SkillFramework.objects.for_user(user))

    def editable_by(self, user):
        return _editable(self, user, "framework__scope")

    def for_workshop(self, workshop_id):
        """The skills practised in a workshop: its framework's and the centre's."""
        return self.filter(framework__in=SkillFramework.objects.for_workshop(workshop_id))


class Skill(models.Model):
    """A skill of a framework. Its code is unique in the framework; ``framework``
    always equals its area's framework (set on save) so the database can hold
    that uniqueness."""

    framework = models.ForeignKey(
        SkillFramework, on_delete=models.CASCADE, related_name="skills", editable=False
    )
    area = models.ForeignKey(
        SkillArea, on_delete=models.PROTECT, related_name="skills", verbose_name=_("area")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    reference = models.CharField(
        _("SFMQ/UAA reference"),
        max_length=100,
        blank=True,
        help_text=_("Optional: the unit of the SFMQ profile it belongs to."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = SkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="skill_code_unique_in_framework",
                violation_error_message=_("This framework already has a skill with this code."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return self.area.framework.get_absolute_url()

    def clean(self):
        if self.area_id:
            self.framework_id = self.area.framework_id
            if (
                self.code
                and Skill.objects.filter(framework_id=self.framework_id, code=self.code)
                .exclude(pk=self.pk)
                .exists()
            ):
                raise ValidationError(
                    {"code": _("This framework already has a skill with this code.")}
                )

    def save(self, *args, **kwargs):
        self.framework_id = self.area.framework_id
        super().save(*args, **kwargs)
