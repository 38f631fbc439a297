import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, for searches that forgive “Liege” for “Liège”."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
