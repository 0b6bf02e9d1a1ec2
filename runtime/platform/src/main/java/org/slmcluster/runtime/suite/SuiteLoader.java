package org.slmcluster.runtime.suite;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slmcluster.runtime.digest.Sha256;

/**
 * Loads a suite folder ({@code suite.conf} and the files it names) and validates all of it before any
 * work starts: every problem in every file is collected and reported at once, as {@code file:line: reason},
 * in one {@link SuiteException}. See {@code suites/README.md} for the format.
 */
public final class SuiteLoader {

    public static final String SUITE_FILE = "suite.conf";

    private static final List<String> SUITE_KEYS = List.of("name", "description", "generation", "tasks");
    private static final List<String> GENERATION_KEYS =
            List.of("system-prompt", "seed", "temperature", "top-p", "context-size", "max-tokens", "stop");
    private static final List<String> TASK_KEYS = List.of(
            "id",
            "kind",
            "description",
            "dataset",
            "datasets",
            "prompt-template",
            "prompt-template-file",
            "metrics",
            "generation",
            "classes",
            "entity-types",
            "collection",
            "top-k",
            "judge");
    private static final List<String> JUDGE_KEYS =
            List.of("model", "metrics", "attempts", "max-tokens", "temperature", "optional");
    private static final String TASK_ID = "[A-Za-z0-9][A-Za-z0-9_.-]*";
    private static final String ENTITY_TYPE = "[A-Za-z][A-Za-z0-9_-]*";
    private static final int DEFAULT_TOP_K = 3;

    private final LoadContext context;
    private final Path suiteFile;

    private SuiteLoader(Path directory) {
        this.context = new LoadContext(directory);
        this.suiteFile = directory.resolve(SUITE_FILE);
    }

    public static Suite load(Path directory) throws SuiteException {
        return new SuiteLoader(directory).load();
    }

    private Suite load() throws SuiteException {
        Optional<Config> parsed = parse();
        if (parsed.isEmpty()) {
            throw new SuiteException(context.problems());
        }
        Config root = parsed.get();
        unknownKeys(root.root(), SUITE_KEYS, "suite");
        String name = string(root, "name").orElse(null);
        if (!root.hasPath("name")) {
            context.problem(suiteFile, 1, "missing \"name\"");
        }
        String description = string(root, "description").orElse("");
        Config suiteGeneration = ConfigFactory.empty();
        if (root.hasPath("generation")) {
            if (root.getValue("generation").valueType() == ConfigValueType.OBJECT) {
                suiteGeneration = root.getConfig("generation");
                unknownKeys(suiteGeneration.root(), GENERATION_KEYS, "generation");
            } else {
                context.problem(suiteFile, line(root.getValue("generation")), "\"generation\" must be an object");
            }
        }
        GenerationSettings generation = generation(suiteGeneration);
        List<TaskDefinition> tasks = tasks(root, suiteGeneration);
        if (!context.problems().isEmpty()) {
            throw new SuiteException(context.problems());
        }
        Map<String, String> hashes = new TreeMap<>(context.fileHashes());
        String contentHash = Sha256.hex(hashes.entrySet().stream()
                .map(entry -> entry.getKey() + "\t" + entry.getValue() + "\n")
                .collect(Collectors.joining())
                .getBytes(StandardCharsets.UTF_8));
        return new Suite(name, description, context.directory(), generation, tasks, hashes, contentHash);
    }

    private Optional<Config> parse() {
        if (!Files.isDirectory(context.directory())) {
            context.problem(context.directory(), 0, "suite folder not found");
            return Optional.empty();
        }
        Optional<String> text = context.readText(suiteFile, suiteFile, 0, "suite file");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            ConfigParseOptions options = ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.CONF)
                    .setOriginDescription(SUITE_FILE)
                    .setAllowMissing(false)
                    .setIncluder(NoIncludes.INSTANCE);
            // Substitutions may refer to the file itself only: environment variables would make the same
            // suite hash stand for different suites.
            return Optional.of(ConfigFactory.parseString(text.get(), options).resolve(ConfigResolveOptions.noSystem()));
        } catch (StackOverflowError e) {
            // the HOCON parser recurses per level of nesting; thousands of levels are no suite
            context.problem(suiteFile, 0, "nested too deeply to be a suite file");
            return Optional.empty();
        } catch (ConfigException e) {
            int line = e.origin() == null ? 0 : Math.max(0, e.origin().lineNumber());
            String message = e.getMessage();
            if (e.origin() != null && message.startsWith(e.origin().description() + ": ")) {
                message = message.substring(e.origin().description().length() + 2);
            }
            context.problem(suiteFile, line, "malformed HOCON: " + message);
            return Optional.empty();
        }
    }

    // ---- generation settings

    private GenerationSettings generation(Config config) {
        GenerationSettings d = GenerationSettings.DEFAULTS;
        String systemPrompt =
                string(config, "system-prompt").orElse(d.systemPrompt()).replace("\r\n", "\n");
        if (systemPrompt.contains("{{")) {
            context.problem(
                    suiteFile,
                    line(config.getValue("system-prompt")),
                    "the system prompt is the same for every item and takes no {{placeholders}}");
        }
        long seed = number(config, "seed").map(Number::longValue).orElse(d.seed());
        double temperature =
                number(config, "temperature").map(Number::doubleValue).orElse(d.temperature());
        double topP = number(config, "top-p").map(Number::doubleValue).orElse(d.topP());
        int contextSize = number(config, "context-size").map(Number::intValue).orElse(d.contextSize());
        int maxTokens = number(config, "max-tokens").map(Number::intValue).orElse(d.maxTokens());
        List<String> stop = stringList(config, "stop").orElse(d.stop());
        check(config, "temperature", temperature >= 0 && temperature <= 2, "temperature must be in [0, 2]");
        check(config, "top-p", topP > 0 && topP <= 1, "top-p must be in (0, 1]");
        check(config, "context-size", contextSize >= 16, "context-size must be at least 16");
        check(
                config,
                "max-tokens",
                maxTokens >= 1 && maxTokens < contextSize,
                "max-tokens must be at least 1 and below context-size (" + contextSize + ")");
        return new GenerationSettings(systemPrompt, seed, temperature, topP, contextSize, maxTokens, stop);
    }

    private void check(Config config, String key, boolean ok, String reason) {
        if (!ok && config.hasPath(key)) {
            context.problem(suiteFile, line(config.getValue(key)), reason);
        }
    }

    // ---- tasks

    private List<TaskDefinition> tasks(Config root, Config suiteGeneration) {
        if (!root.hasPath("tasks")) {
            context.problem(suiteFile, 1, "missing \"tasks\" (a list of task objects)");
            return List.of();
        }
        ConfigValue value = root.getValue("tasks");
        if (value.valueType() != ConfigValueType.LIST || ((ConfigList) value).isEmpty()) {
            context.problem(suiteFile, line(value), "\"tasks\" must be a non-empty list of task objects");
            return List.of();
        }
        List<TaskDefinition> tasks = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        for (ConfigValue element : (ConfigList) value) {
            if (element.valueType() != ConfigValueType.OBJECT) {
                context.problem(suiteFile, line(element), "a task must be an object { id = ..., kind = ..., ... }");
                continue;
            }
            ConfigObject object = (ConfigObject) element;
            String id = string(object.toConfig(), "id").orElse(null);
            if (id != null) {
                Integer first = lineOfId.putIfAbsent(id, line(object.get("id")));
                if (first != null) {
                    context.problem(
                            suiteFile,
                            line(object.get("id")),
                            "duplicate task id \"" + id + "\" (first at line " + first + ")");
                }
            }
            task(object, id, suiteGeneration).ifPresent(tasks::add);
        }
        return tasks;
    }

    private Optional<TaskDefinition> task(ConfigObject object, String id, Config suiteGeneration) {
        int problemsBefore = context.problems().size();
        Config config = object.toConfig();
        int taskLine = line(object);
        unknownKeys(object, TASK_KEYS, "task");
        if (id == null) {
            if (!config.hasPath("id")) {
                context.problem(suiteFile, taskLine, "task has no \"id\"");
            }
        } else if (!id.matches(TASK_ID)) {
            context.problem(
                    suiteFile,
                    line(object.get("id")),
                    "bad task id \"" + id + "\" (letters, digits, '_', '-', '.', starting with a letter or digit)");
        }
        String label = "task " + (id == null ? "at line " + taskLine : "\"" + id + "\"");
        Optional<String> kindName = string(config, "kind");
        if (kindName.isEmpty()) {
            if (!config.hasPath("kind")) {
                context.problem(suiteFile, taskLine, label + " has no \"kind\"");
            }
            return Optional.empty();
        }
        Optional<TaskKind> kindFound = TaskKind.fromConfigName(kindName.get());
        if (kindFound.isEmpty()) {
            context.problem(
                    suiteFile,
                    line(object.get("kind")),
                    "unknown task kind \"" + kindName.get() + "\" (kinds: "
                            + java.util.Arrays.stream(TaskKind.values())
                                    .map(TaskKind::configName)
                                    .collect(Collectors.joining(", "))
                            + ")");
            return Optional.empty();
        }
        TaskKind kind = kindFound.get();
        String description = string(config, "description").orElse("");

        Config generationConfig = suiteGeneration;
        if (config.hasPath("generation")) {
            if (config.getValue("generation").valueType() == ConfigValueType.OBJECT) {
                Config override = config.getConfig("generation");
                unknownKeys(override.root(), GENERATION_KEYS, "generation");
                generationConfig = override.withFallback(suiteGeneration);
            } else {
                context.problem(suiteFile, line(config.getValue("generation")), "\"generation\" must be an object");
            }
        }
        GenerationSettings generation = generation(generationConfig);
        List<Metric> metrics = metrics(config, kind, label);
        PromptTemplate template = template(config, object, kind, label);

        onlyFor(config, "classes", kind, TaskKind.CLASSIFICATION);
        onlyFor(config, "entity-types", kind, TaskKind.NER);
        onlyFor(config, "collection", kind, TaskKind.RAG);
        onlyFor(config, "top-k", kind, TaskKind.RAG);
        onlyFor(config, "judge", kind, TaskKind.RAG);

        List<ClassDefinition> classes = List.of();
        Set<String> classNames = Set.of();
        if (kind == TaskKind.CLASSIFICATION) {
            Optional<Path> classesFile = path(config, "classes");
            if (!config.hasPath("classes")) {
                context.problem(suiteFile, taskLine, label + " needs \"classes\" (a classes file)");
            }
            classes = classesFile
                    .flatMap(file -> context.readText(file, suiteFile, line(config.getValue("classes")), "classes file")
                            .map(text -> ClassesFileReader.read(context, file, text)))
                    .orElse(List.of());
            classNames = classes.isEmpty()
                    ? null
                    : classes.stream().map(ClassDefinition::name).collect(Collectors.toCollection(LinkedHashSet::new));
        }
        List<String> entityTypes = List.of();
        if (kind == TaskKind.NER) {
            entityTypes = entityTypes(config, object, label);
        }
        RagCollection collection = null;
        int topK = 0;
        RagJudgeDefinition judge = null;
        Set<String> chunkIds = Set.of();
        if (kind == TaskKind.RAG) {
            if (!config.hasPath("collection")) {
                context.problem(suiteFile, taskLine, label + " needs \"collection\" (a folder of documents)");
            }
            collection = path(config, "collection")
                    .flatMap(folder ->
                            CollectionReader.read(context, folder, suiteFile, line(config.getValue("collection"))))
                    .orElse(null);
            chunkIds = collection == null
                    ? null
                    : collection.chunks().stream().map(RagChunk::id).collect(Collectors.toSet());
            topK = number(config, "top-k").map(Number::intValue).orElse(DEFAULT_TOP_K);
            check(config, "top-k", topK >= 1 && topK <= 100, "top-k must be in [1, 100]");
            judge = judge(config, label, generation.contextSize());
        }

        Metric referenceMetric = kind == TaskKind.GENERATION
                ? metrics.stream().filter(Metric::needsReference).findFirst().orElse(null)
                : null;
        ItemRules rules = new ItemRules(kind, Set.copyOf(entityTypes), classNames, chunkIds, referenceMetric);
        Map<String, String> datasetHashes = new TreeMap<>();
        List<TaskItem> items = datasets(config, object, label, rules, datasetHashes);

        if (context.problems().size() != problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new TaskDefinition(
                id,
                kind,
                description,
                template,
                generation,
                metrics,
                items,
                datasetHashes,
                classes,
                entityTypes,
                collection,
                topK,
                judge));
    }

    /**
     * {@code judge { model = NAME, metrics = [...], attempts = N, max-tokens = N, temperature = T, optional = B }}; null when
     * absent or malformed. The judge's max-tokens obey the rule of every generation setting: below the task's
     * context size.
     */
    private RagJudgeDefinition judge(Config config, String label, int contextSize) {
        if (!config.hasPath("judge")) {
            return null;
        }
        ConfigValue value = config.getValue("judge");
        if (value.valueType() != ConfigValueType.OBJECT) {
            context.problem(suiteFile, line(value), "\"judge\" must be an object {model = ..., metrics = [...]}");
            return null;
        }
        int problemsBefore = context.problems().size();
        ConfigObject object = (ConfigObject) value;
        Config judge = object.toConfig();
        int judgeLine = objectLine(object);
        unknownKeys(object, JUDGE_KEYS, "judge");
        Optional<String> model = string(judge, "model");
        if (!judge.hasPath("model")) {
            context.problem(suiteFile, judgeLine, label + ": \"judge\" needs \"model\" (a model of the cluster)");
        }
        List<String> metrics = stringList(judge, "metrics").orElse(List.of());
        if (!judge.hasPath("metrics")) {
            context.problem(
                    suiteFile,
                    judgeLine,
                    label + ": \"judge\" needs \"metrics\" (any of " + String.join(", ", RagJudgeDefinition.METRICS)
                            + ")");
        } else if (metrics.isEmpty()) {
            context.problem(suiteFile, judgeLine, "\"judge.metrics\" is empty");
        }
        for (String metric : metrics) {
            if (!RagJudgeDefinition.METRICS.contains(metric)) {
                context.problem(
                        suiteFile,
                        judgeLine,
                        "unknown judge metric \"" + metric + "\" (known: "
                                + String.join(", ", RagJudgeDefinition.METRICS) + ")");
            }
        }
        int attempts = number(judge, "attempts").map(Number::intValue).orElse(RagJudgeDefinition.DEFAULT_ATTEMPTS);
        check(judge, "attempts", attempts >= 1 && attempts <= 10, "judge attempts must be in [1, 10]");
        int maxTokens = number(judge, "max-tokens").map(Number::intValue).orElse(RagJudgeDefinition.DEFAULT_MAX_TOKENS);
        check(
                judge,
                "max-tokens",
                maxTokens >= 1 && maxTokens < contextSize,
                "judge max-tokens must be at least 1 and below the task's context-size (" + contextSize + ")");
        double temperature =
                number(judge, "temperature").map(Number::doubleValue).orElse(RagJudgeDefinition.DEFAULT_TEMPERATURE);
        check(judge, "temperature", temperature >= 0 && temperature <= 2, "judge temperature must be in [0, 2]");
        boolean optional = bool(judge, "optional").orElse(false);
        if (context.problems().size() != problemsBefore || model.isEmpty()) {
            return null;
        }
        return new RagJudgeDefinition(
                model.get(), List.copyOf(new LinkedHashSet<>(metrics)), attempts, maxTokens, temperature, optional);
    }

    private List<TaskItem> datasets(
            Config config, ConfigObject object, String label, ItemRules rules, Map<String, String> datasetHashes) {
        boolean single = config.hasPath("dataset");
        boolean several = config.hasPath("datasets");
        if (single == several) {
            context.problem(
                    suiteFile,
                    line(object),
                    label
                            + (single
                                    ? " has both \"dataset\" and \"datasets\": use one"
                                    : " needs \"dataset\" (a file) or \"datasets\" (a list of files)"));
            return List.of();
        }
        List<String> names = single
                ? string(config, "dataset").map(List::of).orElse(List.of())
                : stringList(config, "datasets").orElse(List.of());
        int refLine = line(config.getValue(single ? "dataset" : "datasets"));
        if (several && names.isEmpty() && config.getValue("datasets").valueType() == ConfigValueType.LIST) {
            context.problem(suiteFile, refLine, "\"datasets\" is empty");
        }
        List<TaskItem> items = new ArrayList<>();
        for (String name : names) {
            Path file = context.directory().resolve(name);
            String lower = name.toLowerCase(Locale.ROOT);
            boolean conll = lower.endsWith(".conll");
            if (!lower.endsWith(".jsonl") && !conll) {
                context.problem(
                        suiteFile,
                        refLine,
                        "unsupported dataset " + name + " (use .jsonl"
                                + (rules.kind == TaskKind.NER ? ", or .conll" : "") + ")");
                continue;
            }
            if (conll && rules.kind != TaskKind.NER) {
                context.problem(suiteFile, refLine, "CoNLL dataset " + name + " only fits an ner task");
                continue;
            }
            Optional<String> text = context.readText(file, suiteFile, refLine, "dataset");
            if (text.isEmpty()) {
                continue;
            }
            datasetHashes.put(context.relative(file), context.fileHashes().get(context.relative(file)));
            items.addAll(
                    conll
                            ? new ConllDatasetReader(context, rules).read(file, text.get())
                            : new JsonlDatasetReader(context, rules).read(file, text.get()));
        }
        return items;
    }

    private List<Metric> metrics(Config config, TaskKind kind, String label) {
        if (!config.hasPath("metrics")) {
            return Metric.defaultsFor(kind);
        }
        List<Metric> metrics = new ArrayList<>();
        int metricsLine = line(config.getValue("metrics"));
        for (String name : stringList(config, "metrics").orElse(List.of())) {
            Optional<Metric> metric = Metric.fromConfigName(name);
            if (metric.isEmpty() && kind == TaskKind.RAG && RagJudgeDefinition.METRICS.contains(name)) {
                // judged metrics once had names here too, but nothing scored them: say where they belong
                context.problem(
                        suiteFile,
                        metricsLine,
                        label + ": metric \"" + name + "\" is scored by a judge "
                                + "model, not in \"metrics\": use the task's judge { model = MODEL, metrics = [" + name
                                + "] } instead (judge metrics: " + String.join(", ", RagJudgeDefinition.METRICS) + ")");
            } else if (metric.isEmpty()) {
                context.problem(
                        suiteFile,
                        metricsLine,
                        "unknown metric \"" + name + "\" (metrics for " + kind.configName() + ": "
                                + String.join(", ", Metric.namesFor(kind)) + ")");
            } else if (!metric.get().appliesTo(kind)) {
                context.problem(
                        suiteFile,
                        metricsLine,
                        "metric \"" + name + "\" does not apply to a "
                                + kind.configName() + " task (metrics for " + kind.configName() + ": "
                                + String.join(", ", Metric.namesFor(kind)) + ")");
            } else if (metrics.contains(metric.get())) {
                context.problem(suiteFile, metricsLine, "metric \"" + name + "\" listed twice");
            } else {
                metrics.add(metric.get());
            }
        }
        return metrics;
    }

    private PromptTemplate template(Config config, ConfigObject object, TaskKind kind, String label) {
        boolean inline = config.hasPath("prompt-template");
        boolean fromFile = config.hasPath("prompt-template-file");
        if (inline == fromFile) {
            context.problem(
                    suiteFile,
                    line(object),
                    label
                            + (inline
                                    ? " has both \"prompt-template\" and \"prompt-template-file\": use one"
                                    : " needs \"prompt-template\" (inline text) or \"prompt-template-file\""));
            return null;
        }
        Path file;
        int firstLine;
        String text;
        if (inline) {
            Optional<String> value = string(config, "prompt-template");
            if (value.isEmpty()) {
                return null;
            }
            file = suiteFile;
            firstLine = line(config.getValue("prompt-template"));
            text = value.get().replace("\r\n", "\n");
        } else {
            Optional<Path> path = path(config, "prompt-template-file");
            Optional<String> value = path.flatMap(p ->
                    context.readText(p, suiteFile, line(config.getValue("prompt-template-file")), "prompt template"));
            if (value.isEmpty()) {
                return null;
            }
            file = path.get();
            firstLine = 1;
            // Editors end files with a newline; it is not part of the prompt.
            text = value.get().stripTrailing();
        }
        int where = inline ? firstLine : 0;
        if (text.isBlank()) {
            context.problem(file, where, "the prompt template is empty");
            return null;
        }
        List<PromptTemplate.Problem> problems = new ArrayList<>();
        PromptTemplate template = PromptTemplate.parse(text, problems);
        for (PromptTemplate.Problem problem : problems) {
            context.problem(file, firstLine + problem.line() - 1, problem.reason());
        }
        Set<String> allowed = PromptBuilder.allowedPlaceholders(kind);
        for (String placeholder : template.placeholders()) {
            if (!allowed.contains(placeholder)) {
                context.problem(
                        file,
                        firstLine + template.lineOf(placeholder) - 1,
                        "unknown placeholder {{" + placeholder + "}} for a " + kind.configName() + " task (allowed: "
                                + allowed.stream()
                                        .sorted()
                                        .map(p -> "{{" + p + "}}")
                                        .collect(Collectors.joining(", "))
                                + ")");
            }
        }
        for (String required :
                PromptBuilder.requiredPlaceholders(kind).stream().sorted().toList()) {
            if (!template.placeholders().contains(required)) {
                context.problem(
                        file, where, "the template of a " + kind.configName() + " task must use {{" + required + "}}");
            }
        }
        return problems.isEmpty() ? template : null;
    }

    private List<String> entityTypes(Config config, ConfigObject object, String label) {
        if (!config.hasPath("entity-types")) {
            context.problem(suiteFile, line(object), label + " needs \"entity-types\" (e.g. [PERSON, LOCATION])");
            return List.of();
        }
        int typesLine = line(config.getValue("entity-types"));
        List<String> types = stringList(config, "entity-types").orElse(List.of());
        if (types.isEmpty() && config.getValue("entity-types").valueType() == ConfigValueType.LIST) {
            context.problem(suiteFile, typesLine, "\"entity-types\" is empty");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String type : types) {
            if (!type.matches(ENTITY_TYPE)) {
                context.problem(suiteFile, typesLine, "bad entity type \"" + type + "\"");
            } else if (!seen.add(type)) {
                context.problem(suiteFile, typesLine, "entity type \"" + type + "\" listed twice");
            }
        }
        return List.copyOf(seen);
    }

    /** An inline object's own origin may be the line before it; its first setting's line is where it is. */
    private static int objectLine(ConfigObject object) {
        // (lists have the same problem, so only scalar settings count)
        return object.values().stream()
                .filter(v -> v.valueType() != ConfigValueType.LIST && v.valueType() != ConfigValueType.OBJECT)
                .mapToInt(SuiteLoader::line)
                .filter(l -> l > 0)
                .min()
                .orElse(line(object));
    }

    private void onlyFor(Config config, String key, TaskKind kind, TaskKind allowed) {
        if (kind != allowed && config.hasPath(key)) {
            ConfigValue value = config.getValue(key);
            context.problem(
                    suiteFile,
                    value instanceof ConfigObject object ? objectLine(object) : line(value),
                    "\"" + key + "\" only applies to " + allowed.configName() + " tasks");
        }
    }

    // ---- typed values, each reported at its own line

    private void unknownKeys(ConfigObject object, List<String> known, String what) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            if (!known.contains(entry.getKey())) {
                context.problem(
                        suiteFile,
                        line(entry.getValue()),
                        "unknown " + what + " key \"" + entry.getKey() + "\" (known: " + String.join(", ", known)
                                + ")");
            }
        }
    }

    private Optional<String> string(Config config, String key) {
        if (!config.hasPath(key)) {
            return Optional.empty();
        }
        ConfigValue value = config.getValue(key);
        if (value.valueType() != ConfigValueType.STRING && value.valueType() != ConfigValueType.NUMBER) {
            context.problem(suiteFile, line(value), "\"" + key + "\" must be a string");
            return Optional.empty();
        }
        String text = String.valueOf(value.unwrapped());
        if (text.isBlank() && !key.equals("system-prompt")) {
            context.problem(suiteFile, line(value), "\"" + key + "\" is empty");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private Optional<Number> number(Config config, String key) {
        if (!config.hasPath(key)) {
            return Optional.empty();
        }
        ConfigValue value = config.getValue(key);
        if (value.valueType() != ConfigValueType.NUMBER) {
            context.problem(suiteFile, line(value), "\"" + key + "\" must be a number");
            return Optional.empty();
        }
        return Optional.of((Number) value.unwrapped());
    }

    private Optional<Boolean> bool(Config config, String key) {
        if (!config.hasPath(key)) {
            return Optional.empty();
        }
        ConfigValue value = config.getValue(key);
        if (value.valueType() != ConfigValueType.BOOLEAN) {
            context.problem(suiteFile, line(value), "\"" + key + "\" must be true or false");
            return Optional.empty();
        }
        return Optional.of((Boolean) value.unwrapped());
    }

    private Optional<List<String>> stringList(Config config, String key) {
        if (!config.hasPath(key)) {
            return Optional.empty();
        }
        ConfigValue value = config.getValue(key);
        if (value.valueType() != ConfigValueType.LIST) {
            context.problem(suiteFile, line(value), "\"" + key + "\" must be a list of strings");
            return Optional.empty();
        }
        List<String> strings = new ArrayList<>();
        for (ConfigValue element : (ConfigList) value) {
            if (element.valueType() != ConfigValueType.STRING && element.valueType() != ConfigValueType.NUMBER) {
                context.problem(suiteFile, line(element), "\"" + key + "\" must be a list of strings");
                return Optional.empty();
            }
            strings.add(String.valueOf(element.unwrapped()));
        }
        return Optional.of(strings);
    }

    private Optional<Path> path(Config config, String key) {
        return string(config, key).map(name -> context.directory().resolve(name));
    }

    private static int line(ConfigValue value) {
        return value == null || value.origin() == null
                ? 0
                : Math.max(0, value.origin().lineNumber());
    }

    /**
     * A suite file is self-contained: an {@code include} would pull another file (any file the coordinator can
     * read, e.g. /etc/passwd, whose lines are valid HOCON) into the suite, and outside its content hash.
     */
    private static final class NoIncludes
            implements com.typesafe.config.ConfigIncluder,
                    com.typesafe.config.ConfigIncluderFile,
                    com.typesafe.config.ConfigIncluderURL,
                    com.typesafe.config.ConfigIncluderClasspath {
        static final NoIncludes INSTANCE = new NoIncludes();

        private static ConfigException refused(String what) {
            return new ConfigException.Generic("include " + what + " refused: a suite file must be self-contained");
        }

        @Override
        public com.typesafe.config.ConfigIncluder withFallback(com.typesafe.config.ConfigIncluder fallback) {
            return this;
        }

        @Override
        public com.typesafe.config.ConfigObject include(com.typesafe.config.ConfigIncludeContext context, String what) {
            throw refused("\"" + what + "\"");
        }

        @Override
        public com.typesafe.config.ConfigObject includeFile(
                com.typesafe.config.ConfigIncludeContext context, java.io.File what) {
            throw refused("file(" + what + ")");
        }

        @Override
        public com.typesafe.config.ConfigObject includeURL(
                com.typesafe.config.ConfigIncludeContext context, java.net.URL what) {
            throw refused("url(" + what + ")");
        }

        @Override
        public com.typesafe.config.ConfigObject includeResources(
                com.typesafe.config.ConfigIncludeContext context, String what) {
            throw refused("classpath(" + what + ")");
        }
    }
}
