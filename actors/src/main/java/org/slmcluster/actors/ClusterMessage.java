package org.slmcluster.actors;

/**
 * Marker for every message that may cross nodes. reference.conf binds it to the Kryo serializer, so a
 * class that implements it must also be listed in {@link org.slmcluster.actors.serialization.KryoRegistrations}.
 */
public interface ClusterMessage {}
