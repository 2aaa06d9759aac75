from django.utils import translation


def format_krw(amount: int | None, language: str | None = None) -> str:
    """50000000 -> "50,000,000원" in Korean, "KRW 50,000,000" in English (the active language
    unless `language` is given). Amounts are whole won, never floats."""
    if amount is None:
        return ""
    if isinstance(amount, float) or not isinstance(amount, int):
        raise TypeError("KRW amounts are integers")
    sign = "-" if amount < 0 else ""
    language = language or translation.get_language() or "ko"
    if language.startswith("ko"):
        return f"{sign}{abs(amount):,}원"
    return f"{sign}KRW {abs(amount):,}"
