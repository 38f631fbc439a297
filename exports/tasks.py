"""The background tasks (Django's tasks framework: the django-tasks backport,
``django.tasks`` from Django 6). Which backend runs them is configuration
alone: the database (django-tasks-db, the default) or RQ on Redis."""

from django_tasks import task


@task()
def run_export(export_id: str) -> None:
    from exports import services

    services.run(export_id)
