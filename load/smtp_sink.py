"""A local SMTP server that accepts every message and keeps only a count (aiosmtpd)."""

from __future__ import annotations

from aiosmtpd.controller import Controller


class _Counter:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


class Sink:
    def __init__(self, port: int):
        self.handler = _Counter()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    @property
    def received(self) -> int:
        return self.handler.received

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
