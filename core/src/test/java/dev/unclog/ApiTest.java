/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.testing.ApiListing;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The public API is {@code core/api.txt}: a change to it shows in review. */
class ApiTest {
  @Test
  void thePublicApi_isTheCommittedList() throws Exception {
    ApiListing.check(Monitor.class, Path.of("api.txt"));
  }

  @Test
  void theModule_exportsTheApi_andTheInternalsOnlyToUnclogsModules() throws Exception {
    ModuleDescriptor descriptor = ApiListing.descriptorOf(Monitor.class);
    for (ModuleDescriptor.Exports exports : descriptor.exports()) {
      if (exports.source().equals("dev.unclog")) {
        assertFalse(exports.isQualified(), "the API is for everyone");
      } else {
        Set<String> to = exports.targets();
        assertTrue(
            exports.isQualified() && to.stream().allMatch(m -> m.startsWith("dev.unclog.")),
            exports.source() + " is exported to " + to);
      }
    }
    assertTrue(
        descriptor.exports().stream()
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet())
            .equals(Set.of("dev.unclog", "dev.unclog.internal")));
  }
}
