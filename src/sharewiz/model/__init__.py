"""Question trees, the expression sandbox, answers (one read → migrate → type → validate path) and settings."""
