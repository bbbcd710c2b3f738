package dev.plinth.credits;

import dev.plinth.spi.persistence.TenantRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An entry of the ledger as it is read back (the {@link Ledger} writes them). */
@Entity
@Table(schema = CreditsModule.ID, name = "entries")
public class Entry extends TenantRecord {

  private String cause;
  private String kind;

  @Column(name = "from_account")
  private String from;

  @Column(name = "to_account")
  private String to;

  private long credits;
  private String userRef;
  private String reason;

  protected Entry() {}

  /** What the entry did to the user's spendable balance. */
  CreditsResource.EntryView view() {
    String account = Ledger.user(userRef);
    long change = account.equals(to) ? credits : account.equals(from) ? -credits : 0;
    return new CreditsResource.EntryView(id, kind, change, credits, from, to, reason, createdAt);
  }
}
