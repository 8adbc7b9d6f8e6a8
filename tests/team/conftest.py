"""Team-sync fixtures: a real nats-server on loopback, stores in a team."""

from __future__ import annotations

import pytest

from tests.team.natsserver import NatsServer


@pytest.fixture
def nats_server(tmp_path):
    """A fresh server with JetStream (no accounts), stopped with SIGTERM after the test."""
    server = NatsServer(tmp_path / "nats").start()
    yield server
    server.stop()
