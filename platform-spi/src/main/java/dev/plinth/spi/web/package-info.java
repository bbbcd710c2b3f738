/** Helpers for a vertical's REST resources: bodies, query parameters, path ids and HTTP errors. */
package dev.plinth.spi.web;
