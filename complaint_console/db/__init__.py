"""Database models (SQLModel tables), the engine, and the queries the app runs."""
