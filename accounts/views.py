from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View, generic

from accounts import services
from accounts.filters import AccountFilter
from accounts.forms import AccountForm
from accounts.models import Account
from accounts.tables import AccountTable
from eft.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedPermissionMixin,
)
from eft.pdf import qr_svg_data_uri
from trainees.models import Trainee

TRAINEE_LOGIN_PERM = "accounts.add_trainee_login"
HAS_PASSWORD = _(
    "This person has chosen a password. To send a new link, make a new sheet first: "
    "their password then stops working."
)


class AccountListView(ObjectListView):
    model = Account
    filterset_class = AccountFilter
    table_class = AccountTable
    prefetch_related = ("groups", "workshops")
    create_url_name = "account_create"

    def get_queryset(self):
        return super().get_queryset().distinct()


class AccountDetailView(ObjectDetailView):
    model = Account
    prefetch_related = ("groups", "workshops")
    edit_url_name = "account_update"
    template_name = "accounts/account_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trainee"] = Trainee.objects.filter(user=self.object).first()
        return context


class AccountFormMixin:
    model = Account
    form_class = AccountForm

    def save(self, form):
        data = form.cleaned_data
        return services.account_save(
            account=form.instance,
            role=data["role"],
            workshops=data.get("workshops") or [],
            trainee=data.get("trainee"),
            sees_amounts=data.get("sees_amounts", False),
            reads_followup=data.get("reads_followup", False),
        )


class AccountCreateView(AccountFormMixin, ObjectCreateView):
    success_message = _(
        "Login created. Give the person their sheet: it has the link to choose a password."
    )

    def get_success_url(self):
        return reverse("account_sheet", args=[self.object.pk])


class AccountUpdateView(AccountFormMixin, ObjectUpdateView):
    pass


class AccountActiveView(ScopedPermissionMixin, generic.detail.SingleObjectMixin, View):
    """POST: deactivate a login (or reactivate it). Never a deletion."""

    model = Account
    action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        account = self.get_object()
        if account.pk == request.user.pk:
            messages.error(request, _("You cannot deactivate your own login."))
            return HttpResponseRedirect(account.get_absolute_url())
        account.is_active = not account.is_active
        account.save(update_fields=["is_active"])
        messages.success(
            request, _("Login reactivated.") if account.is_active else _("Login deactivated.")
        )
        return HttpResponseRedirect(account.get_absolute_url())


class SheetMixin:
    """The printable sheet: the login, and the one-time link to choose a password.

    Only while the person has no password: once they chose one, a new sheet
    first makes it stop working (a POST, asked for on a page of its own), so that
    nobody can use a sheet to log in as someone who is using their login."""

    template_name = "accounts/sheet.html"

    def sheet_or_reset(self, account, back_url):
        if account.has_usable_password():
            return TemplateResponse(
                self.request,
                "accounts/sheet_reset.html",
                {"account": account, "back_url": back_url, "title": _("A new sheet")},
            )
        return None

    def post(self, request, *args, **kwargs):
        account = self.sheet_account()
        account.set_unusable_password()
        account.save(update_fields=["password"])
        messages.success(request, _("The former password no longer works."))
        return HttpResponseRedirect(request.path)

    def sheet_context(self, account):
        link = services.password_link(self.request, account)
        return {
            "account": account,
            "link": link,
            "qr": qr_svg_data_uri(link),
            "login_url": self.request.build_absolute_uri(reverse("login")),
            "title": _("Your login"),
        }


class AccountSheetView(SheetMixin, ScopedPermissionMixin, generic.DetailView):
    model = Account

    def sheet_account(self):
        return self.get_object()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.sheet_or_reset(self.object, self.object.get_absolute_url()) or super().get(
            request, *args, **kwargs
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.sheet_context(self.object)}


class AccountSendLinkView(
    SheetMixin, ScopedPermissionMixin, generic.detail.SingleObjectMixin, View
):
    """POST: e-mail the person the link to choose their password."""

    model = Account
    action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        account = self.get_object()
        if not account.email:
            messages.error(request, _("This person has no e-mail address: print their sheet."))
            return HttpResponseRedirect(account.get_absolute_url())
        if account.has_usable_password():
            messages.error(request, HAS_PASSWORD)
            return HttpResponseRedirect(account.get_absolute_url())
        context = self.sheet_context(account)
        send_mail(
            str(_("Your login to the EFT workshop")),
            render_to_string("accounts/link_email.txt", context, request=request),
            None,
            [account.email],
        )
        messages.success(request, _("The link was sent to %(email)s.") % {"email": account.email})
        return HttpResponseRedirect(account.get_absolute_url())


def trainee_for_login(request, pk):
    if not request.user.has_perm(TRAINEE_LOGIN_PERM):
        raise PermissionDenied
    return get_object_or_404(Trainee.objects.for_user(request.user), pk=pk)


class TraineeLoginCreateView(View):
    """POST from the trainee page: their login in one step, then their sheet."""

    http_method_names = ["post"]

    def post(self, request, pk):
        trainee = trainee_for_login(request, pk)
        try:
            services.trainee_login_create(trainee=trainee)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(trainee.get_absolute_url())
        messages.success(request, _("Login created: print the sheet and hand it to the trainee."))
        return HttpResponseRedirect(reverse("trainee_login_sheet", args=[trainee.pk]))


class TraineeLoginSheetView(SheetMixin, generic.TemplateView):
    def sheet_account(self):
        trainee = trainee_for_login(self.request, self.kwargs["pk"])
        if not trainee.user_id:
            raise Http404
        self.trainee = trainee
        return Account.objects.get(pk=trainee.user_id)

    def get(self, request, *args, **kwargs):
        account = self.sheet_account()
        reset = self.sheet_or_reset(account, self.trainee.get_absolute_url())
        return reset or super().get(request, *args, account=account, **kwargs)

    def get_context_data(self, account=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.sheet_context(account), back_url=self.trainee.get_absolute_url())
        return context
