"""Reusable UI pieces: the app shell, translated text, form fields, empty states."""
