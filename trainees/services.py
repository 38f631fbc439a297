"""Operations that change trainees, contracts and frameworks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from eft.validators import format_national_number
from trainees.models import NationalNumberReveal, Trainee, TrainingContract


@transaction.atomic
def trainee_reveal_national_number(*, trainee: Trainee, user) -> str:
    """Log that ``user`` saw the number in full, and return it formatted.

    The caller checks the ``trainees.reveal_national_number`` permission."""
    NationalNumberReveal.objects.create(trainee=trainee, user=user)
    return format_national_number(trainee.national_number)


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
