"""Pages of the competence record, self-assessment, validation, attestations,
badges, the workshop matrix and the trainee's own home page.

Every page about a trainee finds them through ``Trainee.objects.for_user``: a
trainee reaches only their own, a trainer those of their workshops, and any
other id answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View, generic

from eft.choices import Role
from eft.exports import XLSX_CONTENT_TYPE, write_xlsx
from eft.models import Workshop
from eft.pdf import pdf_response, render_pdf
from eft.permissions import has_role
from jobs import calendar as ics
from records import badges, documents, selectors, services
from records.forms import (
    AttestationForm,
    BadgeImportForm,
    ReplyForm,
    SelfAssessmentForm,
    ValidationForm,
    default_period,
)
from records.models import Attestation, SelfAssessment, SkillValidation
from trainees.choices import TraineeStatus
from trainees.models import AutonomyLevel, Skill, Trainee


class PermissionMixin:
    """403 without ``permission``; but first, every object in the address is
    found among those the user may see, so an id out of reach answers 404
    (whatever the page, a changed id never tells what exists)."""

    permission = "records.view_record"
    model = None  # for pages about one row: found through ``for_user``
    select_related: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        self.resolve()
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def resolve(self) -> None:
        if self.model is not None:
            self.object = get_object_or_404(
                self.model.objects.for_user(self.request.user).select_related(*self.select_related),
                pk=self.kwargs["pk"],
            )


class TraineePageMixin(PermissionMixin):
    """A page about one trainee the user may follow (``pk`` in the address)."""

    def resolve(self) -> None:
        self.trainee  # noqa: B018 (404 when out of reach)

    @cached_property
    def trainee(self) -> Trainee:
        return get_object_or_404(
            Trainee.objects.for_user(self.request.user).select_related("workshop", "user"),
            pk=self.kwargs["pk"],
        )

    @property
    def is_self(self) -> bool:
        return self.trainee.user_id == self.request.user.pk

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(trainee=self.trainee, is_self=self.is_self)
        return context


class SkillPageMixin(TraineePageMixin):
    """A page about one skill of a trainee's frameworks (or one they practised)."""

    def resolve(self) -> None:
        super().resolve()
        self.skill  # noqa: B018

    @cached_property
    def skill(self) -> Skill:
        trainee = self.trainee
        skills = Skill.objects.filter(
            Q(framework__workshop_id=trainee.workshop_id)
            | Q(framework__scope="centre")
            | Q(practices__attendance__trainee=trainee)
        ).select_related("area__framework")
        skill = skills.filter(pk=self.kwargs["skill"]).first()
        if skill is None:
            raise Http404
        return skill


class CompetenceRecordView(TraineePageMixin, generic.TemplateView):
    """Every area and skill of the trainee's frameworks, what was practised and how far."""

    template_name = "records/record.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = selectors.competence_record(self.trainee)
        context.update(
            title=_("Competence record"),
            record=record,
            classes=selectors.level_classes(record.levels),
        )
        return context


class RecordSkillView(SkillPageMixin, generic.TemplateView):
    """Every practice of one skill, the trainee's own words, the validation."""

    template_name = "records/skill.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        practices = list(selectors.skill_practices(self.trainee, self.skill))
        validation = (
            SkillValidation.objects.filter(trainee=self.trainee, skill=self.skill)
            .select_related("level", "validated_by")
            .first()
        )
        context.update(
            title=str(self.skill),
            skill=self.skill,
            classes=selectors.level_classes(list(AutonomyLevel.objects.all())),
            practices=practices,
            assessments=list(selectors.self_assessments(self.trainee, self.skill)),
            validation=validation,
            can_assess=self.is_self and bool(practices),
            assess_form=kwargs.get("assess_form") or SelfAssessmentForm(),
            can_reply=user.has_perm("records.add_trainerreply") and not self.is_self,
            can_validate=user.has_perm("records.add_skillvalidation") and not self.is_self,
        )
        return context


class SelfAssessmentView(RecordSkillView):
    """POST: the trainee's own level and words on a skill they practised; on a
    refusal, the skill's page again with the reason."""

    permission = "records.add_selfassessment"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not self.is_self:
            raise PermissionDenied
        form = SelfAssessmentForm(request.POST)
        if form.is_valid():
            try:
                services.self_assessment_save(
                    trainee=self.trainee,
                    skill=self.skill,
                    user=request.user,
                    level=form.cleaned_data["level"],
                    remark=form.cleaned_data["remark"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you: your view is saved beside your trainer's."))
                return HttpResponseRedirect(skill_url(self.trainee, self.skill))
        return self.render_to_response(self.get_context_data(assess_form=form))


def skill_url(trainee, skill) -> str:
    return reverse("record_skill", args=[trainee.pk, skill.pk])


class ReplyView(PermissionMixin, View):
    """POST: a trainer answers a self-assessment."""

    permission = "records.add_trainerreply"
    model = SelfAssessment
    select_related = ("trainee", "skill")

    def post(self, request, pk):
        assessment = self.object
        form = ReplyForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Write your answer first."))
            services.reply_add(
                assessment=assessment, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Answer sent."))
        return HttpResponseRedirect(skill_url(assessment.trainee, assessment.skill))


class ValidateView(SkillPageMixin, generic.FormView):
    """Mark a skill as acquired: when, by whom, on which evidence."""

    permission = "records.add_skillvalidation"
    template_name = "records/validate.html"
    form_class = ValidationForm

    def get_initial(self):
        return {"validated_on": timezone.localdate()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.skill_validate(
                trainee=self.trainee,
                skill=self.skill,
                user=self.request.user,
                level=data["level"],
                validated_on=data["validated_on"],
                evidence=data["evidence"],
                confirmed=data["confirmed"],
            )
        except services.NeedsConfirmation as error:
            form.needs_confirmation = True
            form.add_error("confirmed", error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Skill marked as acquired."))
        return HttpResponseRedirect(skill_url(self.trainee, self.skill))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Mark as acquired"), skill=self.skill)
        return context


class UnvalidateView(PermissionMixin, generic.TemplateView):
    """Withdraw a validation given by mistake, once confirmed."""

    permission = "records.delete_skillvalidation"
    model = SkillValidation
    select_related = ("trainee", "skill", "level")
    template_name = "records/unvalidate.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Withdraw this validation"), validation=self.object)
        return context

    def post(self, request, pk):
        validation = self.object
        services.skill_unvalidate(validation=validation, user=request.user)
        messages.success(request, _("The validation was withdrawn."))
        return HttpResponseRedirect(skill_url(validation.trainee, validation.skill))


class AttestationListView(TraineePageMixin, generic.FormView):
    """The trainee's attestations of skills; issue a new one for a period."""

    permission = "records.view_attestation"
    template_name = "records/attestations.html"
    form_class = AttestationForm

    def get_initial(self):
        start, end = default_period(self.trainee)
        return {"period_start": start, "period_end": end}

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("records.add_attestation"):
            raise PermissionDenied
        if self.is_self:  # a trainee gets their whole training so far, in one tap
            start, end = default_period(self.trainee)
            form = self.get_form_class()(initial=self.get_initial())
            return self.issue(form, start, end, reuse=True)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        return self.issue(form, form.cleaned_data["period_start"], form.cleaned_data["period_end"])

    def issue(self, form, start, end, reuse=False):
        try:
            attestation = services.attestation_issue(
                trainee=self.trainee, start=start, end=end, user=self.request.user, reuse=reuse
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("attestation_pdf", args=[attestation.pk]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Attestations of skills"),
            attestations=list(self.trainee.attestations.select_related("issued_by")),
            can_issue=self.request.user.has_perm("records.add_attestation"),
        )
        return context


class AttestationDocumentView(PermissionMixin, View):
    """An issued attestation, as it was issued: PDF or .xlsx."""

    permission = "records.view_attestation"
    model = Attestation
    select_related = ("trainee",)
    format = "pdf"

    def get(self, request, pk):
        attestation = self.object
        name = f"attestation-{attestation.trainee.full_name}-{attestation.period_end}"
        if self.format == "xlsx":
            handle = write_xlsx(
                documents.attestation_rows(attestation), title=str(_("Attestation"))
            )
            response = HttpResponse(handle.read(), content_type=XLSX_CONTENT_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.xlsx"'
            return response
        content = render_pdf(
            "records/attestation_pdf.html", documents.attestation_context(attestation)
        )
        return pdf_response(content, filename=name)


class BadgesView(TraineePageMixin, generic.TemplateView):
    """The validated skills as Open Badges to download, and the prior
    achievements imported from another centre (kept apart)."""

    permission = "records.export_badges"
    template_name = "records/badges.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Badges and prior achievements"),
            validations=list(
                self.trainee.validations.select_related("skill__area", "level", "validated_by")
            ),
            priors=list(self.trainee.prior_achievements.select_related("skill")),
            can_import=self.request.user.has_perm("records.import_badges"),
            import_form=kwargs.get("import_form") or BadgeImportForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("records.import_badges"):
            raise PermissionDenied
        form = BadgeImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                imported = badges.prior_achievements_import(
                    trainee=self.trainee, files=form.cleaned_data["files"], user=request.user
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("files", message)
            else:
                messages.success(
                    request,
                    _("%(count)s prior achievement(s) imported.") % {"count": len(imported)},
                )
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(import_form=form))


class BadgeJsonView(PermissionMixin, View):
    permission = "records.export_badges"
    model = SkillValidation
    select_related = ("trainee__workshop", "skill__area", "level")

    def get(self, request, pk):
        validation = self.object
        response = HttpResponse(badges.credential_json(validation), content_type="application/json")
        filename = slugify(f"badge-{validation.skill.code}-{validation.trainee.full_name}")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response


class MatrixView(PermissionMixin, generic.TemplateView):
    """For trainers: a workshop's trainees by areas, levels as colours; and who
    has not yet practised a given skill."""

    permission = "records.view_matrix"
    template_name = "records/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        workshops = list(Workshop.objects.for_user(user).filter(is_active=True).order_by("name"))
        chosen = self.request.GET.get("atelier")
        workshop = next(
            (w for w in workshops if str(w.pk) == chosen), workshops[0] if workshops else None
        )
        context.update(title=_("Competence matrix"), workshops=workshops, workshop=workshop)
        if workshop is None:
            return context
        trainees = list(
            Trainee.objects.for_user(user)
            .filter(workshop=workshop)
            .exclude(status=TraineeStatus.ENDED)
            .order_by("last_name", "first_name")
        )
        areas, rows, best = selectors.workshop_matrix(workshop, trainees)
        skills = [skill for _area, area_skills in areas for skill in area_skills]
        wanted = next((s for s in skills if str(s.pk) == self.request.GET.get("competence")), None)
        levels = list(AutonomyLevel.objects.all())
        context.update(
            areas=areas,
            rows=rows,
            skills=skills,
            wanted=wanted,
            not_yet=[t for t in trainees if (t.pk, wanted.pk) not in best] if wanted else [],
            levels=levels,
            classes=selectors.level_classes(levels),
        )
        return context


class TraineeHomeView(generic.TemplateView):
    """A trainee's home page: this week and next, their hours this month, their
    skills, their calendar on their phone, their own details."""

    template_name = "records/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trainee = (
            Trainee.objects.filter(user=self.request.user)
            .select_related("workshop")
            .prefetch_related("contracts")
            .first()
        )
        if trainee is None:
            raise Http404
        today = timezone.localdate()
        this_week, next_week = selectors.own_weeks(trainee, today)
        context.update(
            title=_("My page"),
            trainee=trainee,
            today=today,
            weeks=[(_("This week"), this_week), (_("Next week"), next_week)],
            hours=selectors.month_hours(trainee, today),
            skills=selectors.skills_summary(trainee),
            ics_url=self.request.build_absolute_uri(
                reverse("planning_ics", args=[ics.token_for(self.request.user)])
            ),
        )
        return context


class MyRecordRedirect(View):
    """The trainee's own record (or ``target`` page about them), from the menu."""

    target = "competence_record"

    def get(self, request):
        trainee = Trainee.objects.filter(user=request.user).only("pk").first()
        if trainee is None or not has_role(request.user, Role.TRAINEE):
            raise Http404
        return HttpResponseRedirect(reverse(self.target, args=[trainee.pk]))
