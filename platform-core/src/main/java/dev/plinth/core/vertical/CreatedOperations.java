package dev.plinth.core.vertical;

import dev.plinth.spi.web.Created;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Describes a {@link Created} method's operation in {@code /openapi} as it answers: 201, with the
 * schema that mpOpenAPI's scan gave the returned record as the default 200 and the annotation's
 * description. The scan names each operation {@code <class>_<method>} ({@code
 * mp.openapi.extensions.smallrye.operationIdStrategy=PACKAGE_CLASS_METHOD}), which is how the
 * operation's method is found; the name is then taken off again, so the document names no Java
 * class.
 */
final class CreatedOperations {

  private CreatedOperations() {}

  static void describe(Operation operation) {
    String id = operation.getOperationId();
    if (id == null || id.indexOf('_') < 0) {
      return;
    }
    operation.setOperationId(null);
    APIResponses responses = operation.getResponses();
    APIResponse ok = responses == null ? null : responses.getAPIResponse("200");
    if (ok != null) {
      created(id)
          .ifPresent(
              c -> {
                responses.removeAPIResponse("200");
                responses.addAPIResponse("201", ok.description(c.value()));
              });
    }
  }

  /** The {@link Created} of the method that an operation id names, if it has one. */
  static Optional<Created> created(String operationId) {
    int cut = operationId.lastIndexOf('_');
    String method = operationId.substring(cut + 1);
    try {
      Class<?> type =
          Class.forName(
              operationId.substring(0, cut), false, CreatedOperations.class.getClassLoader());
      return Arrays.stream(type.getMethods())
          .filter(m -> m.getName().equals(method))
          .map(m -> m.getAnnotation(Created.class))
          .filter(c -> c != null)
          .findFirst();
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }
}
