package org.slmcluster.runtime.lifecycle;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slmcluster.actors.lifecycle.ModelPlacement;

/** The coordinator's actor for members' reports: registered under {@link ModelPlacement#SERVICE_KEY}. */
final class PlacementService {

    private PlacementService() {}

    static Behavior<ModelPlacement.Report> create(Placements placements) {
        return Behaviors.setup(context -> {
            context.getSystem()
                    .receptionist()
                    .tell(Receptionist.register(ModelPlacement.SERVICE_KEY, context.getSelf()));
            return Behaviors.receive(ModelPlacement.Report.class)
                    .onMessage(ModelPlacement.Report.class, report -> {
                        report.replyTo().tell(placements.report(report));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
