package org.slmcluster.runtime.ledger;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where the ledgers' journal lives ({@code slm.ledger.jdbc}): the job journal and the coordinator lease use
 * the same database, so that a standby coordinator that reaches it sees everything the active one wrote.
 *
 * @param url      JDBC URL
 * @param user     database user
 * @param password database password (never logged)
 */
public record LedgerDatabase(String url, String user, String password) {

    /** The database {@link Ledgers#open(Path, Config)} uses with the same arguments. */
    public static LedgerDatabase of(Path dataDir, Config overrides) {
        Config jdbc = Ledgers.settings(dataDir, overrides).getConfig("slm.ledger.jdbc");
        return new LedgerDatabase(jdbc.getString("url"), jdbc.getString("user"), jdbc.getString("password"));
    }

    /** True for PostgreSQL, the database other members can share (the default H2 file is local). */
    public boolean shared() {
        return url.startsWith("jdbc:postgresql:");
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    public String toString() {
        return url;
    }
}
