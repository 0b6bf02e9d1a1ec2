package org.slmcluster.runtime.models;

/** A model download failed (HTTP error, broken connection, wrong sha256); nothing is left behind. */
public final class ModelDownloadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelDownloadException(String message) {
        super(message);
    }

    public ModelDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
