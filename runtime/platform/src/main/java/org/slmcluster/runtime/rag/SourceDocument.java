package org.slmcluster.runtime.rag;

/**
 * One ingested file: its id (file name without extension, as in suites), file name, extracted text
 * ({@code \n} line ends) and the sha256 of the file's bytes (the manifest compares it to detect changes).
 */
public record SourceDocument(String id, String fileName, DocumentType type, String text, String sha256) {}
