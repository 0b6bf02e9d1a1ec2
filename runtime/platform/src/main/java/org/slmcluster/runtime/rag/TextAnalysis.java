package org.slmcluster.runtime.rag;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The Lucene analyzer for BM25: {@link #ENGLISH} (stop words, possessives, Porter stemming) or
 * {@link #STANDARD} (Unicode word tokens, lower-cased, no stop words, no stemming).
 */
public enum TextAnalysis {
    ENGLISH,
    STANDARD;

    public Analyzer newAnalyzer() {
        return switch (this) {
            case ENGLISH -> new EnglishAnalyzer();
            case STANDARD -> new StandardAnalyzer();
        };
    }
}
