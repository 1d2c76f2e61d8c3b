package dev.graduation.streams.topology;

/**
 * Why an app's verdict is looked at again: the value of the records that flow from counting
 * and from registrations into {@link VerdictProcessor}, keyed by appId.
 */
public enum VerdictTrigger {
  /** Calls of the app were counted since the recorder last said so (once per verdict interval). */
  NEW_CALLS,
  /** The app's registration (declared permissions, description) changed. */
  REGISTRATION_CHANGED
}
