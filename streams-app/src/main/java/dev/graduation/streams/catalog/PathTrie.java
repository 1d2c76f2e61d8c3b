package dev.graduation.streams.catalog;

import java.util.HashMap;
import java.util.Map;

/**
 * A trie over path segments, shared by all methods. Each node knows which methods have a template
 * ending at or below it (a bit per method), so a search for one method never walks into branches
 * that only other methods use: searching with one method's bit is the same as searching a trie
 * built from that method's templates alone.
 *
 * <p>A search reads the raw path in place (segment bounds, no substrings), so a matched call
 * allocates nothing.
 */
final class PathTrie {

  /** Where templates end: one precomputed answer per method that has a template here. */
  static final class Terminal {
    /** Bit i set: {@code byMethod[i]} holds that method's match. */
    int methods;

    final EndpointMatch[] byMethod;

    /** The answer for a call whose own method has no template here (see {@link EndpointMatch}). */
    EndpointMatch otherMethod;

    Terminal(int methodCount) {
      byMethod = new EndpointMatch[methodCount];
    }
  }

  static final class Node {
    private Map<String, Node> literalsWhileBuilding = new HashMap<>();
    // After seal(): an open-addressing table over the literal children, probed with a hash
    // computed over the path's chars, so no substring is created per segment.
    private String[] keys;
    private Node[] children;
    private int tableMask;

    private Node placeholder;
    private Terminal terminal;
    private int methodsBelow;

    private Node literal(String path, int start, int stop) {
      if (keys == null) {
        return null;
      }
      int length = stop - start;
      int slot = slot(hash(path, start, stop));
      for (String key = keys[slot]; key != null; key = keys[slot]) {
        if (key.length() == length && path.regionMatches(start, key, 0, length)) {
          return children[slot];
        }
        slot = (slot + 1) & tableMask;
      }
      return null;
    }

    private int slot(int hash) {
      return (hash ^ (hash >>> 16)) & tableMask;
    }

    private void seal() {
      Map<String, Node> literals = literalsWhileBuilding;
      literalsWhileBuilding = null;
      if (!literals.isEmpty()) {
        int size = Integer.highestOneBit(literals.size() * 2 - 1) << 1; // load factor <= 1/2
        keys = new String[size];
        children = new Node[size];
        tableMask = size - 1;
        for (Map.Entry<String, Node> e : literals.entrySet()) {
          int slot = slot(e.getKey().hashCode());
          while (keys[slot] != null) {
            slot = (slot + 1) & tableMask;
          }
          keys[slot] = e.getKey();
          children[slot] = e.getValue();
        }
      }
      for (Node child : literals.values()) {
        child.seal();
      }
      if (placeholder != null) {
        placeholder.seal();
      }
    }
  }

  private final Node root = new Node();
  private final int methodCount;
  private boolean sealed;

  PathTrie(int methodCount) {
    this.methodCount = methodCount;
  }

  /** The terminal of {@code template}, created if new; marks {@code methodBit} along the way. */
  Terminal insert(String template, int methodBit) {
    if (sealed) {
      throw new IllegalStateException("trie is sealed");
    }
    int mask = 1 << methodBit;
    Node node = root;
    node.methodsBelow |= mask;
    int pos = 0;
    int end = template.length();
    while (pos < end) {
      int start = pos + 1;
      int stop = template.indexOf('/', start);
      if (stop < 0) {
        stop = end;
      }
      String segment = template.substring(start, stop);
      if (isPlaceholder(segment)) {
        if (node.placeholder == null) {
          node.placeholder = new Node();
        }
        node = node.placeholder;
      } else {
        node = node.literalsWhileBuilding.computeIfAbsent(segment, s -> new Node());
      }
      node.methodsBelow |= mask;
      pos = stop;
    }
    if (node.terminal == null) {
      node.terminal = new Terminal(methodCount);
    }
    node.terminal.methods |= mask;
    return node.terminal;
  }

  void seal() {
    root.seal();
    sealed = true;
  }

  /**
   * The terminal reached by {@code path[0, end)} whose methods intersect {@code methodMask}, or
   * null. {@code path} starts with '/'. At each segment the literal child is tried before the
   * placeholder, backtracking when the literal branch dead-ends; so where two templates match, the
   * one with the literal at the first segment where they differ wins.
   */
  Terminal find(String path, int end, int methodMask) {
    return find(root, path, 0, end, methodMask);
  }

  private static Terminal find(Node node, String path, int pos, int end, int methodMask) {
    if (pos == end) {
      Terminal t = node.terminal;
      return t != null && (t.methods & methodMask) != 0 ? t : null;
    }
    int start = pos + 1; // path.charAt(pos) == '/'
    int stop = path.indexOf('/', start);
    if (stop < 0 || stop > end) {
      stop = end;
    }
    Node literal = node.literal(path, start, stop);
    if (literal != null && (literal.methodsBelow & methodMask) != 0) {
      Terminal found = find(literal, path, stop, end, methodMask);
      if (found != null) {
        return found;
      }
    }
    Node placeholder = node.placeholder;
    if (stop > start && placeholder != null && (placeholder.methodsBelow & methodMask) != 0) {
      return find(placeholder, path, stop, end, methodMask);
    }
    return null;
  }

  static boolean isPlaceholder(String segment) {
    return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
  }

  /** Same value as {@code path.substring(start, stop).hashCode()}, without the substring. */
  private static int hash(String path, int start, int stop) {
    int h = 0;
    for (int i = start; i < stop; i++) {
      h = 31 * h + path.charAt(i);
    }
    return h;
  }
}
