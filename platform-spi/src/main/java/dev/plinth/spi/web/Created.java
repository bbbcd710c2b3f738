package dev.plinth.spi.web;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that makes something: the method returns the answer's body, as any other
 * method does, and the host answers it with 201 Created instead of 200. In {@code /openapi} the
 * operation's answer is 201, with the returned record's schema and this description. An error the
 * method throws keeps its own status. (It is a name binding: the host's filter carries it too.)
 *
 * <pre>{@code
 * @POST
 * @Path("tips")
 * @Created("the tip is recorded, unpaid")
 * public Started tip(TipRequest body) { ... }
 * }</pre>
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Created {

  /** What the 201 answer is, as {@code /openapi} describes it. */
  String value() default "created";
}
