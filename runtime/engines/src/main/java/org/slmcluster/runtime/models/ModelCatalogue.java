package org.slmcluster.runtime.models;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The models {@code slm} knows how to download: {@code models/catalogue.conf} on the classpath. */
public final class ModelCatalogue {

    public static final String RESOURCE = "models/catalogue.conf";
    /** Replaces every entry's download location with {@code <value>/<file>} (tests, mirrors). */
    public static final String URL_BASE_PROPERTY = "slm.catalogue.url-base";

    private static volatile ModelCatalogue builtIn;

    private final Map<String, CatalogueEntry> entries;

    private ModelCatalogue(Map<String, CatalogueEntry> entries) {
        this.entries = entries;
    }

    /** The catalogue shipped with the runtime. */
    public static ModelCatalogue builtIn() {
        ModelCatalogue catalogue = builtIn;
        if (catalogue == null) {
            Config config = ConfigFactory.parseResourcesAnySyntax(
                    ModelCatalogue.class.getClassLoader(),
                    RESOURCE,
                    ConfigParseOptions.defaults().setAllowMissing(false));
            catalogue = fromConfig(config.getConfig("catalogue"));
            builtIn = catalogue;
        }
        return catalogue;
    }

    /** Reads a {@code catalogue { name { file = ..., url = ..., ... } }} section's content. */
    public static ModelCatalogue fromConfig(Config section) {
        Map<String, CatalogueEntry> entries = new LinkedHashMap<>();
        for (String name : new TreeSet<>(section.root().keySet())) {
            Config entry = section.getConfig(ModelSpec.quote(name));
            entries.put(
                    name,
                    new CatalogueEntry(
                            name,
                            optional(entry, "family", name),
                            optional(entry, "quantization", "?"),
                            optional(entry, "parameters", "?"),
                            optional(entry, "licence", "?"),
                            optional(entry, "repository", ""),
                            entry.getString("file"),
                            entry.getString("url"),
                            optional(entry, "sha256", null),
                            entry.hasPath("size") ? entry.getLong("size") : -1,
                            entry.hasPath("gated") && entry.getBoolean("gated")));
        }
        return new ModelCatalogue(entries);
    }

    public Collection<CatalogueEntry> entries() {
        return entries.values();
    }

    public Optional<CatalogueEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The entry whose file has this name, if any. */
    public Optional<CatalogueEntry> findByFile(String fileName) {
        return entries.values().stream().filter(e -> e.file().equals(fileName)).findFirst();
    }

    /** Where to download an entry from: its URL, or {@code -Dslm.catalogue.url-base} + file name. */
    public static String downloadUrl(CatalogueEntry entry) {
        String base = System.getProperty(URL_BASE_PROPERTY);
        if (base == null || base.isBlank()) {
            return entry.url();
        }
        return (base.endsWith("/") ? base : base + "/") + entry.file();
    }

    /** Up to five known names close to {@code name} (for "did you mean" messages), closest first. */
    public List<String> similarNames(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return entries.keySet().stream()
                .filter(candidate -> {
                    String c = candidate.toLowerCase(Locale.ROOT);
                    return c.contains(wanted)
                            || wanted.contains(c)
                            || distance(c, wanted) <= Math.max(2, wanted.length() / 3)
                            || c.startsWith(wanted.split("[-.]")[0]);
                })
                .sorted(Comparator.comparingInt((String c) -> distance(c.toLowerCase(Locale.ROOT), wanted))
                        .thenComparing(c -> c))
                .limit(5)
                .toList();
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String optional(Config entry, String key, String fallback) {
        return entry.hasPath(key) ? entry.getString(key) : fallback;
    }
}
