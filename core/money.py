from django.utils import translation


def format_krw(amount: int | None) -> str:
    """Whole won in the active language: "50,000,000원" in Korean, "KRW 50,000,000" in English.
    Amounts are whole won, never floats."""
    if amount is None:
        return ""
    if isinstance(amount, float) or not isinstance(amount, int):
        raise TypeError("KRW amounts are integers")
    sign = "-" if amount < 0 else ""
    if (translation.get_language() or "ko").startswith("en"):
        return f"{sign}KRW {abs(amount):,}"
    return f"{sign}{abs(amount):,}원"
