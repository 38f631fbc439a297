from django import forms
from django.utils.translation import gettext_lazy as _

from eft.filters import ModelMultipleChoiceFilter, SearchFilterSet, multiple_choice
from eft.models import Workshop
from trainees.choices import TraineeStatus
from trainees.models import Trainee


class TraineeFilter(SearchFilterSet):
    workshop = ModelMultipleChoiceFilter(
        queryset=Workshop.objects.none(), label=_("Workshop"), widget=forms.CheckboxSelectMultiple
    )
    status = multiple_choice(TraineeStatus.choices, _("Status"))

    class Meta:
        model = Trainee
        fields = ["q", "workshop", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["workshop"].queryset = Workshop.objects.for_user(request.user)
