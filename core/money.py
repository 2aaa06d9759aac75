def format_krw(amount: int | None) -> str:
    """50000000 -> "50,000,000원". Amounts are whole won, never floats."""
    if amount is None:
        return ""
    if isinstance(amount, float) or not isinstance(amount, int):
        raise TypeError("KRW amounts are integers")
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}원"
