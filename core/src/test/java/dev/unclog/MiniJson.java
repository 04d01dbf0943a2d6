/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict little JSON parser, so tests check that report lines are real JSON. */
public final class MiniJson {
  private final String text;
  private int at;

  private MiniJson(String text) {
    this.text = text;
  }

  public static Map<String, Object> object(String line) {
    MiniJson parser = new MiniJson(line);
    Object value = parser.value();
    parser.space();
    if (parser.at != line.length() || !(value instanceof Map)) {
      throw new IllegalArgumentException("not one JSON object: " + line);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    return map;
  }

  private Object value() {
    space();
    char c = peek();
    if (c == '{') {
      Map<String, Object> map = new LinkedHashMap<>();
      at++;
      space();
      if (peek() == '}') {
        at++;
        return map;
      }
      do {
        space();
        String key = string();
        space();
        expect(':');
        if (map.put(key, value()) != null) {
          throw error("duplicate key " + key);
        }
        space();
      } while (next() == ',');
      at--;
      expect('}');
      return map;
    }
    if (c == '[') {
      List<Object> list = new ArrayList<>();
      at++;
      space();
      if (peek() == ']') {
        at++;
        return list;
      }
      do {
        list.add(value());
        space();
      } while (next() == ',');
      at--;
      expect(']');
      return list;
    }
    if (c == '"') {
      return string();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (text.startsWith(word, at)) {
        at += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    if (start == at) {
      throw error("unexpected " + c);
    }
    return Double.parseDouble(text.substring(start, at));
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    for (char c = next(); c != '"'; c = next()) {
      if (c < 0x20) {
        throw error("raw control character in a string");
      }
      if (c == '\\') {
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private void space() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected " + c);
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + at + " in " + text);
  }
}
