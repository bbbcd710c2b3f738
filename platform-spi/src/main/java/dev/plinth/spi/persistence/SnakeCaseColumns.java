package dev.plinth.spi.persistence;

import java.util.List;
import java.util.Locale;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * The column naming rule of a vertical's entities: a field whose column {@code @Column(name = ...)}
 * does not name maps to its name in snake case ({@code checkoutSessionId} to {@code
 * checkout_session_id}), as the vertical's migrations name their columns. A column named in
 * {@code @Column} keeps its name. A vertical turns it on in its {@code persistence.xml}:
 *
 * <pre>{@code
 * <property name="eclipselink.session.customizer"
 *           value="dev.plinth.spi.persistence.SnakeCaseColumns"/>
 * }</pre>
 *
 * <p>EclipseLink loads this class through the application's class loader. On Liberty that loader
 * sees EclipseLink's {@code sessions} and {@code internal.helper} packages (Liberty exposes them to
 * every application, as woven entities need them) but not its descriptors and mappings (Liberty's
 * "third-party" API, which an application sees only when its server configuration says so). So this
 * class names no type of those packages: it reads each descriptor's mappings by their public
 * methods, reflectively.
 */
public class SnakeCaseColumns implements SessionCustomizer {

  @Override
  public void customize(Session session) throws ReflectiveOperationException {
    for (Object descriptor : session.getDescriptors().values()) {
      for (Object mapping : (List<?>) call(descriptor, "getMappings")) {
        if (call(mapping, "getField") instanceof DatabaseField field
            && call(mapping, "getAttributeName") instanceof String attribute
            && field.getName().equalsIgnoreCase(attribute)
            && !snakeCase(attribute).equals(attribute)) {
          // a column it was not told about, EclipseLink names after the field, in upper case
          field.setName(snakeCase(attribute));
        }
      }
    }
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    return target.getClass().getMethod(method).invoke(target);
  }

  /** {@code checkoutSessionId} as {@code checkout_session_id}. */
  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
