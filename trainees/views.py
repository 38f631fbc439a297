from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic

from eft.generic import (
    ChildCreateView,
    ChildUpdateView,
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedPermissionMixin,
    XlsxImportView,
)
from eft.tables import GroupBy
from trainees import access, services
from trainees.filters import TraineeFilter
from trainees.forms import (
    AutonomyLevelForm,
    SkillAreaForm,
    SkillForm,
    SkillFrameworkForm,
    TraineeForm,
    TrainingContractForm,
)
from trainees.imports import SkillImporter
from trainees.models import (
    AutonomyLevel,
    Skill,
    SkillArea,
    SkillFramework,
    Trainee,
    TrainingContract,
)
from trainees.tables import SkillFrameworkTable, TraineeTable


# Trainees ---------------------------------------------------------------------
class TraineeListView(ObjectListView):
    model = Trainee
    filterset_class = TraineeFilter
    table_class = TraineeTable
    select_related = ("workshop",)
    create_url_name = "trainee_create"
    group_by = (
        GroupBy("workshop", _("Workshop"), "workshop"),
        GroupBy("status", _("Status"), "status"),
    )


class TraineeDetailView(ObjectDetailView):
    model = Trainee
    chatter = True
    select_related = ("workshop", "user")
    prefetch_related = ("contracts",)
    edit_url_name = "trainee_update"
    template_name = "trainees/trainee_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_reveal"] = user.has_perm("trainees.reveal_national_number")
        context["followup_exists"] = (
            user.has_perm("followup.view_followup_exists") and self.object.followup_entries.exists()
        )
        context["can_open_followup"] = user.has_perm("followup.view_followupentry")
        context["can_add_contract"] = user.has_perm("trainees.add_trainingcontract")
        context["can_change_contract"] = user.has_perm("trainees.change_trainingcontract")
        return context


class TraineeRevealView(TraineeDetailView):
    """POST: show the national register number in full, once, and log it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("trainees.reveal_national_number"):
            raise PermissionDenied
        self.object = self.get_object()
        context = self.get_context_data(object=self.object)
        context["revealed_national_number"] = services.trainee_reveal_national_number(
            trainee=self.object, user=request.user
        )
        return self.render_to_response(context)


class TraineeAccessExportView(
    ScopedPermissionMixin, generic.detail.SingleObjectMixin, generic.View
):
    """POST: the .zip of everything held about the trainee (right of access)."""

    model = Trainee
    action = "export"
    http_method_names = ["post"]

    def get_required_permission(self):
        return "trainees.export_trainee_data"

    def post(self, request, *args, **kwargs):
        name, content = access.access_export(trainee=self.get_object(), user=request.user)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class TraineeCreateView(ObjectCreateView):
    model = Trainee
    form_class = TraineeForm


class TraineeUpdateView(ObjectUpdateView):
    model = Trainee
    form_class = TraineeForm


class ContractCreateView(ChildCreateView):
    model = TrainingContract
    form_class = TrainingContractForm
    parent_model = Trainee
    parent_field = "trainee"

    def save(self, form):
        return services.contract_save(contract=form.instance)


class ContractUpdateView(ChildUpdateView):
    model = TrainingContract
    form_class = TrainingContractForm

    def save(self, form):
        return services.contract_save(contract=form.instance)


class ContractDeleteView(ObjectDeleteView):
    model = TrainingContract
    protected_message = _("Hours were recorded under this contract: it cannot be deleted.")


# Skills frameworks ------------------------------------------------------------
class FrameworkListView(ObjectListView):
    model = SkillFramework
    table_class = SkillFrameworkTable
    filterset_fields = ["workshop"]
    select_related = ("workshop",)

    def get_queryset(self):
        return super().get_queryset().annotate(skill_count=Count("skills"))


class FrameworkDetailView(ObjectDetailView):
    model = SkillFramework
    select_related = ("workshop",)
    edit_url_name = "framework_update"
    template_name = "trainees/framework_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "areas",
                    queryset=SkillArea.objects.prefetch_related(
                        Prefetch("skills", queryset=Skill.objects.order_by("position", "code"))
                    ),
                )
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        editable = self.object.can_be_edited_by(user)
        context["can_edit_skills"] = editable
        context["can_import"] = editable and user.has_perm("trainees.import_skill")
        if not editable:
            context["edit_url"] = None
        return context


class EditableFrameworkMixin:
    """Edits reach only the frameworks the user may change (the centre's shared
    framework is coordination's): others answer 404."""

    def get_queryset(self):
        return super().get_queryset().editable_by(self.request.user)

    def parent_queryset(self):
        return SkillFramework.objects.for_user(self.request.user).editable_by(self.request.user)


class FrameworkUpdateView(EditableFrameworkMixin, ObjectUpdateView):
    model = SkillFramework
    form_class = SkillFrameworkForm


class AreaCreateView(EditableFrameworkMixin, ChildCreateView):
    model = SkillArea
    form_class = SkillAreaForm
    parent_model = SkillFramework
    parent_field = "framework"


class AreaUpdateView(EditableFrameworkMixin, ChildUpdateView):
    model = SkillArea
    form_class = SkillAreaForm


class AreaDeleteView(EditableFrameworkMixin, ObjectDeleteView):
    model = SkillArea

    def perform_delete(self, obj):
        if obj.skills.exists():
            raise ValidationError(_("Move or delete the skills of this area first."))
        obj.delete()


class SkillCreateView(EditableFrameworkMixin, ChildCreateView):
    model = Skill
    form_class = SkillForm
    parent_model = SkillFramework
    parent_field = "framework"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["area"].queryset = SkillArea.objects.filter(framework=self.parent)
        return form


class SkillUpdateView(EditableFrameworkMixin, ChildUpdateView):
    model = Skill
    form_class = SkillForm
    select_related = ("area__framework",)


class SkillDeleteView(EditableFrameworkMixin, ObjectDeleteView):
    model = Skill
    select_related = ("area__framework",)
    protected_message = _("This skill has been practised on jobs: mark it inactive instead.")


class SkillImportView(XlsxImportView):
    permission = "trainees.import_skill"
    importer_class = SkillImporter
    title = _("Import skills")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.framework = get_object_or_404(
                SkillFramework.objects.for_user(request.user).editable_by(request.user),
                pk=kwargs["parent_pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_importer(self):
        return SkillImporter(framework=self.framework)

    def get_success_url(self):
        return self.framework.get_absolute_url()


# Autonomy scale ---------------------------------------------------------------
class AutonomyLevelListView(generic.ListView):
    model = AutonomyLevel
    template_name = "trainees/autonomy_levels.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("trainees.view_autonomylevel"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.request.user.has_perm("trainees.change_autonomylevel")
        return context


class AutonomyLevelUpdateView(ObjectUpdateView):
    model = AutonomyLevel
    form_class = AutonomyLevelForm

    def get_success_url(self):
        return reverse("autonomy_level_list")
