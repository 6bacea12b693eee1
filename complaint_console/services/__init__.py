"""Application services: use cases that combine domain rules with the database."""
