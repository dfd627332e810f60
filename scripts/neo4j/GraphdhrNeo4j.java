/*
 * GraphdhrNeo4j -- a real Neo4j Community 5 server (embedded DatabaseManagementService
 * with the Bolt connector) for tests and CI on machines without Docker.
 *
 * Normally started by scripts/neo4j-local, which fetches the jars from Maven Central.
 * Run by hand (source-launch mode, Java 17+):
 *
 *   GRAPHDHR_NEO4J_HOME=/some/dir NEO4J_PORT=7687 NEO4J_PASSWORD=... \
 *     java -cp "<lib>/*" scripts/neo4j/GraphdhrNeo4j.java
 *
 * Environment (the only input; no command-line arguments are read):
 *   GRAPHDHR_NEO4J_HOME  Neo4j home: data/ and logs/ (debug.log) go below it. Required.
 *   NEO4J_PORT           Bolt port, bound to 127.0.0.1. Default 7687.
 *   NEO4J_PASSWORD       Password set for user "neo4j" at every start (8+ characters).
 *                        Required. Read from the environment only; never printed or logged.
 *   NEO4J_PAGECACHE      Page cache size, e.g. "64m", "1g". Default 64m.
 *   NEO4J_TX_MEMORY      Max memory for all running transactions, e.g. "512m". Default: Neo4j's.
 *   NEO4J_CONF_FILE      Optional neo4j.conf-style file with extra settings (loaded first;
 *                        the settings above win).
 *   GRAPHDHR_NEO4J_PARENT_PID  Optional: shut down when this process ends.
 * Heap: pass -Xmx etc. to the java command (scripts/neo4j-local uses $JAVA_OPTS).
 *
 * Prints exactly one line starting with "graphdhr-neo4j ready" to stdout once Bolt accepts
 * connections and the password is in place. Stops cleanly on SIGTERM / SIGINT.
 */

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.auth.FileUserRepository;
import org.neo4j.server.security.auth.LegacyCredential;

public class GraphdhrNeo4j {
    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        String homeEnv = env("GRAPHDHR_NEO4J_HOME", null);
        if (homeEnv == null) {
            fail("GRAPHDHR_NEO4J_HOME is not set");
        }
        int port = parsePort(env("NEO4J_PORT", "7687"));
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            fail("NEO4J_PASSWORD is not set (the password comes from the environment only)");
        }
        if (password.length() < 8) {
            fail("NEO4J_PASSWORD must have at least 8 characters");
        }

        Path home = Path.of(homeEnv).toAbsolutePath();
        Files.createDirectories(home);

        // A fresh home gets the password before anything starts (like `neo4j-admin dbms
        // set-initial-password`), so the default neo4j/neo4j login never exists; an existing
        // home gets it via ALTER USER after start.
        boolean fresh = !Files.exists(home.resolve("data").resolve("databases").resolve("system"));
        if (fresh) {
            writeInitialPassword(home, password);
        }

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        String confFile = env("NEO4J_CONF_FILE", null);
        if (confFile != null) {
            builder.loadPropertiesFromFile(Path.of(confFile));
        }
        builder.setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Bolt waits 5 s + 5 s for idle worker threads / connections when stopping; with
                // no clients left that is dead time, so keep it short.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(250))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(250))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // no usage reports leave the machine
                .setConfig(GraphDatabaseSettings.pagecache_memory, bytes(env("NEO4J_PAGECACHE", "64m")));
        String txMemory = env("NEO4J_TX_MEMORY", null);
        if (txMemory != null) {
            builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, bytes(txMemory));
        }

        long t0 = System.nanoTime();
        final DatabaseManagementService dbms;
        try {
            dbms = builder.build();
        } catch (Throwable e) {
            System.err.println("graphdhr-neo4j: failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("graphdhr-neo4j stopping");
            try {
                dbms.shutdown();
            } catch (Throwable e) {
                System.err.println("graphdhr-neo4j: error during shutdown: " + e);
            }
            System.out.println("graphdhr-neo4j stopped");
            System.out.flush();
            stopped.countDown();
        }, "graphdhr-neo4j-shutdown"));

        try {
            if (fresh) {
                // Read once while creating the system database; the (hashed) copy is no longer needed.
                Files.deleteIfExists(home.resolve("data").resolve("dbms").resolve("auth.ini"));
            } else {
                setPassword(dbms, password);
            }
            password = null;
            waitForBolt(port, 60_000);
        } catch (Throwable e) {
            // Never include the password: messages below come from Neo4j, which does not echo it.
            System.err.println("graphdhr-neo4j: failed to initialise: " + e.getMessage());
            System.exit(1);
            return;
        }
        watchParent(env("GRAPHDHR_NEO4J_PARENT_PID", null));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("graphdhr-neo4j ready bolt://" + HOST + ":" + port + " (started in " + ms + " ms, home "
                + home + ")");
        System.out.flush();
        stopped.await(); // the shutdown hook releases it; the JVM then exits
    }

    /** Writes data/dbms/auth.ini, read once when the system database is first created. */
    private static void writeInitialPassword(Path home, String password) throws Exception {
        Path dir = home.resolve("data").resolve("dbms");
        Files.createDirectories(dir);
        Path file = dir.resolve("auth.ini");
        Files.deleteIfExists(file);
        try (DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
            FileUserRepository repo =
                    new FileUserRepository(fs, file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            repo.start();
            repo.create(new User("neo4j", null, LegacyCredential.forPassword(password), false, false));
            repo.shutdown();
        }
    }

    /** Sets the password of the built-in "neo4j" user (embedded transactions run with full rights). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED",
                    Map.of("pw", password));
        } catch (RuntimeException e) {
            // Restarting on an existing home with the same password: Neo4j refuses to "change" a
            // password to itself. Then the password is already right; just clear the change flag.
            String msg = String.valueOf(e.getMessage()) + " " + String.valueOf(e.getCause());
            if (!msg.contains("Old password and new password cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    /** Stops the server when the given process ends (`neo4j-local run` killed with SIGKILL, ...). */
    private static void watchParent(String pidText) {
        if (pidText == null) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(pidText.trim());
        } catch (NumberFormatException e) {
            System.err.println("graphdhr-neo4j: ignoring GRAPHDHR_NEO4J_PARENT_PID=" + pidText);
            return;
        }
        ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.out.println("graphdhr-neo4j: process " + pid + " ended; shutting down");
                    System.exit(0); // runs the shutdown hook
                }),
                () -> {
                    System.out.println("graphdhr-neo4j: process " + pid + " is gone; shutting down");
                    System.exit(0);
                });
    }

    private static void waitForBolt(int port, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("Bolt did not open port " + port + " in time", e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static long bytes(String value) {
        return ByteUnit.parse(value.trim());
    }

    private static int parsePort(String value) {
        try {
            int p = Integer.parseInt(value.trim());
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        fail("NEO4J_PORT is not a valid port: " + value);
        return -1;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private static void fail(String message) {
        System.err.println("graphdhr-neo4j: " + message);
        System.exit(2);
    }
}
