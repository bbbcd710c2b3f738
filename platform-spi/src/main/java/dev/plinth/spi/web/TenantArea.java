package dev.plinth.spi.web;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a vertical's REST resource as served in a tenant's area. The resource class carries
 * {@code @Path(TenantArea.PATH + ID)} and this annotation; before any of its methods runs, the host
 * resolves the tenant named by {@code {slug}} (404 {@code not_found} if there is none, or if it is
 * another tenant's key that asks), checks that the tenant is onboarded onto the vertical whose
 * {@link dev.plinth.spi.PlinthVertical#rootResource()} the class is (404 otherwise), refuses a
 * suspended tenant's customers and end users (403 {@code tenant_suspended}), and binds the tenant
 * and the caller's actor that the vertical then reads from {@link dev.plinth.spi.TenantContext}.
 * The request is authenticated before that, so a bad token is 401 first; the body is read after, so
 * a malformed body to an unknown tenant is still 404.
 *
 * <pre>{@code
 * @Path(TenantArea.PATH + TipJarModule.ID)
 * @TenantArea
 * @RequestScoped
 * public class TipJarResource { ... }
 * }</pre>
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TenantArea {

  /**
   * The start of every vertical's path, under the application's {@code /api}: the vertical's id
   * follows, as in {@code /api/t/{slug}/campaigns}.
   */
  String PATH = "t/{slug}/";
}
