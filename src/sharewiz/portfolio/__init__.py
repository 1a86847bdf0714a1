"""Many document sets: status, due dates and exports (RoPA, JSON, calendar)."""
