"""The demo data: loaded twice, the same; every invoicing case reachable by the
admin-staff login."""

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client as Browser

from invoicing.models import BankLine, Invoice, Quote, Reminder

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_and_shows_every_invoicing_case():
    call_command("seed_demo", verbosity=0)
    counts = (Invoice.objects.count(), Reminder.objects.count(), Quote.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Invoice.objects.count(), Reminder.objects.count(), Quote.objects.count()) == counts
    issued = Invoice.objects.filter(kind="invoice").exclude(status="draft")
    assert set(issued.values_list("vat_treatment", flat=True)) == {
        "standard",
        "renovation",
        "reverse_charge",
        "exempt",
    }
    catering = issued.get(lines__vat_rate=12)
    assert set(catering.lines.values_list("vat_rate", flat=True)) == {12, 21}
    assert Invoice.objects.filter(kind="credit_note", status="issued").exists()
    assert issued.filter(status="paid").exists() and issued.filter(status="partially_paid").exists()
    overdue = Reminder.objects.get().invoice
    assert overdue.status == "issued" and overdue.payments.count() == 0
    assert Invoice.objects.filter(status="draft").exists()
    assert BankLine.objects.filter(status="suggested", suggested_invoice=catering).exists()
    # Numbers follow the dates of issue.
    numbers = list(issued.order_by("issue_date").values_list("sequence_number", flat=True))
    assert numbers == sorted(numbers)
    office = Browser()
    # The demo password works (django-axes wants the request that logs in).
    assert office.login(request=HttpRequest(), username="secretariat", password="demo")
    for invoice in Invoice.objects.all():
        assert office.get(invoice.get_absolute_url()).status_code == 200
    assert office.get(Quote.objects.get().get_absolute_url()).status_code == 200
