/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.testing.ApiListing;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The public API is {@code spring-boot/api.txt}: a change to it shows in review. And what Spring
 * Boot and IDEs read from the jar: the auto-configurations, and the properties' metadata.
 */
class ApiTest {
  @Test
  void thePublicApi_isTheCommittedList() throws Exception {
    ApiListing.check(UnclogAutoConfiguration.class, Path.of("api.txt"));
  }

  @Test
  void theAutoConfigurations_areRegistered() throws Exception {
    String imports =
        read("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
    assertEquals(
        List.of(
            UnclogAutoConfiguration.class.getName(),
            UnclogMetricsAutoConfiguration.class.getName(),
            UnclogEndpointAutoConfiguration.class.getName(),
            UnclogEventLoopAutoConfiguration.class.getName()),
        imports.lines().toList());
  }

  @Test
  void everySetting_hasMetadataForIdes() throws Exception {
    Map<String, Object> metadata = Http.parse(read("META-INF/spring-configuration-metadata.json"));
    List<String> names =
        Http.list(metadata, "properties").stream().map(p -> (String) p.get("name")).toList();
    for (GlobalSettings.Knob knob : GlobalSettings.Knob.values()) {
      assertTrue(names.contains(knob.springName), knob.springName + " in " + names);
    }
    assertTrue(names.contains("unclog.spring.heartbeat-event-loops"), names.toString());
    Map<String, Object> threshold =
        Http.list(metadata, "properties").stream()
            .filter(p -> p.get("name").equals("unclog.max-blocking-time"))
            .findFirst()
            .orElseThrow();
    assertEquals("100ms", threshold.get("defaultValue"), threshold.toString());
  }

  private static String read(String resource) throws Exception {
    try (InputStream in = ApiTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertTrue(in != null, resource + " is missing");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
