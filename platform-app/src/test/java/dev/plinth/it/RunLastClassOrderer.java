package dev.plinth.it;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Keeps JUnit's order of test classes, except that classes annotated {@link RunLast} go to the end.
 * Named in {@code junit-platform.properties} as the default class orderer; it applies because
 * failsafe runs every IT class in one launch of the JUnit platform. The sort is stable, so the
 * other classes keep their order.
 */
public class RunLastClassOrderer implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context.getClassDescriptors().sort(Comparator.comparing(d -> d.isAnnotated(RunLast.class)));
  }
}
