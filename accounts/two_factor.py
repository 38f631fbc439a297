"""Two-factor login with a time-based code (django-otp, TOTP): anyone may turn it
on; coordinators, who can reveal national numbers, can be required to
(``OTP_REQUIRED_FOR_COORDINATORS``). Until the code of the day is typed, a person
with a device reaches no page but this one and the logout."""

import textwrap
from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from eft.choices import Role
from eft.pdf import qr_svg_data_uri
from eft.permissions import has_role


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isascii() or not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Type the six digits the app shows."))
        return code


def two_factor_required(user) -> bool:
    return settings.OTP_REQUIRED_FOR_COORDINATORS and has_role(user, Role.COORDINATOR)


WRONG_CODE = _(
    "This code is not the right one (or came too late): type the one the app shows now. "
    "After several wrong codes, wait a little before trying again."
)


TURNED_ON = _("Two-factor login is on: the app's code is asked at each login.")
# Set in a session at login when its person has no device: the check then costs
# no query per page. A device is only ever added by its person (who is verified
# at once), and each login starts a new session.
NO_DEVICE = "eft_otp_no_device"


@receiver(user_logged_in)
def remember_no_device(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[NO_DEVICE] = not user_has_device(user)


class VerifyView(generic.FormView):
    """After the password: the code of the person's app."""

    template_name = "accounts/two_factor_verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified() or not user_has_device(request.user):
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        for device in TOTPDevice.objects.filter(user=self.request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["code"]):
                otp_login(self.request, device)
                return HttpResponseRedirect(reverse("home"))
        form.add_error("code", WRONG_CODE)
        return self.form_invalid(form)


class SetupView(generic.FormView):
    """Turn on two-factor login: scan the code with an app, type what it shows."""

    template_name = "accounts/two_factor_setup.html"
    form_class = CodeForm

    def device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(
            user=self.request.user, name="app", confirmed=False
        )

    def dispatch(self, request, *args, **kwargs):
        if user_has_device(request.user) and request.user.is_verified():
            messages.info(request, _("Two-factor login is already on for you."))
            return redirect("home")
        if user_has_device(request.user):
            return redirect("two_factor_verify")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = self.device()
        context.update(
            title=_("Two-factor login"),
            qr=qr_svg_data_uri(device.config_url),
            # For an app on the same phone, which cannot scan its own screen.
            secret=" ".join(textwrap.wrap(b32encode(device.bin_key).decode(), 4)),
            required=two_factor_required(self.request.user),
        )
        return context

    def form_valid(self, form):
        device = self.device()
        if not device.verify_token(form.cleaned_data["code"]):
            form.add_error("code", WRONG_CODE)
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        end_other_sessions(self.request.user, keep=self.request.session.session_key)
        messages.success(self.request, TURNED_ON)
        return HttpResponseRedirect(reverse("home"))


def end_other_sessions(user, *, keep: str | None) -> int:
    """Log the person out everywhere else (sessions opened before the code was
    asked for would otherwise go on without it). Rare: read every live session."""
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key != keep and session.get_decoded().get("_auth_user_id") == str(
            user.pk
        ):
            session.delete()
            ended += 1
    return ended


class TwoFactorMiddleware:
    """A logged-in person with a device who has not typed the code yet, or a
    coordinator without one when it is required, reaches only the pages to do it."""

    OPEN = {"two_factor_verify", "two_factor_setup", "logout", "set_language"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not (request.session.get(NO_DEVICE) and not two_factor_required(user))
        ):
            match = getattr(request, "resolver_match", None)
            name = match.url_name if match else None
            if name is None:
                from django.urls import Resolver404, resolve

                try:
                    name = resolve(request.path_info).url_name
                except Resolver404:
                    name = None
            if name not in self.OPEN and not request.path.startswith(settings.STATIC_URL):
                if user_has_device(user):
                    return redirect("two_factor_verify")
                if two_factor_required(user):
                    return redirect("two_factor_setup")
                request.session[NO_DEVICE] = True
        return self.get_response(request)
