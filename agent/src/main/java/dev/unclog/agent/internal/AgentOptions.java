/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.internal.Settings;
import dev.unclog.internal.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Parses agent options: {@code name=value} pairs separated by commas, with the names of the {@code
 * unclog.*} system properties ({@code maxBlockingTime=250ms,reportFile=/tmp/u.jsonl}). A comma
 * inside a value is written {@code \,} ({@code hubThreads=pool-\d{1\,3}}).
 */
final class AgentOptions {
  private AgentOptions() {}

  static Map<String, String> parse(String options, Consumer<String> errors) {
    Map<String, String> parsed = new LinkedHashMap<>();
    if (options == null || options.isBlank()) {
      return parsed;
    }
    for (String pair : pairs(options)) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = (equals < 0 ? pair : pair.substring(0, equals)).trim();
      if (equals < 0 || !known(name)) {
        errors.accept(
            "agent option \""
                + Text.printable(pair.trim(), 80)
                + "\" is not valid: expected name=value"
                + " with a name among "
                + names()
                + "; ignoring it");
        continue;
      }
      parsed.put(name, pair.substring(equals + 1).trim());
    }
    return parsed;
  }

  /* The options split at each comma that is not written \\, (no regular expression: at start). */
  private static List<String> pairs(String options) {
    List<String> pairs = new ArrayList<>();
    StringBuilder pair = new StringBuilder();
    for (int i = 0; i < options.length(); i++) {
      char c = options.charAt(i);
      if (c == '\\' && i + 1 < options.length() && options.charAt(i + 1) == ',') {
        pair.append(',');
        i++;
      } else if (c == ',') {
        pairs.add(pair.toString());
        pair.setLength(0);
      } else {
        pair.append(c);
      }
    }
    pairs.add(pair.toString());
    return pairs;
  }

  private static boolean known(String name) {
    return Settings.argumentNames().contains(name);
  }

  private static String names() {
    return String.join(", ", Settings.argumentNames());
  }
}
