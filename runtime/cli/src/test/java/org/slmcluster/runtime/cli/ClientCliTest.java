package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.SlmRuntime;
import org.slmcluster.runtime.client.ClientException;
import org.slmcluster.runtime.client.ManagementClient;
import org.slmcluster.runtime.http.ApiSettings;
import org.slmcluster.runtime.http.ManagementServer;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.IntegrationTest;
import picocli.CommandLine;

/**
 * The client commands ({@code submit}, {@code nodes}, {@code models}, {@code jobs}, {@code ledger}) over real
 * HTTP against one running 3-member cluster (stories260K on node 1) with the API and the job manager, and
 * their exit codes: 0 ok, 2 bad input or refused request, 3 nothing listening.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@IntegrationTest
class ClientCliTest {

    static final String MODEL = "stories260k";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    static SlmRuntime runtime;
    static String url;
    static String jobId;

    @BeforeAll
    static void start() {
        // The coordinator's API answers "task":"rag" from collections under this data dir.
        System.setProperty("slm.data.dir", data.toString());
        runtime = SlmRuntime.builder()
                .topology(2, 1)
                .model(ModelSpec.llamaCpp(MODEL, "stories260K.gguf", null).withContextSize(2048))
                .place("1", MODEL)
                .settings("pekko.cluster.seed-node-timeout = 3s\npekko.cluster.retry-unsuccessful-join-after = 2s\n")
                .dataDir(data)
                .serveApi(ApiSettings.defaults().withPort(0))
                .start();
        url = runtime.apiUrl().orElseThrow().toString();
    }

    @AfterAll
    static void stop() {
        System.clearProperty("slm.data.dir");
        if (runtime != null) {
            runtime.close();
        }
    }

    /** What a run printed and returned. */
    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    /**
     * Runs the CLI as {@code SlmCli.run} does, with the client commands registered when SlmCli does not list
     * them yet.
     */
    static synchronized Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CommandLine commandLine = new CommandLine(new SlmCli());
            for (Object command :
                    new Object[] {new SubmitCommand(), new NodesCommand(), new JobsCommand(), new LedgerCommand()}) {
                String name = command.getClass()
                        .getAnnotation(CommandLine.Command.class)
                        .name();
                if (!commandLine.getSubcommands().containsKey(name)) {
                    commandLine.addSubcommand(command);
                }
            }
            int code = commandLine
                    .setCaseInsensitiveEnumValuesAllowed(true)
                    .setErr(new PrintWriter(System.err, true))
                    .setExecutionExceptionHandler((ex, line, parseResult) -> {
                        if (ex instanceof CliFailure failure) {
                            line.getErr().println(line.getCommandName() + ": " + failure.getMessage());
                            return failure.exitCode();
                        }
                        throw ex;
                    })
                    .execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    @Order(1)
    void submitPrintsTheAnswerAloneOnStdoutAndWhereItRanOnStderr() {
        Run run = cli("submit", "--url", url, "--model", MODEL, "--input", "Once upon a time", "--max-tokens", "12");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isNotEmpty();
        assertThat(run.err()).contains("[" + MODEL + " on node 1, 1 hops");
    }

    @Test
    @Order(2)
    void submitJsonIsTheServersTaskRecord() {
        Run run = cli(
                "submit",
                "--url",
                url,
                "--model",
                MODEL,
                "--task",
                "summarize",
                "--input",
                "Tom had a red ball.",
                "--max-tokens",
                "8",
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = run.json();
        assertThat(json.path("status").asText()).isEqualTo("completed");
        assertThat(json.path("task").asText()).isEqualTo("summarize");
        assertThat(json.path("node").asText()).isEqualTo("1");
        assertThat(json.path("usage").path("completion_tokens").asInt()).isBetween(1, 8);
    }

    @Test
    @Order(3)
    void classifyReadsTheClassesFileAndRagTheContextFile(@TempDir Path temp) throws IOException {
        Path classes = Files.writeString(temp.resolve("classes.txt"), "# tickets\nbilling: money\ntechnical: bugs\n");
        Run classify = cli(
                "submit",
                "--url",
                url,
                "--model",
                MODEL,
                "--task",
                "classify",
                "--classes",
                classes.toString(),
                "--input",
                "My invoice is wrong",
                "--max-tokens",
                "4",
                "--json");
        assertThat(classify.exitCode()).as(classify.err()).isZero();
        assertThat(classify.json().path("output").isTextual()).isTrue();

        Path context =
                Files.writeString(temp.resolve("context.txt"), "The greenhouse is warm.\n\nIt has ten windows.\n");
        Run rag = cli(
                "submit",
                "--url",
                url,
                "--model",
                MODEL,
                "--task",
                "rag",
                "--context",
                context.toString(),
                "--input",
                "How many windows?",
                "--max-tokens",
                "4",
                "--json");
        assertThat(rag.exitCode()).as(rag.err()).isZero();
        assertThat(rag.json().path("task").asText()).isEqualTo("rag");
    }

    @Test
    @Order(3)
    void submitRagAnswersFromACollectionBuiltWithTheCli() {
        Path documents = repoRoot().resolve("suites/builtin/rag/documents");
        Run added = cli("collections", "add", "handbook", documents.toString(), "--data-dir", data.toString());
        assertThat(added.exitCode()).as(added.err()).isZero();

        Run rag = cli(
                "submit",
                "--url",
                url,
                "--model",
                MODEL,
                "--task",
                "rag",
                "--collection",
                "handbook",
                "--input",
                "Who maintains the weather station?",
                "--max-tokens",
                "8",
                "--json");
        assertThat(rag.exitCode()).as(rag.err()).isZero();
        JsonNode answer = rag.json();
        assertThat(answer.path("rag").path("collection").asText()).isEqualTo("handbook");
        assertThat(answer.path("rag").path("retrieved")).isNotEmpty();
        assertThat(answer.path("rag").path("retrieved").get(0).path("id").asText())
                .contains("#");
        assertThat(answer.path("output").isTextual()).isTrue();

        Run unknown = cli(
                "submit",
                "--url",
                url,
                "--model",
                MODEL,
                "--task",
                "rag",
                "--collection",
                "nowhere",
                "--input",
                "Anything?");
        assertThat(unknown.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(unknown.err()).contains("HTTP 404").contains("nowhere");
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("suites/builtin"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no suites/builtin above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    @Test
    @Order(4)
    void badInputExitsWithTwo(@TempDir Path temp) {
        Run unknownModel = cli("submit", "--url", url, "--model", "no-such-model", "--input", "hi");
        assertThat(unknownModel.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(unknownModel.err()).contains("HTTP 404").contains("no-such-model");

        Run noTarget = cli("submit", "--url", url, "--model", MODEL, "--task", "translate", "--input", "hi");
        assertThat(noTarget.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(noTarget.err()).contains("--target-language");

        Run missingFile = cli(
                "submit",
                "--url",
                url,
                "--model",
                MODEL,
                "--file",
                temp.resolve("absent.txt").toString());
        assertThat(missingFile.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(missingFile.err()).contains("absent.txt");

        Run both = cli("submit", "--url", url, "--model", MODEL, "--input", "a", "--file", "b");
        assertThat(both.exitCode()).isEqualTo(CliFailure.BAD_INPUT);

        Run noLedger = cli("ledger", "--url", url, "no-such-model");
        assertThat(noLedger.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(noLedger.err()).contains("no ledger for model 'no-such-model'");

        Run noJob = cli("jobs", "--url", url, "no-such-job");
        assertThat(noJob.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(noJob.err()).contains("no job 'no-such-job'");
    }

    @Test
    @Order(5)
    void nodesListsEveryMemberWithItsModels() {
        Run table = cli("nodes", "--url", url);
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("LABEL").contains("coordinator root, arity 2, depth 1");
        assertThat(table.out()
                        .lines()
                        .filter(line -> line.startsWith("1 "))
                        .findFirst()
                        .orElseThrow())
                .contains(MODEL)
                .contains("Up");

        JsonNode json = cli("nodes", "--url", url, "--json").json();
        assertThat(json.path("nodes")).hasSize(3);
    }

    @Test
    @Order(6)
    void modelsWithoutSubcommandShowsWhereEachModelRuns() {
        Run run = cli("models", "--url", url);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("MODEL");
        String row = run.out()
                .lines()
                .filter(line -> line.startsWith(MODEL))
                .findFirst()
                .orElseThrow();
        assertThat(row.split("\\s+")).containsSubsequence(MODEL, "llama-cpp", "1");
    }

    @Test
    @Order(7)
    void jobsStartsTheSmokeSuiteWaitsAndShowsScores() {
        Run run = cli("jobs", "--url", url, "--start", "smoke", "--model", MODEL, "--wait");
        jobId = run.out().lines().findFirst().orElseThrow().split(" ")[1];
        JsonNode job = cli("jobs", "--url", url, jobId, "--json").json();
        String state = job.path("state").asText();
        // --wait exits 0 only for a clean run: a task stories260K cannot answer (a prompt over its context) makes it 1
        assertThat(state).isIn("completed", "completed_with_failures");
        assertThat(run.exitCode())
                .as(run.out() + run.err())
                .isEqualTo(state.equals("completed") ? 0 : CliFailure.FAILED);
        assertThat(run.out())
                .contains(state + ", ")
                .contains("scores so far, " + MODEL)
                .contains("translation")
                .contains("classification");
        assertThat(job.path("done").asInt() + job.path("failed").asInt())
                .isEqualTo(job.path("total").asInt());
        assertThat(job.path("done").asInt()).isPositive();
        assertThat(job.path("scores").path(MODEL).isArray()).isTrue();

        // slm eval --url runs the same kind of job on the running coordinator
        Run eval = cli("eval", "--url", url, "--suite", "smoke", "--models", MODEL);
        assertThat(eval.exitCode()).as(eval.out() + eval.err()).isIn(0, CliFailure.FAILED);
        assertThat(eval.out()).contains("scores so far, " + MODEL).contains("translation");

        Run list = cli("jobs", "--url", url);
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(jobId).contains(state);

        Run cancelDone = cli("jobs", "--url", url, jobId, "--cancel");
        assertThat(cancelDone.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(cancelDone.err()).contains("HTTP 409");

        // resuming a finished job runs only what its ledger lacks: nothing new for a clean run
        Run resume = cli("jobs", "resume", "--url", url, jobId);
        assertThat(resume.exitCode()).as(resume.err()).isZero();
        assertThat(resume.out()).startsWith("resumed " + jobId);
        JsonNode resumed = cli("jobs", "--url", url, jobId, "--wait", "--json").json();
        assertThat(resumed.path("done").asInt())
                .isGreaterThanOrEqualTo(job.path("done").asInt());
        Run resumeUnknown = cli("jobs", "resume", "--url", url, "no-such-job");
        assertThat(resumeUnknown.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(resumeUnknown.err()).contains("no job 'no-such-job'");
    }

    @Test
    @Order(8)
    void ledgerListsModelsAndShowsScoresPerTask() {
        Run list = cli("ledger", "--url", url);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).startsWith("MODEL").contains(MODEL);

        Run one = cli("ledger", "--url", url, MODEL);
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out())
                .contains("TASK")
                .contains("translation")
                .contains("bleu")
                .contains("accuracy (corpus)");

        JsonNode json = cli("ledger", "--url", url, MODEL, "--json").json();
        assertThat(json.path("model").asText()).isEqualTo(MODEL);
        assertThat(json.path("tasks")).isNotEmpty();
    }

    @Test
    @Order(9)
    void nothingListeningExitsWithThreeAndSaysWhatToStart() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        for (String command : new String[] {"nodes", "models", "ledger", "jobs"}) {
            Run run = cli(command, "--url", "http://127.0.0.1:" + port);
            assertThat(run.exitCode()).as(command).isEqualTo(ClientOptions.UNREACHABLE);
            assertThat(run.err().lines().count()).as(command).isEqualTo(1);
            assertThat(run.err())
                    .contains("cannot connect to http://127.0.0.1:" + port)
                    .contains("./slm cluster local")
                    .contains("./slm node start --config nodes/coordinator.conf");
        }
        assertThat(cli("nodes", "--url", "not a url").exitCode()).isEqualTo(CliFailure.BAD_INPUT);
    }

    @Test
    @Order(10)
    void managementClientListsMembersAndMakesOneLeave() throws Exception {
        try (ManagementServer management = ManagementServer.start(
                runtime.coordinator().system(), ApiSettings.defaults().withPort(0), 0)) {
            ManagementClient client = new ManagementClient(management.baseUri(), null);
            JsonNode members = client.members();
            assertThat(members.path("members")).hasSize(3);
            String leaving =
                    runtime.cluster().orElseThrow().member("0").address().toString();
            assertThat(members.path("members").findValuesAsText("node")).contains(leaving);

            assertThatThrownBy(() -> client.down("pekko://slm@127.0.0.1:1"))
                    .isInstanceOf(ClientException.class)
                    .satisfies(e -> assertThat(((ClientException) e).kind()).isEqualTo(ClientException.Kind.REJECTED))
                    .satisfies(e -> assertThat(((ClientException) e).status()).isEqualTo(404));

            client.leave(leaving);
            Eventually.eventually(
                    Duration.ofSeconds(30),
                    () -> assertThat(client.members().path("members").findValuesAsText("node"))
                            .doesNotContain(leaving));
        }
    }
}
