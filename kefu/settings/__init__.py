"""The team's settings (widget, business hours, origins, auto-close), kept in the database
and read by every worker through a short cache: schema.py (their shapes and defaults),
store.py (the rows and the cache), update.py (the change use case), hours.py (business
hours), identity.py (the identity-verification secret, a row of its own)."""

from .hours import within_hours
from .store import current_settings
from .update import update_settings

__all__ = ["current_settings", "update_settings", "within_hours"]
