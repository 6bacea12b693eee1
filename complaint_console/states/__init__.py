"""Reflex states: thin, flat under rx.State; they call services and queries and hold only page data."""
