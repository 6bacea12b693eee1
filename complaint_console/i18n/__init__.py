"""The message catalogue: every user-facing string, in English and Simplified Chinese."""
