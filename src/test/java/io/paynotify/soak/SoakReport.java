package io.paynotify.soak;

import io.paynotify.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of the soak: lets every tab come back and catch up, then checks the ledger against the store
 * (credits and event count of every user) and every tab against the store (each seq 1..last exactly
 * once), and prints the figures.
 */
final class SoakReport {

  private static final long SETTLE_NANOS = 120_000_000_000L;

  private final TestDatabase db;
  private final PaymentStream stream;
  private final List<SoakTab> tabs;

  SoakReport(TestDatabase db, PaymentStream stream, List<SoakTab> tabs) {
    this.db = db;
    this.stream = stream;
    this.tabs = tabs;
  }

  /** Prints the report; true when nothing was lost, no credit is off and no tab got a seq twice. */
  boolean print(Runnable reopenAll) throws SQLException, InterruptedException {
    Map<String, long[]> accounts = settle(reopenAll);
    long creditsOk = 0;
    long eventCountsOk = 0;
    for (Map.Entry<String, java.util.concurrent.atomic.AtomicLong> e : stream.credits.entrySet()) {
      long[] stored = accounts.getOrDefault(e.getKey(), new long[2]);
      creditsOk += stored[0] == e.getValue().get() ? 1 : 0;
      eventCountsOk += stored[1] == stream.events.get(e.getKey()).get() ? 1 : 0;
    }
    long lost = 0;
    long duplicates = 0;
    int maxDuplicates = 0;
    long reconnects = 0;
    for (SoakTab tab : tabs) {
      long stored = accounts.getOrDefault(tab.userId, new long[2])[1];
      List<Long> missing = tab.missing(stored);
      if (!missing.isEmpty() && lost < 20) {
        System.out.printf("  LOST: a tab of %s lacks seqs %s of 1..%d (highest held %d, open %s, %d reconnects)%n",
            tab.userId, missing, stored, tab.highest(), tab.isOpen(), tab.reconnects());
      }
      lost += missing.size();
      duplicates += tab.duplicates();
      maxDuplicates = Math.max(maxDuplicates, tab.duplicates());
      reconnects += tab.reconnects();
    }
    int users = stream.credits.size();
    System.out.printf("payments: %d approved, %d notified twice, %d refunded; %d webhooks retried%n",
        stream.payments.get(), stream.duplicates.get(), stream.refunds.get(), stream.webhookRetries.get());
    System.out.printf("credits checked: %d of %d users exact; event counts: %d of %d users exact%n",
        creditsOk, users, eventCountsOk, users);
    System.out.printf("tabs: %d, reconnects: %d (resumed with since)%n", tabs.size(), reconnects);
    System.out.printf("events lost: %d%n", lost);
    System.out.printf("duplicates delivered per tab: %.3f on average, %d at most (%d in all)%n",
        duplicates / (double) tabs.size(), maxDuplicates, duplicates);
    return lost == 0 && duplicates == 0 && creditsOk == users && eventCountsOk == users;
  }

  /** Waits (bounded) until every tab is open and holds its user's last stored seq; returns the accounts. */
  private Map<String, long[]> settle(Runnable reopenAll) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + SETTLE_NANOS;
    Map<String, long[]> accounts = accounts();
    while (System.nanoTime() < deadline && !settled(accounts)) {
      reopenAll.run();
      Thread.sleep(500);
      accounts = accounts();
    }
    return accounts;
  }

  private boolean settled(Map<String, long[]> accounts) {
    return tabs.stream().allMatch(t -> t.isOpen() && t.highest() == accounts.getOrDefault(t.userId, new long[2])[1]);
  }

  /** user id to {credits, last_seq}. */
  private Map<String, long[]> accounts() throws SQLException {
    Map<String, long[]> accounts = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db.name(), "postgres", null);
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT user_id, credits, last_seq FROM accounts")) {
      while (rs.next()) {
        accounts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
      }
    }
    return accounts;
  }
}
