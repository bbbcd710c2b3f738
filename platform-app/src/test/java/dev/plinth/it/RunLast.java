package dev.plinth.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that disturbs the shared integration-test database for everyone after it
 * (killing a PostgreSQL backend makes the postmaster reset every connection), so it runs after all
 * the others. {@link RunLastClassOrderer} does the ordering.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface RunLast {}
