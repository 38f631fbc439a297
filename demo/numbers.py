"""Valid Belgian numbers for demo and benchmark data (mod 97)."""

import datetime


def enterprise_number(seed: int) -> str:
    """A valid enterprise number starting with 0, from any integer."""
    base = 2_000_000 + seed % 7_999_999
    return f"0{base:07d}{97 - base % 97:02d}"


def vat_number(seed: int) -> str:
    return "BE" + enterprise_number(seed)


def national_number(birth: datetime.date, sequence: int) -> str:
    """A valid NISS for someone born on ``birth`` (sequence 1-997)."""
    body = f"{birth:%y%m%d}{sequence:03d}"
    value = int(("2" if birth.year >= 2000 else "") + body)
    return f"{body}{97 - value % 97:02d}"
