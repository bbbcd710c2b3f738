package dev.plinth.spi;

/** How bad an error-log entry is, from least to most. */
public enum Severity {
  INFO,
  WARNING,
  ERROR,
  HIGH,
  CRITICAL
}
