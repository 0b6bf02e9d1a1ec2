package org.slmcluster.runtime.suite;

/** Translate {@code source} from {@code sourceLang} to {@code targetLang} (ISO 639-1 codes). */
public record TranslationItem(String id, String source, String reference, String sourceLang, String targetLang)
        implements TaskItem {}
