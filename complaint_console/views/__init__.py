"""Presenters: turn read results into what people see (charts, exports, slides, PDF fonts, row
formatting). Plain Python: no Reflex state, no SQL; states and services call them."""
