"""One page, one button, one counter: an event's round trip and nothing else."""

import reflex as rx


class Counter(rx.State):
    count: int = 0

    @rx.event
    def increment(self) -> None:
        self.count += 1


def index() -> rx.Component:
    return rx.vstack(rx.button("+1", id="increment", on_click=Counter.increment), rx.text(Counter.count, id="count"))


app = rx.App()
app.add_page(index)
