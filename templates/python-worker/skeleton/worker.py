"""${{ values.name }}: ${{ values.description }}

A background worker: it takes no traffic. A small HTTP server on DYPLOMA_PORT (8080) answers
/healthz for Kubernetes' readiness and liveness checks: healthy while the work loop has made
progress recently.
"""

import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("DYPLOMA_PORT", "8080"))
# The loop must report progress at least this often to be considered alive.
STALL_SECONDS = 60

state = {"last_progress": time.monotonic(), "stopping": False, "done": 0}


def log(message, **fields):
    # One JSON object per line: what the platform's log view reads.
    print(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "message": message, **fields}), flush=True)


def work_once():
    """One unit of work: replace with the real thing (read a queue, process a batch...)."""
    time.sleep(5)
    state["done"] += 1


def work_loop():
    while not state["stopping"]:
        work_once()
        state["last_progress"] = time.monotonic()
        log("worked", done=state["done"])


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/healthz":
            self.send_response(404)
            self.end_headers()
            return
        stalled = time.monotonic() - state["last_progress"] > STALL_SECONDS
        healthy = not stalled and not state["stopping"]
        body = json.dumps({"status": "ok" if healthy else "unhealthy", "done": state["done"]}).encode()
        self.send_response(200 if healthy else 503)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("", PORT), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(*_):
        log("SIGTERM: finishing the current unit of work")
        state["stopping"] = True

    signal.signal(signal.SIGTERM, stop)
    log("started", service=os.environ.get("DYPLOMA_SERVICE", "${{ values.name }}"),
        version=os.environ.get("DYPLOMA_VERSION", "dev"), port=PORT)
    work_loop()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
