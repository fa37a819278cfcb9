import { RuntimeSkeleton } from './runtime-skeleton';
import { Strategy } from '../../../contract/enums';
import { ResolvedWorkload } from '../../../contract/resolved';
import { BASE_IMAGES } from '../base-images';

function pom(service: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>${service}</artifactId>
  <version>1.0.0</version>
  <packaging>jar</packaging>
  <properties>
    <maven.compiler.release>21</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>5.10.2</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <finalName>app</finalName>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.2.5</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-jar-plugin</artifactId>
        <version>3.4.1</version>
        <configuration>
          <archive>
            <manifest>
              <mainClass>com.example.App</mainClass>
            </manifest>
          </archive>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
`;
}

const METRICS = `package com.example;

import java.util.Map;
import java.util.TreeMap;

/** Dependency-free Prometheus text exposition: counters plus the process uptime. */
public final class Metrics {
  private final String service;
  private final long started = System.nanoTime();
  private final Map<String, Double> counters = new TreeMap<>();

  public Metrics(String service) {
    this.service = service;
  }

  /** Adds one to the counter name{labels}; labels as "key=value" pairs, sorted by the caller. */
  public synchronized void inc(String name, String... labels) {
    StringBuilder key = new StringBuilder(name);
    if (labels.length > 0) {
      key.append('{');
      for (int i = 0; i < labels.length; i++) {
        String[] kv = labels[i].split("=", 2);
        key.append(i == 0 ? "" : ",").append(kv[0]).append("=\\"").append(kv[1]).append('"');
      }
      key.append('}');
    }
    counters.merge(key.toString(), 1.0, Double::sum);
  }

  /** The exposition text served on /metrics. */
  public synchronized String render() {
    StringBuilder b = new StringBuilder();
    String typed = "";
    for (Map.Entry<String, Double> e : counters.entrySet()) {
      String name = e.getKey().split("\\\\{", 2)[0];
      if (!name.equals(typed)) {
        b.append("# TYPE ").append(name).append(" counter\\n");
        typed = name;
      }
      b.append(e.getKey()).append(' ').append(e.getValue().longValue()).append('\\n');
    }
    double uptime = (System.nanoTime() - started) / 1e9;
    b.append("# TYPE process_uptime_seconds gauge\\n");
    b.append("process_uptime_seconds{service=\\"").append(service).append("\\"} ").append(uptime).append('\\n');
    return b.toString();
  }
}
`;

function app(service: string, strategy: Strategy): string {
  const common = `
  static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] data = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, data.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(data);
    }
  }

  /** Serves /healthz and /metrics (the platform scrapes METRICS_PORT, 9090). */
  static HttpServer metricsServer(int port, Metrics metrics) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", ex -> respond(ex, 200, "text/plain; charset=utf-8", "ok\\n"));
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.render()));
    return server;
  }

  static int env(String name, int fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : Integer.parseInt(v);
  }
`;
  const imports = `package com.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
`;
  if (strategy === Strategy.HTTP_SERVICE) {
    return `${imports}
/** HTTP service: $PORT (8080) with /healthz, /readyz and /metrics; /metrics + /healthz on METRICS_PORT (9090). */
public final class App {
  static final String SERVICE = "${service}";

  /** The application: add your routes here. */
  static HttpServer appServer(int port, Metrics metrics) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      int status = 200;
      String type = "text/plain; charset=utf-8";
      String body;
      switch (path) {
        case "/healthz" -> body = "ok\\n";
        case "/readyz" -> body = "ready\\n";
        case "/metrics" -> { type = "text/plain; version=0.0.4; charset=utf-8"; body = metrics.render(); }
        case "/" -> { type = "application/json"; body = "{\\"service\\":\\"" + SERVICE + "\\"}\\n"; }
        default -> { status = 404; body = "not found\\n"; }
      }
      metrics.inc("http_requests_total", "code=" + status, "method=" + ex.getRequestMethod());
      respond(ex, status, type, body);
    });
    return server;
  }
${common}
  public static void main(String[] args) throws IOException {
    Metrics metrics = new Metrics(SERVICE);
    HttpServer app = appServer(env("PORT", 8080), metrics);
    HttpServer scrape = metricsServer(env("METRICS_PORT", 9090), metrics);
    app.start();
    scrape.start();
    System.out.println("{\\"level\\":\\"info\\",\\"service\\":\\"" + SERVICE + "\\",\\"msg\\":\\"listening\\"}");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.stop(5);
      scrape.stop(0);
    }));
  }
}
`;
  }
  if (strategy === Strategy.WORKER) {
    return `${imports}
/** Worker: a long-running loop with /healthz and /metrics on METRICS_PORT (9090). */
public final class App {
  static final String SERVICE = "${service}";

  /** One unit of work: replace with yours (poll a queue, process a batch, ...). */
  static void work(Metrics metrics) {
    metrics.inc("work_iterations_total");
  }
${common}
  public static void main(String[] args) throws Exception {
    Metrics metrics = new Metrics(SERVICE);
    HttpServer scrape = metricsServer(env("METRICS_PORT", 9090), metrics);
    scrape.start();
    long interval = env("WORK_INTERVAL_MS", 5000);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> scrape.stop(0)));
    while (!Thread.currentThread().isInterrupted()) {
      try {
        work(metrics);
      } catch (RuntimeException e) {
        metrics.inc("work_errors_total");
        System.err.println("{\\"level\\":\\"error\\",\\"service\\":\\"" + SERVICE + "\\",\\"msg\\":\\"" + e + "\\"}");
      }
      Thread.sleep(interval);
    }
  }
}
`;
  }
  return `package com.example;

/** Scheduled job: runs once to completion; the platform's CronJob starts it on the contract's schedule. */
public final class App {
  static final String SERVICE = "${service}";

  /** The job's work: replace with yours. Returns how many items were processed. */
  static int run() {
    return 0;
  }

  public static void main(String[] args) {
    int processed = run();
    System.out.println("{\\"level\\":\\"info\\",\\"service\\":\\"" + SERVICE + "\\",\\"msg\\":\\"done\\",\\"processed\\":" + processed + "}");
  }
}
`;
}

function appTest(strategy: Strategy): string {
  if (strategy === Strategy.HTTP_SERVICE) {
    return `package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AppTest {
  @Test
  void servesHealthReadinessAndMetrics() throws Exception {
    Metrics metrics = new Metrics("test");
    HttpServer server = App.appServer(0, metrics);
    server.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      String text = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(text.contains("http_requests_total{code=\\"200\\",method=\\"GET\\"} 2"), text);
    } finally {
      server.stop(0);
    }
  }
}
`;
  }
  if (strategy === Strategy.WORKER) {
    return `package com.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AppTest {
  @Test
  void oneUnitOfWorkIsCounted() {
    Metrics metrics = new Metrics("test");
    App.work(metrics);
    assertTrue(metrics.render().contains("work_iterations_total 1"));
  }
}
`;
  }
  return `package com.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AppTest {
  @Test
  void runsToCompletion() {
    assertTrue(App.run() >= 0);
  }
}
`;
}

/** The Java skeleton: JDK only (`com.sun.net.httpserver`), built with Maven, tested with JUnit 5. */
export function javaSkeleton(workload: ResolvedWorkload): RuntimeSkeleton {
  const s = workload.service;
  const files: Record<string, string> = {
    'pom.xml': pom(s),
    'src/main/java/com/example/App.java': app(s, workload.strategy),
    'src/test/java/com/example/AppTest.java': appTest(workload.strategy),
  };
  if (workload.strategy !== Strategy.SCHEDULED_JOB) files['src/main/java/com/example/Metrics.java'] = METRICS;
  const ports = workload.httpPort !== undefined ? `${workload.httpPort} ${workload.metricsPort}` : `${workload.metricsPort}`;
  const dockerfile = `# Java: the jar is built (and unit-tested) in the build stage; the final stage is a distroless JRE,
# non-root, and receives only the jar.
FROM ${BASE_IMAGES.javaBuild} AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src/ ./src/
RUN mvn -B -q package

FROM ${BASE_IMAGES.javaRuntime}
COPY --from=build /src/target/app.jar /app/app.jar
USER 10001:10001
${workload.strategy === Strategy.SCHEDULED_JOB ? '' : `EXPOSE ${ports}\n`}CMD ["/app/app.jar"]
`;
  return { files, dockerfile, testCommand: 'mvn -B -q test', gitignore: ['target/'], dockerignore: ['target/'] };
}
