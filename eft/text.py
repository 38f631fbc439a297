import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, for searches that forgive “Liege” for “Liège”."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def person_name(user) -> str:
    """A login's full name, or its username when it has none."""
    return user.get_full_name() or user.get_username()


def search_words(queryset, text: str, field: str = "search_text"):
    """Keep the rows whose folded ``field`` contains every word of ``text``.

    ``field`` holds the folded text of the columns people search (kept by the
    model's ``save``), so one LIKE per word does what an OR over many columns
    would, and forgives accents."""
    for word in fold(text).split()[:8]:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset
