import datetime


class MonthConverter:
    """A month in an address: 2026-11 <-> date(2026, 11, 1); anything else is a 404."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        try:
            return datetime.date(int(value[:4]), int(value[5:]), 1)
        except ValueError as error:
            raise ValueError(value) from error

    def to_url(self, value: datetime.date) -> str:
        return f"{value.year:04d}-{value.month:02d}"
