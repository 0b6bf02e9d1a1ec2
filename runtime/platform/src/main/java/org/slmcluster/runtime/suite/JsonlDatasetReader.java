package org.slmcluster.runtime.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a JSONL dataset (one JSON object per line, blank lines allowed) into items of the task's kind. */
final class JsonlDatasetReader {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Map<TaskKind, List<String>> FIELDS = Map.of(
            TaskKind.TRANSLATION, List.of("id", "source", "reference", "source_lang", "target_lang"),
            TaskKind.SUMMARIZATION, List.of("id", "document", "summary"),
            TaskKind.NER, List.of("id", "text", "entities"),
            TaskKind.CLASSIFICATION, List.of("id", "text", "label"),
            TaskKind.RAG, List.of("id", "question", "answer", "gold_chunk_ids"),
            TaskKind.GENERATION, List.of("id", "prompt", "reference"));

    /** Free-form per-item data that loaders ignore (provenance, notes). */
    private static final String META = "meta";

    private final LoadContext context;
    private final ItemRules rules;

    JsonlDatasetReader(LoadContext context, ItemRules rules) {
        this.context = context;
        this.rules = rules;
    }

    List<TaskItem> read(Path file, String text) {
        List<TaskItem> items = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Line line = new Line(file, i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                line.problem("malformed JSON: " + e.getOriginalMessage());
                continue;
            }
            if (node == null || !node.isObject()) {
                line.problem("expected a JSON object");
                continue;
            }
            TaskItem item = item(node, line);
            if (item != null) {
                items.add(item);
            }
        }
        if (items.isEmpty()
                && context.problems().stream().noneMatch(p -> p.file().equals(file))) {
            context.problem(file, 0, "dataset has no items");
        }
        return items;
    }

    private TaskItem item(JsonNode node, Line line) {
        int before = context.problems().size();
        List<String> fields = FIELDS.get(rules.kind);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name) && !name.equals(META)) {
                line.problem("unknown field \"" + name + "\" for a " + rules.kind.configName() + " item (fields: "
                        + String.join(", ", fields) + ")");
            }
        }
        String id = id(node, line);
        TaskItem item = switch (rules.kind) {
            case TRANSLATION -> translation(id, node, line);
            case SUMMARIZATION -> new SummarizationItem(id, text(node, "document", line), text(node, "summary", line));
            case NER -> ner(id, node, line);
            case CLASSIFICATION -> classification(id, node, line);
            case RAG -> rag(id, node, line);
            case GENERATION -> generation(id, node, line);
        };
        return context.problems().size() == before ? item : null;
    }

    private String id(JsonNode node, Line line) {
        JsonNode value = node.get("id");
        if (value == null || value.isNull()) {
            line.problem("missing field \"id\"");
            return null;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            line.problem("field \"id\" must be a string or an integer");
            return null;
        }
        String id = value.asText();
        if (id.isBlank()) {
            line.problem("field \"id\" is empty");
            return null;
        }
        String first = rules.seenIds.putIfAbsent(id, line.toString());
        if (first != null) {
            line.problem("duplicate id \"" + id + "\" (first at " + first + ")");
        }
        return id;
    }

    private String text(JsonNode node, String field, Line line) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            line.problem("missing field \"" + field + "\"");
            return null;
        }
        if (!value.isTextual()) {
            line.problem("field \"" + field + "\" must be a string");
            return null;
        }
        if (value.asText().isBlank()) {
            line.problem("field \"" + field + "\" is empty");
            return null;
        }
        return value.asText();
    }

    private TranslationItem translation(String id, JsonNode node, Line line) {
        String source = text(node, "source", line);
        String reference = text(node, "reference", line);
        String sourceLang = language(node, "source_lang", line);
        String targetLang = language(node, "target_lang", line);
        if (sourceLang != null && sourceLang.equals(targetLang)) {
            line.problem("source_lang and target_lang are both \"" + sourceLang + "\"");
        }
        return new TranslationItem(id, source, reference, sourceLang, targetLang);
    }

    private String language(JsonNode node, String field, Line line) {
        String tag = text(node, field, line);
        if (tag != null && LanguageNames.englishName(tag).isEmpty()) {
            line.problem("field \"" + field + "\": unknown language \"" + tag
                    + "\" (use an ISO 639 code such as en, de, fr, or a tag such as pt-BR)");
            return null;
        }
        return tag;
    }

    private NerItem ner(String id, JsonNode node, Line line) {
        String text = text(node, "text", line);
        JsonNode entitiesNode = node.get("entities");
        if (entitiesNode == null || entitiesNode.isNull()) {
            line.problem("missing field \"entities\" (use [] for a text without entities)");
            return null;
        }
        if (!entitiesNode.isArray()) {
            line.problem("field \"entities\" must be a list of {\"text\", \"type\"} objects");
            return null;
        }
        List<NamedEntity> entities = new ArrayList<>();
        int index = 0;
        for (JsonNode entity : entitiesNode) {
            index++;
            String where = "entities[" + index + "]";
            if (!entity.isObject()) {
                line.problem(where + " must be a {\"text\", \"type\"} object");
                continue;
            }
            String entityText = text(entity, "text", line.in(where));
            String type = text(entity, "type", line.in(where));
            for (Iterator<String> names = entity.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("text") && !name.equals("type")) {
                    line.problem(where + ": unknown field \"" + name + "\" (fields: text, type)");
                }
            }
            if (type != null && !rules.entityTypes.contains(type)) {
                line.problem(where + ": unknown entity type \"" + type + "\" (task types: "
                        + String.join(", ", rules.entityTypes.stream().sorted().toList()) + ")");
            }
            if (entityText != null && text != null && !text.contains(entityText)) {
                line.problem(where + ": entity \"" + entityText + "\" does not occur in the text");
            }
            entities.add(new NamedEntity(entityText, type));
        }
        return new NerItem(id, text, entities);
    }

    private ClassificationItem classification(String id, JsonNode node, Line line) {
        String text = text(node, "text", line);
        String label = text(node, "label", line);
        if (label != null && rules.classNames != null && !rules.classNames.contains(label)) {
            line.problem("unknown label \"" + label + "\" (classes: " + String.join(", ", rules.classNames) + ")");
        }
        return new ClassificationItem(id, text, label);
    }

    private RagItem rag(String id, JsonNode node, Line line) {
        String question = text(node, "question", line);
        String answer = text(node, "answer", line);
        JsonNode ids = node.get("gold_chunk_ids");
        List<String> gold = new ArrayList<>();
        if (ids == null || ids.isNull()) {
            line.problem("missing field \"gold_chunk_ids\"");
        } else if (!ids.isArray() || ids.isEmpty()) {
            line.problem("field \"gold_chunk_ids\" must be a non-empty list of chunk ids such as \"handbook#2\"");
        } else {
            Set<String> seen = new HashSet<>();
            for (JsonNode chunkId : ids) {
                if (!chunkId.isTextual() || chunkId.asText().isBlank()) {
                    line.problem("gold_chunk_ids must hold non-empty strings");
                    continue;
                }
                String value = chunkId.asText();
                if (!seen.add(value)) {
                    line.problem("gold chunk id \"" + value + "\" listed twice");
                } else if (rules.chunkIds != null && !rules.chunkIds.contains(value)) {
                    line.problem("unknown gold chunk id \"" + value + "\" (ids are <document>#<paragraph>, " + "e.g. "
                            + rules.chunkIds.stream().sorted().findFirst().orElse("doc#1") + ")");
                }
                gold.add(value);
            }
        }
        return new RagItem(id, question, answer, gold);
    }

    private GenerationItem generation(String id, JsonNode node, Line line) {
        String prompt = text(node, "prompt", line);
        String reference = null;
        if (node.hasNonNull("reference")) {
            reference = text(node, "reference", line);
        } else if (rules.referenceMetric != null) {
            line.problem("metric " + rules.referenceMetric.configName() + " needs a reference, but this item has none");
        }
        return new GenerationItem(id, prompt, reference);
    }

    /** A dataset line, optionally narrowed to a part of it (e.g. one entity) for messages. */
    private final class Line {
        private final Path file;
        private final int number;
        private final String part;

        Line(Path file, int number) {
            this(file, number, null);
        }

        private Line(Path file, int number, String part) {
            this.file = file;
            this.number = number;
            this.part = part;
        }

        Line in(String where) {
            return new Line(file, number, where);
        }

        void problem(String reason) {
            context.problem(file, number, part == null ? reason : part + ": " + reason);
        }

        @Override
        public String toString() {
            return file + ":" + number;
        }
    }
}
