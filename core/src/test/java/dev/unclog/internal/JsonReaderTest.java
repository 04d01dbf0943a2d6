/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  @Test
  void readsWhatJsonWrites() {
    StringBuilder json = new StringBuilder();
    String hostile = "<script>alert(1)</script> \"q\" \\ \n\t\u2028 é";
    Json.string(json, hostile);
    assertEquals(hostile, JsonReader.parse(json.toString()));
  }

  @Test
  void numbersAreLongsWhenIntegral() {
    Map<String, Object> map =
        JsonReader.object("{\"a\":12,\"b\":1.5,\"c\":-3e2,\"d\":[true,null]}");
    assertEquals(12L, map.get("a"));
    assertEquals(1.5, map.get("b"));
    assertEquals(-300.0, map.get("c"));
    assertEquals(java.util.Arrays.asList(true, null), map.get("d"));
  }

  @Test
  void hostileInputGetsOneClearError() {
    for (String bad :
        List.of(
            "",
            "{",
            "{\"a\":1",
            "{\"a\" 1}",
            "{\"a\":1}x",
            "[1,]",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\uZZZZ\"",
            "{\"a\":1,\"a\":2}",
            "nul",
            "--",
            "\"raw\ncontrol\"",
            "[".repeat(100_000),
            "{\"a\":[" + "1,".repeat(10) + "}")) {
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
      assertTrue(error.getMessage().contains("column"), error.getMessage());
      assertTrue(error.getMessage().length() < 100, error.getMessage());
    }
  }

  @Test
  void objectRefusesOtherValues() {
    assertThrows(IllegalArgumentException.class, () -> JsonReader.object("[1]"));
  }
}
