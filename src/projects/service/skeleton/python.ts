import { RuntimeSkeleton } from './runtime-skeleton';
import { Strategy } from '../../../contract/enums';
import { ResolvedWorkload } from '../../../contract/resolved';
import { BASE_IMAGES } from '../base-images';

const METRICS = `"""Prometheus text exposition without dependencies."""
import threading
import time


class Metrics:
    def __init__(self, service):
        self.service = service
        self.started = time.monotonic()
        self._counters = {}
        self._lock = threading.Lock()

    def inc(self, name, by=1, **labels):
        key = (name, tuple(sorted((k, str(v)) for k, v in labels.items())))
        with self._lock:
            self._counters[key] = self._counters.get(key, 0) + by

    def render(self):
        lines = []
        with self._lock:
            items = sorted(self._counters.items())
        seen = set()
        for (name, labels), value in items:
            if name not in seen:
                lines.append(f"# TYPE {name} counter")
                seen.add(name)
            text = ",".join(f'{k}="{v}"' for k, v in labels)
            lines.append(f"{name}{{{text}}} {value}" if text else f"{name} {value}")
        lines.append("# TYPE process_uptime_seconds gauge")
        lines.append(f'process_uptime_seconds{{service="{self.service}"}} {time.monotonic() - self.started:.3f}')
        return "\\n".join(lines) + "\\n"
`;

const HANDLER = `

def make_handler(metrics, routes):
    """An HTTP handler serving the given routes: path -> (status, content type, body function)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            path = self.path.split("?", 1)[0]
            status, ctype, body = routes.get(path, (404, "text/plain; charset=utf-8", lambda: "not found\\n"))
            data = body().encode()
            metrics.inc("http_requests_total", code=status, method="GET")
            self.send_response(status)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


def metrics_routes(metrics):
    return {
        "/healthz": (200, "text/plain; charset=utf-8", lambda: "ok\\n"),
        "/metrics": (200, "text/plain; version=0.0.4; charset=utf-8", metrics.render),
    }
`;

function server(service: string): string {
  return `"""HTTP service: $PORT (8080) with /healthz, /readyz and /metrics; /metrics + /healthz on METRICS_PORT (9090)."""
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.metrics import Metrics

SERVICE = "${service}"
${HANDLER}

def app_routes(metrics):
    """The application: add your routes here."""
    return {
        "/": (200, "application/json", lambda: json.dumps({"service": SERVICE}) + "\\n"),
        "/healthz": (200, "text/plain; charset=utf-8", lambda: "ok\\n"),
        "/readyz": (200, "text/plain; charset=utf-8", lambda: "ready\\n"),
        "/metrics": (200, "text/plain; version=0.0.4; charset=utf-8", metrics.render),
    }


def main():
    metrics = Metrics(SERVICE)
    servers = [
        ThreadingHTTPServer(("", int(os.environ.get("PORT", "8080"))), make_handler(metrics, app_routes(metrics))),
        ThreadingHTTPServer(("", int(os.environ.get("METRICS_PORT", "9090"))), make_handler(metrics, metrics_routes(metrics))),
    ]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print(json.dumps({"level": "info", "service": SERVICE, "msg": "listening"}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    for s in servers:
        s.shutdown()


if __name__ == "__main__":
    main()
`;
}

function worker(service: string): string {
  return `"""Worker: a long-running loop with /healthz and /metrics on METRICS_PORT (9090)."""
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.metrics import Metrics

SERVICE = "${service}"
${HANDLER}

def work(metrics):
    """One unit of work: replace with yours (poll a queue, process a batch, ...)."""
    metrics.inc("work_iterations_total")


def main():
    metrics = Metrics(SERVICE)
    server = ThreadingHTTPServer(("", int(os.environ.get("METRICS_PORT", "9090"))), make_handler(metrics, metrics_routes(metrics)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    interval = float(os.environ.get("WORK_INTERVAL_SECONDS", "5"))
    print(json.dumps({"level": "info", "service": SERVICE, "msg": "started"}), flush=True)
    while not stop.is_set():
        try:
            work(metrics)
        except Exception as e:  # noqa: BLE001 (a worker survives one failed iteration)
            metrics.inc("work_errors_total")
            print(json.dumps({"level": "error", "service": SERVICE, "msg": str(e)}), flush=True)
        stop.wait(interval)
    server.shutdown()


if __name__ == "__main__":
    main()
`;
}

function job(service: string): string {
  return `"""Scheduled job: runs once to completion; the platform's CronJob starts it on the contract's schedule."""
import json
import sys

SERVICE = "${service}"


def run():
    """The job's work: replace with yours. Returns a summary that is logged."""
    return {"service": SERVICE, "processed": 0}


if __name__ == "__main__":
    try:
        print(json.dumps({"level": "info", "msg": "done", **run()}), flush=True)
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"level": "error", "service": SERVICE, "msg": str(e)}), flush=True)
        sys.exit(1)
`;
}

const SERVER_TEST = `import threading
import unittest
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

from app.main import app_routes, make_handler
from app.metrics import Metrics


class ServerTest(unittest.TestCase):
    def test_health_readiness_and_metrics(self):
        metrics = Metrics("test")
        server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(metrics, app_routes(metrics)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            self.assertEqual(urllib.request.urlopen(base + "/healthz").status, 200)
            self.assertEqual(urllib.request.urlopen(base + "/readyz").status, 200)
            with self.assertRaises(urllib.error.HTTPError):
                urllib.request.urlopen(base + "/nope")
            text = urllib.request.urlopen(base + "/metrics").read().decode()
            self.assertIn('http_requests_total{code="200",method="GET"} 2', text)
        finally:
            server.shutdown()


if __name__ == "__main__":
    unittest.main()
`;

const WORKER_TEST = `import unittest

from app.main import work
from app.metrics import Metrics


class WorkerTest(unittest.TestCase):
    def test_one_unit_of_work_is_counted(self):
        metrics = Metrics("test")
        work(metrics)
        self.assertIn("work_iterations_total 1", metrics.render())


if __name__ == "__main__":
    unittest.main()
`;

const JOB_TEST = `import unittest

from app.main import run


class JobTest(unittest.TestCase):
    def test_runs_to_completion(self):
        self.assertIsInstance(run()["processed"], int)


if __name__ == "__main__":
    unittest.main()
`;

/** The Python skeleton: standard library only (`http.server`), tests with `unittest`. */
export function pythonSkeleton(workload: ResolvedWorkload): RuntimeSkeleton {
  const s = workload.service;
  const files: Record<string, string> = {
    'app/__init__.py': '',
    'tests/__init__.py': '',
    'requirements.txt': '# Runtime dependencies, one per line (pinned versions).\n',
  };
  if (workload.strategy === Strategy.HTTP_SERVICE) Object.assign(files, { 'app/main.py': server(s), 'app/metrics.py': METRICS, 'tests/test_main.py': SERVER_TEST });
  else if (workload.strategy === Strategy.WORKER) Object.assign(files, { 'app/main.py': worker(s), 'app/metrics.py': METRICS, 'tests/test_main.py': WORKER_TEST });
  else Object.assign(files, { 'app/main.py': job(s), 'tests/test_main.py': JOB_TEST });
  const ports = workload.httpPort !== undefined ? `${workload.httpPort} ${workload.metricsPort}` : `${workload.metricsPort}`;
  const dockerfile = `# Python: dependencies go into a virtualenv in the build stage; the final stage receives only the
# virtualenv and the application, and runs as a non-root numeric user.
FROM ${BASE_IMAGES.python} AS build
WORKDIR /app
RUN python -m venv /opt/venv
COPY requirements.txt ./
RUN /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -r requirements.txt
COPY app/ ./app/

FROM ${BASE_IMAGES.python}
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app/app ./app
USER 10001:10001
${workload.strategy === Strategy.SCHEDULED_JOB ? '' : `EXPOSE ${ports}\n`}CMD ["python", "-m", "app.main"]
`;
  return {
    files,
    dockerfile,
    testCommand: 'python3 -m unittest discover -s tests -t .',
    gitignore: ['__pycache__/', '.venv/'],
    dockerignore: ['__pycache__/', '.venv/', 'tests/'],
  };
}
