import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from eft.filters import DateFilter, ModelMultipleChoiceFilter, SearchFilterSet, multiple_choice
from eft.models import Workshop
from eft.search import search_words
from jobs.choices import JobStatus
from jobs.forms import DATE, TrainerChoiceField, trainers_of
from jobs.models import Job


class TrainerFilter(django_filters.ModelChoiceFilter):
    field_class = TrainerChoiceField


class JobFilter(SearchFilterSet):
    status = multiple_choice(JobStatus.choices, _("Status"))
    workshop = ModelMultipleChoiceFilter(
        queryset=Workshop.objects.none(),
        label=_("Workshop"),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    client = django_filters.CharFilter(method="filter_client", label=_("Client"))
    responsible_trainer = TrainerFilter(queryset=Workshop.objects.none(), label=_("Trainer"))
    start = DateFilter(method="filter_period", label=_("From"), widget=DATE)
    end = DateFilter(method="filter_period", label=_("To"), widget=DATE)

    class Meta:
        model = Job
        fields = ["q", "status", "workshop", "client", "responsible_trainer", "start", "end"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            workshops = Workshop.objects.for_user(request.user)
            self.filters["workshop"].queryset = workshops
            self.filters["responsible_trainer"].queryset = trainers_of(workshops.values("pk"))

    def filter_client(self, queryset, name, value):
        return search_words(queryset, value, model=Client, prefix="client__")

    def filter_period(self, queryset, name, value):
        # Jobs planned, at least in part, within the period.
        if name == "start":
            return queryset.filter(Q(planned_end__gte=value) | Q(planned_end__isnull=True))
        return queryset.filter(Q(planned_start__lte=value) | Q(planned_start__isnull=True))
