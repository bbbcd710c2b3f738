package dev.plinth.campaigns;

import dev.plinth.spi.persistence.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An emailed portal link that was opened: a link opens once. Its row can go once the link has
 * expired, since the link's signature refuses it from then on.
 */
@Entity
@Table(schema = CampaignsModule.ID, name = "redeemed_portal_links")
@NamedQuery(
    name = "RedeemedLink.dropExpired",
    query = "DELETE FROM RedeemedLink l WHERE l.expiresAt <= :now")
public class RedeemedLink extends TenantOwned {

  @Id
  @Column(name = "token_id")
  private String tokenId;

  @Column(name = "expires_at")
  private Instant expiresAt;

  protected RedeemedLink() {}

  public RedeemedLink(String tokenId, Instant expiresAt) {
    this.tokenId = tokenId;
    this.expiresAt = expiresAt;
  }
}
