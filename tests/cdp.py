"""A tiny Chrome DevTools Protocol driver over --remote-debugging-pipe (standard library only).

Chromium reads JSON commands on fd 3 and writes answers and events on fd 4, each message ended
by a NUL byte. Enough to load pages, click, read text and take screenshots in tests; no
Selenium, chromedriver or Playwright download needed, only Debian's `chromium` package.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import Any


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    def __init__(self, binary: str, profile: Path, width: int = 1280, height: int = 900) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        args = [
            binary,
            "--headless=new",
            "--no-sandbox",  # tests may run as root in a container
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--accept-lang=fr-FR,fr",  # the console answers in French first
            "--no-default-browser-check",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ]
        self.pid = os.posix_spawn(
            binary,
            args,
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, to_child_r, 3),
                (os.POSIX_SPAWN_DUP2, from_child_w, 4),
            ],
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._ids = iter(range(1, 1_000_000))
        self._inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self._events: list[dict[str, Any]] = []
        self._answers: dict[int, dict[str, Any]] = {}
        threading.Thread(target=self._read, daemon=True).start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable", session=True)

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_child, 65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                self._inbox.put(json.loads(raw))

    def _pump(self, timeout: float) -> None:
        message = self._inbox.get(timeout=timeout)
        if "id" in message:
            self._answers[message["id"]] = message
        else:
            self._events.append(message)

    def call(self, method: str, session: bool = False, timeout: float = 30, **params: Any) -> Any:
        command: dict[str, Any] = {"id": next(self._ids), "method": method, "params": params}
        if session:
            command["sessionId"] = self.session
        os.write(self._to_child, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while command["id"] not in self._answers:
            self._pump(max(0.01, deadline - time.monotonic()))
        answer = self._answers.pop(command["id"])
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def _wait_load(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            for event in self._events:
                if event.get("method") == "Page.loadEventFired":
                    self._events.clear()
                    return
            self._pump(max(0.01, deadline - time.monotonic()))

    def goto(self, url: str) -> None:
        self._events.clear()
        self.call("Page.navigate", session=True, url=url)
        self._wait_load()

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True
        )
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """Click the element (a link or a form's button) and wait for the next page."""
        self._events.clear()
        found = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); "
            "if (!e) return false; e.click(); return true; })()"
        )
        assert found, f"no element {selector}"
        self._wait_load()

    def text(self) -> str:
        return str(self.evaluate("document.body.innerText"))

    def url(self) -> str:
        return str(self.evaluate("location.href"))

    def phone(self, width: int = 412, height: int = 915) -> None:
        self.viewport(width, height, mobile=True)

    def desktop(self, width: int = 1280, height: int = 900) -> None:
        self.viewport(width, height, mobile=False)

    def viewport(self, width: int, height: int, mobile: bool) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def axe(self, source: str) -> list[dict[str, Any]]:
        """Run axe-core (its source, loaded by DevTools, which the page's CSP does not
        govern) on the page: its violations, each with its rule id, impact and node count."""
        self.evaluate(source)
        result = self.call(
            "Runtime.evaluate",
            session=True,
            expression=(
                "axe.run(document).then(r => r.violations.map(v => "
                "({id: v.id, impact: v.impact, nodes: v.nodes.length, "
                "targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
            ),
            awaitPromise=True,
            returnByValue=True,
            timeout=60,
        )
        return list(result["result"].get("value") or [])

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            os.kill(self.pid, signal.SIGKILL)
        for _ in range(50):
            done, _status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self._to_child)
