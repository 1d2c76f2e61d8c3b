package dev.graduation.ingest;

/** Single-byte edits the fuzz-style tests build their malformed bodies from. */
public final class ByteEdits {

  private ByteEdits() {}

  /** {@code bytes} with {@code inserted} put in at {@code at}. */
  public static byte[] insert(byte[] bytes, int at, byte inserted) {
    byte[] longer = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, longer, 0, at);
    longer[at] = inserted;
    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
    return longer;
  }

  /** {@code bytes} without the byte at {@code at}. */
  public static byte[] delete(byte[] bytes, int at) {
    byte[] shorter = new byte[bytes.length - 1];
    System.arraycopy(bytes, 0, shorter, 0, at);
    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
    return shorter;
  }
}
