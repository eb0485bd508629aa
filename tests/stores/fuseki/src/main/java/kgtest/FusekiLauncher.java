package kgtest;

import java.io.InputStream;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;

/**
 * Test launcher: Fuseki on 127.0.0.1:PORT (0 = any free port) with one in-memory,
 * transactional, updatable dataset at /ds.
 *
 * Usage: java -cp ... kgtest.FusekiLauncher PORT
 * Prints "READY http://127.0.0.1:PORT/ds" when it serves; stops when stdin closes.
 */
public final class FusekiLauncher {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        DatasetGraph dsg = DatasetGraphFactory.createTxnMem();
        FusekiServer server = FusekiServer.create()
                .loopback(true)
                .port(port)
                .add("/ds", dsg, true)
                .build();
        server.start();
        System.out.println("READY http://127.0.0.1:" + server.getHttpPort() + "/ds");
        System.out.flush();
        InputStream in = System.in;
        while (in.read() != -1) { /* wait for stdin to close */ }
        server.stop();
        System.exit(0);
    }
}
