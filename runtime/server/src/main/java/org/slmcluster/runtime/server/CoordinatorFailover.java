package org.slmcluster.runtime.server;

import com.typesafe.config.Config;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the coordinator's services on whichever candidate member holds the {@link CoordinatorLease}
 * ({@code slm.coordinator.failover = on}): every candidate tries to acquire or renew it every third of its
 * time to live; the holder opens the services (ledgers and jobs from the shared database, the API), a
 * candidate that loses the lease, or cannot renew it for two thirds of its time to live, closes them before
 * the lease can pass to another. A new holder resumes the jobs the old one left RUNNING, as a restarted
 * coordinator does.
 */
final class CoordinatorFailover implements AutoCloseable {

    /** On: the coordinator's role is held through a lease in the ledgers' database. */
    static final String ENABLED_KEY = "slm.coordinator.failover";
    /** How long a lease lasts without renewal; a dead coordinator is replaced within about this time. */
    static final String TTL_KEY = "slm.coordinator.lease-ttl";

    static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(CoordinatorFailover.class);

    private final CoordinatorLease lease;
    private final Duration ttl;
    private final Runnable takeOver;
    private final Runnable stepDown;
    private final ScheduledExecutorService renewals;
    private final ExecutorService transitions;
    private boolean holding;
    private long lastRenewal;
    private boolean warned;

    private CoordinatorFailover(CoordinatorLease lease, Duration ttl, Runnable takeOver, Runnable stepDown) {
        this.lease = lease;
        this.ttl = ttl;
        this.takeOver = takeOver;
        this.stepDown = stepDown;
        this.renewals = Executors.newSingleThreadScheduledExecutor(daemon("slm-coordinator-lease"));
        this.transitions = Executors.newSingleThreadExecutor(daemon("slm-coordinator-failover"));
    }

    static boolean enabled(Config config) {
        return config.hasPath(ENABLED_KEY) && config.getBoolean(ENABLED_KEY);
    }

    static Duration ttl(Config config) {
        Duration ttl = config.hasPath(TTL_KEY) ? config.getDuration(TTL_KEY) : DEFAULT_TTL;
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(TTL_KEY + " must be at least 1s, got " + ttl);
        }
        return ttl;
    }

    /**
     * Starts competing for the lease.
     *
     * @param takeOver opens the coordinator's services (run once per acquisition, never concurrently)
     * @param stepDown closes them (after a lost lease, and on {@link #close()} while holding)
     */
    static CoordinatorFailover start(CoordinatorLease lease, Duration ttl, Runnable takeOver, Runnable stepDown) {
        CoordinatorFailover failover = new CoordinatorFailover(lease, ttl, takeOver, stepDown);
        long period = Math.max(100, ttl.toMillis() / 3);
        // the future is only ever cancelled by shutting the executor down; tick() lets no exception escape
        ScheduledFuture<?> unused =
                failover.renewals.scheduleWithFixedDelay(failover::tick, 0, period, TimeUnit.MILLISECONDS);
        return failover;
    }

    private synchronized void tick() {
        long attempt = System.nanoTime();
        boolean acquired;
        boolean renewed = false;
        try {
            acquired = lease.tryAcquire();
            renewed = acquired;
            warned = false;
        } catch (SQLException | RuntimeException e) {
            if (!warned) {
                log.warn("coordinator lease: the database does not answer: {}", e.getMessage());
                warned = true;
            }
            // keep the role only while the lease surely has not expired at the database
            acquired = holding && System.nanoTime() - lastRenewal < ttl.toNanos() * 2 / 3;
        }
        if (renewed) {
            lastRenewal = attempt;
        }
        if (acquired && !holding) {
            holding = true;
            log.info("coordinator lease acquired by {}: this member is now the coordinator", lease.holder());
            transitions.execute(takeOver);
        } else if (!acquired && holding) {
            holding = false;
            log.warn("coordinator lease lost by {}: stopping the coordinator's services", lease.holder());
            transitions.execute(stepDown);
        }
    }

    /** True while this member holds the lease. */
    synchronized boolean holding() {
        return holding;
    }

    /** Stops competing; when holding, closes the services and releases the lease for a standby at once. */
    @Override
    public void close() {
        renewals.shutdownNow();
        awaitQuietly(renewals);
        boolean held;
        synchronized (this) {
            held = holding;
            holding = false;
        }
        if (held) {
            transitions.execute(stepDown);
        }
        transitions.shutdown();
        awaitQuietly(transitions);
        if (held) {
            try {
                lease.release();
            } catch (SQLException e) {
                log.warn("coordinator lease not released (it expires in {} s): {}", ttl.toSeconds(), e.getMessage());
            }
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            executor.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
