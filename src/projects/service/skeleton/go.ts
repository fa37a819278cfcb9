import { RuntimeSkeleton } from './runtime-skeleton';
import { Strategy } from '../../../contract/enums';
import { ResolvedWorkload } from '../../../contract/resolved';
import { BASE_IMAGES } from '../base-images';

const METRICS = `package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Metrics is a dependency-free Prometheus text exposition: counters plus the process uptime.
type Metrics struct {
	service  string
	started  time.Time
	mu       sync.Mutex
	counters map[string]float64
}

// NewMetrics returns empty metrics for a service.
func NewMetrics(service string) *Metrics {
	return &Metrics{service: service, started: time.Now(), counters: map[string]float64{}}
}

// Inc adds one to the counter name{labels}; labels are given as "key=value" in any order.
func (m *Metrics) Inc(name string, labels ...string) {
	sort.Strings(labels)
	parts := make([]string, 0, len(labels))
	for _, l := range labels {
		kv := strings.SplitN(l, "=", 2)
		parts = append(parts, fmt.Sprintf("%s=%q", kv[0], kv[1]))
	}
	key := name
	if len(parts) > 0 {
		key = name + "{" + strings.Join(parts, ",") + "}"
	}
	m.mu.Lock()
	m.counters[key]++
	m.mu.Unlock()
}

// Render returns the exposition text served on /metrics.
func (m *Metrics) Render() string {
	m.mu.Lock()
	keys := make([]string, 0, len(m.counters))
	for k := range m.counters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	typed := map[string]bool{}
	for _, k := range keys {
		name := strings.SplitN(k, "{", 2)[0]
		if !typed[name] {
			fmt.Fprintf(&b, "# TYPE %s counter\\n", name)
			typed[name] = true
		}
		fmt.Fprintf(&b, "%s %g\\n", k, m.counters[k])
	}
	m.mu.Unlock()
	fmt.Fprintf(&b, "# TYPE process_uptime_seconds gauge\\nprocess_uptime_seconds{service=%q} %.3f\\n", m.service, time.Since(m.started).Seconds())
	return b.String()
}
`;

const HELPERS = `
// metricsHandler serves /healthz and /metrics (the platform scrapes METRICS_PORT, 9090).
func metricsHandler(m *Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		fmt.Fprint(w, m.Render())
	})
	return mux
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
`;

function server(service: string): string {
  return `// HTTP service: $PORT (8080) with /healthz, /readyz and /metrics; /metrics + /healthz on METRICS_PORT (9090).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const service = "${service}"

// appHandler is the application: add your routes here.
func appHandler(m *Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ready") })
	mux.Handle("/metrics", metricsHandler(m))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"service": service})
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: 200}
		mux.ServeHTTP(rec, r)
		m.Inc("http_requests_total", fmt.Sprintf("code=%d", rec.status), "method="+r.Method)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
${HELPERS}
func main() {
	m := NewMetrics(service)
	servers := []*http.Server{
		{Addr: ":" + env("PORT", "8080"), Handler: appHandler(m), ReadHeaderTimeout: 10 * time.Second},
		{Addr: ":" + env("METRICS_PORT", "9090"), Handler: metricsHandler(m), ReadHeaderTimeout: 10 * time.Second},
	}
	for _, s := range servers {
		go func(s *http.Server) {
			if err := s.ListenAndServe(); err != nil && err != http.ErrServerClosed {
				slog.Error("server failed", "service", service, "err", err)
				os.Exit(1)
			}
		}(s)
	}
	slog.Info("listening", "service", service)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, s := range servers {
		_ = s.Shutdown(shutdown)
	}
}
`;
}

function worker(service: string): string {
  return `// Worker: a long-running loop with /healthz and /metrics on METRICS_PORT (9090).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const service = "${service}"

// work is one unit of work: replace with yours (poll a queue, process a batch, ...).
func work(_ context.Context, m *Metrics) error {
	m.Inc("work_iterations_total")
	return nil
}
${HELPERS}
func main() {
	m := NewMetrics(service)
	srv := &http.Server{Addr: ":" + env("METRICS_PORT", "9090"), Handler: metricsHandler(m), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.ListenAndServe() }()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	interval, err := time.ParseDuration(env("WORK_INTERVAL", "5s"))
	if err != nil {
		interval = 5 * time.Second
	}
	slog.Info("started", "service", service)
	for ctx.Err() == nil {
		if err := work(ctx, m); err != nil {
			m.Inc("work_errors_total")
			slog.Error("work failed", "service", service, "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(interval):
		}
	}
	_ = srv.Shutdown(context.Background())
}
`;
}

function job(service: string): string {
  return `// Scheduled job: runs once to completion; the platform's CronJob starts it on the contract's schedule.
package main

import (
	"context"
	"log/slog"
	"os"
)

const service = "${service}"

// run is the job's work: replace with yours. It returns how many items were processed.
func run(_ context.Context) (int, error) {
	return 0, nil
}

func main() {
	processed, err := run(context.Background())
	if err != nil {
		slog.Error("job failed", "service", service, "err", err)
		os.Exit(1)
	}
	slog.Info("done", "service", service, "processed", processed)
}
`;
}

const SERVER_TEST = `package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealthReadinessAndMetrics(t *testing.T) {
	srv := httptest.NewServer(appHandler(NewMetrics("test")))
	defer srv.Close()
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/nope": 404} {
		res, err := http.Get(srv.URL + path)
		if err != nil || res.StatusCode != want {
			t.Fatalf("GET %s: status %v, err %v; want %d", path, res, err, want)
		}
	}
	res, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(body), \`http_requests_total{code="200",method="GET"} 2\`) {
		t.Fatalf("metrics missing the request counter:\\n%s", body)
	}
}
`;

const WORKER_TEST = `package main

import (
	"context"
	"strings"
	"testing"
)

func TestOneUnitOfWorkIsCounted(t *testing.T) {
	m := NewMetrics("test")
	if err := work(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Render(), "work_iterations_total 1") {
		t.Fatalf("counter missing:\\n%s", m.Render())
	}
}
`;

const JOB_TEST = `package main

import (
	"context"
	"testing"
)

func TestRunsToCompletion(t *testing.T) {
	if _, err := run(context.Background()); err != nil {
		t.Fatal(err)
	}
}
`;

/** The Go skeleton: standard library only (`net/http`), tests with `go test`. */
export function goSkeleton(workload: ResolvedWorkload): RuntimeSkeleton {
  const s = workload.service;
  const files: Record<string, string> = { 'go.mod': `module example.com/${s}\n\ngo 1.22\n` };
  if (workload.strategy === Strategy.HTTP_SERVICE) Object.assign(files, { 'main.go': server(s), 'metrics.go': METRICS, 'main_test.go': SERVER_TEST });
  else if (workload.strategy === Strategy.WORKER) Object.assign(files, { 'main.go': worker(s), 'metrics.go': METRICS, 'main_test.go': WORKER_TEST });
  else Object.assign(files, { 'main.go': job(s), 'main_test.go': JOB_TEST });
  const ports = workload.httpPort !== undefined ? `${workload.httpPort} ${workload.metricsPort}` : `${workload.metricsPort}`;
  const dockerfile = `# Go: a static binary built in the build stage; the final stage is distroless static, non-root,
# and contains only that binary.
FROM ${BASE_IMAGES.goBuild} AS build
WORKDIR /src
COPY go.mod go.sum* ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .

FROM ${BASE_IMAGES.goRuntime}
COPY --from=build /out/app /app
USER 10001:10001
${workload.strategy === Strategy.SCHEDULED_JOB ? '' : `EXPOSE ${ports}\n`}ENTRYPOINT ["/app"]
`;
  return { files, dockerfile, testCommand: 'go test ./...', gitignore: ['/app'], dockerignore: ['*_test.go'] };
}
