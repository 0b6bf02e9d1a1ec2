package org.slmcluster.runtime.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.slmcluster.runtime.ledger.LedgerDatabase;

/**
 * The coordinator's role as a row in the ledgers' PostgreSQL database ({@code slm_coordinator_lease}): a
 * holder and an expiry in the database's own clock (members' clocks need not agree; a Pi has no RTC). A
 * member holds the role while it renews the row before it expires; another takes it once it has expired.
 * One statement acquires or renews, so two candidates never both succeed.
 */
final class CoordinatorLease {

    private static final String NAME = "coordinator";
    private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS slm_coordinator_lease ("
            + "name VARCHAR(64) PRIMARY KEY, holder VARCHAR(512) NOT NULL, expires_at TIMESTAMPTZ NOT NULL)";
    private static final String ACQUIRE = "INSERT INTO slm_coordinator_lease (name, holder, expires_at)"
            + " VALUES (?, ?, now() + CAST(? AS DOUBLE PRECISION) * INTERVAL '1 millisecond')"
            + " ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at"
            + " WHERE slm_coordinator_lease.holder = EXCLUDED.holder OR slm_coordinator_lease.expires_at < now()";

    private final LedgerDatabase database;
    private final String holder;
    private final Duration ttl;

    /**
     * @param holder this candidate, unique per process (a restarted member waits for its old lease to expire)
     * @param ttl    how long a lease lasts without renewal
     */
    CoordinatorLease(LedgerDatabase database, String holder, Duration ttl) throws SQLException {
        this.database = database;
        this.holder = holder;
        this.ttl = ttl;
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute(CREATE_TABLE);
                return;
            } catch (SQLException e) {
                // two candidates creating the table at once: one of them loses the catalogue race
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    String holder() {
        return holder;
    }

    /** Acquires the lease, or renews it when held; false while another holder's lease has not expired. */
    boolean tryAcquire() throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement acquire = connection.prepareStatement(ACQUIRE)) {
            acquire.setString(1, NAME);
            acquire.setString(2, holder);
            acquire.setLong(3, ttl.toMillis());
            return acquire.executeUpdate() == 1;
        }
    }

    /** The current holder, whether or not its lease has expired; empty before anyone held it. */
    Optional<String> currentHolder() throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement select =
                        connection.prepareStatement("SELECT holder FROM slm_coordinator_lease WHERE name = ?")) {
            select.setString(1, NAME);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** Gives the lease up at once (a graceful stop), so a standby need not wait for it to expire. */
    void release() throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM slm_coordinator_lease WHERE name = ? AND holder = ?")) {
            delete.setString(1, NAME);
            delete.setString(2, holder);
            delete.executeUpdate();
        }
    }
}
