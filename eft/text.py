import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, for searches that forgive “Liege” for “Liège”."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def person_name(user) -> str:
    """A login's full name, or its username when it has none."""
    return user.get_full_name() or user.get_username()
