package org.slmcluster.actors.engine;

/**
 * The engine's process died or stopped answering (killed, out of memory, a native abort, no heartbeat):
 * the request may well succeed on another host, and this engine must be restarted before it serves again.
 */
public class EngineCrashedException extends EngineException {
    private static final long serialVersionUID = 1L;

    public EngineCrashedException(String message) {
        super(message, true);
    }
}
