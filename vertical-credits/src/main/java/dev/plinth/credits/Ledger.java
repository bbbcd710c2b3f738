package dev.plinth.credits;

import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.persistence.Repository;
import dev.plinth.spi.web.Cursor;
import dev.plinth.spi.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The double-entry ledger, in credits. An entry moves credits from one account to another, so each
 * balances; entries are only ever added, each under its cause, which the database keeps unique per
 * tenant (a replayed cause posts nothing). The balances table caches each account's sum and is what
 * an atomic check-and-debit updates; {@link #check()} proves it equals the entries' sums.
 *
 * <p>Accounts: {@code capacity:stock} (the source of capacity), {@code capacity:available}, {@code
 * capacity:reserved}, {@code user:{userRef}}, {@code frozen:{userRef}} (held during a dispute),
 * {@code spent}, and {@code clawback} (credits taken back for refunds and lost disputes).
 *
 * <p>Balances are always changed in the order of their account names, so that two entries never
 * wait on each other's rows (no deadlock).
 */
@ApplicationScoped
@TenantTransactional
public class Ledger extends Repository<Entry> {

  static final String STOCK = "capacity:stock";
  static final String AVAILABLE = "capacity:available";
  static final String RESERVED = "capacity:reserved";
  static final String SPENT = "spent";
  static final String CLAWBACK = "clawback";

  static String user(String userRef) {
    return "user:" + userRef;
  }

  static String frozen(String userRef) {
    return "frozen:" + userRef;
  }

  @Inject Clock clock;

  Ledger() {
    super(CreditsModule.class, Entry.class, "entry");
  }

  /** One move of credits. */
  record Move(
      String cause,
      String kind,
      String from,
      String to,
      long credits,
      String userRef,
      String reason) {}

  /**
   * Posts the move unless its cause was posted before; the from-account may go negative. Answers
   * whether it posted.
   */
  public boolean post(Move m) {
    if (m.credits() <= 0 || !insert(m)) {
      return false;
    }
    for (String account : ordered(m)) {
      add(account, account.equals(m.from()) ? -m.credits() : m.credits());
    }
    return true;
  }

  /**
   * Posts the move only if the from-account holds at least its credits, checked and debited in one
   * statement; answers what the from-account holds after it, or empty if it did not hold enough.
   */
  public OptionalLong postIfCovered(Move m) {
    boolean toFirst = m.to().compareTo(m.from()) < 0;
    if (toFirst) {
      // takes the to-account's row first, as every entry does, and credits it only once covered
      add(m.to(), 0);
    }
    List<?> left =
        sql(
                "UPDATE credits.balances SET balance = balance - ?3"
                    + " WHERE tenant_id = ?1 AND account = ?2 AND balance >= ?3 RETURNING balance",
                m.from(),
                m.credits())
            .getResultList();
    if (left.isEmpty()) {
      return OptionalLong.empty();
    }
    add(m.to(), m.credits());
    if (!insert(m)) {
      throw new IllegalStateException("the cause " + m.cause() + " was posted before");
    }
    return OptionalLong.of(((Number) left.get(0)).longValue());
  }

  /**
   * Posts as much of the move as the from-account holds, none if it holds nothing, and answers the
   * credits moved (0 also if its cause was posted before). Both rows are locked, in name order,
   * before the from-account is read, so a concurrent debit (a spend) waits and then finds what is
   * left: the from-account cannot go below zero through this move.
   */
  public long postUpTo(Move m) {
    for (String account : ordered(m)) {
      add(account, 0);
    }
    long held = Math.min(m.credits(), Math.max(0, balance(m.from())));
    Move taken = new Move(m.cause(), m.kind(), m.from(), m.to(), held, m.userRef(), m.reason());
    return post(taken) ? held : 0;
  }

  private static List<String> ordered(Move m) {
    return m.from().compareTo(m.to()) < 0 ? List.of(m.from(), m.to()) : List.of(m.to(), m.from());
  }

  private boolean insert(Move m) {
    return sql(
                "INSERT INTO credits.entries (tenant_id, id, cause, kind, from_account, to_account,"
                    + " credits, user_ref, reason, created_at)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                    + " ON CONFLICT (tenant_id, cause) DO NOTHING",
                UUID.randomUUID(),
                m.cause(),
                m.kind(),
                m.from(),
                m.to(),
                m.credits(),
                m.userRef(),
                m.reason(),
                clock.instant())
            .executeUpdate()
        == 1;
  }

  private void add(String account, long delta) {
    sql(
            "INSERT INTO credits.balances (tenant_id, account, balance) VALUES (?1, ?2, ?3)"
                + " ON CONFLICT (tenant_id, account)"
                + " DO UPDATE SET balance = credits.balances.balance + EXCLUDED.balance",
            account,
            delta)
        .executeUpdate();
  }

  /** The cached balance of an account (0 if it never moved). */
  public long balance(String account) {
    List<?> r =
        sql("SELECT balance FROM credits.balances WHERE tenant_id = ?1 AND account = ?2", account)
            .getResultList();
    return r.isEmpty() ? 0 : ((Number) r.get(0)).longValue();
  }

  /**
   * The cached balances of several accounts (0 for one that never moved), read in one statement so
   * that they are of one moment: an entry committing meanwhile shows in all or none.
   */
  public Map<String, Long> balances(String... accounts) {
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < accounts.length; i++) {
      in.append(i == 0 ? "?" : ", ?").append(i + 2);
    }
    var q =
        sql(
            "SELECT account, balance FROM credits.balances WHERE tenant_id = ?1"
                + " AND account IN ("
                + in
                + ")",
            (Object[]) accounts);
    Map<String, Long> found = new LinkedHashMap<>();
    for (String a : accounts) {
      found.put(a, 0L);
    }
    for (Object row : q.getResultList()) {
      Object[] r = (Object[]) row;
      found.put((String) r[0], ((Number) r[1]).longValue());
    }
    return found;
  }

  /** The users with the largest balances. */
  public List<CreditsResource.UserBalance> largestUserBalances(int limit) {
    return rows(
        CreditsResource.UserBalance.class,
        "SELECT substring(account from 6), balance FROM credits.balances"
            + " WHERE tenant_id = ?1 AND account LIKE 'user:%'"
            + " ORDER BY balance DESC, account LIMIT ?2",
        limit);
  }

  /** The ledger's proof: every entry balances, and each cached balance equals its entries' sum. */
  public CreditsResource.LedgerCheck check() {
    List<?> rows =
        sql("WITH sums AS ("
                + " SELECT account, sum(delta) AS total FROM ("
                + "  SELECT to_account AS account, credits AS delta FROM credits.entries"
                + "   WHERE tenant_id = ?1"
                + "  UNION ALL"
                + "  SELECT from_account, -credits FROM credits.entries WHERE tenant_id = ?1"
                + " ) d GROUP BY account)"
                + " SELECT coalesce(s.account, b.account), coalesce(s.total, 0),"
                + "  coalesce(b.balance, 0)"
                + " FROM sums s FULL JOIN"
                + "  (SELECT account, balance FROM credits.balances WHERE tenant_id = ?1) b"
                + "  ON b.account = s.account")
            .getResultList();
    long total = 0;
    List<String> mismatched = new java.util.ArrayList<>();
    for (Object row : rows) {
      Object[] r = (Object[]) row;
      long sum = ((Number) r[1]).longValue();
      long cached = ((Number) r[2]).longValue();
      total += sum;
      if (sum != cached) {
        mismatched.add(r[0] + ": entries " + sum + ", cached " + cached);
      }
    }
    Object entries =
        sql("SELECT count(*) FROM credits.entries WHERE tenant_id = ?1").getSingleResult();
    return new CreditsResource.LedgerCheck(
        ((Number) entries).longValue(),
        rows.size(),
        total,
        mismatched,
        total == 0 && mismatched.isEmpty());
  }

  /** A user's entries, newest first, after the cursor {@code before} when given. */
  /**
   * The user's entries after the cursor {@code before} (from the newest when null), newest first.
   */
  public Page<Entry> history(String userRef, Cursor before, int limit) {
    return page("SELECT e FROM Entry e WHERE e.userRef = :user", before, limit, "user", userRef);
  }
}
