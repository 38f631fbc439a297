"""Bank statements: read a CODA, camt.053 or CSV file, match its incoming
payments to open invoices by structured communication, and record the
payments a person confirms.

Reading never trusts the file: XML is parsed with defusedxml, a malformed file
is refused as a whole with a message saying what is wrong, and nothing is saved
from it. The same file imported twice changes nothing (its fingerprint), and a
movement already imported from another file is skipped (its own fingerprint).
"""

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from stdnum.be import ogm_vcs

from invoicing.choices import BankFormat, BankLineStatus, DocumentKind, InvoiceStatus, PaymentMethod
from invoicing.models import BankLine, BankStatement, Invoice
from invoicing.services import NeedsConfirmation, payment_record

MAX_BYTES = 10 * 1024 * 1024
CENT = Decimal("0.01")


@dataclass
class Movement:
    date: datetime.date
    amount: Decimal
    counterparty: str = ""
    counterparty_account: str = ""
    communication: str = ""
    structured: str = ""
    bank_reference: str = ""


@dataclass
class Parsed:
    format: str
    account: str
    movements: list[Movement]


# --- Structured communications -----------------------------------------------------

STRUCTURED = re.compile(r"[+*]{3}\s*(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})\s*[+*]{3}")
TWELVE = re.compile(r"(?<!\d)(\d{12})(?!\d)")


def find_structured(*texts: str) -> str:
    """The 12 digits of a valid structured communication in ``texts``, or ""."""
    for text in texts:
        if not text:
            continue
        for match in STRUCTURED.finditer(text):
            digits = "".join(match.groups())
            if ogm_vcs.is_valid(digits):
                return digits
        for match in TWELVE.finditer(text):
            if ogm_vcs.is_valid(match.group(1)):
                return match.group(1)
    return ""


# --- CODA (febelfin-coda) -----------------------------------------------------------


def parse_coda(content: bytes) -> Parsed:
    from coda import CODA

    try:
        coda = CODA(io.StringIO(content.decode("windows-1252")))
    except (
        ValueError,  # UnicodeDecodeError is one
        ArithmeticError,  # decimal.InvalidOperation: letters in an amount
        AssertionError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
    ) as error:
        raise ValidationError(
            _(
                "This file is not a valid CODA statement (its records do not add up or a "
                "field is out of place): download it again from the bank, without changing it."
            )
        ) from error
    if not coda.statements:
        raise ValidationError(_("This CODA file holds no statement."))
    if any(statement.number_records is None for statement in coda.statements):
        raise ValidationError(
            _(
                "This CODA file is cut short (its last record is missing): download it again "
                "from the bank."
            )
        )
    movements, account = [], ""
    for statement in coda.statements:
        account = account or (statement.account or "").strip()
        for move in statement.moves:
            comm_type = move.communication_type
            communication = (move.communication or "").strip()
            structured = ""
            if comm_type == "101" and ogm_vcs.is_valid(communication):
                structured = communication
            if (move.entry_date or move.value_date) is None:
                raise ValidationError(_("A movement of this CODA file has no date."))
            movements.append(
                Movement(
                    date=move.entry_date or move.value_date,
                    amount=Decimal(move.amount).quantize(Decimal("0.01")),
                    counterparty=(move.counterparty_name or "").strip(),
                    counterparty_account=(move.counterparty_account or "").strip(),
                    communication=communication,
                    structured=structured or find_structured(communication),
                    bank_reference=(move.bank_reference or "").strip(),
                )
            )
    return Parsed(BankFormat.CODA, account, movements)


# --- camt.053 (ISO 20022) -----------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(element, path: str):
    """The first descendant along ``path`` (local names, "/"-separated), or None."""
    current = [element]
    for name in path.split("/"):
        current = [child for node in current for child in node if _local(child.tag) == name]
        if not current:
            return None
    return current[0]


def _text(element, path: str) -> str:
    found = _find(element, path)
    return (found.text or "").strip() if found is not None else ""


def parse_camt(content: bytes) -> Parsed:
    try:
        root = ElementTree.fromstring(content)
    except Exception as error:  # defusedxml raises its own errors and ParseError
        raise ValidationError(
            _("This file is not readable XML: it is not a camt.053 statement.")
        ) from error
    statements = [
        node for node in root.iter() if _local(node.tag) == "Stmt" and "camt.053" in root.tag
    ]
    if not statements:
        raise ValidationError(
            _("This XML file is not a camt.053 bank statement (no statement found in it).")
        )
    movements, account = [], ""
    for statement in statements:
        account = account or _text(statement, "Acct/Id/IBAN")
        for entry in (n for n in statement if _local(n.tag) == "Ntry"):
            status = _text(entry, "Sts") or _text(entry, "Sts/Cd")
            if status and status != "BOOK":
                continue  # pending or for information: not on the account yet
            if _text(entry, "RvslInd").lower() == "true":
                continue  # a reversal: what it reverses never reached us either
            day = _text(entry, "BookgDt/Dt") or _text(entry, "BookgDt/DtTm")[:10]
            day = day or _text(entry, "ValDt/Dt")
            debit = _text(entry, "CdtDbtInd") == "DBIT"
            details = [
                node
                for batch in entry
                if _local(batch.tag) == "NtryDtls"
                for node in batch
                if _local(node.tag) == "TxDtls"
            ]
            for transaction_details in details or [entry]:
                # A batch entry holds several transactions, each with its amount.
                amount_text = (
                    _text(transaction_details, "AmtDtls/TxAmt/Amt")
                    or _text(transaction_details, "Amt")
                    if len(details) > 1
                    else _text(entry, "Amt")
                )
                movements.append(
                    _camt_movement(transaction_details, entry, amount_text, day, debit)
                )
    return Parsed(BankFormat.CAMT053, account, movements)


def _camt_movement(details, entry, amount_text: str, day: str, debit: bool) -> Movement:
    try:
        amount = _amount(amount_text)
        date = datetime.date.fromisoformat(day)
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(
            _("An entry of this camt.053 file has no readable amount or date.")
        ) from error
    if debit:
        amount = -amount
    debtor = _text(details, "RltdPties/Dbtr/Nm") or _text(details, "RltdPties/Dbtr/Pty/Nm")
    creditor = _text(details, "RltdPties/Cdtr/Nm") or _text(details, "RltdPties/Cdtr/Pty/Nm")
    reference = _text(details, "RmtInf/Strd/CdtrRefInf/Ref")
    free = " ".join(
        (n.text or "").strip() for n in details.iter() if _local(n.tag) == "Ustrd" and n.text
    )
    incoming = amount > 0
    return Movement(
        date=date,
        amount=amount,
        counterparty=(debtor if incoming else creditor)[:140],
        counterparty_account=_text(
            details, "RltdPties/DbtrAcct/Id/IBAN" if incoming else "RltdPties/CdtrAcct/Id/IBAN"
        ),
        communication=(reference or free)[:300],
        structured=find_structured(reference, free),
        bank_reference=_text(details, "Refs/AcctSvcrRef") or _text(entry, "AcctSvcrRef"),
    )


MAX_AMOUNT = Decimal("10") ** 10


def _amount(text: str) -> Decimal:
    """An amount with at most two decimals, under ten billion euros."""
    amount = Decimal(text)
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT or amount != amount.quantize(CENT):
        raise InvalidOperation(text)
    return amount.quantize(CENT)


# --- CSV ------------------------------------------------------------------------------

CSV_COLUMNS = {
    "date": {
        "date",
        "date comptable",
        "date d'exécution",
        "date d'execution",
        "date valeur",
        "datum",
        "boekingsdatum",
        "uitvoeringsdatum",
        "booking date",
        "execution date",
    },
    "amount": {"montant", "bedrag", "amount"},
    "communication": {
        "communication",
        "communications",
        "communication structurée",
        "mededeling",
        "mededelingen",
        "message",
        "details",
        "détails",
        "description",
    },
    "counterparty": {
        "contrepartie",
        "nom de la contrepartie",
        "nom contrepartie",
        "tegenpartij",
        "naam tegenpartij",
        "naam van de tegenpartij",
        "counterparty",
        "counterparty name",
        "name",
        "nom",
    },
    "counterparty_account": {
        "compte contrepartie",
        "compte de la contrepartie",
        "numéro de compte contrepartie",
        "rekening tegenpartij",
        "rekeningnummer tegenpartij",
        "counterparty account",
    },
    "bank_reference": {
        "référence",
        "reference",
        "numéro de séquence",
        "numéro d'extrait",
        "volgnummer",
        "referentie",
    },
}


def _csv_amount(text: str) -> Decimal:
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace("€", "").replace("EUR", "")
    if "," in text and "." in text:
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else (text.replace(",", ""))
        )
    else:
        text = text.replace(",", ".")
    return _amount(text)


def _csv_date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


class Semicolon(csv.excel):
    delimiter = ";"


def parse_csv(content: bytes) -> Parsed:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("windows-1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = Semicolon
    rows = list(csv.reader(io.StringIO(text), dialect))
    header_index, columns = None, {}
    for index, row in enumerate(rows[:15]):  # some banks put a few lines above the header
        names = [cell.strip().lower() for cell in row]
        found = {
            key: names.index(name)
            for key, aliases in CSV_COLUMNS.items()
            for name in names
            if name in aliases
        }
        if "date" in found and "amount" in found:
            header_index, columns = index, found
            break
    if header_index is None:
        raise ValidationError(
            _(
                "This CSV file has no column of dates and amounts that can be recognised: it "
                "needs a header row with at least « Date » and « Montant » (or « Datum » and "
                "« Bedrag »)."
            )
        )
    movements = []
    for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key, row=row):
            position = columns.get(key)
            return row[position].strip() if position is not None and position < len(row) else ""

        try:
            date, amount = _csv_date(cell("date")), _csv_amount(cell("amount"))
        except (ValueError, InvalidOperation) as error:
            raise ValidationError(
                _("Line %(line)s of the CSV file has no readable date or amount: %(row)s")
                % {"line": number, "row": "; ".join(row)[:120]}
            ) from error
        communication = cell("communication")
        movements.append(
            Movement(
                date=date,
                amount=amount,
                counterparty=cell("counterparty")[:140],
                counterparty_account=cell("counterparty_account")[:42],
                communication=communication[:300],
                structured=find_structured(communication),
                bank_reference=cell("bank_reference")[:60],
            )
        )
    return Parsed(BankFormat.CSV, "", movements)


def parse(content: bytes, file_name: str) -> Parsed:
    """Read a bank file, recognising its format by its content."""
    if not content.strip():
        raise ValidationError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB: is it a bank statement?"))
    head = content.lstrip()[:200]
    if head.startswith(b"<"):
        return parse_camt(content)
    if head.startswith(b"0000") and b"\n1" in content[:400]:
        return parse_coda(content)
    if b"\x00" in content[:1024] or file_name.lower().endswith((".pdf", ".xlsx", ".xls")):
        raise ValidationError(
            _("This file is not a bank statement the application reads: CODA, camt.053 or CSV.")
        )
    return parse_csv(content)


# --- Import and matching ---------------------------------------------------------------


def _key(movement: Movement) -> tuple:
    """What identifies a movement whatever the file's format: its date, amount,
    communication (its structured digits, or its letters and digits alone) and the
    other party's account (digits and letters alone). Banks' own references differ
    between a CODA and a camt.053 of the same day, so they are left out."""
    communication = movement.structured or re.sub(r"[\W_]+", "", movement.communication).lower()
    account = re.sub(r"[\W_]+", "", movement.counterparty_account).upper()
    return (movement.date.isoformat(), str(movement.amount), communication, account)


def _fingerprint(key: tuple, occurrence: int) -> str:
    return hashlib.sha256("|".join([*key, str(occurrence)]).encode()).hexdigest()


def _open_invoices(structured: set[str]) -> dict[str, Invoice]:
    return {
        invoice.structured_communication: invoice
        for invoice in Invoice.objects.filter(
            kind=DocumentKind.INVOICE,
            structured_communication__in=structured,
            status__in=[InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID],
        )
    }


@transaction.atomic
def statement_import(*, content: bytes, file_name: str, user) -> BankStatement:
    """Import a bank file; raise ValidationError when it cannot be read, or when
    it was imported already (nothing changes then)."""
    fingerprint = hashlib.sha256(content).hexdigest()
    earlier = BankStatement.objects.filter(fingerprint=fingerprint).first()
    if earlier is not None:
        raise ValidationError(
            _("This file was already imported on %(date)s (%(name)s): nothing changed.")
            % {
                "date": date_format(earlier.imported_at, "SHORT_DATE_FORMAT"),
                "name": earlier.file_name,
            },
            code="duplicate",
        )
    parsed = parse(content, file_name)
    seen: dict[tuple, int] = {}
    rows = []
    for movement in parsed.movements:
        key = _key(movement)  # the same movement twice in one file: two lines
        seen[key] = seen.get(key, 0) + 1
        rows.append((movement, _fingerprint(key, seen[key])))
    known = set(
        BankLine.objects.filter(fingerprint__in=[f for _m, f in rows]).values_list(
            "fingerprint", flat=True
        )
    )
    fresh = [(m, f) for m, f in rows if f not in known]
    invoices = _open_invoices({m.structured for m, _f in fresh if m.structured})
    dates = [m.date for m, _f in rows]
    try:
        with transaction.atomic():
            return _save(parsed, fingerprint, file_name, user, rows, fresh, invoices, dates)
    except IntegrityError as error:  # the same file or lines, imported at the same moment
        raise ValidationError(
            _(
                "Someone imported this file, or some of its lines, at the same moment: look at "
                "the bank statements before importing it again."
            ),
            code="duplicate",
        ) from error


def _save(parsed, fingerprint, file_name, user, rows, fresh, invoices, dates) -> BankStatement:
    statement = BankStatement.objects.create(
        file_name=file_name[:200],
        fingerprint=fingerprint,
        format=parsed.format,
        account=parsed.account[:42],
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        line_count=len(fresh),
        skipped_count=len(rows) - len(fresh),
        imported_by=user,
    )
    lines = []
    for position, (movement, line_fingerprint) in enumerate(fresh, start=1):
        invoice = invoices.get(movement.structured) if movement.amount > 0 else None
        if movement.amount <= 0:
            status = BankLineStatus.IGNORED
        elif invoice is not None:
            status = BankLineStatus.SUGGESTED
        else:
            status = BankLineStatus.UNMATCHED
        lines.append(
            BankLine(
                statement=statement,
                fingerprint=line_fingerprint,
                position=position,
                date=movement.date,
                amount=movement.amount,
                counterparty=movement.counterparty[:140],
                counterparty_account=movement.counterparty_account[:42],
                communication=movement.communication[:300],
                structured=movement.structured,
                bank_reference=movement.bank_reference[:60],
                status=status,
                suggested_invoice=invoice,
            )
        )
    BankLine.objects.bulk_create(lines)
    return statement


def find_invoice(number: str) -> Invoice | None:
    """An issued invoice by its number ("2026/0012") or its structured communication."""
    number = number.strip()
    if not number:
        return None
    issued = Invoice.objects.filter(kind=DocumentKind.INVOICE).exclude(status=InvoiceStatus.DRAFT)
    digits = find_structured(number) or (re.sub(r"\D", "", number) if "+" in number else "")
    if digits:
        return issued.filter(structured_communication=digits).first()
    return issued.filter(number=number).first()


class LinesRefused(ValidationError):
    """The reasons, and the lines that would overpay their invoice (to confirm)."""

    def __init__(self, messages, overpaying):
        super().__init__(messages)
        self.overpaying = overpaying


@transaction.atomic
def lines_confirm(
    *, statement: BankStatement, choices: dict[int, str], user, overpayments=frozenset()
) -> list:
    """Record the payments of the ticked lines: ``choices`` maps a line's id to
    the invoice it pays (its number, as suggested or typed). All or nothing: a
    line that cannot be recorded stops the whole, with its reason. A line paying
    more than its invoice's balance is recorded only when it is among
    ``overpayments`` (the person confirmed it)."""
    lines = {
        line.pk: line
        for line in BankLine.objects.select_for_update()
        .filter(statement=statement, pk__in=list(choices))
        .order_by("position")
    }
    if not choices:
        raise ValidationError(_("Tick at least one line to record its payment."))
    payments, errors, overpaying = [], [], []
    for line_id, number in choices.items():
        line = lines.get(line_id)
        if line is None:
            errors.append(_("A ticked line is not in this statement."))
            continue
        label = _("Line %(position)s (%(date)s, %(amount)s)") % {
            "position": line.position,
            "date": line.date.strftime("%d/%m/%Y"),
            "amount": f"{line.amount:.2f}".replace(".", ",") + " €",
        }
        if line.payment_id:
            errors.append(_("%(line)s: its payment is already recorded.") % {"line": label})
            continue
        if line.amount <= 0:
            errors.append(_("%(line)s: it is not an incoming payment.") % {"line": label})
            continue
        invoice = find_invoice(number)
        if invoice is None:
            errors.append(
                _("%(line)s: no issued invoice numbered « %(number)s ».")
                % {"line": label, "number": number}
            )
            continue
        try:
            payment = payment_record(
                invoice=invoice,
                date=line.date,
                amount=line.amount,
                method=PaymentMethod.TRANSFER,
                reference=(line.bank_reference or line.communication)[:140],
                user=user,
                confirmed=line_id in overpayments,
            )
        except NeedsConfirmation as error:
            overpaying.append(line_id)
            errors.extend(f"{label}: {message}" for message in error.messages)
            continue
        except ValidationError as error:
            errors.extend(f"{label}: {message}" for message in error.messages)
            continue
        line.payment = payment
        line.suggested_invoice = invoice
        line.status = BankLineStatus.RECORDED
        line.save(update_fields=["payment", "suggested_invoice", "status"])
        payments.append(payment)
    if errors:  # leaving the transaction by an error undoes the payments recorded
        raise LinesRefused(errors, overpaying)
    return payments
