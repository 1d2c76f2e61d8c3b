package dev.graduation.streams.events;

/**
 * EventIds that are UUIDs in canonical lower-case form ({@code 8-4-4-4-12} hex digits), stored as
 * their 16 bytes ({@link EventUuid}). Only that exact form: any other id, an upper-case UUID
 * included, stays text, so every id reads back exactly as it came.
 */
final class EventUuids {

  private static final int LENGTH = 36;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private EventUuids() {}

  /**
   * Writes the 16 bytes of {@code id} into {@code bytes} when it is a canonical lower-case UUID.
   *
   * @return whether it was one ({@code bytes} holds garbage otherwise)
   */
  static boolean toBytes(String id, byte[] bytes) {
    if (id.length() != LENGTH) {
      return false;
    }
    int out = 0;
    for (int i = 0; i < LENGTH; ) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (id.charAt(i) != '-') {
          return false;
        }
        i++;
        continue;
      }
      int high = digit(id.charAt(i));
      int low = digit(id.charAt(i + 1));
      if (high < 0 || low < 0) {
        return false;
      }
      bytes[out++] = (byte) (high << 4 | low);
      i += 2;
    }
    return true;
  }

  /** The canonical lower-case text of a UUID's 16 bytes. */
  static String toText(byte[] bytes) {
    char[] text = new char[LENGTH];
    int at = 0;
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        text[at++] = '-';
      }
      text[at++] = HEX[(bytes[i] >> 4) & 0xF];
      text[at++] = HEX[bytes[i] & 0xF];
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
