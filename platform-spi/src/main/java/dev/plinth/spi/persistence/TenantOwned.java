package dev.plinth.spi.persistence;

import jakarta.persistence.MappedSuperclass;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

/**
 * The superclass of every entity a vertical keeps: its rows belong to one tenant. The table has a
 * {@code tenant_id uuid NOT NULL} column (with the tenant-isolation policy of the vertical's
 * migrations); EclipseLink fills it in on insert and adds it to every query, from the tenant that
 * the host binds to the vertical's {@code EntityManager} at the start of each tenant transaction.
 * The entity never maps the column itself.
 *
 * <p>List this class in the vertical's {@code persistence.xml} ({@code <class>}), since it lives
 * outside the vertical's jar.
 */
@MappedSuperclass
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = "tenant_id", contextProperty = "eclipselink.tenant-id")
public abstract class TenantOwned {}
