package dev.plinth.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The Plinth application: the core and the verticals packed into this war. Every resource and
 * provider is discovered by scanning.
 */
@ApplicationPath("api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Plinth",
            version = "0.1",
            description = "Multi-tenant billing, webhooks, error log and verticals"))
public class PlinthApplication extends Application {}
