package org.slmcluster.runtime.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.slmcluster.runtime.http.Responses.Style;

/**
 * The URL space: {@code /api/v1/...} (platform), {@code /v1/...} (OpenAI-compatible), {@code /metrics}.
 * With tokens configured every route needs one of a role that allows it ({@link AccessPolicy}); bodies are read
 * up to the configured size; every error, including unknown paths and wrong methods, has the JSON shape of
 * its part of the API.
 */
final class ApiRoutes extends AllDirectives {

    private static final long BODY_READ_TIMEOUT_MILLIS = 30_000;
    private static final String UI_RESOURCES = "slm-ui";

    private final ApiSettings settings;
    private final PlatformApi platform;
    private final OpenAiApi openAi;
    private final ApiMetrics metrics;
    private final ClusterGateway gateway;
    private final AccessPolicy access;
    private final JobsApi jobs;
    private final PrometheusTargets targets;
    private final ScoreGauges scores;
    private final AdmissionLimit admission;
    private final MemberHealth hosts;
    private final LifecycleApi lifecycle;
    private final SchedulesApi schedules;

    ApiRoutes(
            ApiSettings settings,
            PlatformApi platform,
            OpenAiApi openAi,
            ApiMetrics metrics,
            ClusterGateway gateway,
            JobsApi jobs,
            AdmissionLimit admission,
            LifecycleApi lifecycle,
            SchedulesApi schedules,
            Optional<SSLContext> tls) {
        this.schedules = schedules;
        this.jobs = jobs;
        this.admission = admission;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.platform = platform;
        this.openAi = openAi;
        this.metrics = metrics;
        this.gateway = gateway;
        this.access = settings.policy();
        this.targets = new PrometheusTargets(gateway);
        this.scores = new ScoreGauges(jobs::views, jobs::latestVersion, jobs::latestDrift);
        this.hosts = new MemberHealth(gateway, tls);
    }

    Route route() {
        return mapResponse(
                this::counted,
                () -> handleExceptions(
                        exceptions(Style.PLATFORM),
                        () -> handleRejections(
                                rejections(Style.PLATFORM),
                                () -> concat(
                                        pathPrefix(segment("api").slash("v1"), this::platformRoutes),
                                        pathPrefix("ui", this::uiRoutes),
                                        pathPrefix(
                                                "v1",
                                                () -> handleExceptions(
                                                        exceptions(Style.OPENAI),
                                                        () -> handleRejections(
                                                                rejections(Style.OPENAI), this::openAiRoutes))),
                                        path(
                                                "metrics",
                                                () -> get(() -> authorized(
                                                        Style.PLATFORM,
                                                        AccessRole.READ,
                                                        () -> respond(Style.PLATFORM, this::metrics))))))));
    }

    private Route platformRoutes() {
        return concat(
                path("nodes", () -> get(() -> read(Style.PLATFORM, platform::nodes))),
                path("topology", () -> get(() -> read(Style.PLATFORM, () -> done(platform.topology())))),
                path("models", () -> get(() -> read(Style.PLATFORM, platform::models))),
                path(
                        "tasks",
                        () -> post(() -> authorized(
                                Style.PLATFORM,
                                AccessRole.GENERATE,
                                () -> admitted(Style.PLATFORM, platform::submitTask)))),
                path(
                        segment("tasks").slash(segment()),
                        id -> get(() -> authorized(
                                Style.PLATFORM,
                                AccessRole.GENERATE,
                                () -> respond(Style.PLATFORM, () -> done(platform.task(id)))))),
                path(
                        segment("prometheus").slash("targets"),
                        () -> get(() -> read(Style.PLATFORM, () -> targets.list(PlatformApi.STATUS_TIMEOUT)))),
                path(
                        "hosts",
                        () -> get(() -> optionalHeaderValueByName(
                                "Authorization",
                                authorization -> read(
                                        Style.PLATFORM, () -> hosts.list(PlatformApi.STATUS_TIMEOUT, authorization))))),
                jobRoutes(),
                ledgerRoutes(),
                lifecycleRoutes(),
                scheduleRoutes());
    }

    /** Scheduled evaluation (issue 15): reads need a read token, changes an admin token. */
    private Route scheduleRoutes() {
        if (schedules == null) {
            return reject();
        }
        return concat(
                path(
                        "schedules",
                        () -> concat(
                                get(() -> read(Style.PLATFORM, schedules::list)),
                                post(() -> authorized(
                                        Style.PLATFORM,
                                        AccessRole.ADMIN,
                                        () -> withBody(Style.PLATFORM, schedules::add))))),
                path(
                        segment("schedules").slash(segment()),
                        id -> delete(() -> authorized(
                                Style.PLATFORM,
                                AccessRole.ADMIN,
                                () -> respond(Style.PLATFORM, () -> schedules.remove(id))))));
    }

    /** The model store and placements (issue 15): reads need a read token, changes an admin token. */
    private Route lifecycleRoutes() {
        if (lifecycle == null) {
            return reject();
        }
        return concat(
                path(
                        "store",
                        () -> concat(
                                get(() -> read(Style.PLATFORM, lifecycle::store)),
                                post(() -> authorized(
                                        Style.PLATFORM,
                                        AccessRole.ADMIN,
                                        () -> withBody(Style.PLATFORM, lifecycle::add))))),
                path(
                        segment("store").slash(segment()).slash(segment()),
                        (name, version) -> delete(() -> authorized(
                                Style.PLATFORM,
                                AccessRole.ADMIN,
                                () -> respond(Style.PLATFORM, () -> lifecycle.remove(name, version))))),
                path("placements", () -> get(() -> read(Style.PLATFORM, lifecycle::placements))),
                path(
                        segment("placements").slash("deploy"),
                        () -> post(() -> authorized(
                                Style.PLATFORM, AccessRole.ADMIN, () -> withBody(Style.PLATFORM, lifecycle::deploy)))),
                path(
                        segment("placements").slash("undeploy"),
                        () -> post(() -> authorized(
                                Style.PLATFORM,
                                AccessRole.ADMIN,
                                () -> withBody(Style.PLATFORM, lifecycle::undeploy)))),
                path(
                        segment("placements").slash("rollout"),
                        () -> post(() -> authorized(
                                Style.PLATFORM, AccessRole.ADMIN, () -> withBody(Style.PLATFORM, lifecycle::rollout)))),
                path(
                        segment("placements").slash("rollout").slash(segment()),
                        id -> get(() -> read(Style.PLATFORM, () -> lifecycle.rolloutProgress(id)))),
                path(
                        segment("models").slash(segment()).slash("history"),
                        name -> get(() -> read(Style.PLATFORM, () -> lifecycle.history(name)))));
    }

    /**
     * The dashboard: static files from the classpath folder {@code slm-ui}, open to anyone (they hold no data;
     * the page asks for a token and sends it with its API calls). {@code /ui} redirects to {@code /ui/} so
     * that the page's relative links resolve.
     */
    private Route uiRoutes() {
        return get(() -> concat(
                pathEnd(() -> redirect(Uri.create("/ui/"), StatusCodes.MOVED_PERMANENTLY)),
                pathSingleSlash(() -> getFromResource(UI_RESOURCES + "/index.html")),
                getFromResourceDirectory(UI_RESOURCES)));
    }

    private Route jobRoutes() {
        return concat(
                path(
                        "jobs",
                        () -> concat(
                                get(() -> read(Style.PLATFORM, jobs::list)),
                                post(() -> authorized(
                                        Style.PLATFORM,
                                        AccessRole.ADMIN,
                                        () -> withBody(Style.PLATFORM, jobs::start))))),
                path(
                        segment("jobs").slash(segment()),
                        id -> concat(
                                get(() -> read(Style.PLATFORM, () -> jobs.show(id))),
                                delete(() -> authorized(
                                        Style.PLATFORM,
                                        AccessRole.ADMIN,
                                        () -> respond(Style.PLATFORM, () -> jobs.cancel(id)))))),
                path(
                        segment("jobs").slash(segment()).slash("resume"),
                        id -> post(() -> authorized(
                                Style.PLATFORM,
                                AccessRole.ADMIN,
                                () -> respond(Style.PLATFORM, () -> jobs.resume(id))))));
    }

    private Route ledgerRoutes() {
        return concat(
                path("ledgers", () -> get(() -> read(Style.PLATFORM, jobs::ledgers))),
                path(
                        segment("ledgers").slash(segment()),
                        model -> get(() -> read(Style.PLATFORM, () -> jobs.ledger(model)))),
                path(
                        segment("ledgers").slash(segment()).slash("history"),
                        model -> get(() -> read(Style.PLATFORM, () -> jobs.history(model)))),
                path(
                        segment("ledgers").slash(segment()).slash("baseline"),
                        model -> post(() -> authorized(
                                Style.PLATFORM,
                                AccessRole.ADMIN,
                                () -> withBody(Style.PLATFORM, body -> jobs.pinBaseline(model, body))))),
                path("alerts", () -> get(() -> read(Style.PLATFORM, jobs::alerts))),
                path(
                        "compare",
                        () -> get(() -> parameterOptional(
                                "a",
                                a -> parameterOptional("b", b -> read(Style.PLATFORM, () -> jobs.compare(a, b)))))));
    }

    private Route openAiRoutes() {
        return concat(
                path("models", () -> get(() -> read(Style.OPENAI, openAi::models))),
                path(
                        segment("chat").slash("completions"),
                        () -> post(() -> authorized(
                                Style.OPENAI,
                                AccessRole.GENERATE,
                                () -> admitted(Style.OPENAI, openAi::chatCompletions)))),
                path(
                        "completions",
                        () -> post(() -> authorized(
                                Style.OPENAI,
                                AccessRole.GENERATE,
                                () -> admitted(Style.OPENAI, openAi::completions)))));
    }

    private CompletionStage<HttpResponse> metrics() {
        return gateway.status(PlatformApi.STATUS_TIMEOUT)
                .handle((status, error) -> metrics.render(error == null ? status : null))
                .thenCombine(
                        scores.scrape(),
                        (api, scoreText) -> HttpResponse.create()
                                .withEntity(
                                        org.apache.pekko.http.javadsl.model.ContentTypes.parse(ApiMetrics.CONTENT_TYPE),
                                        (api + scoreText).getBytes(StandardCharsets.UTF_8)));
    }

    // ---- building blocks

    /** Runs {@code work}; whatever it throws, now or later, becomes an error response in {@code style}. */
    private Route respond(Style style, Supplier<CompletionStage<HttpResponse>> work) {
        return extractRequest(request -> {
            CompletionStage<HttpResponse> response;
            try {
                response = work.get();
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            return completeWithFuture(response.exceptionally(error -> Responses.error(style, error)));
        });
    }

    private static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    /** Reads the whole body (up to the limit, else 413) and hands it to {@code handler}. */
    private Route withBody(Style style, Function<byte[], CompletionStage<HttpResponse>> handler) {
        return extractRequestEntity(entity -> extractMaterializer(materializer ->
                respond(style, () -> readBody(entity, materializer).thenCompose(handler))));
    }

    /**
     * As {@link #withBody} for a generation request, within the {@link AdmissionLimit}: over it, 429 at once
     * (the body unread); under it, the permit is held until the answer has been sent (a stream until its end).
     */
    private Route admitted(Style style, Function<byte[], CompletionStage<HttpResponse>> handler) {
        return extractRequestEntity(entity -> extractMaterializer(materializer -> respond(style, () -> {
            var permit = admission.tryAcquire();
            if (permit.isEmpty()) {
                entity.discardBytes(materializer);
                throw admission.refusal();
            }
            CompletionStage<HttpResponse> answer;
            try {
                answer = readBody(entity, materializer).thenCompose(handler);
            } catch (RuntimeException e) {
                permit.get().release();
                throw e;
            }
            return answer.whenComplete((response, error) -> {
                        if (error != null) {
                            permit.get().release();
                        }
                    })
                    .thenApply(response -> permit.get().releaseAfter(response));
        })));
    }

    private CompletionStage<byte[]> readBody(HttpEntity entity, Materializer materializer) {
        long limit = settings.maxBodyBytes();
        if (entity.getContentLengthOption().isPresent()
                && entity.getContentLengthOption().getAsLong() > limit) {
            // Read the rest away first, so the client sees the 413 instead of a reset connection.
            return entity.discardBytes(materializer).completionStage().handle((ignored, error) -> {
                throw ApiError.payloadTooLarge(limit);
            });
        }
        return entity.withSizeLimit(limit)
                .toStrict(BODY_READ_TIMEOUT_MILLIS, materializer)
                .handle((strict, error) -> {
                    if (error == null) {
                        return strict.getData().toArray();
                    }
                    Throwable cause =
                            error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                                    ? error.getCause()
                                    : error;
                    if (cause instanceof EntityStreamSizeException) {
                        throw ApiError.payloadTooLarge(limit);
                    }
                    throw ApiError.badRequest("the request body could not be read: " + cause.getMessage());
                });
    }

    /** A GET any token may do (and anyone, with {@code slm.http.auth = mutating}). */
    private Route read(Style style, Supplier<CompletionStage<HttpResponse>> work) {
        return authorized(style, AccessRole.READ, () -> respond(style, work));
    }

    /**
     * With tokens configured: {@code Authorization: Bearer <token>} of a role including {@code needed}, else
     * 401 (no or an unknown token) or 403 (a lesser role); compared by hash in constant time.
     */
    private Route authorized(Style style, AccessRole needed, Supplier<Route> inner) {
        if (!access.protects()) {
            return inner.get();
        }
        return optionalHeaderValueByName(
                "Authorization",
                header -> access.check(header, needed)
                        .map(refusal -> complete(Responses.error(style, refusal)))
                        .orElseGet(inner));
    }

    private RejectionHandler rejections(Style style) {
        return RejectionHandler.newBuilder()
                .handleAll(MethodRejection.class, rejected -> {
                    String allowed = rejected.stream()
                            .map(r -> r.supported().name())
                            .distinct()
                            .collect(Collectors.joining(", "));
                    return complete(
                            Responses.error(style, ApiError.methodNotAllowed("method not allowed here; use " + allowed))
                                    .addHeader(Allow.create(rejected.stream()
                                            .map(MethodRejection::supported)
                                            .distinct()
                                            .toArray(org.apache.pekko.http.javadsl.model.HttpMethod[]::new))));
                })
                .handleAll(
                        Rejection.class,
                        rejected ->
                                complete(Responses.error(style, ApiError.badRequest("request rejected: " + rejected))))
                .handleNotFound(extractUnmatchedPath(path -> extractRequest(request -> complete(Responses.error(
                        style,
                        ApiError.notFound(
                                "no such endpoint: " + request.method().value() + " "
                                        + request.getUri().path()))))))
                .build();
    }

    private ExceptionHandler exceptions(Style style) {
        return ExceptionHandler.newBuilder()
                .matchAny(error -> complete(Responses.error(style, error)))
                .build();
    }

    private HttpResponse counted(HttpResponse response) {
        metrics.responded(response.status().intValue());
        return response;
    }
}
