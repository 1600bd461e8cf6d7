package org.elasticsearch.node;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.MockPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.Collection;

/**
 * A production {@link Node} whose plugins are classes on the JVM classpath instead of
 * module/plugin directories (the distribution's layout). Lives in {@code org.elasticsearch.node}
 * because {@link NodeConstruction} and {@link NodeServiceProvider} are package-private.
 *
 * <p>Unlike the test framework's MockNode it swaps in no mock services (search, transport,
 * big-arrays, ...): only plugin discovery differs. It reuses MockPluginsService, which has no
 * test-runner dependencies, to instantiate the classpath plugins.
 */
public class ClasspathPluginsNode extends Node {

    public ClasspathPluginsNode(Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader pluginsLoader) {
                return new MockPluginsService(env.settings(), env, classpathPlugins);
            }
        }, true));
    }
}
