package dev.graduation.streams.events;

import java.nio.ByteBuffer;

/**
 * EventIds that are UUIDs in canonical lower-case form ({@code 8-4-4-4-12} hex digits), handled
 * as their 128 bits: dedup compares two longs instead of two strings, and the raw-call store keeps
 * 16 bytes ({@link EventUuid}). Only that exact form: any other id, an upper-case UUID included,
 * stays text, so every id reads back exactly as it came.
 */
public final class EventUuids {

  private static final int LENGTH = 36;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private EventUuids() {}

  /**
   * The 128 bits of {@code id}, first 64 then last 64, when it is a UUID in canonical lower-case
   * form; {@code null} otherwise. One pass over the text: it runs for every call.
   */
  public static long[] bits(String id) {
    if (id.length() != LENGTH) {
      return null;
    }
    long high = 0;
    long low = 0;
    int digits = 0;
    for (int i = 0; i < LENGTH; i++) {
      char c = id.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return null;
        }
        continue;
      }
      int digit = digit(c);
      if (digit < 0) {
        return null;
      }
      if (digits++ < 16) {
        high = high << 4 | digit;
      } else {
        low = low << 4 | digit;
      }
    }
    return new long[] {high, low};
  }

  /** The 16 bytes of a UUID, big-endian, into {@code bytes}. */
  static void toBytes(long high, long low, byte[] bytes) {
    ByteBuffer.wrap(bytes).putLong(high).putLong(low);
  }

  /** The 128 bits of a UUID's 16 bytes, big-endian. */
  static long[] bits(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new long[] {buffer.getLong(), buffer.getLong()};
  }

  /** The canonical lower-case text of a UUID's 128 bits ({@link #bits}). */
  static String toText(long[] bits) {
    char[] text = new char[LENGTH];
    int at = 0;
    for (int i = 0; i < 32; i++) {
      if (i == 8 || i == 12 || i == 16 || i == 20) {
        text[at++] = '-';
      }
      long half = i < 16 ? bits[0] : bits[1];
      text[at++] = HEX[(int) (half >>> (60 - 4 * (i % 16))) & 0xF];
    }
    return new String(text);
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  }
}
