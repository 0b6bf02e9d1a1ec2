package org.slmcluster.runtime.ledger;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.slmcluster.runtime.evaluation.ScoredItem;

/**
 * The per-model score ledgers: one event-sourced {@link ModelLedger} per model (persistence id
 * {@code ledger|<model>}) on pekko-persistence-jdbc, H2 in file mode under {@code <data>/ledger/} by
 * default ({@code slm-persistence.conf}). They run in their own local ActorSystem in the coordinator's
 * process, next to the job manager: the cluster's coordinator hosts both, so there is one writer per
 * ledger without cluster sharding. Blocking methods wait at most {@link #ASK_TIMEOUT}.
 */
public final class Ledgers implements AutoCloseable {

    public static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
    public static final String CONFIG_RESOURCE = "slm-persistence.conf";

    private final ActorSystem<Guardian.Command> system;
    private final Map<String, ActorRef<ModelLedger.Command>> ledgers = new ConcurrentHashMap<>();

    private Ledgers(ActorSystem<Guardian.Command> system) {
        this.system = system;
    }

    /** Opens (creating if needed) the embedded H2 ledger store under {@code dataDir/ledger}. */
    public static Ledgers open(Path dataDir) {
        return open(dataDir, ConfigFactory.empty());
    }

    /**
     * Opens with settings layered over {@code slm-persistence.conf} (e.g. a PostgreSQL {@code slm.ledger.jdbc}
     * section); {@code dataDir} locates the default H2 file.
     */
    public static Ledgers open(Path dataDir, Config overrides) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        Config config = settings(dataDir, overrides);
        try {
            Files.createDirectories(absolute.resolve("ledger"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + absolute.resolve("ledger") + ": " + e.getMessage(), e);
        }
        if (config.getBoolean("slm.ledger.create-schema")) {
            createSchema(config.getConfig("slm.ledger.jdbc"));
        }
        return new Ledgers(ActorSystem.create(Guardian.create(), "slm-ledgers", config));
    }

    /**
     * The ledgers' whole configuration: {@code overrides} (e.g. the node's {@code slm.ledger} section) over
     * {@code slm-persistence.conf}, with {@code slm.ledger.data-dir} set to {@code dataDir}.
     */
    static Config settings(Path dataDir, Config overrides) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        return overrides
                .withFallback(ConfigFactory.empty()
                        .withValue(
                                "slm.ledger.data-dir",
                                ConfigValueFactory.fromAnyRef(
                                        absolute.toString().replace('\\', '/'))))
                .withFallback(ConfigFactory.parseResources(CONFIG_RESOURCE))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    /**
     * Creates the journal tables when missing: pekko-persistence-jdbc's own schema for the configured database
     * (H2, or PostgreSQL when {@code slm.ledger.jdbc.driver} is its driver), made idempotent. Two coordinators
     * starting at once may race on PostgreSQL's catalogue; the loser tries again.
     */
    private static void createSchema(Config jdbc) {
        boolean postgres = isPostgres(jdbc);
        String resource = postgres ? "schema/postgres/postgres-create-schema.sql" : "schema/h2/h2-create-schema.sql";
        String ddl;
        try (InputStream in = Ledgers.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("pekko-persistence-jdbc's " + resource + " is not on the classpath");
            }
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
        ddl = ddl.replace("CREATE UNIQUE INDEX \"", "CREATE UNIQUE INDEX IF NOT EXISTS \"")
                .replace("CREATE UNIQUE INDEX event_journal", "CREATE UNIQUE INDEX IF NOT EXISTS event_journal")
                // CONCURRENTLY cannot run inside the implicit transaction of a multi-statement batch
                .replace("CREATE INDEX CONCURRENTLY", "CREATE INDEX IF NOT EXISTS");
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = DriverManager.getConnection(
                            jdbc.getString("url"), jdbc.getString("user"), jdbc.getString("password"));
                    Statement statement = connection.createStatement()) {
                for (String sql : ddl.split(";")) {
                    if (!sql.isBlank()) {
                        statement.execute(sql);
                    }
                }
                return;
            } catch (SQLException e) {
                if (!postgres || attempt == 3) {
                    throw new IllegalStateException(
                            "cannot create the ledger tables at " + jdbc.getString("url") + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static boolean isPostgres(Config jdbc) {
        return jdbc.getString("driver").equals("org.postgresql.Driver");
    }

    /** The ActorSystem the ledgers run in (for tests and for co-located actors). */
    public ActorSystem<?> system() {
        return system;
    }

    /**
     * Records the item in its model's ledger; completes once durable. Each task id counts once: a repeat
     * is a {@link RecordOutcome#DUPLICATE}, a changed outcome for the id {@link RecordOutcome#REPLACED}.
     */
    public CompletionStage<RecordOutcome> record(ScoredItem item) {
        return AskPattern.ask(
                ledger(item.model()),
                (ActorRef<RecordOutcome> replyTo) -> new ModelLedger.RecordItem(item, replyTo),
                ASK_TIMEOUT,
                system.scheduler());
    }

    /** The models that have a ledger (at least one recorded item), sorted. */
    public List<String> models() {
        JdbcReadJournal journal =
                PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        String prefix = ModelLedger.PERSISTENCE_PREFIX + "|";
        List<String> ids = await(journal.currentPersistenceIds().runWith(Sink.seq(), system));
        List<String> models = new ArrayList<>();
        for (String id : ids) {
            if (id.startsWith(prefix)) {
                models.add(id.substring(prefix.length()));
            }
        }
        models.sort(null);
        return models;
    }

    /**
     * The task id of every record journaled for the model, in journal order. A task recorded once is listed
     * once; an id listed twice was answered twice (a second, different outcome replaced the first). The
     * fault-injection tests count answers given twice with it.
     */
    public List<String> journaledIds(String model) {
        JdbcReadJournal journal =
                PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        List<EventEnvelope> events = await(journal.currentEventsByPersistenceId(
                        ModelLedger.persistenceId(model).id(), 0L, Long.MAX_VALUE)
                .runWith(Sink.seq(), system));
        List<String> ids = new ArrayList<>();
        for (EventEnvelope envelope : events) {
            if (envelope.event() instanceof LedgerEvent.ItemScored scored) {
                ids.add(scored.item().id());
            }
        }
        return ids;
    }

    /** The view of every model that has a ledger, in model order. */
    public List<ModelView> views() {
        return models().stream().map(this::view).toList();
    }

    /** The model's summary per task; an empty view for an unknown model. */
    public ModelView view(String model) {
        return LedgerViews.modelView(model, items(model));
    }

    /** The recorded items of one model and task, sorted by id. */
    public List<ScoredItem> items(String model, String task) {
        return await(AskPattern.ask(
                ledger(model),
                (ActorRef<List<ScoredItem>> replyTo) -> new ModelLedger.GetItems(task, replyTo),
                ASK_TIMEOUT,
                system.scheduler()));
    }

    /** Every recorded item of one model, sorted by id. */
    public List<ScoredItem> items(String model) {
        return items(model, null);
    }

    /**
     * Every recorded item of one model, sorted by id, if the ledger answers within {@code timeout}: for views
     * that must not hang while a ledger restarts (its journal failing, e.g. on a full disk). Throws
     * {@link IllegalStateException} when it does not answer in time.
     */
    public List<ScoredItem> itemsWithin(String model, Duration timeout) {
        return await(
                AskPattern.ask(
                        ledger(model),
                        (ActorRef<List<ScoredItem>> replyTo) -> new ModelLedger.GetItems(null, replyTo),
                        timeout,
                        system.scheduler()),
                timeout);
    }

    /** Ids ({@link org.slmcluster.runtime.evaluation.TaskKey#id()}) recorded for the model. */
    public Set<String> recordedIds(String model) {
        return await(AskPattern.ask(ledger(model), ModelLedger.GetIds::new, ASK_TIMEOUT, system.scheduler()));
    }

    private ActorRef<ModelLedger.Command> ledger(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a ledger needs a model name");
        }
        return ledgers.computeIfAbsent(
                model,
                name -> await(AskPattern.ask(
                        system,
                        (ActorRef<ActorRef<ModelLedger.Command>> replyTo) -> new Guardian.LedgerOf(name, replyTo),
                        ASK_TIMEOUT,
                        system.scheduler())));
    }

    private static <T> T await(CompletionStage<T> stage) {
        return await(stage, ASK_TIMEOUT);
    }

    private static <T> T await(CompletionStage<T> stage, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the ledger", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("ledger request failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the ledger did not answer within " + timeout, e);
        }
    }

    /** Terminates the ledger system; everything acknowledged is already durable. */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // terminating anyway
        }
    }

    /** Spawns one ledger actor per model on first use. */
    static final class Guardian {

        sealed interface Command {}

        record LedgerOf(String model, ActorRef<ActorRef<ModelLedger.Command>> replyTo) implements Command {}

        static Behavior<Command> create() {
            return Behaviors.setup(context -> {
                Map<String, ActorRef<ModelLedger.Command>> children = new HashMap<>();
                return Behaviors.receive(Command.class)
                        .onMessage(LedgerOf.class, message -> {
                            ActorRef<ModelLedger.Command> ref = children.computeIfAbsent(
                                    message.model(),
                                    model -> context.spawn(ModelLedger.create(model), "ledger-" + children.size()));
                            message.replyTo().tell(ref);
                            return Behaviors.same();
                        })
                        .build();
            });
        }
    }
}
