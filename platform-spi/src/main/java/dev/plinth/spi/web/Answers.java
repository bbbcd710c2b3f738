package dev.plinth.spi.web;

import jakarta.ws.rs.core.Response;

/** Answers that a resource method builds as a {@link Response} rather than returning its body. */
public final class Answers {

  private Answers() {}

  /**
   * 201 with {@code body}, for a method that makes something; declare the answer with
   * {@code @APIResponseSchema(value = ..., responseCode = "201")} so that {@code /openapi} says so.
   * A method that can return its record instead carries {@link Created}, which does both.
   */
  public static Response created(Object body) {
    return Response.status(Response.Status.CREATED).entity(body).build();
  }
}
