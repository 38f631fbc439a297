"""Who may do what: one table, read by an authentication backend.

Rights are Django permission names (``app.action_model``), so templates and
views use the ordinary ``user.has_perm``. Which *rows* a user sees is decided
separately by each model's ``for_user`` queryset method: a trainer sees the
trainees of their workshops, a trainee only their own record.
"""

from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core.exceptions import PermissionDenied

from eft.choices import Role

ALL = "*"


def _crud(app: str, model: str, actions: str = "view add change delete") -> set[str]:
    return {f"{app}.{action}_{model}" for action in actions.split()}


RIGHTS: dict[str, set[str] | str] = {
    Role.COORDINATOR: ALL,
    Role.ADMIN_STAFF: (
        _crud("clients", "client")
        | _crud("clients", "contact")
        | _crud("clients", "site")
        | {"clients.import_client"}
        | _crud("trainees", "trainee", "view add change")
        | _crud("trainees", "trainingcontract")
        | {"eft.view_workshop"}
        | _crud("jobs", "job")
        | _crud("jobs", "jobline")
        | {"jobs.view_billableadjustment", "jobs.add_billableadjustment"}
        | {"jobs.view_worksession", "jobs.view_attendance", "jobs.view_monthclosing"}
        | {"records.view_statement", "records.add_statement"}
        | _crud("records", "travelcost", "view change")
        | {"records.view_allowancerate"}
        | _crud("invoicing", "invoice")
        | {"invoicing.issue_invoice", "invoicing.view_amounts"}
        | _crud("invoicing", "payment", "view add")
        | _crud("invoicing", "quote", "view add change")
        | _crud("invoicing", "bankstatement", "view add")
        | _crud("invoicing", "reminder", "view add")
        | {"accounts.add_trainee_login"}
        | {"chatter.add_note"}
    ),
    Role.TRAINER: (
        {"eft.view_workshop"}
        | {"trainees.view_trainee", "followup.view_followup_exists"}
        | {"trainees.view_trainingcontract"}
        | _crud("trainees", "skillframework", "view change")
        | _crud("trainees", "skillarea")
        | _crud("trainees", "skill")
        | {"trainees.import_skill", "trainees.view_autonomylevel"}
        | _crud("jobs", "job", "view add change")
        | _crud("jobs", "jobline")
        | {"jobs.view_billableadjustment", "jobs.add_billableadjustment"}
        | _crud("jobs", "worksession")
        | _crud("jobs", "attendance", "view change")
        | _crud("jobs", "skillpractice")
        | {"jobs.view_monthclosing"}
        | {"records.view_record", "records.view_matrix", "records.add_trainerreply"}
        | _crud("records", "skillvalidation", "view add delete")
        | {"records.view_attestation", "records.add_attestation", "records.export_badges"}
        | {"records.view_priorachievement"}
        | {"chatter.add_note"}
    ),
    # The accompaniment, kept apart from control: only the social worker reads
    # and writes the personal notes and the follow-up log.
    Role.SOCIAL_WORKER: {
        "trainees.view_trainee",
        "followup.view_followup_exists",
        "trainees.view_trainee_notes",
        "trainees.change_trainee_notes",
        "followup.view_followupentry",
        "followup.add_followupentry",
    },
    # Grants a coordinator adds to a person on top of their role (a group of
    # that name): a trainer who may see prices and amounts; a coordinator who
    # may read the follow-up (each reading logged).
    "amounts": {"invoicing.view_amounts"},
    "followup": {"followup.view_followupentry", "trainees.view_trainee_notes"},
    # A trainee's rights reach only their own rows (each model's ``for_user``).
    Role.TRAINEE: {
        "records.view_record",
        "records.add_selfassessment",
        "records.view_attestation",
        "records.add_attestation",
        "records.export_badges",
        "records.view_priorachievement",
    },
}


def roles_of(user) -> frozenset[str]:
    """The user's roles, read once per user object (one query)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_eft_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(names & (set(Role.values) | set(RIGHTS)))
        user._eft_roles = cached
    return cached


def workshop_ids(user) -> list[int]:
    """The workshops a trainer works in, read once per user object (one query).

    Pages filter on this list rather than on a subquery, so that the database can
    walk an index in order (a trainer's jobs, newest first) instead of sorting."""
    cached = getattr(user, "_eft_workshop_ids", None)
    if cached is None:
        cached = list(user.workshops.values_list("pk", flat=True)) if user.is_authenticated else []
        user._eft_workshop_ids = cached
    return cached


def can_see_amounts(user) -> bool:
    """Prices and amounts: the administration's and coordination's, and any
    trainer a coordinator gave the right (the "amounts" grant)."""
    return user.has_perm("invoicing.view_amounts")


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_coordinator(user) -> bool:
    return user.is_superuser or has_role(user, Role.COORDINATOR)


def sees_everything(user) -> bool:
    """Coordinators and admin staff see every row of what they may open."""
    return user.is_superuser or has_role(user, Role.COORDINATOR, Role.ADMIN_STAFF)


# Rights that "everything" (a coordinator) does not include: they come only from
# a role or grant that names them.
PRIVATE = {
    "trainees.view_trainee_notes",
    "trainees.change_trainee_notes",
    "followup.view_followupentry",
    "followup.add_followupentry",
}


def rights_of(user) -> set[str] | str:
    rights: set[str] = set()
    everything = False
    for role in roles_of(user):
        granted = RIGHTS[role]
        if granted == ALL:
            everything = True
        else:
            rights |= granted
    return ("*", frozenset(rights & PRIVATE)) if everything else rights


class RoleBackend(BaseBackend):
    """Answers ``has_perm`` from :data:`RIGHTS` and the user's groups."""

    def get_all_permissions(self, user_obj, obj=None):
        rights = rights_of(user_obj)
        return {"*", *rights[1]} if isinstance(rights, tuple) else rights

    def has_perm(self, user_obj, perm, obj=None):
        rights = rights_of(user_obj)
        if isinstance(rights, tuple):  # everything, but the private rights named
            return perm in rights[1] if perm in PRIVATE else True
        return perm in rights

    def has_module_perms(self, user_obj, app_label):
        rights = rights_of(user_obj)
        return isinstance(rights, tuple) or any(r.startswith(f"{app_label}.") for r in rights)


def require_perm(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


class LoginBackend(ModelBackend):
    """Checks passwords and loads users; grants nothing. Rights come only from
    roles (:class:`RoleBackend`), so Django's per-user permission tables are never
    queried on a page."""

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_all_permissions(self, user_obj, obj=None):
        return set()
