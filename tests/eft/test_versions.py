"""No lost update: every record several people edit carries the version its page
showed, through one mechanism (eft.locking); a stale or version-less form is
refused and nothing already saved is overwritten."""

import datetime
import html

import pytest
from django.urls import reverse

from eft.models import Organisation
from tests.factories import ClientFactory, ContractFactory, FrameworkFactory, TraineeFactory


def form_values(response) -> dict:
    """What the browser would send back for the form as the page shows it."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        if isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


RECORDS = {
    "client_update": lambda w: ClientFactory(),
    "trainee_update": lambda w: TraineeFactory(workshop=w),
    "contract_update": lambda w: ContractFactory(trainee=TraineeFactory(workshop=w)),
    "workshop_update": lambda w: w,
    "framework_update": lambda w: FrameworkFactory(workshop=w),
    "organisation": lambda w: Organisation.get(),
}
# The field each edit changes, and how.
EDITS = {
    "client_update": ("city", "Jambes", "Namur"),
    "trainee_update": ("phone", "0470 11 11 11", "0470 22 22 22"),
    "contract_update": ("forem_reference", "F-1", "F-2"),
    "workshop_update": ("trade", "Menuiserie", "Ébénisterie"),
    "framework_update": ("description", "Première", "Seconde"),
    "organisation": ("city", "Namur", "Liège"),
}


def url_of(name, record):
    return reverse(name) if name == "organisation" else reverse(name, args=[record.pk])


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_the_second_of_two_people_editing_a_record_is_refused(
    client_as, coordinator, workshop, name
):
    record = RECORDS[name](workshop)
    url = url_of(name, record)
    first, second = client_as(coordinator), client_as(coordinator)
    first_form = form_values(first.get(url))
    second_form = form_values(second.get(url))
    field, mine, theirs = EDITS[name]
    saved = first.post(url, {**first_form, field: mine})
    assert saved.status_code == 302, saved.context["form"].errors
    refused = second.post(url, {**second_form, field: theirs})
    assert refused.status_code == 200
    assert "a modifié cet enregistrement pendant que vous le modifiiez" in refused.content.decode()
    record.refresh_from_db()
    assert getattr(record, field) == mine and record.version == 2
    # What the second person typed is still in the form, to copy.
    assert theirs in refused.content.decode()


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_a_form_without_its_version_is_refused_not_saved(client_as, coordinator, workshop, name):
    record = RECORDS[name](workshop)
    url = url_of(name, record)
    browser = client_as(coordinator)
    data = form_values(browser.get(url))
    field, mine, _theirs = EDITS[name]
    for version in (None, "abc", "0", "9" * 30):
        sent = {**data, field: mine}
        sent.pop("version")
        if version is not None:
            sent["version"] = version
        response = browser.post(url, sent)
        assert response.status_code == 200
        assert "Cette page n'est plus à jour" in html.unescape(response.content.decode())
    record.refresh_from_db()
    assert getattr(record, field) != mine and record.version == 1
