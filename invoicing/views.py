"""Invoices and credit notes: the list, a document's page and its actions, the
aged balance. Views stay thin: the services decide."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View, generic

from clients.models import Client
from eft.exports import xlsx_response
from eft.generic import ObjectDeleteView, ObjectDetailView, ObjectListView, ScopedPermissionMixin
from eft.params import parse_id
from eft.pdf import pdf_response
from eft.tables import GroupBy
from eft.vat import mentions
from invoicing import bank, exports, quotes, reminders, selectors, sending, services, ubl
from invoicing.choices import BankLineStatus, InvoiceStatus, QuoteStatus
from invoicing.documents import filename, invoice_pdf
from invoicing.filters import BankStatementFilter, InvoiceFilter, QuoteFilter
from invoicing.forms import (
    BankFileForm,
    CreateFromJobsForm,
    CreditForm,
    InvoiceForm,
    LineFormSet,
    PaymentForm,
    PeriodForm,
    QuoteForm,
    QuoteSendForm,
    ReminderForm,
)
from invoicing.models import BankStatement, Invoice, Quote, Reminder
from invoicing.tables import BankStatementTable, InvoiceTable, QuoteTable
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.selectors import job_figures


class InvoiceListView(ObjectListView):
    model = Invoice
    filterset_class = InvoiceFilter
    table_class = InvoiceTable
    title = _("Invoices and credit notes")
    group_by = (
        GroupBy("status", _("Status"), "status"),
        GroupBy("kind", _("Kind"), "kind"),
        GroupBy("client", _("Client")),
    )

    def get_queryset(self):
        return selectors.with_balance(super().get_queryset()).select_related("client")


class InvoiceMixin(ScopedPermissionMixin):
    model = Invoice

    def get_invoice(self) -> Invoice:
        return get_object_or_404(
            self.get_queryset().select_related("client", "credited_invoice"), pk=self.kwargs["pk"]
        )


class InvoicePageMixin(InvoiceMixin):
    """A page about one invoice: ``self.object`` is it, read before anything else."""

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_invoice()
        return super().dispatch(request, *args, **kwargs)


class InvoiceDetailView(ObjectDetailView):
    model = Invoice
    select_related = ("client", "credited_invoice", "issued_by")
    template_name = "invoicing/invoice_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invoice = self.object
        user = self.request.user
        lines = list(invoice.lines.prefetch_related("items"))
        ubl_reason = ""
        if not invoice.is_draft:
            try:
                ubl.check_parties(invoice)
            except ubl.UblUnavailable as error:
                ubl_reason = str(error)
        payments = list(invoice.payments.all())
        reminder_list = list(invoice.reminders.all()) if not invoice.is_draft else []
        credit_notes = list(invoice.credit_notes.all())
        balance = None
        if not invoice.is_draft:  # from the rows read for the page: no more queries
            credited = sum(c.total_incl_vat for c in credit_notes if not c.is_draft)
            balance = invoice.total_incl_vat - credited - sum(p.amount for p in payments)
        context.update(
            lines=lines,
            summary=invoice.summary(lines),
            payments=payments,
            credit_notes=credit_notes,
            balance=balance,
            communication=services.format_communication(invoice.structured_communication),
            mentions=mentions(invoice.vat_treatment, exempt_paragraph=invoice.exempt_paragraph),
            can_edit=invoice.is_draft and user.has_perm("invoicing.change_invoice"),
            can_issue=invoice.is_draft and user.has_perm("invoicing.issue_invoice"),
            can_credit=not invoice.is_draft
            and not invoice.is_credit_note
            and user.has_perm("invoicing.issue_invoice"),
            can_pay=not invoice.is_draft
            and not invoice.is_credit_note
            and user.has_perm("invoicing.add_payment"),
            ubl_reason=ubl_reason,
            status_steps=[
                (value, label)
                for value, label in InvoiceStatus.choices
                if value != InvoiceStatus.CREDITED or invoice.status == InvoiceStatus.CREDITED
            ],
            sending=sending.configured(),
            quote_differences=selectors.quote_differences(invoice, lines),
            reminders=reminder_list,
            can_remind=balance is not None
            and balance > 0
            and not invoice.is_credit_note
            and invoice.due_date < timezone.localdate()
            and user.has_perm("invoicing.add_reminder"),
        )
        if not invoice.is_draft:
            context["delete_url"] = None
        return context


class InvoiceCreateView(ScopedPermissionMixin, generic.FormView):
    """A new draft for a client: from its done jobs, a down payment, or free."""

    model = Invoice
    action = "add"
    template_name = "invoicing/invoice_create.html"
    form_class = CreateFromJobsForm

    def dispatch(self, request, *args, **kwargs):
        self.client = get_object_or_404(Client.objects.for_user(request.user), pk=kwargs["client"])
        return super().dispatch(request, *args, **kwargs)

    def jobs(self):
        return (
            Job.objects.for_user(self.request.user)
            .filter(client=self.client)
            .exclude(status__in=[JobStatus.DRAFT, JobStatus.CANCELLED])
            .order_by("-reference")
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "jobs": self.jobs()}

    def get_initial(self):
        job = parse_id(self.request.GET.get("job"))
        return {"jobs": [job]} if job else {}

    def form_valid(self, form):
        try:
            invoice = services.invoice_create(
                client=self.client,
                jobs=list(form.cleaned_data["jobs"]),
                user=self.request.user,
                down_payment=form.cleaned_data["down_payment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Draft created: check it, then issue it."))
        return HttpResponseRedirect(invoice.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("New invoice · %(client)s") % {"client": self.client}, client=self.client
        )
        return context


class InvoiceUpdateView(InvoicePageMixin, generic.FormView):
    action = "change"
    template_name = "eft/object_form.html"
    form_class = InvoiceForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in InvoiceForm.Meta.fields}
        try:
            services.invoice_update(
                invoice=self.object,
                expected_version=form.cleaned_data.get("version"),
                fields=fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=str(self.object), cancel_url=self.object.get_absolute_url(), opts=Invoice._meta
        )
        return context


class InvoiceLinesView(InvoicePageMixin, generic.TemplateView):
    """A draft's lines on one page: what a line bills keeps its quantity."""

    action = "change"
    template_name = "invoicing/invoice_lines.html"

    def formset(self):
        lines = list(self.object.lines.prefetch_related("items"))
        billed = {line.pk for line in lines if line.items.all()}
        initial = [
            {
                "line_id": ln.pk,
                "description": ln.description,
                "quantity": ln.quantity,
                "unit": ln.unit,
                "unit_price": ln.unit_price,
                "vat_rate": ln.vat_rate,
            }
            for ln in lines
        ]
        data = self.request.POST if self.request.method == "POST" else None
        formset = LineFormSet(data, initial=initial, prefix="lines")
        for form, line in zip(formset.forms, lines, strict=False):
            if line.pk in billed:  # its quantity is what it bills
                form.fields["quantity"].disabled = True
        return formset

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=self.formset()))

    def post(self, request, *args, **kwargs):
        formset = self.formset()
        if formset.is_valid():
            rows = [
                form.cleaned_data
                for form in formset
                if form.has_changed() or form.cleaned_data.get("line_id")
            ]
            rows = [r for r in rows if r.get("line_id") or r.get("description")]
            try:
                services.lines_save(
                    invoice=self.object,
                    expected_version=parse_id(request.POST.get("version")),
                    rows=rows,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(formset=formset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=str(self.object), object=self.object)
        return context


class InvoiceIssueView(InvoiceMixin, View):
    """POST: issue a draft (its number, frozen)."""

    http_method_names = ["post"]

    def get_required_permission(self):
        return "invoicing.issue_invoice"

    def post(self, request, pk):
        invoice = self.get_invoice()
        try:
            invoice = services.invoice_issue(invoice=invoice, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(invoice)s issued.") % {"invoice": invoice})
        return HttpResponseRedirect(invoice.get_absolute_url())


class InvoiceDeleteView(ObjectDeleteView):
    model = Invoice

    def perform_delete(self, obj):
        services.invoice_delete(invoice=obj)

    def get_success_url(self):
        return reverse("invoice_list")


class CreditNoteCreateView(InvoicePageMixin, generic.FormView):
    """Choose what to credit: whole lines, some of what they bill, or a quantity."""

    template_name = "invoicing/credit_note_form.html"
    form_class = CreditForm

    def get_required_permission(self):
        return "invoicing.issue_invoice"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "invoice": self.object}

    def form_valid(self, form):
        everything = "all" in self.request.POST
        try:
            credit = services.credit_note_create(
                invoice=self.object,
                user=self.request.user,
                lines=None if everything else form.selection(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Credit note drafted: check it, then issue it."))
        return HttpResponseRedirect(credit.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Credit note for %(invoice)s") % {"invoice": self.object}, invoice=self.object
        )
        return context


class PaymentCreateView(InvoicePageMixin, generic.FormView):
    template_name = "invoicing/payment_form.html"
    form_class = PaymentForm

    def get_required_permission(self):
        return "invoicing.add_payment"

    def get_initial(self):
        return {"date": timezone.localdate(), "amount": services.balance(self.object)}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.payment_record(
                invoice=self.object,
                date=data["date"],
                amount=data["amount"],
                method=data["method"],
                reference=data["reference"],
                user=self.request.user,
                confirmed=data["confirmed"],
            )
        except services.NeedsConfirmation as error:
            form.needs_confirmation = error.messages[0]
            form.data = form.data.copy()
            form.data["confirmed"] = "True"
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Payment recorded."))
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Payment · %(invoice)s") % {"invoice": self.object},
            invoice=self.object,
            balance=services.balance(self.object),
        )
        return context


class InvoicePdfView(InvoiceMixin, View):
    """The PDF: an issued document's is made once and kept with it."""

    def get(self, request, pk):
        invoice = self.get_invoice()
        if invoice.is_draft:
            return pdf_response(
                invoice_pdf(invoice), filename=filename(invoice, "")[:-1], inline=True
            )
        if not invoice.pdf:
            invoice.pdf.save(filename(invoice, "pdf"), ContentFile(invoice_pdf(invoice)))
        with invoice.pdf.open("rb") as handle:
            return pdf_response(handle.read(), filename=filename(invoice, "")[:-1], inline=True)


class InvoiceUblView(InvoiceMixin, View):
    """The Peppol UBL (with its PDF inside), made once and kept with the document;
    POST sends it to the access point when one is configured."""

    def document(self, invoice) -> bytes:
        if not invoice.ubl:
            if not invoice.pdf:
                invoice.pdf.save(
                    filename(invoice, "pdf"), ContentFile(invoice_pdf(invoice)), save=False
                )
            with invoice.pdf.open("rb") as handle:
                xml = ubl.invoice_xml(invoice, pdf=handle.read())
            invoice.ubl.save(filename(invoice, "xml"), ContentFile(xml))
        with invoice.ubl.open("rb") as handle:
            return handle.read()

    def get(self, request, pk):
        invoice = self.get_invoice()
        try:
            xml = self.document(invoice)
        except ubl.UblUnavailable as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(invoice.get_absolute_url())
        response = HttpResponse(xml, content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{filename(invoice, "xml")}"'
        return response

    def post(self, request, pk):
        if not request.user.has_perm("invoicing.issue_invoice"):
            raise PermissionDenied
        invoice = self.get_invoice()
        try:
            sending.send(invoice, self.document(invoice))
        except (ValidationError, ubl.UblUnavailable) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Sent to the Peppol access point."))
        return HttpResponseRedirect(invoice.get_absolute_url())


class AgedBalanceView(ScopedPermissionMixin, generic.TemplateView):
    """Open invoices by days overdue."""

    model = Invoice
    template_name = "invoicing/aged_balance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            title=_("Aged balance"),
            today=today,
            aged=selectors.aged_balance(today, self.get_queryset()),
            buckets=BUCKET_LABELS,
        )
        return context


BUCKET_LABELS = [
    _("Not due yet"),
    _("1–30 days"),
    _("31–60 days"),
    _("61–90 days"),
    _("Over 90 days"),
]


# --- Quotes ---------------------------------------------------------------------------


class QuoteListView(ObjectListView):
    model = Quote
    filterset_class = QuoteFilter
    table_class = QuoteTable
    title = _("Quotes")
    group_by = (GroupBy("status", _("Status"), "status"),)

    def get_queryset(self):
        return super().get_queryset().select_related("job__client")


class QuoteMixin(ScopedPermissionMixin):
    model = Quote

    def get_quote(self) -> Quote:
        return get_object_or_404(
            self.get_queryset().select_related("job__client"), pk=self.kwargs["pk"]
        )


class QuoteDetailView(ObjectDetailView):
    model = Quote
    select_related = ("job__client", "created_by", "decided_by")
    template_name = "invoicing/quote_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related(*self.select_related)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quote = self.object
        today = timezone.localdate()
        can_decide = quote.is_proposed and self.request.user.has_perm("invoicing.change_quote")
        context.update(
            lines=quotes.frozen_lines(quote),
            summary=quote.summary(),
            mentions=mentions(quote.vat_treatment),
            expired=quote.is_expired(today),
            can_decide=can_decide,
            send_form=QuoteSendForm(initial={"to": quotes.recipient(quote)})
            if can_decide
            else None,
        )
        return context


class QuoteCreateView(ScopedPermissionMixin, generic.FormView):
    """A quote of a job's lines as they are now, with its validity date."""

    model = Quote
    action = "add"
    template_name = "invoicing/quote_create.html"
    form_class = QuoteForm

    def dispatch(self, request, *args, **kwargs):
        self.job = get_object_or_404(
            Job.objects.for_user(request.user).select_related("client"), pk=kwargs["job"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"valid_until": quotes.default_validity(timezone.localdate())}

    def form_valid(self, form):
        try:
            quote = quotes.quote_create(
                job=self.job, user=self.request.user, valid_until=form.cleaned_data["valid_until"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(quote)s made: send it to the client.") % {"quote": quote}
        )
        return HttpResponseRedirect(quote.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lines = list(self.job.lines.all())
        context.update(
            title=_("Quote for %(job)s") % {"job": self.job.reference},
            job=self.job,
            lines=lines,
            figures=job_figures(self.job, lines),
            proposed=self.job.quotes.filter(status=QuoteStatus.PROPOSED).first(),
        )
        return context


class QuoteSendView(QuoteMixin, View):
    http_method_names = ["post"]
    action = "change"

    def post(self, request, pk):
        quote = self.get_quote()
        form = QuoteSendForm(request.POST)
        if not form.is_valid():
            for error in form.errors["to"]:
                messages.error(request, error)
            return HttpResponseRedirect(quote.get_absolute_url())
        to = form.cleaned_data["to"]
        mail_and_say(
            request,
            lambda: quotes.quote_send(quote=quote, to=to, user=request.user),
            done=_("%(quote)s sent to %(to)s.") % {"quote": quote, "to": to},
            failed=_("The e-mail could not be sent (%(error)s): try again later."),
        )
        return HttpResponseRedirect(quote.get_absolute_url())


class QuoteDecideView(QuoteMixin, View):
    """POST ``decision=accept`` or ``refuse``: the client's answer."""

    http_method_names = ["post"]
    action = "change"

    def post(self, request, pk):
        quote = self.get_quote()
        decision = request.POST.get("decision")
        try:
            if decision == "accept":
                quote = quotes.quote_accept(quote=quote, user=request.user)
                done = _("%(quote)s accepted: the job is accepted.")
            elif decision == "refuse":
                quote = quotes.quote_refuse(quote=quote, user=request.user)
                done = _("%(quote)s refused: the job is back to draft, to revise or cancel.")
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done % {"quote": quote})
        return HttpResponseRedirect(quote.get_absolute_url())


class QuotePdfView(QuoteMixin, View):
    def get(self, request, pk):
        quote = self.get_quote()
        return pdf_response(
            quotes.pdf_bytes(quote), filename=quotes.filename(quote)[:-4], inline=True
        )


# --- Bank statements --------------------------------------------------------------------


class BankStatementListView(ObjectListView):
    model = BankStatement
    table_class = BankStatementTable
    filterset_class = BankStatementFilter
    title = _("Bank statements")
    import_url_name = "bank_import"
    import_permission = "invoicing.add_bankstatement"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(to_confirm=Count("lines", filter=Q(lines__status=BankLineStatus.SUGGESTED)))
        )


class BankImportView(ScopedPermissionMixin, generic.FormView):
    model = BankStatement
    action = "add"
    template_name = "invoicing/bank_import.html"
    form_class = BankFileForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            statement = bank.statement_import(
                content=upload.read(), file_name=upload.name, user=self.request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        read, skipped = statement.line_count, statement.skipped_count
        message = ngettext("%(count)s new line read.", "%(count)s new lines read.", read) % {
            "count": read
        }
        if skipped:
            message += " " + ngettext(
                "%(count)s line already imported from another file: skipped.",
                "%(count)s lines already imported from another file: skipped.",
                skipped,
            ) % {"count": skipped}
        messages.success(self.request, message)
        return HttpResponseRedirect(statement.get_absolute_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": _("Import a bank statement")}


class BankStatementDetailView(ObjectDetailView):
    """The statement's lines: a suggested invoice for each incoming payment, to
    confirm (or another invoice typed in); ticked lines are recorded together."""

    model = BankStatement
    template_name = "invoicing/bank_statement.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lines = list(self.object.lines.select_related("payment__invoice"))
        suggested = {line.suggested_invoice_id for line in lines if line.suggested_invoice_id}
        invoices = {
            invoice.pk: invoice
            for invoice in selectors.with_balance(
                Invoice.objects.filter(pk__in=suggested)
            ).select_related("client")
        }
        rows = []
        ticked = {parse_id(key) for key in self.request.POST.getlist("confirm")}
        overpaying = kwargs.get("overpaying", set())
        for line in lines:
            invoice = invoices.get(line.suggested_invoice_id)
            rows.append(
                {
                    "line": line,
                    "invoice": invoice,
                    "exact": invoice is not None and invoice.due == line.amount,
                    "ticked": line.pk in ticked,
                    "overpaying": line.pk in overpaying,
                    "number": self.request.POST.get(f"invoice-{line.pk}")
                    or (invoice.number if invoice else ""),
                }
            )
        context.update(
            rows=rows,
            can_confirm=self.request.user.has_perm("invoicing.add_payment"),
            title=str(self.object),
        )
        return context

    def post(self, request, pk):
        if not request.user.has_perm("invoicing.add_payment"):
            raise PermissionDenied
        self.object = self.get_object()
        choices = {}
        for key in request.POST.getlist("confirm"):
            line_id = parse_id(key)
            if line_id is not None:
                choices[line_id] = request.POST.get(f"invoice-{line_id}", "")
        overpayments = {parse_id(key) for key in request.POST.getlist("overpay")} - {None}
        try:
            payments = bank.lines_confirm(
                statement=self.object,
                choices=choices,
                user=request.user,
                overpayments=overpayments,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            overpaying = set(getattr(error, "overpaying", ())) | overpayments
            context = self.get_context_data(object=self.object, overpaying=overpaying)
            return self.render_to_response(context)
        messages.success(
            request,
            ngettext("%(count)s payment recorded.", "%(count)s payments recorded.", len(payments))
            % {"count": len(payments)},
        )
        return HttpResponseRedirect(self.object.get_absolute_url())


# --- The accountant's exports ------------------------------------------------------------

EXPORTS = {
    "documents": (_("Invoices and credit notes"), exports.document_rows),
    "payments": (_("Payments"), exports.payment_rows),
}


class AccountingExportView(ScopedPermissionMixin, generic.TemplateView):
    """The period's documents (one row per VAT rate) or payments, and the open
    balances today, as .xlsx for the accountant."""

    model = Invoice
    template_name = "invoicing/accounting_exports.html"

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("export")
        if kind == "open":
            title = str(_("Open balances"))
            return xlsx_response(
                exports.open_balance_rows(timezone.localdate()), filename=title, title=title
            )
        form = PeriodForm(request.GET if kind else None, initial=self.default_period())
        if kind in EXPORTS and form.is_valid():
            label, rows = EXPORTS[kind]
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            title = f"{label} {start:%d-%m-%Y} {end:%d-%m-%Y}"
            return xlsx_response(rows(start, end), filename=title, title=str(label))
        return self.render_to_response(self.get_context_data(form=form))

    @staticmethod
    def default_period():
        """The previous quarter: what the accountant asks for most."""
        today = timezone.localdate()
        first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        end = first - datetime.timedelta(days=1)
        return {"start": end.replace(month=(end.month - 1) // 3 * 3 + 1, day=1), "end": end}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": _("Exports for the accountant")}


class ClientAccountView(ScopedPermissionMixin, View):
    """A client's statement of account: documents and payments, running balance."""

    model = Invoice

    def get(self, request, client):
        client = get_object_or_404(Client.objects.for_user(request.user), pk=client)
        title = str(_("Statement of account"))
        return xlsx_response(
            exports.client_statement_rows(client), filename=f"{title} {client}", title=title
        )


# --- Reminders ---------------------------------------------------------------------------


class ReminderCreateView(InvoicePageMixin, generic.FormView):
    """The next reminder of an overdue invoice, with what the law allows to claim."""

    template_name = "invoicing/reminder_form.html"
    form_class = ReminderForm

    def get_required_permission(self):
        return "invoicing.add_reminder"

    def get(self, request, *args, **kwargs):
        return self.with_proposal(super().get, request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.with_proposal(super().post, request, *args, **kwargs)

    def with_proposal(self, handler, request, *args, **kwargs):
        """Answer with ``handler`` once the next reminder is known, or go back to
        the invoice saying why there is none to make."""
        try:
            self.proposal = reminders.propose(self.object)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(self.object.get_absolute_url())
        return handler(request, *args, **kwargs)

    def get_initial(self):
        return {
            "level": self.proposal.level,
            "send_to": self.object.client_snapshot.get("email", ""),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        sending = self.request.POST.get("action") == "send"
        if sending and not data["send_to"]:
            form.add_error("send_to", _("Give the e-mail address to send the reminder to."))
            return self.form_invalid(form)
        try:
            reminder = reminders.reminder_create(
                invoice=self.object,
                user=self.request.user,
                claim_charges=data["claim_charges"],
                expected_level=data["level"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if sending:
            send_reminder(self.request, reminder, data["send_to"])
        else:
            messages.success(
                self.request, _("%(reminder)s made: print it and post it.") % {"reminder": reminder}
            )
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("%(reminder)s · %(invoice)s")
            % {"reminder": self.proposal.label, "invoice": self.object},
            invoice=self.object,
            proposal=self.proposal,
        )
        return context


class ReminderPdfView(ScopedPermissionMixin, View):
    model = Reminder
    action = "view"

    def get(self, request, pk):
        reminder = get_object_or_404(
            Reminder.objects.filter(invoice__in=Invoice.objects.for_user(request.user)), pk=pk
        )
        name = reminders.filename(reminder).removesuffix(".pdf")
        return pdf_response(reminders.pdf_bytes(reminder), filename=name, inline=True)


def mail_and_say(request, send, *, done: str, failed, **values) -> None:
    """Run ``send`` and say how it went: a mail server down is a message, no 500."""
    try:
        send()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except OSError as error:  # smtplib's errors are OSErrors
        messages.error(request, failed % {"error": error, **values})
    else:
        messages.success(request, done)


def send_reminder(request, reminder, to: str) -> None:
    mail_and_say(
        request,
        lambda: reminders.reminder_send(reminder=reminder, to=to),
        done=_("%(reminder)s sent to %(to)s.") % {"reminder": reminder, "to": to},
        failed=_(
            "The e-mail could not be sent (%(error)s). %(reminder)s is made: send it again "
            "from the invoice's page, or print its PDF and post it."
        ),
        reminder=reminder,
    )


class ReminderSendView(ScopedPermissionMixin, View):
    """POST ``to``: e-mail a reminder made earlier (posted, or whose e-mail failed)."""

    http_method_names = ["post"]
    model = Reminder
    action = "add"

    def post(self, request, pk):
        reminder = get_object_or_404(
            Reminder.objects.filter(invoice__in=Invoice.objects.for_user(request.user)), pk=pk
        )
        form = QuoteSendForm(request.POST)
        if form.is_valid():
            send_reminder(request, reminder, form.cleaned_data["to"])
        else:
            for error in form.errors["to"]:
                messages.error(request, error)
        return HttpResponseRedirect(reminder.invoice.get_absolute_url())
