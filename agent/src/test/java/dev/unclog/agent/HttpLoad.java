/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** GET requests to a child JVM's HTTP server on loopback, sent by the JDK's HTTP client. */
final class HttpLoad {
  private HttpLoad() {}

  /**
   * Sends {@code count} GETs to {@code port}, {@code parallel} at a time, the i-th to {@code
   * path.apply(i)}, and returns their statuses in order. Each request may take {@code timeout}, its
   * connection a third of it, and waiting for each answer twice it.
   */
  static List<Integer> statuses(
      int port, int count, int parallel, IntFunction<String> path, Duration timeout)
      throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout.dividedBy(3))
            .build();
    Semaphore inFlight = new Semaphore(parallel);
    List<CompletableFuture<Integer>> responses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.apply(i)))
              .timeout(timeout)
              .build();
      responses.add(
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .thenApply(HttpResponse::statusCode)
              .whenComplete((status, error) -> inFlight.release()));
    }
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<Integer> response : responses) {
      statuses.add(response.get(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS));
    }
    return statuses;
  }
}
