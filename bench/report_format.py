"""How the benchmark report writes figures: numbers, ratios, tables and section headings."""

SATURATED_CLIENT_CPU = 0.9

TARGET_MS = 50


def fmt(value):
    """A table cell: "—" for None, yes/no for booleans, thousands separators for numbers."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:,}"
    return str(value)


def ratio(kefu, node):
    """Kefu / Node as "1.50×" ("—" when either is missing or Node's is zero)."""
    if kefu is None or node is None or node == 0:
        return "—"
    return f"{kefu / node:.2f}×"


def best(rate, unit=""):
    """A best sustained rate, or "none" when no step met the target."""
    return "none" if rate is None else fmt(rate) + unit


def measured(value, unit):
    """A value with its unit, or "—" alone when it was not measured."""
    return "—" if value is None else fmt(value) + unit


def percent(fraction):
    """0.66 → "66.0 %" (None → "—")."""
    return "—" if fraction is None else f"{100 * fraction:.1f} %"


def table(header, rows):
    """A markdown table; cells are formatted with `fmt` unless already strings."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(c if isinstance(c, str) else fmt(c) for c in row) + " |")
    return "\n".join(lines)


def label(server, workers):
    """The name a target goes by in tables and plot legends."""
    if server == "node":
        return "Node socket.io reference"
    if workers == 1:
        return "Kefu, 1 worker (SQLite)"
    return f"Kefu, {workers} workers (PostgreSQL + Redis)"


def client_cpu(*values):
    """Load-generator CPU (fraction of a core) as "%" values, flagged when saturated."""
    text = " / ".join("—" if v is None else f"{100 * v:.1f}" for v in values)
    if any(v is not None and v >= SATURATED_CLIENT_CPU for v in values):
        text += " ⚠ load generator saturated"
    return text


def section(title, run, body, duration=True):
    parts = [f"## {title}"]
    if duration and run.get("seconds") is not None:
        parts.append(f"Scenario took {fmt(run['seconds'])} s.")
    return "\n\n".join(parts + body)


def images(plots, *names):
    return [f"![{name[:-4].replace('_', ' ')}]({plots[name]})" for name in names if name in plots]


# --- picking rows ---------------------------------------------------------------------------


def idle_rows(results):
    return results["runs"].get("idle", {}).get("rows", [])


def message_runs(results):
    return results["runs"].get("messages", {}).get("runs", [])
