package dev.graduation.streams.events;

/** How a call's HTTP status counts in the rules (contract section 7, "Totals"). */
public final class CallClass {

  private CallClass() {}

  public static boolean successful(int status) {
    return status >= 200 && status < 300;
  }

  /** 4xx, 429 included. */
  public static boolean clientError(int status) {
    return status >= 400 && status < 500;
  }

  public static boolean throttled(int status) {
    return status == 429;
  }

  public static boolean serverError(int status) {
    return status >= 500 && status < 600;
  }
}
