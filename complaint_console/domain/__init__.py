"""Domain rules in plain Python: no Reflex, no database. Everything here is unit-tested."""
