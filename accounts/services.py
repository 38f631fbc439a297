"""Creating and changing logins: the role, a trainer's workshops, a trainee's
record, and the one-time link with which a person chooses their password."""

import re
import unicodedata

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import Account
from eft.choices import Role

AMOUNTS_GRANT = "amounts"
FOLLOWUP_GRANT = "followup"


@transaction.atomic
def account_save(
    *,
    account: Account,
    role: str,
    workshops=(),
    trainee=None,
    sees_amounts=False,
    reads_followup=False,
) -> Account:
    """Save a login with exactly one role. A trainer gets their workshops (and,
    when a coordinator says so, the prices and amounts); a trainee's login is
    linked to their trainee record, which no other login may hold."""
    if role not in Role.values:
        raise ValidationError(_("Choose a role."))
    if role == Role.TRAINEE and trainee is None:
        raise ValidationError(_("A trainee's login is linked to their trainee record: choose it."))
    if trainee is not None:
        from trainees.models import Trainee

        trainee = Trainee.objects.select_for_update().get(pk=trainee.pk)
        if trainee.user_id and trainee.user_id != account.pk:
            raise ValidationError(_("This trainee already has a login."))
    if not account.pk:
        account.set_unusable_password()
    account.save()
    keep = set(account.groups.exclude(name__in=[*Role.values, AMOUNTS_GRANT, FOLLOWUP_GRANT]))
    groups = {Group.objects.get_or_create(name=role)[0], *keep}
    if role == Role.TRAINER and sees_amounts:
        groups.add(Group.objects.get_or_create(name=AMOUNTS_GRANT)[0])
    if role == Role.COORDINATOR and reads_followup:
        # Given explicitly, person by person; each reading is logged.
        groups.add(Group.objects.get_or_create(name=FOLLOWUP_GRANT)[0])
    account.groups.set(groups)
    account.workshops.set(workshops if role == Role.TRAINER else [])
    from trainees.models import Trainee

    # The trainee's version moves too: a trainee form open meanwhile is refused
    # rather than unlinking the login it did not show.
    bump = F("version") + 1
    Trainee.objects.filter(user=account).exclude(pk=getattr(trainee, "pk", None)).update(
        user=None, version=bump
    )
    if role == Role.TRAINEE:
        Trainee.objects.filter(pk=trainee.pk).update(user=account, version=bump)
    return account


def free_username(first_name: str, last_name: str) -> str:
    """“amina.lambert”, or “amina.lambert2” when taken: ASCII, lower case."""
    text = f"{first_name}.{last_name}"
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9.]+", "", text).strip(".")[:140] or "stagiaire"
    taken = set(
        Account.objects.filter(username__startswith=base).values_list("username", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


@transaction.atomic
def trainee_login_create(*, trainee) -> Account:
    """A login for a trainee, in one step, from their record (many have no e-mail:
    they get a printed sheet with the link to choose their password)."""
    from trainees.models import Trainee

    trainee = Trainee.objects.select_for_update().get(pk=trainee.pk)
    if trainee.user_id:
        raise ValidationError(_("This trainee already has a login."))
    account = Account(
        username=free_username(trainee.first_name, trainee.last_name),
        first_name=trainee.first_name,
        last_name=trainee.last_name,
        email=trainee.email,
    )
    return account_save(account=account, role=Role.TRAINEE, trainee=trainee)


def password_link(request, account) -> str:
    """The one-time address where the person chooses their password. It stops
    working once a password is set (Django's reset token hashes the password),
    and after ``PASSWORD_RESET_TIMEOUT``."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    return request.build_absolute_uri(path)
