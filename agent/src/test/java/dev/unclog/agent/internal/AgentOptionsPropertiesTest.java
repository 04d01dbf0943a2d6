/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Agent options come from a command line: any text is options or one-line refusals. */
class AgentOptionsPropertiesTest {
  @Property(tries = 2000)
  void anyOptions_areParsed_orRefusedInOneShortPrintableLineEach(
      @ForAll("options") String options) {
    List<String> errors = new ArrayList<>();
    Map<String, String> parsed = AgentOptions.parse(options, errors::add);
    assertTrue(parsed.size() <= options.length());
    for (String error : errors) {
      assertTrue(error.chars().noneMatch(c -> c < 0x20 || c == 0x7f), error);
      assertTrue(error.length() < 2000, error);
    }
  }

  /** Found by the property: a bad option was echoed raw, a newline and an escape with it. */
  @Example
  void aBadOptionWithControlCharacters_isEchoedEscaped() {
    List<String> errors = new ArrayList<>();
    AgentOptions.parse("maxBlockingTime\nunclog: forged\u001b[31m", errors::add);
    assertTrue(
        errors.size() == 1
            && errors.get(0).contains("maxBlockingTime\\u000aunclog: forged" + "\\u001b[31m"),
        errors.toString());
  }

  @Example
  void aCommaInAValue_isWrittenEscaped() {
    List<String> errors = new ArrayList<>();
    Map<String, String> parsed =
        AgentOptions.parse("hubThreads=pool-\\d{1\\,3},maxBlockingTime=250ms", errors::add);
    assertEquals(Map.of("hubThreads", "pool-\\d{1,3}", "maxBlockingTime", "250ms"), parsed);
    assertEquals(List.of(), errors);
  }

  @Provide
  Arbitrary<String> options() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        Arbitraries.strings()
            .withChars("=,maxBlockingTime reportFile\n\u001b[31m250ms")
            .ofMaxLength(80));
  }
}
