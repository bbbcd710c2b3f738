package dev.plinth.core.errorlog;

/** What part of the platform an error-log entry is about. */
public enum Category {
  api,
  database,
  webhook,
  billing,
  vertical
}
