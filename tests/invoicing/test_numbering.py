"""Invoice numbers: one continuous sequence per year, no gap, no duplicate,
however many people issue at the same moment."""

import datetime
import multiprocessing
from decimal import Decimal

import pytest
from django.db import connection, connections

from invoicing import services
from invoicing.models import Invoice, InvoiceLine, Sequence
from tests.factories import ClientFactory, UserFactory

WORKERS, INVOICES = 8, 1000
DAY = datetime.date(2026, 11, 30)


def _issue_share(pks, user_pk, results):
    """In a process of its own: issue its share of the drafts, on its own connection."""
    import traceback

    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    issued, refused, errors = 0, 0, []
    try:
        for alias in connections:  # whatever the parent held: never share its sockets
            connections[alias].inc_thread_sharing()
            connections[alias].connection = None
            connections[alias].dec_thread_sharing()
        user = get_user_model().objects.get(pk=user_pk)
        for pk in pks:
            try:
                services.invoice_issue(invoice=Invoice.objects.get(pk=pk), user=user, today=DAY)
                issued += 1
            except ValidationError:  # issued already by another process
                refused += 1
        connections.close_all()
    except Exception:  # noqa: BLE001 (reported to the test, which fails on it)
        errors.append(traceback.format_exc())
    results.put((issued, refused, errors))


@pytest.mark.django_db(transaction=True)
def test_eight_processes_issue_a_thousand_invoices_gapless(centre):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent issuing needs PostgreSQL's row locks (SQLite has one writer)")
    client = ClientFactory()
    user = UserFactory(username="issuer")
    drafts = Invoice.objects.bulk_create(Invoice(client=client) for _ in range(INVOICES))
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=d,
            description="Travaux",
            quantity=Decimal(1),
            unit_price=Decimal("10.00"),
            vat_rate=Decimal("21.00"),
        )
        for d in drafts
    )
    pks = [d.pk for d in drafts]
    # The same draft in two shares: issuing twice at once must be refused, not numbered twice.
    shares = [pks[i::WORKERS] + pks[(i + 1) % WORKERS :: WORKERS][:5] for i in range(WORKERS)]
    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [
        context.Process(target=_issue_share, args=(share, user.pk, results)) for share in shares
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert [e for _i, _r, errors in outcomes for e in errors] == []
    assert sum(issued for issued, _refused, _e in outcomes) == INVOICES
    assert sum(refused for _issued, refused, _e in outcomes) == WORKERS * 5  # the doubles
    numbers = sorted(Invoice.objects.values_list("sequence_number", flat=True))
    assert numbers == list(range(1, INVOICES + 1))  # gapless and unique
    assert Sequence.objects.get(kind="invoice", year=2026).last_number == INVOICES
    assert len(set(Invoice.objects.values_list("structured_communication", flat=True))) == (
        INVOICES
    )
