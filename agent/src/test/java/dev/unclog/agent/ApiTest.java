/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import dev.unclog.testing.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The agent's public API, its service-provider interface, is {@code agent/api.txt}: a change to it
 * shows in review.
 */
class ApiTest {
  @Test
  void thePublicApi_isTheCommittedList() throws Exception {
    ApiListing.check(Integration.class, Path.of("api.txt"));
  }
}
