"""${{ values.name }}: ${{ values.description }}

`python job.py run` does the work once: Kubernetes runs it on the schedule in
catalog-info.yaml (spec.dyploma.cronJobs). `python job.py serve` (the image's default) answers
GET /healthz and POST /run, to run the job by hand.
"""

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("DYPLOMA_PORT", "8080"))
lock = threading.Lock()


def log(message, **fields):
    # One JSON object per line: what the platform's log view reads.
    print(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "message": message, **fields}), flush=True)


def run():
    """The job: replace with the real thing. Exit non-zero to have Kubernetes retry it."""
    started = time.monotonic()
    log("job started", service=os.environ.get("DYPLOMA_SERVICE", "${{ values.name }}"),
        version=os.environ.get("DYPLOMA_VERSION", "dev"))
    time.sleep(1)
    log("job finished", seconds=round(time.monotonic() - started, 3))
    return 0


class Handler(BaseHTTPRequestHandler):
    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/healthz":
            self.reply(200, {"status": "ok"})
        else:
            self.reply(404, {"error": "no route GET " + self.path})

    def do_POST(self):
        if self.path != "/run":
            self.reply(404, {"error": "no route POST " + self.path})
        elif not lock.acquire(blocking=False):
            self.reply(409, {"error": "a run is in progress"})
        else:
            try:
                self.reply(200, {"exitCode": run()})
            finally:
                lock.release()

    def log_message(self, *args):
        pass


def serve():
    log("serving /healthz and POST /run", port=PORT)
    ThreadingHTTPServer(("", PORT), Handler).serve_forever()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "serve"
    if command == "run":
        sys.exit(run())
    elif command == "serve":
        serve()
    else:
        print("usage: job.py [run|serve]", file=sys.stderr)
        sys.exit(2)
