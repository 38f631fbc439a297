"""Operations that change trainees, contracts and frameworks."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eft.validators import format_national_number
from trainees.models import NationalNumberReveal, RevealKind, Trainee, TrainingContract


@transaction.atomic
def trainee_reveal_national_number(*, trainee: Trainee, user) -> str:
    """Log that ``user`` saw the number in full, and return it formatted.

    The caller checks the ``trainees.reveal_national_number`` permission."""
    NationalNumberReveal.objects.create(trainee=trainee, user=user)
    return format_national_number(trainee.national_number)


DUPLICATE_CHECKS_PER_DAY = 3


def check_national_number(*, number: str, user, exclude_pk=None) -> None:
    """Refuse a national register number another trainee has, without telling a
    person who may not reveal numbers whose it is.

    For such a person a hit is logged as a reveal attempt, and after
    :data:`DUPLICATE_CHECKS_PER_DAY` hits in a day every number they type is
    refused the same way, duplicate or not, so that trying candidates teaches
    nothing. The same query runs whatever the answer (no timing difference).
    Those with the reveal right get the model's explicit message instead."""
    if not number or user is None or user.has_perm("trainees.reveal_national_number"):
        return
    since = timezone.now() - datetime.timedelta(days=1)
    hits = NationalNumberReveal.objects.filter(
        user=user, kind=RevealKind.DUPLICATE, revealed_at__gte=since
    ).count()
    match = Trainee.objects.filter(national_number=number).exclude(pk=exclude_pk).first()
    if hits >= DUPLICATE_CHECKS_PER_DAY:
        raise ValidationError(
            _(
                "This number cannot be checked any more today. Leave the field empty "
                "and ask coordination to enter it."
            ),
            code="reveal_limit",
        )
    if match is not None:
        NationalNumberReveal.objects.create(trainee=match, user=user, kind=RevealKind.DUPLICATE)
        raise ValidationError(
            _(
                "This number cannot be saved here. Leave the field empty and ask "
                "coordination to enter it."
            ),
            code="duplicate_hidden",
        )


@transaction.atomic
def contract_save(*, contract: TrainingContract) -> TrainingContract:
    """Save a contract after checking, under a lock on its trainee, that it overlaps
    no other: two people adding contracts at once cannot both slip through.

    Every recorded attendance belongs to the contract that covers its day, so a
    contract's period cannot shrink away from hours already recorded under it
    (they are read through the ``attendances`` relation the planning declares)."""
    Trainee.objects.select_for_update().get(pk=contract.trainee_id)
    contract.full_clean()
    if contract.pk:
        outside = (
            contract.attendances.exclude(
                session__date__range=(contract.start_date, contract.end_date)
            )
            .order_by("session__date")
            .values_list("session__date", flat=True)
        )
        days = list(outside[:2])
        if days:
            raise ValidationError(
                _(
                    "Hours are recorded under this contract on %(date)s: its period must "
                    "still cover them."
                )
                % {"date": days[0].strftime("%d/%m/%Y")}
            )
    contract.save()
    return contract
