package org.slmcluster.runtime.lifecycle;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slmcluster.runtime.models.ModelSpec;

/**
 * The models jobs may name: the node files' catalogue plus every stored version as {@code name@version}
 * (weights identified by the store digest, so cache keys and score history carry the version). A live view:
 * versions added to the store later are seen at once.
 */
public final class StoreCatalogue extends AbstractMap<String, ModelSpec> {

    private final Map<String, ModelSpec> configured;
    private final ModelStore store;

    public StoreCatalogue(Map<String, ModelSpec> configured, ModelStore store) {
        this.configured = Map.copyOf(configured);
        this.store = store;
    }

    @Override
    public ModelSpec get(Object key) {
        ModelSpec spec = configured.get(key);
        if (spec != null || !(key instanceof String name)) {
            return spec;
        }
        int at = name.indexOf('@');
        if (at <= 0) {
            return null;
        }
        return store.find(name.substring(0, at), name.substring(at + 1))
                .map(this::spec)
                .orElse(null);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, ModelSpec>> entrySet() {
        Map<String, ModelSpec> all = new LinkedHashMap<>(configured);
        store.list().forEach(m -> all.putIfAbsent(m.id(), spec(m)));
        return all.entrySet();
    }

    private ModelSpec spec(StoredModel model) {
        return ModelSpec.llamaCpp(
                        model.id(), store.blobs().resolve(model.digest()).toString(), model.digest())
                .withContextSize(model.contextSize());
    }
}
