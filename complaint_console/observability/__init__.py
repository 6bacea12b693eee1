"""What operators watch: structured logs (`logs`), Prometheus metrics (`metrics`) and the
timing of every Reflex event handler (`events`)."""

# prometheus-client's own variable: set before the library is first imported, its metrics are
# kept in files there that every worker process writes and one scrape adds up (no import here).
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
