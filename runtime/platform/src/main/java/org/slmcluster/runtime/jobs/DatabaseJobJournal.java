package org.slmcluster.runtime.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slmcluster.runtime.ledger.LedgerDatabase;
import org.slmcluster.runtime.ledger.LedgerJson;

/**
 * {@link JobJournal} in the ledgers' database: one row per job in {@code slm_job} (id, record JSON, manifest
 * JSON), each write committed before it returns. Manifests are also copied under the local data directory.
 * Portable SQL (PostgreSQL, H2): an update, then an insert when no row was there.
 */
final class DatabaseJobJournal implements JobJournal {

    private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS slm_job ("
            + "id VARCHAR(64) PRIMARY KEY, record_json TEXT NOT NULL, manifest_json TEXT)";

    private final LedgerDatabase database;
    private final FileJobJournal localCopy;
    private final ObjectMapper json = LedgerJson.mapper();

    DatabaseJobJournal(LedgerDatabase database, FileJobJournal localCopy) {
        this.database = database;
        this.localCopy = localCopy;
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(CREATE_TABLE);
        } catch (SQLException e) {
            throw failure("cannot create the job table", e);
        }
    }

    @Override
    public synchronized void write(JobRecord record) {
        String body = toJson(record);
        try (Connection connection = database.connect()) {
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE slm_job SET record_json = ? WHERE id = ?")) {
                update.setString(1, body);
                update.setString(2, record.id());
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO slm_job (id, record_json) VALUES (?, ?)")) {
                insert.setString(1, record.id());
                insert.setString(2, body);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure("cannot record job " + record.id(), e);
        }
    }

    @Override
    public JobRecord read(String id) {
        return column(id, "record_json", JobRecord.class)
                .orElseThrow(() -> new IllegalArgumentException("no job '" + id + "' in " + database));
    }

    @Override
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM slm_job ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw failure("cannot list the jobs", e);
        }
        return ids;
    }

    @Override
    public synchronized void writeManifest(RunManifest manifest) {
        try (Connection connection = database.connect();
                PreparedStatement update =
                        connection.prepareStatement("UPDATE slm_job SET manifest_json = ? WHERE id = ?")) {
            update.setString(1, toJson(manifest));
            update.setString(2, manifest.jobId());
            update.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot record the manifest of job " + manifest.jobId(), e);
        }
        localCopy.writeManifest(manifest);
    }

    @Override
    public Optional<RunManifest> manifest(String id) {
        return column(id, "manifest_json", RunManifest.class);
    }

    private <T> Optional<T> column(String id, String column, Class<T> type) {
        try (Connection connection = database.connect();
                PreparedStatement select =
                        connection.prepareStatement("SELECT " + column + " FROM slm_job WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next() || rows.getString(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(json.readValue(rows.getString(1), type));
            }
        } catch (SQLException e) {
            throw failure("cannot read job " + id, e);
        } catch (IOException e) {
            throw new UncheckedIOException("job " + id + " in " + database + " is not readable: " + e.getMessage(), e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + " in " + database + ": " + e.getMessage(), e);
    }
}
