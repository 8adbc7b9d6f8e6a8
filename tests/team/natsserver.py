"""A real nats-server from the virtualenv's bin, on loopback, on a port it chooses.

``NatsServer(tmp).start()`` runs ``nats-server -a 127.0.0.1 -p -1 -js -sd
TMP/js --ports_file_dir TMP`` (or ``-c CONFIG`` for one with accounts, whose
``jetstream {}`` block switches JetStream on) and reads the port from
``TMP/nats-server_<pid>.ports``. ``stop()`` sends SIGTERM, ``kill()``
SIGKILL, ``reload()`` SIGHUP (the config is read again); ``start()`` again
restarts on the same data directory (and a new port).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BINARY = Path(sys.executable).parent / "nats-server"


class NatsServer:
    def __init__(self, workdir: Path, config: Path | None = None,
                 extra: tuple[str, ...] = ()) -> None:
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.data_dir = self.workdir / "js"
        self.config = config
        self.extra = extra
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0, same_port: bool = False) -> NatsServer:
        """Start; ``same_port`` (a restart) listens where clients already reconnect to."""
        port = str(self.port) if same_port and self.port else "-1"
        args = [str(BINARY), "-a", "127.0.0.1", "-p", port,
                "--ports_file_dir", str(self.workdir)]
        if self.config is None:
            args += ["-js", "-sd", str(self.data_dir)]
        else:
            args += ["-c", str(self.config)]
        self._log = (self.workdir / "server.log").open("ab")
        self.proc = subprocess.Popen([*args, *self.extra], stdout=self._log,
                                     stderr=subprocess.STDOUT)
        ports = self.workdir / f"nats-server_{self.proc.pid}.ports"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("nats-server stopped: "
                                   + (self.workdir / "server.log").read_text()[-2000:])
            if ports.exists():
                try:
                    client = json.loads(ports.read_text())["nats"][0]
                except (ValueError, KeyError, IndexError):
                    time.sleep(0.01)
                    continue
                self.port = int(client.rsplit(":", 1)[1])
                return self
            time.sleep(0.01)
        raise RuntimeError("nats-server did not write its ports file")

    def _signal(self, sig: int) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)
        self._wait()

    def kill(self) -> None:
        self._signal(signal.SIGKILL)
        self._wait()

    def reload(self) -> None:
        self._signal(signal.SIGHUP)

    def _wait(self) -> None:
        if self.proc is not None:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
