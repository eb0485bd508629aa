package kgtest;

import java.io.InputStream;
import java.nio.file.Path;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Test launcher: an embedded Neo4j 5 community DBMS with Bolt on 127.0.0.1:PORT, auth on.
 *
 * Usage: java -cp ... kgtest.Neo4jServer HOME_DIR PORT
 * The password of user neo4j is read from the environment variable NEO4J_TEST_PASSWORD.
 * Prints "READY bolt://127.0.0.1:PORT" when it accepts connections; stops when its
 * standard input closes (so it dies with the test process that started it).
 */
public final class Neo4jServer {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv().getOrDefault("NEO4J_TEST_PASSWORD", "kg-test-password");
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(512))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", java.util.Map.of("pw", password));
        } catch (RuntimeException e) {
            // a restart on the same data: the password is already set (Neo4j refuses to set
            // the same one again)
            System.err.println("password not changed: " + e.getMessage());
        }
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        InputStream in = System.in;
        while (in.read() != -1) { /* wait for stdin to close */ }
        dbms.shutdown();
        System.exit(0);
    }
}
