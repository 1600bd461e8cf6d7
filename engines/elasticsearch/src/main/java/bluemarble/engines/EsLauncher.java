package bluemarble.engines;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathPluginsNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts one Elasticsearch node in this JVM for development and CI (never production).
 *
 * <p>The server jar and the transport-netty4 HTTP plugin come from Maven Central; plugins are
 * classes on the classpath (see {@link ClasspathPluginsNode}). The node home mirrors the
 * distribution's layout:
 * <pre>
 *   &lt;home&gt;/config   copied from engines/elasticsearch/config on every start
 *   &lt;home&gt;/data     path.data
 *   &lt;home&gt;/logs     path.logs
 *   &lt;home&gt;/snapshots  path.repo (filesystem snapshot repositories; npm run backup)
 * </pre>
 *
 * <p>System properties (set by scripts/engines/elasticsearch.sh):
 * <ul>
 *   <li>{@code bluemarble.es.home} - the node home (default {@code .data/elasticsearch})</li>
 *   <li>{@code bluemarble.es.config} - folder with elasticsearch.yml and log4j2.properties</li>
 *   <li>{@code es.setting.<key>=<value>} - overrides any node setting</li>
 * </ul>
 * SIGTERM (or Ctrl-C) closes the node cleanly.
 */
public final class EsLauncher {

    /** Classpath plugins; a class whose jar is absent is skipped with a note. */
    private static final String[] PLUGINS = {
        "org.elasticsearch.transport.netty4.Netty4Plugin",
        "bluemarble.engines.DevExtrasPlugin",
    };

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("bluemarble.es.home", ".data/elasticsearch")).toAbsolutePath();
        Path configDir = home.resolve("config");
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("snapshots"));
        Files.createDirectories(configDir);
        String configSource = System.getProperty("bluemarble.es.config");
        if (configSource != null) {
            copyConfig(Path.of(configSource), configDir);
        }

        Settings.Builder overrides = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("path.repo", home.resolve("snapshots").toString());
        System.getProperties().stringPropertyNames().stream()
            .filter(k -> k.startsWith("es.setting."))
            .forEach(k -> overrides.put(k.substring("es.setting.".length()), System.getProperty(k)));

        LogConfigurator.registerErrorListener();
        // Reads <config>/elasticsearch.yml, then applies the overrides above.
        Environment env = InternalSettingsPreparer.prepareEnvironment(
            overrides.build(), Map.of(), configDir, () -> "bluemarble-es-1");
        LogConfigurator.setNodeName(env.settings().get("node.name", "bluemarble-es-1"));
        LogConfigurator.setClusterName(env.settings().get("cluster.name", "bluemarble"));
        LogConfigurator.configure(env, true);

        List<Class<? extends Plugin>> plugins = new ArrayList<>();
        for (String name : PLUGINS) {
            try {
                plugins.add(Class.forName(name).asSubclass(Plugin.class));
            } catch (ClassNotFoundException e) {
                System.err.println("[EsLauncher] plugin not on classpath, skipped: " + name);
            }
        }

        Node node = new ClasspathPluginsNode(env, plugins);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("[EsLauncher] stopping node");
            try {
                node.prepareForClose();
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
                System.err.println("[EsLauncher] node closed");
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "es-shutdown"));
        node.start();
        System.err.println("[EsLauncher] node started: http://" + env.settings().get("network.host", "127.0.0.1")
            + ":" + env.settings().get("http.port", "9200"));
        closed.await();
    }

    private static void copyConfig(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
