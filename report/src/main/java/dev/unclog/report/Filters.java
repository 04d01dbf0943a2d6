/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The filters by hub, hub kind and cause: a select box each, with the values of the drawn episodes
 * as options, and on each table row and timeline mark the option its values are, which the page's
 * script compares. Option numbers rather than names on the marks: a name would be repeated on each
 * of thousands of marks, and the number needs no escaping.
 */
final class Filters {
  /**
   * Options per box: the values with the most drawn blocked time; an episode of another matches
   * none.
   */
  static final int MAX_OPTIONS = 200;

  /**
   * One select box.
   *
   * @param key the data attribute ({@code data-h}) that holds an episode's option
   * @param values the options, by name
   * @param unlisted the values left out
   */
  private record Filter(
      String key,
      String label,
      Function<Blockage, String> value,
      List<String> values,
      Map<String, Integer> option,
      int unlisted) {}

  private final List<Filter> filters;

  Filters(List<Blockage> drawn) {
    filters =
        List.of(
            filter("h", "Hub", Blockage::hub, drawn),
            filter("k", "Hub kind", Blockage::hubKind, drawn),
            filter("c", "Cause", Blockage::cause, drawn));
  }

  private static Filter filter(
      String key, String label, Function<Blockage, String> value, List<Blockage> drawn) {
    Map<String, Long> blockedMs = new HashMap<>();
    for (Blockage episode : drawn) {
      blockedMs.merge(value.apply(episode), episode.durationMs(), Long::sum);
    }
    List<String> values =
        blockedMs.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(MAX_OPTIONS)
            .map(Map.Entry::getKey)
            .sorted(Comparator.naturalOrder())
            .toList();
    Map<String, Integer> option = new HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      option.put(values.get(i), i);
    }
    return new Filter(key, label, value, values, option, blockedMs.size() - values.size());
  }

  /** The boxes, hidden until the script shows them: without it they could not filter. */
  void write(Html html) throws IOException {
    html.tag("<div class=\"filters\" hidden>");
    for (Filter filter : filters) {
      html.tag("<label>")
          .text(filter.label())
          .tag(" <select data-f=\"")
          .tag(filter.key())
          .tag("\"><option value=\"\">all</option>");
      for (int i = 0; i < filter.values().size(); i++) {
        html.tag("<option value=\"")
            .num(i)
            .tag("\">")
            .text(filter.values().get(i))
            .tag("</option>");
      }
      if (filter.unlisted() > 0) {
        html.tag("<option disabled>(")
            .text(String.valueOf(filter.unlisted()))
            .tag(" more, with less blocked time, not listed)</option>");
      }
      html.tag("</select></label> ");
    }
    html.tag("<output id=\"shown\"></output></div>\n");
  }

  /** The attributes by which the script filters an episode's row or mark: its options, or none. */
  void attributes(Html html, Blockage episode) throws IOException {
    for (Filter filter : filters) {
      Integer option = filter.option().get(filter.value().apply(episode));
      html.tag(" data-").tag(filter.key()).tag("=\"");
      if (option != null) {
        html.num(option);
      }
      html.tag("\"");
    }
  }
}
