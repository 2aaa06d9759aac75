"""The table `make bench` prints: each figure beside its target, and how many were met."""


def ratio(value: float, base: float) -> float:
    """value / base; 0 when base is 0 (a baseline that served nothing confirms no target)."""
    return value / base if base else 0.0


class Table:
    def __init__(self, scale: str):
        self.scale = scale
        self.rows, self.failures = [], 0

    def add(self, name, figure, cpu, target, ok):
        self.failures += 0 if ok else 1
        cpu_text = cpu if isinstance(cpu, str) else f"{cpu:.1f}"
        self.rows.append((name, figure, cpu_text, target, "met" if ok else "NOT MET"))

    def print(self):
        head = ("what", "figure", "CPU ms/req", "target", "result")
        widths = [max(len(row[i]) for row in [head, *self.rows]) for i in range(4)]
        for row in [head, *self.rows]:
            cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
            print("  ".join([*cells, row[4]]))
        scale = "" if self.scale == "full" else f" ({self.scale})"
        met = len(self.rows) - self.failures
        print(f"\n{met} of {len(self.rows)} targets met{scale}")
