package org.slmcluster.runtime.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slmcluster.actors.lifecycle.ModelPlacement;
import org.slmcluster.runtime.jobs.schedules.Scheduler;

/**
 * The lifecycle's side of "run a schedule after every deploy": the models whose desired placement is ready on
 * every member it names, each with a fingerprint of that placement ({@code label=version,...}, labels in order),
 * read from the members' latest reports. A member counts as ready only with the desired version's file loaded
 * and serving, so a version replacing another counts once the new one is ready.
 */
public final class ReadyDeployments implements Scheduler.DeployReadiness {

    private final Placements placements;

    public ReadyDeployments(Placements placements) {
        this.placements = placements;
    }

    @Override
    public Map<String, String> readyDeployments() {
        Map<String, Map<String, String>> byModel = new TreeMap<>();
        placements
                .desired()
                .forEach((label, models) -> models.forEach((model, version) -> byModel.computeIfAbsent(
                                model, m -> new TreeMap<>(org.slmcluster.topology.Labels.ORDER))
                        .put(label, version)));
        Map<String, Boolean> readyRows = new HashMap<>();
        for (Placements.MemberModelStatus row : placements.status()) {
            if (row.desiredVersion() == null || !row.reporting() || !ModelPlacement.READY.equals(row.phase())) {
                continue;
            }
            boolean rightFile = placements
                    .store()
                    .find(row.model(), row.desiredVersion())
                    .map(stored -> stored.digest().equals(row.digest()))
                    .orElse(false);
            if (rightFile) {
                readyRows.put(row.label() + "\n" + row.model(), true);
            }
        }
        Map<String, String> ready = new TreeMap<>();
        byModel.forEach((model, labels) -> {
            List<String> parts = new ArrayList<>();
            boolean all = true;
            for (Map.Entry<String, String> placed : labels.entrySet()) {
                all &= readyRows.containsKey(placed.getKey() + "\n" + model);
                parts.add(placed.getKey() + "=" + placed.getValue());
            }
            if (all) {
                ready.put(model, String.join(",", parts));
            }
        });
        return ready;
    }
}
