"""Bank statements: CODA, camt.053 and CSV read, payments matched by structured
communication and recorded once a person confirms; the same file twice changes
nothing; a malformed file is refused with a message and nothing is saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invoicing import bank, services
from invoicing.models import BankLine, BankStatement, Payment
from tests.factories import JobFactory, JobLineFactory
from tests.invoicing.bankfiles import camt053, coda
from tests.invoicing.conftest import TODAY
from tests.test_query_counts import count

pytestmark = pytest.mark.django_db
D = Decimal


def issue(client, user, price="100.00", workshop=None):
    job = JobFactory(client=client, status="done", workshop=workshop)
    JobLineFactory(job=job, quantity=D(1), unit_price=D(price), vat_rate=D("21.00"))
    draft = services.invoice_create(client=client, jobs=[job], user=user)
    return services.invoice_issue(invoice=draft, user=user, today=TODAY)


@pytest.fixture
def two_invoices(centre, company, admin_staff, workshop):
    """Two issued invoices: 121,00 € and 242,00 €."""
    return issue(company, admin_staff, "100.00", workshop), issue(
        company, admin_staff, "200.00", workshop
    )


def test_a_coda_file_is_matched_then_recorded_once_confirmed(two_invoices, admin_staff):
    first, second = two_invoices
    content = coda(
        [
            ("121.00", first.structured_communication, "", "IMMO MEUSE SA", "BE68539007547034"),
            ("100.00", second.structured_communication, "", "IMMO MEUSE SA", "BE68539007547034"),
            ("-45.20", "", "ELECTRABEL FACTURE", "ELECTRABEL", "BE46000325448336"),
            ("30.00", "", "DON", "J. DUPONT", "BE62510007547061"),
        ]
    )
    statement = bank.statement_import(content=content, file_name="extrait.cod", user=admin_staff)
    assert statement.format == "coda" and statement.account == "BE71096123456769"
    lines = list(statement.lines.all())
    assert [(line.amount, line.status) for line in lines] == [
        (D("121.00"), "suggested"),
        (D("100.00"), "suggested"),
        (D("-45.20"), "ignored"),
        (D("30.00"), "unmatched"),
    ]
    assert lines[0].suggested_invoice == first and lines[0].counterparty == "IMMO MEUSE SA"
    assert not Payment.objects.exists()  # nothing recorded before a person confirms
    bank.lines_confirm(
        statement=statement,
        choices={lines[0].pk: first.number, lines[1].pk: second.number},
        user=admin_staff,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "paid" and second.status == "partially_paid"
    assert services.balance(second) == D("142.00")
    # The same file again: refused, nothing changes.
    with pytest.raises(ValidationError, match="déjà été importé"):
        bank.statement_import(content=content, file_name="copie.cod", user=admin_staff)
    assert BankStatement.objects.count() == 1 and Payment.objects.count() == 2
    # Confirming a recorded line again records nothing more.
    with pytest.raises(ValidationError, match="déjà enregistré"):
        bank.lines_confirm(
            statement=statement, choices={lines[0].pk: first.number}, user=admin_staff
        )
    assert Payment.objects.count() == 2


def test_a_camt053_file_is_read_with_its_structured_reference(two_invoices, admin_staff):
    first, _second = two_invoices
    formatted = services.format_communication(first.structured_communication)
    content = camt053(
        [
            ("121.00", "CRDT", "2026-12-04", formatted, "", "Immo Meuse", "ACC-1"),
            ("80.00", "DBIT", "2026-12-04", "", "Loyer décembre", "Propriétaire", "ACC-2"),
        ]
    )
    statement = bank.statement_import(content=content, file_name="camt.xml", user=admin_staff)
    line, debit = statement.lines.all()
    assert statement.format == "camt053" and statement.account == "BE71096123456769"
    assert line.structured == first.structured_communication
    assert line.suggested_invoice == first and line.counterparty == "Immo Meuse"
    assert debit.amount == D("-80.00") and debit.status == "ignored"


def test_a_csv_export_and_an_overlapping_one(two_invoices, admin_staff):
    first, second = two_invoices
    communication = services.format_communication(second.structured_communication)
    rows = [
        "Extrait de compte BE71 0961 2345 6769",
        "",
        "Date;Montant;Communication;Nom de la contrepartie;Compte contrepartie;Référence",
        f"04/12/2026;1.000,00;Facture {first.number};Immo Meuse;BE68539007547034;001",
        f"05/12/2026;242,00;{communication};Immo Meuse;BE68539007547034;002",
    ]
    content = "\n".join(rows).encode("windows-1252")
    statement = bank.statement_import(content=content, file_name="export.csv", user=admin_staff)
    amounts = [(line.amount, line.status) for line in statement.lines.all()]
    assert amounts == [(D("1000.00"), "unmatched"), (D("242.00"), "suggested")]
    # The next export repeats the last line: only the new one is read.
    rows.append("06/12/2026;12,50;Merci;A. Martin;BE62510007547061;003")
    again = bank.statement_import(
        content="\n".join(rows).encode("windows-1252"), file_name="export2.csv", user=admin_staff
    )
    assert (again.line_count, again.skipped_count) == (1, 2)
    assert BankLine.objects.count() == 3


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "vide"),
        (coda([("10.00", "", "X", "Y", "BE1")])[:-140], "incomplet"),
        (
            # The trailer's total of credits does not add up.
            coda([("10.00", "", "X", "Y", "BE1")]).replace(
                b"000005000000000000000000000000010000", b"000005000000000000000000000000020000"
            ),
            "pas un extrait CODA valide",
        ),
        (b"<html><body>Bonjour</body></html>", "pas un extrait bancaire camt.053"),
        (b"<Document><unclosed>", "XML lisible"),
        (b"%PDF-1.7\x00\x01binary", "CODA, camt.053 ou CSV"),
        (b"Nom;Adresse\nDupont;Namur\n", "« Date » et « Montant »"),
        (b"Date;Montant\n04/12/2026;douze euros\n", "Ligne 2 du fichier CSV"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "XML lisible"),
    ],
)
def test_a_malformed_bank_file_is_refused_and_nothing_is_saved(
    centre, admin_staff, content, message
):
    with pytest.raises(ValidationError, match=message):
        bank.statement_import(content=content, file_name="fichier.txt", user=admin_staff)
    assert not BankStatement.objects.exists() and not BankLine.objects.exists()


def test_confirming_is_all_or_nothing(two_invoices, admin_staff):
    first, second = two_invoices
    content = coda(
        [
            ("121.00", first.structured_communication, "", "A", "BE1"),
            ("50.00", "", "paiement", "B", "BE2"),
        ]
    )
    statement = bank.statement_import(content=content, file_name="x.cod", user=admin_staff)
    paid, typed = statement.lines.all()
    with pytest.raises(ValidationError, match="aucune facture émise numérotée « 1999/0001 »"):
        bank.lines_confirm(
            statement=statement,
            choices={paid.pk: first.number, typed.pk: "1999/0001"},
            user=admin_staff,
        )
    assert not Payment.objects.exists()
    paid.refresh_from_db()
    assert paid.status == "suggested"
    # Typed as a structured communication, the invoice is found.
    bank.lines_confirm(
        statement=statement,
        choices={typed.pk: services.format_communication(second.structured_communication)},
        user=admin_staff,
    )
    assert second.payments.get().amount == D("50.00")


def test_the_bank_pages_from_upload_to_recorded_payment(
    client_as, two_invoices, admin_staff, trainer
):
    first, second = two_invoices
    office = client_as(admin_staff)
    url = reverse("bank_import")
    bad = office.post(url, {"file": SimpleUploadedFile("x.csv", b"Nom;Adresse\nA;B\n")})
    assert "« Date » et « Montant »" in bad.content.decode()
    content = coda(
        [
            ("121.00", first.structured_communication, "", "IMMO MEUSE", "BE1"),
            ("100.00", second.structured_communication, "", "IMMO MEUSE", "BE1"),
        ]
    )
    response = office.post(url, {"file": SimpleUploadedFile("extrait.cod", content)})
    statement = BankStatement.objects.get()
    assert response["Location"] == statement.get_absolute_url()
    page = office.get(statement.get_absolute_url()).content.decode()
    exact, partial = statement.lines.all()
    assert (
        f'value="{exact.pk}" id="confirm-{exact.pk}" aria-label="Enregistrer la ligne 1" checked'
        in page
    )
    assert f'id="confirm-{partial.pk}" aria-label="Enregistrer la ligne 2">' in page  # not ticked
    assert "le montant diffère" in page
    again = office.post(url, {"file": SimpleUploadedFile("bis.cod", content)})
    assert "déjà été importé" in again.content.decode()
    office.post(
        statement.get_absolute_url(),
        {"confirm": [exact.pk], f"invoice-{exact.pk}": first.number},
    )
    first.refresh_from_db()
    assert first.status == "paid"
    listed = office.get(reverse("bank_statement_list")).content.decode()
    assert "extrait.cod" in listed
    assert client_as(trainer).get(statement.get_absolute_url()).status_code == 403


def test_bank_list_and_statement_query_counts(client_as, two_invoices, admin_staff):
    first, second = two_invoices
    browser = client_as(admin_staff)

    def statement(n, key):
        movements = [
            ("121.00", first.structured_communication, "", "A", f"BE{key}{i}")
            if i % 3 == 0
            else ("100.00", second.structured_communication, "", "B", f"BE{key}{i}")
            if i % 3 == 1
            else (f"{10 + i}.00", "", f"don {i}", "C", "BE9")
            for i in range(n)
        ]
        return bank.statement_import(
            content=coda(movements, old_balance=D(key)), file_name=f"{key}.cod", user=admin_staff
        )

    small = statement(3, 1)
    listing = reverse("bank_statement_list")
    few = [count(browser, listing), count(browser, small.get_absolute_url())]
    large = statement(60, 2)
    for key in range(3, 12):
        statement(4, key)
    many = [
        count(browser, reverse("bank_statement_list")),
        count(browser, large.get_absolute_url()),
    ]
    assert many == few == [6, 6]


def test_the_same_payment_in_a_coda_then_a_camt_file_is_read_once(two_invoices, admin_staff):
    first, _second = two_invoices
    digits = first.structured_communication
    bank.statement_import(
        content=coda([("121.00", digits, "", "IMMO MEUSE", "BE68539007547034")]),
        file_name="x.cod",
        user=admin_staff,
    )
    formatted = services.format_communication(digits)
    again = bank.statement_import(
        content=camt053([("121.00", "CRDT", "2026-12-05", formatted, "", "Immo Meuse", "Z9")]),
        file_name="x.xml",
        user=admin_staff,
    )
    assert (again.line_count, again.skipped_count) == (0, 1)


def test_a_paid_invoice_is_not_suggested_and_an_overpayment_is_confirmed(two_invoices, admin_staff):
    first, second = two_invoices
    services.payment_record(
        invoice=first, date=TODAY, amount=D("121.00"), method="transfer", user=admin_staff
    )
    content = coda(
        [
            ("121.00", first.structured_communication, "", "A", "BE1"),
            ("300.00", second.structured_communication, "", "B", "BE2"),
        ]
    )
    statement = bank.statement_import(content=content, file_name="x.cod", user=admin_staff)
    paid_again, over = statement.lines.all()
    assert paid_again.status == "unmatched" and paid_again.suggested_invoice is None
    assert over.suggested_invoice == second
    with pytest.raises(bank.LinesRefused, match="dépasse le solde") as refused:
        bank.lines_confirm(statement=statement, choices={over.pk: second.number}, user=admin_staff)
    assert refused.value.overpaying == [over.pk] and not second.payments.exists()
    bank.lines_confirm(
        statement=statement,
        choices={over.pk: second.number},
        user=admin_staff,
        overpayments={over.pk},
    )
    assert services.balance(second) == D("-58.00")  # the overpayment shows


ONE = coda([("10.00", "", "X", "Y", "BE1")])


@pytest.mark.parametrize(
    "content, message",
    [
        (ONE.replace(b"Compte courant", b"Compte \x81ourant"), "pas un extrait CODA valide"),
        (ONE.replace(b"0000000000010000051226", b"00000000000A0000051226"), "pas un extrait CODA"),
        (b"Date;Montant\n04/12/2026;1e20\n", "Ligne 2"),
        (b"Date;Montant\n04/12/2026;1.234\n", "Ligne 2"),
    ],
)
def test_bad_bytes_and_amounts_are_refused(centre, admin_staff, content, message):
    with pytest.raises(ValidationError, match=message):
        bank.statement_import(content=content, file_name="f.txt", user=admin_staff)
    assert not BankStatement.objects.exists()


def test_a_camt_batch_gives_one_line_per_transaction_and_pending_entries_are_left(
    two_invoices, admin_staff
):
    first, second = two_invoices
    refs = [services.format_communication(i.structured_communication) for i in (first, second)]
    txs = "".join(
        f"<TxDtls><AmtDtls><TxAmt><Amt Ccy='EUR'>{amount}</Amt></TxAmt></AmtDtls>"
        f"<RmtInf><Strd><CdtrRefInf><Ref>{ref}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"
        for amount, ref in zip(("121.00", "242.00"), refs, strict=True)
    )
    content = camt053([("99.00", "CRDT", "2026-12-04", "", "attente", "X", "P1")]).replace(
        b"<Sts>BOOK</Sts>", b"<Sts>PDNG</Sts>"
    )
    batch = (
        f"<Ntry><Amt Ccy='EUR'>363.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
        f"<BookgDt><Dt>2026-12-05</Dt></BookgDt><NtryDtls>{txs}</NtryDtls></Ntry>"
    )
    content = content.replace(b"</Stmt>", batch.encode() + b"</Stmt>")
    statement = bank.statement_import(content=content, file_name="batch.xml", user=admin_staff)
    lines = list(statement.lines.all())
    assert [(line.amount, line.suggested_invoice) for line in lines] == [
        (D("121.00"), first),
        (D("242.00"), second),
    ]


def test_reading_csv_leaves_the_standard_dialect_alone(centre, admin_staff):
    import csv

    with pytest.raises(ValidationError):
        bank.parse_csv(b"no header here at all")
    assert csv.excel.delimiter == ","


def test_a_huge_line_id_is_no_server_error(client_as, two_invoices, admin_staff):
    content = b"Date;Montant\n04/12/2026;12,50\n"
    statement = bank.statement_import(content=content, file_name="x.csv", user=admin_staff)
    page = client_as(admin_staff).post(
        statement.get_absolute_url(), {"confirm": ["99999999999999999999999"]}
    )
    assert page.status_code == 200 and "Cochez au moins une ligne" in page.content.decode()


def test_the_page_asks_to_confirm_an_overpayment(client_as, two_invoices, admin_staff):
    _first, second = two_invoices
    content = coda([("300.00", second.structured_communication, "", "B", "BE2")])
    statement = bank.statement_import(content=content, file_name="x.cod", user=admin_staff)
    line = statement.lines.get()
    office = client_as(admin_staff)
    data = {"confirm": [line.pk], f"invoice-{line.pk}": second.number}
    page = office.post(statement.get_absolute_url(), data).content.decode()
    assert f'name="overpay" value="{line.pk}"' in page and not second.payments.exists()
    office.post(statement.get_absolute_url(), {**data, "overpay": [line.pk]})
    assert second.payments.get().amount == D("300.00")
