package bluemarble.engines;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.Build;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.support.WriteRequest;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.xcontent.XContentFactory;
import org.elasticsearch.xcontent.XContentType;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.bytes.BytesArray;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Small stand-ins, written for BlueMarble's dev/CI node, for a few things the Elasticsearch
 * distribution ships as modules that are not published to Maven Central:
 * <ul>
 *   <li>{@code GET /} and {@code HEAD /} (module rest-root): node/cluster/version info, used by
 *       {@code client.info()} and {@code client.ping()}.</li>
 *   <li>{@code POST /{index}/_delete_by_query} (module reindex), simplified: synchronous, batches of
 *       1000 (search, then bulk delete with refresh), version conflicts are skipped. Handy for
 *       cleaning test data; production uses the real API.</li>
 *   <li>Token filters {@code asciifolding}, {@code edge_ngram}, {@code ngram} and tokenizers
 *       {@code edge_ngram}, {@code ngram} (module analysis-common), straight from Lucene.</li>
 * </ul>
 * Production clusters run the real distribution, where these come from the real modules.
 */
public class DevExtrasPlugin extends Plugin implements ActionPlugin, AnalysisPlugin {

    private final Settings settings;
    private volatile ClusterService clusterService;

    public DevExtrasPlugin(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Collection<?> createComponents(PluginServices services) {
        this.clusterService = services.clusterService();
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        RestHandlersServices services,
        Supplier<org.elasticsearch.cluster.node.DiscoveryNodes> nodesInCluster,
        Predicate<org.elasticsearch.features.NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootInfoHandler(), new DeleteByQueryHandler());
    }

    private final class RootInfoHandler extends BaseRestHandler {
        @Override
        public String getName() {
            return "bluemarble_root_info";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            if (request.method() == RestRequest.Method.HEAD) {
                return channel -> channel.sendResponse(new RestResponse(RestStatus.OK, RestResponse.TEXT_CONTENT_TYPE, BytesArray.EMPTY));
            }
            return channel -> {
                Build build = Build.current();
                XContentBuilder b = channel.newBuilder();
                b.startObject();
                b.field("name", settings.get("node.name", "bluemarble-es-1"));
                b.field("cluster_name", settings.get("cluster.name", "bluemarble"));
                b.field("cluster_uuid", clusterService == null ? "_na_" : clusterService.state().metadata().clusterUUID());
                b.startObject("version");
                b.field("number", build.qualifiedVersion());
                b.field("build_flavor", build.flavor());
                b.field("build_type", build.type().displayName());
                b.field("build_hash", build.hash());
                b.field("build_date", build.date());
                b.field("build_snapshot", build.isSnapshot());
                b.field("lucene_version", org.apache.lucene.util.Version.LATEST.toString());
                b.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
                b.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
                b.endObject();
                b.field("tagline", "You Know, for Search");
                b.endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, b));
            };
        }
    }

    private static final class DeleteByQueryHandler extends BaseRestHandler {
        private static final int BATCH = 1000;
        private static final int MAX_BATCHES = 10_000;

        @Override
        public String getName() {
            return "bluemarble_delete_by_query";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.POST, "/{index}/_delete_by_query"));
        }

        @Override
        @SuppressWarnings("unchecked")
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws java.io.IOException {
            String[] indices = Strings.splitStringByCommaToArray(request.param("index"));
            boolean refresh = request.paramAsBoolean("refresh", false);
            request.param("conflicts");
            request.param("wait_for_completion");
            request.param("slices");
            request.param("scroll_size");
            request.param("ignore_unavailable");
            request.param("allow_no_indices");
            QueryBuilder query = QueryBuilders.matchAllQuery();
            if (request.hasContent()) {
                Map<String, Object> body = XContentHelper.convertToMap(request.content(), false, request.getXContentType()).v2();
                Object q = body.get("query");
                if (q instanceof Map<?, ?> m) {
                    BytesReference json = BytesReference.bytes(XContentFactory.jsonBuilder().map((Map<String, ?>) m));
                    query = QueryBuilders.wrapperQuery(json);
                }
            }
            final QueryBuilder finalQuery = query;
            return channel -> new Run(client, channel, indices, finalQuery, refresh).next();
        }

        private static final class Run {
            final NodeClient client;
            final RestChannel channel;
            final String[] indices;
            final QueryBuilder query;
            final boolean refresh;
            final long start = System.currentTimeMillis();
            long total;
            long deleted;
            long conflicts;
            int batches;
            final List<String> failures = new ArrayList<>();

            Run(NodeClient client, RestChannel channel, String[] indices, QueryBuilder query, boolean refresh) {
                this.client = client;
                this.channel = channel;
                this.indices = indices;
                this.query = query;
                this.refresh = refresh;
            }

            void next() {
                SearchRequest search = new SearchRequest(indices).source(
                    new SearchSourceBuilder().query(query).size(BATCH).fetchSource(false).sort("_doc").trackTotalHits(batches == 0)
                );
                client.search(search, ActionListener.wrap(resp -> {
                    if (batches == 0 && resp.getHits().getTotalHits() != null) {
                        total = resp.getHits().getTotalHits().value();
                    }
                    SearchHit[] hits = resp.getHits().getHits();
                    if (hits.length == 0 || batches >= MAX_BATCHES) {
                        finish();
                        return;
                    }
                    BulkRequest bulk = new BulkRequest();
                    for (SearchHit h : hits) {
                        bulk.add(new DeleteRequest(h.getIndex(), h.getId()));
                    }
                    // Refresh every batch so the next search no longer sees deleted documents.
                    bulk.setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
                    batches++;
                    client.bulk(bulk, ActionListener.wrap(br -> {
                        long before = deleted;
                        for (BulkItemResponse item : br) {
                            if (item.isFailed()) {
                                if (item.getFailure().getStatus() == RestStatus.CONFLICT) {
                                    conflicts++;
                                } else {
                                    failures.add(item.getFailureMessage());
                                }
                            } else if (item.getResponse().getResult() == org.elasticsearch.action.DocWriteResponse.Result.DELETED) {
                                deleted++;
                            }
                        }
                        if (deleted == before || failures.isEmpty() == false) {
                            finish(); // no progress or hard failures: stop instead of looping
                        } else {
                            next();
                        }
                    }, this::fail));
                }, this::fail));
            }

            void finish() {
                try {
                    XContentBuilder b = channel.newBuilder();
                    b.startObject();
                    b.field("took", System.currentTimeMillis() - start);
                    b.field("timed_out", false);
                    b.field("total", Math.max(total, deleted));
                    b.field("deleted", deleted);
                    b.field("batches", batches);
                    b.field("version_conflicts", conflicts);
                    b.field("noops", 0);
                    b.startObject("retries").field("bulk", 0).field("search", 0).endObject();
                    b.field("throttled_millis", 0);
                    b.field("requests_per_second", -1.0);
                    b.field("throttled_until_millis", 0);
                    b.startArray("failures");
                    for (String f : failures) {
                        b.startObject().field("cause", f).endObject();
                    }
                    b.endArray();
                    b.endObject();
                    channel.sendResponse(new RestResponse(failures.isEmpty() ? RestStatus.OK : RestStatus.INTERNAL_SERVER_ERROR, b));
                } catch (Exception e) {
                    fail(e);
                }
            }

            void fail(Exception e) {
                try {
                    channel.sendResponse(new RestResponse(channel, e));
                } catch (java.io.IOException io) {
                    io.addSuppressed(e);
                    throw new java.io.UncheckedIOException(io);
                }
            }
        }
    }

    // ---- analysis ---------------------------------------------------------------------------

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", (indexSettings, env, name, s) -> new AbstractTokenFilterFactory(name) {
                private final boolean preserveOriginal = s.getAsBoolean("preserve_original", false);

                @Override
                public TokenStream create(TokenStream in) {
                    return new ASCIIFoldingFilter(in, preserveOriginal);
                }
            },
            "edge_ngram", (indexSettings, env, name, s) -> new AbstractTokenFilterFactory(name) {
                private final int min = s.getAsInt("min_gram", 1);
                private final int max = s.getAsInt("max_gram", 2);
                private final boolean preserveOriginal = s.getAsBoolean("preserve_original", false);

                @Override
                public TokenStream create(TokenStream in) {
                    return new EdgeNGramTokenFilter(in, min, max, preserveOriginal);
                }
            },
            "ngram", (indexSettings, env, name, s) -> new AbstractTokenFilterFactory(name) {
                private final int min = s.getAsInt("min_gram", 1);
                private final int max = s.getAsInt("max_gram", 2);
                private final boolean preserveOriginal = s.getAsBoolean("preserve_original", false);

                @Override
                public TokenStream create(TokenStream in) {
                    return new NGramTokenFilter(in, min, max, preserveOriginal);
                }
            }
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "edge_ngram", (indexSettings, env, name, s) -> new AbstractTokenizerFactory(name) {
                private final int min = s.getAsInt("min_gram", 1);
                private final int max = s.getAsInt("max_gram", 2);

                @Override
                public Tokenizer create() {
                    return new EdgeNGramTokenizer(min, max);
                }
            },
            "ngram", (indexSettings, env, name, s) -> new AbstractTokenizerFactory(name) {
                private final int min = s.getAsInt("min_gram", 1);
                private final int max = s.getAsInt("max_gram", 2);

                @Override
                public Tokenizer create() {
                    return new NGramTokenizer(min, max);
                }
            }
        );
    }
}
