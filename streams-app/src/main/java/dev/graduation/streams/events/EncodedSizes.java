package dev.graduation.streams.events;

/** How many bytes Avro's binary encoding takes for a value, without encoding it. */
final class EncodedSizes {

  private EncodedSizes() {}

  /** An {@code int} or {@code long}: zig-zag, then 7 bits a byte. */
  static int ofLong(long value) {
    long zigZag = (value << 1) ^ (value >> 63);
    return (64 - Long.numberOfLeadingZeros(zigZag | 1) + 6) / 7;
  }

  /** A {@code string}: its UTF-8 length, then its UTF-8 bytes. */
  static int ofString(CharSequence value) {
    int bytes = utf8Length(value);
    return ofLong(bytes) + bytes;
  }

  /** UTF-8 bytes of {@code value}; an unpaired surrogate counts as the 3 bytes Avro may write. */
  static int utf8Length(CharSequence value) {
    int length = value.length();
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        bytes += c < 0x800 ? 1 : 2;
      }
    }
    return bytes;
  }
}
