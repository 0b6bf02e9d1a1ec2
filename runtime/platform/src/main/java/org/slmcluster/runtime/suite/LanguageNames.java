package org.slmcluster.runtime.suite;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** English names for the BCP 47 language tags of translation items ({@code de}, {@code pt-BR}). */
final class LanguageNames {

    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());

    private LanguageNames() {}

    static Optional<String> englishName(String tag) {
        if (!tag.matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
            return Optional.empty();
        }
        Locale locale = Locale.forLanguageTag(tag);
        if (!ISO_LANGUAGES.contains(locale.getLanguage())) {
            return Optional.empty();
        }
        String name = locale.getDisplayName(Locale.ENGLISH);
        return name.isBlank() || name.equals(tag) ? Optional.empty() : Optional.of(name);
    }
}
