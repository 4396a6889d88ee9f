"""The pieces every fault drill's private servers share: a free port, waiting for a server to come up, and a
`redis-server` of the drill's own (never the shared one on 6379)."""

import shutil
import signal
import socket
import subprocess
import time

from tests.conftest import require_or_skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, *, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as error:  # noqa: BLE001 - the server is still coming up
            last_error = error
        time.sleep(interval)
    raise TimeoutError(f"{what} not reached in {timeout} s (last error: {last_error!r})")


class RedisServer:
    """`redis-server` on a free port, in memory only: hang() (SIGSTOP) and resume() (SIGCONT), kill() and start()
    again on the same port."""

    def __init__(self):
        require_or_skip(bool(shutil.which("redis-server")), "needs the redis-server binary")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=10, what="redis-server")

    def ping(self) -> bool:
        return bool(self.client(timeout=0.5).ping())

    def client(self, timeout: float = 2):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=timeout, socket_connect_timeout=timeout)

    def hang(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a hung server must wake to die
            self.process.kill()
            self.process.wait(timeout=10)

    stop = kill
