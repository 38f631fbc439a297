"""Operations that change trainees, contracts and frameworks."""

from django.db import transaction

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
    no other: two people adding contracts at once cannot both slip through."""
    Trainee.objects.select_for_update().get(pk=contract.trainee_id)
    contract.full_clean()
    contract.save()
    return contract
