/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import dev.unclog.testing.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The public API is {@code opentelemetry/api.txt}: a change to it shows in review. */
class ApiTest {
  @Test
  void thePublicApi_isTheCommittedList() throws Exception {
    ApiListing.check(UnclogOpenTelemetry.class, Path.of("api.txt"));
  }
}
