"""Complaint Console: complaint handling for a national courier network."""
