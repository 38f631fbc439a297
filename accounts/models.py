"""The people who log in, as coordination manages them: Django's users, seen
through a proxy that knows their role, workshops and trainee record."""

from django.contrib.auth.models import User, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eft.choices import Role
from eft.permissions import is_coordinator


class AccountQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only coordination manages logins."""
        return self if is_coordinator(user) else self.none()

    def search(self, text: str):
        for word in text.split()[:8]:
            self = self.filter(
                models.Q(username__icontains=word)
                | models.Q(first_name__icontains=word)
                | models.Q(last_name__icontains=word)
                | models.Q(email__icontains=word)
            )
        return self


class AccountManager(UserManager.from_queryset(AccountQuerySet)):
    pass


class Account(User):
    """A login. Never deleted: deactivated, so that history keeps the name."""

    objects = AccountManager()

    class Meta:
        proxy = True
        verbose_name = _("login")
        verbose_name_plural = _("people and logins")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("account_detail", args=[self.pk])

    @property
    def role(self) -> str:
        names = {group.name for group in self.groups.all()}
        return next((r for r in Role.values if r in names), "")

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""
