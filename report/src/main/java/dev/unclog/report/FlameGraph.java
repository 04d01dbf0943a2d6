/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocked stacks merged into one tree, root = the outermost frame, each node weighted by the
 * blocked milliseconds spent under it. At most {@value #MAX_NODES} nodes: once there are that many,
 * a stack that needs a new node stops at the deepest node it shares with the tree, so totals stay
 * right and only detail is lost.
 */
final class FlameGraph {
  static final int MAX_NODES = 20_000;

  /** A frame at one place in the tree. */
  static final class Node {
    final String frame;
    final int depth;
    double weight;
    private Map<String, Node> children;

    Node(String frame, int depth) {
      this.frame = frame;
      this.depth = depth;
    }

    /** The children, heaviest first. */
    List<Node> children() {
      if (children == null) {
        return List.of();
      }
      List<Node> sorted = new ArrayList<>(children.values());
      sorted.sort(
          Comparator.comparingDouble((Node node) -> node.weight)
              .reversed()
              .thenComparing(node -> node.frame));
      return sorted;
    }
  }

  private final Node root = new Node("all", 0);
  private int nodes = 1;
  private long cutStacks;

  /** Adds {@code weight} along {@code stack}, given innermost frame first as in the file. */
  void add(List<String> stack, double weight) {
    Node node = root;
    node.weight += weight;
    for (int i = stack.size() - 1; i >= 0; i--) {
      String frame = stack.get(i);
      Node child = node.children == null ? null : node.children.get(frame);
      if (child == null) {
        if (nodes >= MAX_NODES) {
          cutStacks++;
          return;
        }
        if (node.children == null) {
          node.children = new HashMap<>();
        }
        child = new Node(frame, node.depth + 1);
        node.children.put(frame, child);
        nodes++;
      }
      child.weight += weight;
      node = child;
    }
  }

  /**
   * Writes the tree as folded stacks, one line per stack that ends in a frame of its own weight:
   * its frames outermost first, joined by {@code ;}, each with its whitespace and control
   * characters made {@code _} (a space ends the stack in this format, a line break the line) and
   * its {@code ;} made {@code :}, then the milliseconds blocked there, rounded.
   */
  static void writeFolded(Node root, Appendable out) throws java.io.IOException {
    StringBuilder path = new StringBuilder();
    for (Node child : root.children()) {
      fold(child, path, out);
    }
  }

  /* A frame as one word of a folded line: whitespace and control characters become _, ; becomes :. */
  private static void appendFrame(StringBuilder path, String frame) {
    for (int i = 0; i < frame.length(); i++) {
      char c = frame.charAt(i);
      path.append(
          c == ';' ? ':' : Character.isWhitespace(c) || Character.isISOControl(c) ? '_' : c);
    }
  }

  private static void fold(Node node, StringBuilder path, Appendable out)
      throws java.io.IOException {
    int mark = path.length();
    if (mark > 0) {
      path.append(';');
    }
    appendFrame(path, node.frame);
    double children = 0;
    for (Node child : node.children()) {
      children += child.weight;
      fold(child, path, out);
    }
    long self = Math.round(node.weight - children);
    if (self > 0) {
      out.append(path).append(' ').append(Long.toString(self)).append('\n');
    }
    path.setLength(mark);
  }

  Node root() {
    return root;
  }

  int nodes() {
    return nodes;
  }

  /** Stacks whose inner frames were left out because the tree was full. */
  long cutStacks() {
    return cutStacks;
  }
}
