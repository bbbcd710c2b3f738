package dev.plinth.tipjar;

import dev.plinth.spi.persistence.TenantRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tip: pending while its checkout is open, paid once Stripe says so. */
@Entity
@Table(schema = TipjarModule.ID, name = "tips")
public class Tip extends TenantRecord {

  private long amount;

  private String currency;

  private String name;

  private String message;

  private String status;

  private String checkoutSessionId;

  private Instant paidAt;

  protected Tip() {}

  Tip(long amount, String currency, String name, String message, Instant now) {
    super(now);
    this.amount = amount;
    this.currency = currency;
    this.name = name;
    this.message = message;
    this.status = "pending";
  }

  void attach(String sessionId) {
    this.checkoutSessionId = sessionId;
  }

  /** Paid once; a repeated event changes nothing. */
  void paid(Instant at) {
    if (!isPaid()) {
      status = "paid";
      paidAt = at;
    }
  }

  public boolean isPaid() {
    return "paid".equals(status);
  }

  public TipjarResource.PaidTip view() {
    return new TipjarResource.PaidTip(amount, currency, name, message, paidAt);
  }
}
