"""The planning: week board, sessions and series, attendance, skills grid, months."""

import datetime
from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View, generic

from eft.choices import Role
from eft.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ScopedPermissionMixin,
    XlsxImportView,
)
from eft.models import Workshop
from eft.once import SubmitOnceMixin
from eft.params import date_param, local_url, parse_id
from eft.permissions import has_role
from jobs import calendar as ics
from jobs import conflicts, selectors, services
from jobs.choices import PLANNABLE, SessionKind
from jobs.forms import (
    AddTraineeForm,
    AttendanceFormSet,
    BillableForm,
    PracticeGridForm,
    SessionForm,
    fill_period_times,
)
from jobs.models import Job, MonthClosing, SkillPractice, WorkSession
from trainees.choices import TraineeStatus
from trainees.models import AutonomyLevel, Skill, Trainee


def board_url(workshop_id, day) -> str:
    monday = selectors.monday_of(day)
    return reverse("planning") + "?" + urlencode({"atelier": workshop_id, "date": monday})


class PlanningBoardView(ScopedPermissionMixin, generic.TemplateView):
    """The trainers' home page: a workshop's week, person by person."""

    model = WorkSession
    template_name = "jobs/planning_board.html"

    def get_template_names(self):
        if self.request.GET.get("print"):
            return ["jobs/planning_print.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        workshops = list(Workshop.objects.for_user(self.request.user).filter(is_active=True))
        if not workshops:
            context.update(title=_("Planning"), workshops=[], board=None)
            return context
        chosen = self.request.GET.get("atelier")
        workshop = next((w for w in workshops if str(w.pk) == chosen), workshops[0])
        monday = selectors.monday_of(date_param(self.request.GET, "date", timezone.localdate()))
        weekend = self.request.GET.get("we") == "1"
        board = selectors.week_board(workshop, monday, with_weekend=weekend)
        week = datetime.timedelta(days=7)
        context.update(
            title=_("Planning"),
            workshops=workshops,
            workshop=workshop,
            board=board,
            monday=monday,
            weekend=weekend,
            today=timezone.localdate(),
            previous_url=board_url(workshop.pk, monday - week),
            next_url=board_url(workshop.pk, monday + week),
            today_url=board_url(workshop.pk, timezone.localdate()),
            can_plan=self.request.user.has_perm("jobs.add_worksession"),
            can_staff=self.request.user.has_perm("jobs.change_worksession"),
            add_url=reverse("planning_add_trainee"),
            session_kinds=SessionKind.choices,
            week_number=monday.isocalendar()[1],
        )
        return context


class PlanningFormMixin:
    """What a planning form may offer: the user's workshops, their open jobs and
    active trainees."""

    def planning_choices(self):
        user = self.request.user
        workshops = Workshop.objects.for_user(user).filter(is_active=True).order_by("name")
        jobs = (
            Job.objects.for_user(user)
            .filter(status__in=PLANNABLE)
            .select_related("client")
            .order_by("-reference")
        )
        trainees = (
            Trainee.objects.for_user(user)
            .exclude(status=TraineeStatus.ENDED)
            .order_by("last_name", "first_name")
        )
        return {"workshops": workshops, "jobs": jobs, "trainees": trainees}

    def availability(self, form) -> dict:
        """Each person's day at the session's date and times, as the form has
        them (typed, or as offered): keyed by their id as text, for the template."""
        data = getattr(form, "cleaned_data", None) or {}
        if not form.is_bound:
            data = {
                "date": form.initial.get("date") or form.fields["date"].initial,
                "period": form.initial.get("period") or form.fields["period"].initial,
                "start_time": form.initial.get("start_time"),
                "end_time": form.initial.get("end_time"),
                "break_minutes": form.initial.get("break_minutes"),
            }
        data = dict(data)
        nobody = {"trainee": {}, "trainer": {}}
        if form.is_bound and any(name in form.errors for name in ("start_time", "end_time")):
            return nobody  # not the period's times in place of what was typed
        fill_period_times(data)
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if not (day and start and end) or end <= start:
            return nobody
        found = selectors.availability(
            day,
            start,
            end,
            trainee_ids=[t.pk for t in form.fields["trainees"].queryset],
            trainer_ids=[u.pk for u in form.fields["trainers"].queryset],
            exclude_session=getattr(getattr(self, "object", None), "pk", None),
            break_minutes=data.get("break_minutes") or 0,
        )
        return {kind: {str(pk): a for pk, a in people.items()} for kind, people in found.items()}

    def skill_hints(self, form) -> dict:
        """For the job being planned: each trainee's usual skills not yet practised."""
        if form.is_bound:
            job = getattr(form, "cleaned_data", {}).get("job")
        else:
            job = form.fields["job"].queryset.filter(pk=form.initial.get("job") or 0).first()
        if job is None:
            return {}
        trainee_ids = [t.pk for t in form.fields["trainees"].queryset]
        hints = selectors.skills_to_discover(job, trainee_ids)
        return {str(pk): skills for pk, skills in hints.items()}


def session_arguments(data) -> dict:
    """What the planning services take from a valid SessionForm."""
    return {
        "title": data["title"],
        "host": data["host"],
        "start": data["start_time"],
        "end": data["end_time"],
        "break_minutes": data["break_minutes"],
        "period": data["period"],
        "trainers": list(data["trainers"]),
        "trainees": list(data["trainees"]),
        "notes": data["notes"],
        "accept_warnings": data["accept_warnings"],
    }


def show_conflicts(form, error: ValidationError) -> None:
    """Put a refused planning's reasons on the form, its conflicts and its
    warnings together; warnings ask for a tick."""
    if isinstance(error, services.WarningsToAccept):
        form.warnings = error.report.warnings
        return
    if isinstance(error, services.ConflictsFound):
        form.warnings = error.report.warnings
    for message in error.messages:
        form.add_error(None, message)


class SessionAvailabilityView(ScopedPermissionMixin, PlanningFormMixin, generic.View):
    """JSON: each person's day at the date and times the session form holds,
    read again by its script as they change (the page shows it without one)."""

    model = WorkSession
    action = "add"

    def get(self, request):
        form = SessionForm(request.GET, **self.planning_choices())
        form.is_valid()  # the fields that are valid are enough
        session = parse_id(request.GET.get("session"))
        if session and WorkSession.objects.for_user(request.user).filter(pk=session).exists():
            self.object = WorkSession(pk=session)
        found = self.availability(form)
        return JsonResponse(
            {
                kind: {pk: {"state": a.state, "text": a.text} for pk, a in people.items()}
                for kind, people in found.items()
            }
        )


class SessionCreateView(
    ScopedPermissionMixin, SubmitOnceMixin, PlanningFormMixin, generic.FormView
):
    """One session or a series, with the conflicts shown before anything is saved."""

    model = WorkSession
    action = "add"
    form_class = SessionForm
    template_name = "jobs/session_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self.planning_choices())
        return kwargs

    def get_initial(self):
        get = self.request.GET
        initial = {"date": date_param(get, "date", timezone.localdate())}
        if has_role(self.request.user, Role.TRAINER):  # who plans is usually on it
            initial["trainers"] = [self.request.user.pk]
        if job := parse_id(get.get("job")):
            initial["job"] = job
        if trainee := parse_id(get.get("trainee")):
            initial["trainees"] = [trainee]
        if get.get("kind") in SessionKind.values:
            initial["kind"] = get["kind"]
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        job = None
        if data["job"] is not None:
            job = Job.objects.select_related("workshop").get(pk=data["job"].pk)
        until = data.get("until")
        dates = conflicts.working_days(data["date"], until) if until else [data["date"]]
        try:
            sessions = services.sessions_plan(
                kind=data["kind"],
                job=job,
                workshop=data["workshop"],
                dates=dates,
                **session_arguments(data),
            )
        except ValidationError as error:
            show_conflicts(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(count)s session(s) planned for %(job)s.")
            % {"count": len(sessions), "job": sessions[0].label},
        )
        return HttpResponseRedirect(board_url(sessions[0].workshop_id, dates[0]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Plan a work session")
        context["cancel_url"] = reverse("planning")
        context["skill_hints"] = self.skill_hints(context["form"])
        context["availability"] = self.availability(context["form"])
        context["availability_url"] = reverse("session_availability") + (
            f"?session={self.object.pk}" if getattr(self, "object", None) else ""
        )
        return context


class SessionImportView(XlsxImportView):
    """Sessions from a spreadsheet, through the same conflict check as the form."""

    permission = "jobs.add_worksession"
    title = _("Import work sessions")

    def get_importer(self):
        from jobs.imports import SessionImporter

        return SessionImporter(user=self.request.user)

    def get_success_url(self):
        return reverse("planning")


class SessionDetailView(ObjectDetailView):
    model = WorkSession
    select_related = ("job__client", "job__site", "workshop")
    edit_url_name = "session_update"
    delete_url_name = "session_delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        context.update(
            attendances=list(session.attendances.select_related("trainee")),
            trainers=list(session.trainers.all()),
            practice_count=SkillPractice.objects.filter(attendance__session=session).count(),
            board_url=board_url(session.workshop_id, session.date),
        )
        return context


class SessionUpdateView(ScopedPermissionMixin, PlanningFormMixin, generic.FormView):
    model = WorkSession
    action = "change"
    form_class = SessionForm
    template_name = "jobs/session_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(
                WorkSession.objects.for_user(request.user).select_related(
                    "job__workshop", "workshop"
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self.planning_choices(), series=False, editing=True)
        return kwargs

    def get_initial(self):
        s = self.object
        return {
            "kind": s.kind,
            "job": s.job_id,
            "workshop": s.workshop_id,
            "title": s.title,
            "host": s.host,
            "date": s.date,
            "period": s.period,
            "start_time": s.start_time,
            "end_time": s.end_time,
            "break_minutes": s.break_minutes,
            "trainers": list(s.trainers.all()),
            "trainees": [a.trainee_id for a in s.attendances.all()],
            "notes": s.notes,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.session_update(self.object, date=data["date"], **session_arguments(data))
        except ValidationError as error:
            show_conflicts(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = str(self.object)
        context["cancel_url"] = self.object.get_absolute_url()
        context["skill_hints"] = self.skill_hints(context["form"])
        context["availability"] = self.availability(context["form"])
        context["availability_url"] = reverse("session_availability") + (
            f"?session={self.object.pk}" if getattr(self, "object", None) else ""
        )
        return context


class SessionDeleteView(ObjectDeleteView):
    model = WorkSession
    protected_message = _("Hours or skills are recorded on this session: it cannot be deleted.")

    def perform_delete(self, obj):
        services.session_delete(obj)

    def get_success_url(self):
        if self.object.job_id:
            return self.object.job.get_absolute_url()
        return board_url(self.object.workshop_id, self.object.date)


class AddChoicesView(ScopedPermissionMixin, generic.TemplateView):
    """The board's « + stagiaire » of one session, opened: the form with the
    trainees one may add (a fragment the board's script puts in place)."""

    model = WorkSession
    action = "change"
    template_name = "jobs/board_add_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = get_object_or_404(
            WorkSession.objects.for_user(self.request.user)
            .filter(Q(job__isnull=True) | Q(job__status__in=PLANNABLE))
            .select_related("job"),
            pk=parse_id(self.request.GET.get("session")),
        )
        context.update(
            session=session,
            candidates=selectors.session_candidates(session),
            add_url=reverse("planning_add_trainee"),
        )
        return context


class AddTraineeView(ScopedPermissionMixin, generic.FormView):
    """From the board: put a trainee on one of the day's sessions."""

    model = WorkSession
    action = "change"
    form_class = AddTraineeForm
    template_name = "jobs/add_trainee.html"

    def setup_choices(self):
        user = self.request.user
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        self.day = date_param(source, "date", timezone.localdate())
        self.sessions = (
            WorkSession.objects.for_user(user)
            .filter(date=self.day)
            .filter(Q(job__isnull=True) | Q(job__status__in=PLANNABLE))
            .select_related("job__client")
            .order_by("start_time", "pk")
        )
        self.trainees = Trainee.objects.for_user(user).exclude(status=TraineeStatus.ENDED)
        chosen = parse_id(self.request.GET.get("session"))
        if self.request.method == "GET" and chosen:  # not those already on it
            self.trainees = self.trainees.exclude(attendances__session_id=chosen)

    def get_form_kwargs(self):
        self.setup_choices()
        kwargs = super().get_form_kwargs()
        kwargs.update(sessions=self.sessions, trainees=self.trainees)
        return kwargs

    def get_initial(self):
        get = self.request.GET
        return {
            "trainee": parse_id(get.get("trainee")),
            "session": parse_id(get.get("session")),
        }

    def form_valid(self, form):
        session = (
            WorkSession.objects.select_related("job__workshop", "workshop")
            .filter(pk=form.cleaned_data["session"].pk)
            .get()
        )
        trainee = form.cleaned_data["trainee"]
        try:
            services.session_add_trainee(
                session, trainee, accept_warnings=form.cleaned_data["accept_warnings"]
            )
        except ValidationError as error:
            show_conflicts(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s added to %(session)s.") % {"name": trainee.full_name, "session": session},
        )
        return HttpResponseRedirect(board_url(session.workshop_id, session.date))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Add a trainee to a session"), day=self.day)
        return context


class SessionPartMixin(ScopedPermissionMixin):
    """A page about one session the user may see (attendance, skills)."""

    model = WorkSession

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.session = get_object_or_404(
                WorkSession.objects.for_user(request.user).select_related(
                    "job__client", "workshop"
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)


class AttendanceView(SessionPartMixin, generic.TemplateView):
    """Hours present or absence, per trainee; "everyone present" in one tap."""

    template_name = "jobs/attendance.html"

    def get_required_permission(self):
        return "jobs.change_attendance"

    @cached_property
    def attendances(self):
        return list(self.session.attendances.select_related("trainee"))

    def split_initial(self, attendance) -> dict:
        if not attendance.is_recorded:
            return {"hours_assimilated": None, "hours_absent": None}
        automatic = services.automatic_split(
            self.session.planned_hours, attendance.hours_present, attendance.absence_reason
        )
        if (attendance.hours_assimilated, attendance.hours_absent) == automatic:
            return {"hours_assimilated": None, "hours_absent": None}
        return {
            "hours_assimilated": attendance.hours_assimilated,
            "hours_absent": attendance.hours_absent,
        }

    def get(self, request, *args, **kwargs):
        attendances = self.attendances
        formset = AttendanceFormSet(
            initial=[
                {
                    "trainee_id": a.trainee_id,
                    "hours_present": a.hours_present,
                    "absence_reason": a.absence_reason,
                    # An automatic split shows blank: changing the hours present
                    # then splits again; a split made by hand shows as made.
                    **self.split_initial(a),
                }
                for a in attendances
            ],
            prefix="rows",
        )
        billable = BillableForm(initial={"billable_hours": self.session.billable_hours})
        if not self.session.is_production:
            billable = None
        return self.render_to_response(self.get_context_data(formset=formset, billable=billable))

    def post(self, request, *args, **kwargs):
        if "everyone" in request.POST:
            try:
                services.attendance_everyone_present(self.session, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return HttpResponseRedirect(request.path)
            messages.success(request, _("Everyone recorded present as planned."))
            return HttpResponseRedirect(request.path)
        formset = AttendanceFormSet(request.POST, prefix="rows")
        billable = BillableForm(request.POST) if self.session.is_production else None
        if formset.is_valid() and (billable is None or billable.is_valid()):
            try:
                services.attendance_record(
                    self.session,
                    [form.cleaned_data for form in formset],
                    user=request.user,
                    billable_hours=billable.cleaned_data["billable_hours"] if billable else None,
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Attendance recorded."))
                return HttpResponseRedirect(self.session.get_absolute_url())
        return self.render_to_response(self.get_context_data(formset=formset, billable=billable))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attendances = {a.trainee_id: a for a in self.attendances}
        formset = context["formset"]
        rows = []
        for form in formset:
            trainee_id = form["trainee_id"].value()
            attendance = attendances.get(parse_id(str(trainee_id)))
            rows.append((attendance, form))
        context.update(
            title=_("Attendance"),
            session=self.session,
            rows=rows,
            planned=self.session.planned_hours,
            closed=MonthClosing.objects.is_closed(self.session.date),
            future=self.session.date > timezone.localdate(),
        )
        return context


class PracticeGridView(SessionPartMixin, generic.TemplateView):
    """Trainees x skills, one tap per level: what each trainee practised today,
    from the workshop's framework and the centre's shared one."""

    template_name = "jobs/practice_grid.html"

    def get_required_permission(self):
        return "jobs.add_skillpractice"

    def skills(self, practised: set[int]):
        """The grid's rows: the job's usual skills and those already recorded on
        the session, or every skill of both frameworks when asked (or when none
        is known yet)."""
        session = self.session
        every = list(
            Skill.objects.for_workshop(session.workshop_id)
            .filter(is_active=True)
            .select_related("area__framework")
            .order_by("framework__scope", "area__position", "area__name", "position", "code")
        )
        if self.request.GET.get("all") == "1":
            return every
        usual = practised | (
            set(session.job.usual_skills.values_list("pk", flat=True)) if session.job_id else set()
        )
        return [s for s in every if s.pk in usual] or every

    def get_form(self):
        practices = {
            (p.attendance.trainee_id, p.skill_id): p
            for p in SkillPractice.objects.filter(attendance__session=self.session).select_related(
                "attendance"
            )
        }
        self.skill_list = self.skills({skill_id for _t, skill_id in practices})
        self.attendances = list(self.session.attendances.select_related("trainee"))
        self.levels = list(AutonomyLevel.objects.all())
        return PracticeGridForm(
            self.request.POST if self.request.method == "POST" else None,
            attendances=self.attendances,
            skills=self.skill_list,
            levels=self.levels,
            practices=practices,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                services.practices_record(self.session, form.cells_data(), user=request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Skills practised recorded."))
                return HttpResponseRedirect(self.session.get_absolute_url())
        else:
            for message in form.non_field_errors():
                messages.error(request, message)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Skills practised"),
            session=self.session,
            skills=self.skill_list,
            levels=self.levels,
            attendances=self.attendances,
            rows=context["form"].rows,
            show_all=self.request.GET.get("all") == "1",
        )
        return context


class MyPlanningView(generic.TemplateView):
    """Anyone's own coming sessions, and the address of their calendar feed."""

    template_name = "jobs/my_planning.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        sessions = list(
            own_sessions(self.request.user)
            .filter(date__gte=today, date__lte=today + datetime.timedelta(days=56))
            .select_related("job__client", "job__site", "workshop")
        )
        context.update(
            title=_("My planning"),
            sessions=sessions,
            ics_url=self.request.build_absolute_uri(
                reverse("planning_ics", args=[ics.token_for(self.request.user)])
            ),
        )
        return context


class IcsRegenerateView(View):
    """POST: a new address for the person's calendar feed; the old one stops."""

    http_method_names = ["post"]

    def post(self, request):
        ics.regenerate(request.user)
        messages.success(
            request,
            _("Your calendar has a new address: the old one no longer works. Subscribe again."),
        )
        return HttpResponseRedirect(
            local_url(request, request.POST.get("next", ""), reverse("my_planning"))
        )


def own_sessions(user):
    """The sessions a person is on: as a trainee (their attendance) or as a trainer."""
    return (
        WorkSession.objects.filter(Q(attendances__trainee__user=user) | Q(trainers=user))
        .distinct()
        .order_by("date", "start_time")
    )


@method_decorator(login_not_required, name="dispatch")
class IcsView(View):
    def get(self, request, token):
        user = ics.user_for(token)
        if user is None:
            raise Http404
        request.private_response = True  # no-store, like every page of a person
        since = timezone.localdate() - datetime.timedelta(days=60)
        sessions = (
            own_sessions(user)
            .filter(date__gte=since)
            .select_related("job__client", "job__site")[:1000]
        )
        body = ics.build(sessions, name=str(_("Planning")))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="planning.ics"'
        return response
