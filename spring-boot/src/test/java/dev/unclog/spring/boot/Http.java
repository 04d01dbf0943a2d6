/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP to the application under test, as a user's browser or scraper would reach it. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int port;

  Http(int port) {
    this.port = port;
  }

  record Response(int status, String body) {}

  Response get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** GET path, which must answer 200 with a JSON object. */
  Map<String, Object> json(String path) {
    Response response = get(path);
    assertEquals(200, response.status(), path + ": " + response.body());
    return parse(response.body());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String json) {
    return JSON.readValue(json, Map.class);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> object, String field) {
    return (List<Map<String, Object>>) object.get(field);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> object, String field) {
    return (Map<String, Object>) object.get(field);
  }

  static long number(Map<String, Object> object, String field) {
    return ((Number) object.get(field)).longValue();
  }

  /** A metric's statistic from /actuator/metrics/NAME, such as COUNT or VALUE. */
  static double measurement(Map<String, Object> metric, String statistic) {
    for (Map<String, Object> m : list(metric, "measurements")) {
      if (statistic.equals(m.get("statistic"))) {
        return ((Number) m.get("value")).doubleValue();
      }
    }
    throw new AssertionError("no " + statistic + " in " + metric);
  }

  /** The values of a tag of /actuator/metrics/NAME. */
  @SuppressWarnings("unchecked")
  static List<String> tagValues(Map<String, Object> metric, String tag) {
    for (Map<String, Object> t : list(metric, "availableTags")) {
      if (tag.equals(t.get("tag"))) {
        return (List<String>) t.get("values");
      }
    }
    return List.of();
  }
}
