"""Demo and reference data loaders (`python -m complaint_console seed-demo`)."""
