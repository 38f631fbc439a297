"""Files kept in the default storage that housekeeping deletes once stale."""

from django.utils import timezone


def stale_files(storage, folder: str, limit) -> list[str]:
    """The paths below ``folder`` (its subfolders too) last modified at or
    before ``limit``; a folder that does not exist has none."""

    def walk(path: str):
        try:
            folders, files = storage.listdir(path)
        except (FileNotFoundError, NotADirectoryError, NotImplementedError):
            return
        for name in files:
            yield f"{path}/{name}"
        for sub in folders:
            yield from walk(f"{path}/{sub}")

    stale = []
    for path in walk(folder):
        try:
            modified = storage.get_modified_time(path)
        except (FileNotFoundError, NotImplementedError):
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        if modified <= limit:
            stale.append(path)
    return stale
