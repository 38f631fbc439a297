"""Build the invoicing benchmark data (on its own, or beside the other bench data):

* the centre's details (legal name, enterprise and VAT numbers, IBAN/BIC, Peppol
  id, RPM court, footer, a logo) as an accountant expects them on an invoice;
* --clients company clients (Belgian VAT numbers, valid mod 97; fr/nl/en);
* a year (--year, 2025) of --invoices issued invoices (20,000) of 1 to 4 lines
  at 21, 12 and 6 % (a few under reverse charge), numbered 1..N with their
  structured communications, a share of credit notes (--credit-share, 4 %;
  numbered NC<year>/0001.., whole or partial, each referring to its invoice
  and its lines), and payments (about 75 % paid, 10 % partly, the rest open),
  each document's status following from them as services.refresh_status says.

The documents are written with bulk_create, not by 20,000 calls to
invoice_issue, but exactly as invoice_issue would leave them: snapshots from
services.client_snapshot/issuer_snapshot, totals from eft.vat.vat_summary,
numbers from services.format_number and structured communications from
services.structured_communication; the year's Sequence rows are set to N.
(What they do not have: history rows and links to jobs, which no bench reads.)

    .venv/bin/python bench/generate_invoicing.py [--invoices 20000] [--year 2025]

On PostgreSQL (its own database, never ``test``):

    createdb -h 127.0.0.1 -U postgres bench_invoicing
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_invoicing \\
        .venv/bin/python bench/generate_invoicing.py

Uses bench/settings.py (bench/bench.sqlite3, or BENCH_DATABASE_URL); the logo
is written under bench/media/ (MEDIA_ROOT). Then run bench/invoicing.py.
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("MEDIA_ROOT", str(BENCH / "media"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from stdnum.be import ogm_vcs  # noqa: E402

from clients.choices import ClientKind  # noqa: E402
from clients.models import Client  # noqa: E402
from demo import data  # noqa: E402
from demo.numbers import enterprise_number  # noqa: E402
from eft.models import Organisation, Workshop  # noqa: E402
from eft.vat import VatTreatment, category_for, line_amount, rate_for, vat_summary  # noqa: E402
from invoicing import services  # noqa: E402
from invoicing.choices import DocumentKind, InvoiceStatus, PaymentMethod  # noqa: E402
from invoicing.models import Invoice, InvoiceLine, Payment, Sequence  # noqa: E402

D = Decimal
CLIENT_SEED = 5_000_000  # enterprise numbers far from bench/generate.py's (0..50,000)
LOGO = "organisation/bench-logo.png"
# (description, unit, quantity range, unit price, VAT rate): what the workshops bill.
CATALOGUE = [
    ("Main-d'œuvre stagiaires", "h", (8, 96), "28.00", "21.00"),
    ("Main-d'œuvre stagiaires (rénovation)", "h", (8, 64), "28.00", "6.00"),
    ("Plâtre et enduits", "sac", (2, 24), "14.50", "6.00"),
    ("Carrelage grès cérame", "m²", (4, 40), "32.00", "6.00"),
    ("Peinture murale, deux couches", "l", (5, 60), "8.90", "21.00"),
    ("Tonte et entretien des abords", "h", (2, 24), "30.00", "21.00"),
    ("Plantations (arbustes, vivaces)", "pièce", (5, 80), "4.20", "6.00"),
    ("Repas du midi", "repas", (10, 120), "12.50", "12.00"),
    ("Buffet traiteur", "couvert", (20, 150), "18.00", "12.00"),
    ("Boissons", "pièce", (10, 200), "2.10", "21.00"),
    ("Déplacement", "forfait", (1, 1), "35.00", "21.00"),
    ("Évacuation des déchets", "forfait", (1, 2), "65.00", "21.00"),
]


def user(username, group):
    account, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": username.title()}
    )
    account.set_password("bench")
    account.save()
    account.groups.add(Group.objects.get(name=group))
    return account


def logo_png() -> bytes:
    """A 600 x 200 logo, as a centre would upload (a few kB of PNG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((10, 10, 190, 190), radius=30, fill=(47, 111, 94))
    draw.polygon([(40, 150), (100, 40), (160, 150)], fill=(255, 255, 255))
    for y in range(60, 150, 22):
        draw.rectangle((220, y, 220 + 3 * (y - 20), y + 12), fill=(33, 80, 63))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def organisation() -> Organisation:
    centre = Organisation.get()
    for name, value in data.ORGANISATION.items():
        setattr(centre, name, value)
    path = Path(settings.MEDIA_ROOT) / LOGO
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(logo_png())
    centre.logo.name = LOGO
    centre.full_clean()
    centre.save()
    return centre


def companies(count: int, rng: random.Random) -> list[Client]:
    made = []
    for index in range(count):
        number = enterprise_number(CLIENT_SEED + index)
        form, name = data.COMPANIES[index % len(data.COMPANIES)]
        postal_code, city = data.CITIES[index % len(data.CITIES)]
        client = Client(
            kind=ClientKind.COMPANY,
            name=f"{name} {rng.choice(data.LAST_NAMES)} {form} {index:04d}",
            enterprise_number=number,
            vat_number=f"BE{number}",
            language=rng.choice(["fr"] * 7 + ["nl", "nl", "en"]),
            email=f"compta{index}@client{index}.example.be",
            invoice_email=f"factures{index}@client{index}.example.be" if index % 3 else "",
            phone=f"0{rng.randint(10, 89)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}",
            street=f"{rng.choice(data.STREETS)} {rng.randint(1, 240)}",
            postal_code=postal_code,
            city=city,
            payment_terms_days=rng.choice([15, 30, 30, 30, 45, 60]),
            files_vat_returns=index % 4 == 0,
        )
        client.prepare()
        made.append(client)
    return Client.objects.bulk_create(made)


def working_days(year: int) -> list[datetime.date]:
    """Weekdays but the fixed Belgian public holidays (1/1, 1/5, 21/7, 15/8, 1/11, 11/11, 25/12)."""
    holidays = {(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25)}
    day, days = datetime.date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5 and (day.month, day.day) not in holidays:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def status_of(total: D, credited: D, paid: D) -> str:
    """As services.refresh_status decides it."""
    if credited >= total:
        return InvoiceStatus.CREDITED
    if total - credited - paid <= 0:
        return InvoiceStatus.PAID
    if paid or credited:
        return InvoiceStatus.PARTIALLY_PAID
    return InvoiceStatus.ISSUED


def lines_for(rng: random.Random, treatment: str) -> list[dict]:
    count = rng.choices([1, 2, 3, 4], weights=[20, 30, 30, 20])[0]
    lines = []
    for position, (description, unit, (low, high), price, rate) in enumerate(
        rng.sample(CATALOGUE, count), 1
    ):
        quantity = D(rng.randint(low, high))
        if unit == "h" and rng.random() < 0.3:
            quantity += D("0.5")
        lines.append(
            dict(
                position=position,
                description=description,
                quantity=quantity,
                unit=unit,
                unit_price=D(price),
                vat_category=category_for(treatment, D(rate)),
                vat_rate=rate_for(treatment, D(rate)),
            )
        )
    return lines


def summary_of(lines: list[dict]):
    return vat_summary(
        (line["vat_category"], line["vat_rate"], line_amount(line["quantity"], line["unit_price"]))
        for line in lines
    )


def year_of_documents(year, count, credit_share, clients, issuer, staff, rng):
    """Invoices 1..count of ``year`` by date, their credit notes, their payments."""
    days = working_days(year)
    dates = sorted(rng.choice(days) for _ in range(count))
    snapshots = {c.pk: services.client_snapshot(c) for c in clients}
    kind = DocumentKind.INVOICE
    invoices, invoice_lines = [], []
    for number, issue_date in enumerate(dates, 1):
        client = rng.choice(clients)
        treatment = (
            VatTreatment.REVERSE_CHARGE
            if client.files_vat_returns and rng.random() < 0.2
            else VatTreatment.STANDARD
        )
        lines = lines_for(rng, treatment)
        summary = summary_of(lines)
        invoices.append(
            Invoice(
                kind=kind,
                number=services.format_number(kind, year, number),
                year=year,
                sequence_number=number,
                status=InvoiceStatus.ISSUED,  # set below, from credit notes and payments
                client=client,
                vat_treatment=treatment,
                buyer_reference=f"PO-{rng.randint(1000, 99999)}" if rng.random() < 0.3 else "",
                period_start=issue_date - datetime.timedelta(days=rng.randint(3, 40)),
                period_end=issue_date - datetime.timedelta(days=rng.randint(0, 2)),
                issue_date=issue_date,
                due_date=issue_date + datetime.timedelta(days=client.payment_terms_days),
                structured_communication=services.structured_communication(kind, year, number),
                language=client.language,
                client_snapshot=snapshots[client.pk],
                issuer_snapshot=issuer,
                total_excl_vat=summary.total_excl_vat,
                total_vat=summary.total_vat,
                total_incl_vat=summary.total_incl_vat,
                created_by=staff,
                issued_by=staff,
            )
        )
        invoice_lines.append(lines)

    # Credit notes: whole (half of them) or one line partly, within the year, numbered by date.
    last_day = datetime.date(year, 12, 31)
    credits = []
    for index in rng.sample(range(count), int(count * credit_share)):
        original = invoices[index]
        day = original.issue_date + datetime.timedelta(days=rng.randint(1, 30))
        if day > last_day:
            continue
        if rng.random() < 0.5:
            credited = [(n, line["quantity"]) for n, line in enumerate(invoice_lines[index])]
        else:
            n = rng.randrange(len(invoice_lines[index]))
            quantity = invoice_lines[index][n]["quantity"]
            credited = [(n, max(D(1), (quantity / 2).quantize(D("1"))))]
        credits.append((day, index, credited))
    credits.sort()
    credit_kind = DocumentKind.CREDIT_NOTE
    credit_notes, credit_lines, credited_total = [], [], {}
    for number, (day, index, credited) in enumerate(credits, 1):
        original, lines = invoices[index], invoice_lines[index]
        rows = [
            dict(lines[n], position=position, quantity=quantity, credited_index=(index, n))
            for position, (n, quantity) in enumerate(credited, 1)
        ]
        summary = summary_of(rows)
        credited_total[index] = credited_total.get(index, D(0)) + summary.total_incl_vat
        credit_notes.append(
            Invoice(
                kind=credit_kind,
                number=services.format_number(credit_kind, year, number),
                year=year,
                sequence_number=number,
                status=InvoiceStatus.ISSUED,
                client=original.client,
                credited_invoice=original,
                vat_treatment=original.vat_treatment,
                buyer_reference=original.buyer_reference,
                period_start=original.period_start,
                period_end=original.period_end,
                issue_date=day,
                due_date=day + datetime.timedelta(days=original.client.payment_terms_days),
                notes=f"Note de crédit pour la facture {original.number}",
                language=original.language,
                client_snapshot=original.client_snapshot,
                issuer_snapshot=issuer,
                total_excl_vat=summary.total_excl_vat,
                total_vat=summary.total_vat,
                total_incl_vat=summary.total_incl_vat,
                created_by=staff,
                issued_by=staff,
            )
        )
        credit_lines.append(rows)

    # Payments of what is left after the credit notes: 75 % paid (some in two
    # transfers), 10 % partly, the rest open.
    payments = []
    for index, invoice in enumerate(invoices):
        credited = credited_total.get(index, D(0))
        due = invoice.total_incl_vat - credited
        paid = D(0)
        draw = rng.random()
        if due > 0 and draw < 0.85:
            amounts = [due] if draw < 0.65 else [(due / 2).quantize(D("0.01"))]
            if 0.65 <= draw < 0.75:
                amounts.append(due - amounts[0])  # paid in two transfers
            day = invoice.issue_date
            for amount in amounts:
                day += datetime.timedelta(days=rng.randint(3, 45))
                method = PaymentMethod.TRANSFER if rng.random() < 0.95 else PaymentMethod.CARD
                payments.append(
                    Payment(
                        invoice=invoice,
                        date=day,
                        amount=amount,
                        method=method,
                        reference=services.format_communication(invoice.structured_communication)
                        if method == PaymentMethod.TRANSFER
                        else "",
                        recorded_by=staff,
                    )
                )
                paid += amount
        invoice.status = status_of(invoice.total_incl_vat, credited, paid)
    return invoices, invoice_lines, credit_notes, credit_lines, payments


def write(invoices, invoice_lines, credit_notes, credit_lines, payments):
    Invoice.objects.bulk_create(invoices, batch_size=2000)
    rows = []
    for invoice, lines in zip(invoices, invoice_lines, strict=True):
        rows += [InvoiceLine(invoice=invoice, **line) for line in lines]
    rows = InvoiceLine.objects.bulk_create(rows, batch_size=5000)
    by_position = {(line.invoice_id, line.position): line for line in rows}
    for note in credit_notes:  # the original's pk is known only now
        note.credited_invoice_id = note.credited_invoice.pk
    Invoice.objects.bulk_create(credit_notes, batch_size=2000)
    credit_rows = []
    for note, lines in zip(credit_notes, credit_lines, strict=True):
        for line in lines:
            index, n = line.pop("credited_index")
            original = by_position[(invoices[index].pk, invoice_lines[index][n]["position"])]
            credit_rows.append(InvoiceLine(invoice=note, credited_line=original, **line))
    InvoiceLine.objects.bulk_create(credit_rows, batch_size=5000)
    for payment in payments:
        payment.invoice_id = payment.invoice.pk
    Payment.objects.bulk_create(payments, batch_size=5000)
    return len(rows) + len(credit_rows)


def check(year: int) -> None:
    """Numbers 1..N per kind, the sequences at N, communications unique and valid mod 97."""
    for kind in DocumentKind.values:
        numbers = list(
            Invoice.objects.filter(kind=kind, year=year)
            .order_by("sequence_number")
            .values_list("sequence_number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1)), f"{kind} {year}: gap or duplicate"
        assert Sequence.objects.get(kind=kind, year=year).last_number == len(numbers)
    communications = list(
        Invoice.objects.filter(kind=DocumentKind.INVOICE, year=year).values_list(
            "structured_communication", flat=True
        )
    )
    assert len(set(communications)) == len(communications)
    assert all(ogm_vcs.is_valid(c) for c in communications)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=20_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--credit-share", type=float, default=0.04)
    args = parser.parse_args()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Sequence.objects.filter(kind=DocumentKind.INVOICE, year=args.year).exists():
        print(
            f"The invoicing bench data of {args.year} is already there; "
            "delete the bench database to rebuild."
        )
        return
    rng = random.Random(2025)
    staff = user("bench", "admin_staff")
    with transaction.atomic():
        centre = organisation()
        Workshop.objects.get_or_create(
            name="Bench facturation",
            defaults=dict(
                trade="Bâtiment",
                capacity=24,
                max_trainees_per_trainer=6,
                default_hourly_rate=D("28.00"),
            ),
        )
        clients = list(Client.objects.filter(enterprise_number__in=[
            enterprise_number(CLIENT_SEED + i) for i in range(args.clients)
        ])) or companies(args.clients, rng)  # fmt: skip
        made = year_of_documents(
            args.year,
            args.invoices,
            args.credit_share,
            clients,
            services.issuer_snapshot(centre),
            staff,
            rng,
        )
        invoices, _lines, credit_notes, _credit_lines, payments = made
        print(f"  {len(invoices) + len(credit_notes)} documents computed "
              f"({time.perf_counter() - started:.1f} s)", flush=True)  # fmt: skip
        line_count = write(*made)
        for kind, documents in [
            (DocumentKind.INVOICE, invoices),
            (DocumentKind.CREDIT_NOTE, credit_notes),
        ]:
            Sequence.objects.update_or_create(
                kind=kind, year=args.year, defaults={"last_number": len(documents)}
            )
        check(args.year)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    statuses = {}
    for invoice in invoices:
        statuses[invoice.status] = statuses.get(invoice.status, 0) + 1
    print(
        f"{len(invoices)} invoices and {len(credit_notes)} credit notes of {args.year} "
        f"({line_count} lines, {len(payments)} payments; "
        + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        + f") for {len(clients)} clients, on {connection.vendor}; "
        f"done in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
