"""Build the benchmark database: 50,000 clients (and their sites), one admin login.

    .venv/bin/python bench/generate.py [--clients 50000]

Uses bench/settings.py (a SQLite file bench/bench.sqlite3, or BENCH_DATABASE_URL).
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from clients.choices import ClientKind  # noqa: E402
from clients.models import Client, Site  # noqa: E402
from demo import data  # noqa: E402
from demo.numbers import enterprise_number  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50_000)
    args = parser.parse_args()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench")
    user.set_password("bench")
    user.save()
    user.groups.add(Group.objects.get(name="admin_staff"))
    existing = Client.objects.count()
    rng = random.Random(7)
    kinds = list(ClientKind.values)
    batch = []
    with transaction.atomic():
        for index in range(existing, args.clients):
            kind = kinds[index % len(kinds)]
            postal_code, city = data.CITIES[index % len(data.CITIES)]
            number = enterprise_number(index) if kind != ClientKind.INDIVIDUAL else ""
            client = Client(
                kind=kind,
                name=f"{rng.choice(data.LAST_NAMES)} {index:06d}",
                first_name=rng.choice(data.FIRST_NAMES) if kind == ClientKind.INDIVIDUAL else "",
                enterprise_number=number,
                vat_number=f"BE{number}" if kind == ClientKind.COMPANY else "",
                language=rng.choice(["fr", "fr", "fr", "nl", "de", "en"]),
                email=f"client{index}@example.be",
                phone=f"081 {index % 100:02d} {index % 97:02d} {index % 89:02d}",
                street=f"{rng.choice(data.STREETS)} {index % 200 + 1}",
                postal_code=postal_code,
                city=city,
                is_archived=index % 20 == 0,
            )
            client.prepare()
            batch.append(client)
            if len(batch) == 5000:
                Client.objects.bulk_create(batch)
                batch = []
        Client.objects.bulk_create(batch)
        sites = [
            Site(client_id=pk, name="Site", postal_code="5000", city="Namur")
            for pk in Client.objects.filter(sites__isnull=True).values_list("pk", flat=True)
        ]
        Site.objects.bulk_create(sites, batch_size=5000)
    print(f"{Client.objects.count()} clients ready in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
