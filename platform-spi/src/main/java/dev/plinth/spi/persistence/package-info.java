/**
 * What a vertical's entities build on: {@link dev.plinth.spi.persistence.TenantOwned} and
 * converters.
 */
package dev.plinth.spi.persistence;
