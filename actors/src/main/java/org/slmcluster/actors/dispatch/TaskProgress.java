package org.slmcluster.actors.dispatch;

import org.slmcluster.actors.ClusterMessage;

/**
 * Text a streaming task has generated since the previous progress message (see
 * {@link TaskDispatcher.Submit#streaming}).
 *
 * @param sequence 0, 1, 2... per task
 */
public record TaskProgress(String taskId, String text, int sequence) implements ClusterMessage {}
