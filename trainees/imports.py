from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from eft.imports import ImportColumn, XlsxImporter
from trainees.models import Skill, SkillArea, SkillFramework


class SkillRowForm(forms.Form):
    area = forms.CharField(label=_("Area"), max_length=200)
    area_code = forms.CharField(label=_("Area code"), max_length=20, required=False)
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Skill"), max_length=200)
    reference = forms.CharField(label=_("SFMQ/UAA reference"), max_length=100, required=False)

    def __init__(self, *args, framework: SkillFramework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework

    def clean_code(self):
        code = self.cleaned_data["code"]
        if Skill.objects.filter(framework=self.framework, code=code).exists():
            raise forms.ValidationError(_("This framework already has a skill with this code."))
        return code

    @transaction.atomic
    def save(self) -> Skill:
        data = self.cleaned_data
        area, _created = SkillArea.objects.get_or_create(
            framework=self.framework,
            name=data["area"],
            defaults={"code": data["area_code"], "position": self.framework.areas.count() + 1},
        )
        return Skill.objects.create(
            area=area,
            code=data["code"],
            name=data["name"],
            reference=data["reference"],
            position=area.skills.count() + 1,
        )


class SkillImporter(XlsxImporter):
    """Skills of one framework; areas are created when their name is new."""

    form_class = SkillRowForm
    columns = [
        ImportColumn("area", _("Area"), ("domaine",), required=True),
        ImportColumn("area_code", _("Area code"), ("code domaine",)),
        ImportColumn("code", _("Code"), ("code competence",), required=True),
        ImportColumn("name", _("Skill"), ("competence", "nom", "intitule"), required=True),
        ImportColumn("reference", _("SFMQ/UAA reference"), ("sfmq", "uaa", "reference")),
    ]

    def form_kwargs(self):
        return {"framework": self.context["framework"]}

    def check_batch(self, rows):
        seen = {}
        for row in rows:
            code = row.data.get("code")
            if code and code in seen:
                row.errors.append(
                    _("Code %(code)s already appears on line %(line)s of the file.")
                    % {"code": code, "line": seen[code]}
                )
            elif code:
                seen[code] = row.line
