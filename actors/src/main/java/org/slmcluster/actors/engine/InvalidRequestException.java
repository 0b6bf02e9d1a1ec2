package org.slmcluster.actors.engine;

/**
 * The request, not the engine, is at fault (a prompt longer than the model's context): every host of the
 * model would refuse it alike, so it is reported to the client as its mistake and not tried elsewhere.
 */
public class InvalidRequestException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message, false);
    }
}
