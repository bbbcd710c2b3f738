package dev.plinth.spi.persistence;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Answer records made from an entity's fields: each component of the record takes the value of the
 * entity's field of the same name (declared by the entity or a class it extends, such as {@link
 * TenantRecord}'s {@code id} and {@code createdAt}), so that a view that shows fields as they are
 * is one line instead of a constructor call that lists them all again. A view with a computed
 * component builds itself as before.
 *
 * <pre>{@code
 * EventView view() {
 *   return Views.of(EventView.class, this);
 * }
 * }</pre>
 */
public final class Views {

  private Views() {}

  /**
   * The record {@code view} of {@code entity}'s fields; an {@link IllegalStateException} naming the
   * component if the entity has no field of its name, or one of another type.
   */
  public static <R extends Record> R of(Class<R> view, Object entity) {
    RecordComponent[] components = view.getRecordComponents();
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        values[i] = field(entity.getClass(), components[i].getName()).get(entity);
      }
      Constructor<R> make =
          view.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      make.setAccessible(true);
      return make.newInstance(values);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot make a " + view.getName() + " of a " + entity.getClass().getName(), e);
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // a field of a class it extends
      }
    }
    throw new NoSuchFieldException(type.getName() + " has no field " + name);
  }
}
