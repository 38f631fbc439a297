"""Bank files for the tests, written as the banks write them."""

import datetime
from decimal import Decimal


def _amount(value: Decimal, width: int = 16) -> str:
    sign = "1" if value < 0 else "0"
    return sign + f"{int(abs(value) * 1000):0{width - 1}d}"


def _ddmmyy(day: datetime.date) -> str:
    return day.strftime("%d%m%y")


def _record(text: str) -> str:
    assert len(text) <= 128, (len(text), text)
    return text.ljust(128)


IBAN = "BE71096123456769"


def coda(movements, *, day=datetime.date(2026, 12, 5), old_balance=Decimal("1000.00")) -> bytes:
    """A CODA 2 statement. ``movements``: (amount, structured digits or "",
    free text, counterparty name, counterparty account)."""
    account = IBAN.ljust(31) + "   EUR"
    records = [
        _record(
            "0000"
            + "0"
            + _ddmmyy(day)
            + "300"
            + "05"
            + " "
            + " " * 7
            + "0000000001"
            + "ATELIER TREMPLIN".ljust(26)
            + "GKCCBEBB".ljust(11)
            + "00417497106"
            + " "
            + "00000"
            + " " * 16
            + " "
            + " " * 15
            + " " * 7
            + "2"
        ),
        _record(
            "1"
            + "2"
            + "001"
            + account
            + _amount(old_balance)
            + _ddmmyy(day)
            + "ATELIER TREMPLIN".ljust(26)
            + "Compte courant".ljust(35)
            + "001"
        ),
    ]
    credit = debit = Decimal(0)
    for number, (amount, structured, free, name, other) in enumerate(movements, start=1):
        amount = Decimal(amount)
        if amount > 0:
            credit += amount
        else:
            debit -= amount
        communication = ("1101" + structured).ljust(54) if structured else ("0" + free).ljust(54)
        sequence = f"{number:04d}"
        records.append(
            _record(
                "21"
                + sequence
                + "0000"
                + f"REF{number:018d}"
                + _amount(amount)
                + _ddmmyy(day)
                + "00150000"
                + communication[:54]
                + _ddmmyy(day)
                + "001"
                + "0"
                + "1"
                + " "
                + "0"
            )
        )
        records.append(_record("22" + sequence + "0000" + " " * 53 + " " * 35 + "GKCCBEBB" + " "))
        records.append(
            _record(
                "23"
                + sequence
                + "0000"
                + other.ljust(37)
                + name.ljust(35)[:35]
                + " " * 43
                + "0"
                + " "
                + "0"
            )
        )
    new_balance = old_balance + credit - debit
    records.append(_record("8" + "001" + account + _amount(new_balance) + _ddmmyy(day)))
    count = len(records) - 1  # the header does not count
    records.append(
        _record("9" + " " * 15 + f"{count:06d}" + _amount(debit, 15) + _amount(credit, 15))
    )
    return ("\r\n".join(records) + "\r\n").encode("windows-1252")


def camt053(entries, *, iban=IBAN) -> bytes:
    """A camt.053.001.02 statement. ``entries``: (amount, "CRDT"/"DBIT", date,
    structured reference or "", free text, debtor name, reference)."""
    items = []
    for amount, side, day, structured, free, name, reference in entries:
        remittance = (
            f"<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
            f"<Ref>{structured}</Ref></CdtrRefInf></Strd>"
            if structured
            else f"<Ustrd>{free}</Ustrd>"
        )
        items.append(
            f"""<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{side}</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt><AcctSvcrRef>{reference}</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>{name}</Nm></Dbtr><DbtrAcct><Id><IBAN>BE68539007547034</IBAN>
</Id></DbtrAcct></RltdPties><RmtInf>{remittance}</RmtInf></TxDtls></NtryDtls></Ntry>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>STMT-1</MsgId><CreDtTm>2026-12-05T08:00:00</CreDtTm></GrpHdr>
<Stmt><Id>2026-245</Id><Acct><Id><IBAN>{iban}</IBAN></Id></Acct>
{"".join(items)}
</Stmt></BkToCstmrStmt></Document>""".encode()
