"""The first coordinator, on a new installation: ``manage.py create_coordinator``."""

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Account
from accounts.services import account_save
from eft.choices import Role


class Command(BaseCommand):
    help = (
        "Create a coordinator's login (the first one, who then manages the others "
        "in the application). The password is asked twice, or read from "
        "the COORDINATOR_PASSWORD environment variable."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, first_name, last_name, email, **options):
        if Account.objects.filter(username=username).exists():
            raise CommandError(f"The username “{username}” is already taken.")
        account = Account(
            username=username, first_name=first_name, last_name=last_name, email=email
        )
        password = os.environ.get("COORDINATOR_PASSWORD") or self.ask_password()
        try:
            validate_password(password, account)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        account = account_save(account=account, role=Role.COORDINATOR)
        account.set_password(password)
        account.save(update_fields=["password"])
        self.stdout.write(self.style.SUCCESS(f"Coordinator “{username}” created."))

    def ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
