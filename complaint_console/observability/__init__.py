"""What operators watch: structured logs (`logs`), Prometheus metrics (`metrics`) and the
timing of every Reflex event handler (`events`)."""
