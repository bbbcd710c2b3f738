package dev.plinth.core.vertical;

import dev.plinth.spi.web.TenantArea;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Declares the {@code {slug}} path parameter in {@code /openapi} on every operation under {@code
 * /api/t/{slug}} that does not declare it itself. A vertical's resource ({@link TenantArea}) has
 * {@code {slug}} in its path but reads the tenant from {@code TenantContext}, never from a
 * {@code @PathParam}, so mpOpenAPI's scan does not see it. Also answers {@code @Created} methods
 * with 201. Configured as {@code mp.openapi.filter}.
 */
public class TenantAreaOpenApiFilter implements OASFilter {

  static final String SLUG = "slug";

  /**
   * A {@link dev.plinth.spi.web.Created} method's answer is 201 (see {@link CreatedOperations}).
   */
  @Override
  public Operation filterOperation(Operation operation) {
    CreatedOperations.describe(operation);
    return operation;
  }

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
      return;
    }
    openApi
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) -> {
              if (path.contains("{" + SLUG + "}") && !declaresSlug(item.getParameters())) {
                item.getOperations().values().stream()
                    .filter(op -> !declaresSlug(op.getParameters()))
                    .forEach(op -> op.addParameter(slug()));
              }
            });
  }

  private static boolean declaresSlug(List<Parameter> parameters) {
    return parameters != null
        && parameters.stream()
            .anyMatch(p -> SLUG.equals(p.getName()) && p.getIn() == Parameter.In.PATH);
  }

  private static Parameter slug() {
    return OASFactory.createParameter()
        .name(SLUG)
        .in(Parameter.In.PATH)
        .required(true)
        .description("the tenant's slug")
        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
  }
}
