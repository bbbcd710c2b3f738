package dev.plinth.spi.persistence;

import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * Maps an entity's fields to the columns of the same name in snake case ({@code createdAt} to
 * {@code created_at}), so that an entity needs no {@code @Column(name = ...)}; a column named
 * otherwise keeps its {@code @Column}. A vertical turns it on in its {@code persistence.xml}:
 *
 * <pre>{@code
 * <property name="eclipselink.session.customizer"
 *           value="dev.plinth.spi.persistence.SnakeCaseColumns"/>
 * }</pre>
 */
public class SnakeCaseColumns implements SessionCustomizer {

  @Override
  public void customize(Session session) {
    for (ClassDescriptor descriptor : session.getDescriptors().values()) {
      for (DatabaseMapping mapping : descriptor.getMappings()) {
        DatabaseField field = mapping.getField();
        // a name that is the attribute's own (in any case) was defaulted, not given
        if (field != null && field.getName().equalsIgnoreCase(mapping.getAttributeName())) {
          field.setName(snakeCase(mapping.getAttributeName()));
        }
      }
    }
  }

  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
