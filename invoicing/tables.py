import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from eft.tables import Table
from eft.templatetags.eft import money
from invoicing.models import BankStatement, Invoice, Quote


class InvoiceTable(Table):
    number = tables.Column(
        linkify=True,
        verbose_name=_("Number"),
        order_by=("year", "sequence_number"),
        empty_values=(),
    )
    kind = tables.Column(verbose_name=_("Kind"))
    client = tables.Column(verbose_name=_("Client"), order_by=("client__name",))
    issue_date = tables.DateColumn(verbose_name=_("Date"), short=True)
    due_date = tables.DateColumn(verbose_name=_("Due date"), short=True)
    total_incl_vat = tables.Column(
        verbose_name=_("Total incl. VAT"), attrs={"td": {"class": "num"}}
    )
    due = tables.Column(verbose_name=_("Balance"), attrs={"td": {"class": "num"}})
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Invoice
        fields = [
            "number",
            "kind",
            "client",
            "issue_date",
            "due_date",
            "total_incl_vat",
            "due",
            "status",
        ]
        attrs = {"class": "table"}

    def render_number(self, record):
        return record.number or _("draft")

    def value_number(self, record):
        return record.number or str(_("draft"))

    def render_total_incl_vat(self, record):
        return "—" if record.is_draft else money(record.total_incl_vat)

    def value_total_incl_vat(self, record):
        return record.total_incl_vat

    def render_due(self, value, record):
        return "—" if record.is_draft or record.is_credit_note else money(value)

    def value_due(self, value, record):
        return None if record.is_draft or record.is_credit_note else value


class QuoteTable(Table):
    number = tables.Column(linkify=True, verbose_name=_("Number"))
    job = tables.Column(
        verbose_name=_("Job"), order_by=("job__reference",), accessor="job__reference"
    )
    client = tables.Column(
        verbose_name=_("Client"), accessor="job__client", order_by=("job__client__name",)
    )
    issue_date = tables.DateColumn(verbose_name=_("Date"), short=True)
    valid_until = tables.DateColumn(verbose_name=_("Valid until"), short=True)
    total_incl_vat = tables.Column(
        verbose_name=_("Total incl. VAT"), attrs={"td": {"class": "num"}}
    )
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Quote
        fields = [
            "number",
            "job",
            "client",
            "issue_date",
            "valid_until",
            "total_incl_vat",
            "status",
        ]
        attrs = {"class": "table"}

    def render_total_incl_vat(self, value):
        return money(value)


class BankStatementTable(Table):
    file_name = tables.Column(linkify=True, verbose_name=_("File"))
    format = tables.Column(verbose_name=_("Format"))
    account = tables.Column(verbose_name=_("Account"))
    first_date = tables.DateColumn(verbose_name=_("From"), short=True)
    last_date = tables.DateColumn(verbose_name=_("To"), short=True)
    line_count = tables.Column(verbose_name=_("Lines"), attrs={"td": {"class": "num"}})
    to_confirm = tables.Column(
        verbose_name=_("To confirm"), attrs={"td": {"class": "num"}}, orderable=False
    )
    imported_at = tables.DateTimeColumn(verbose_name=_("Imported on"), short=True)

    class Meta:
        model = BankStatement
        fields = [
            "file_name",
            "format",
            "account",
            "first_date",
            "last_date",
            "line_count",
            "to_confirm",
            "imported_at",
        ]
        attrs = {"class": "table"}
