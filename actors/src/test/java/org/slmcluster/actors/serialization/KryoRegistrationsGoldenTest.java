package org.slmcluster.actors.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The wire ids are a contract between members of different versions: a renumbered, reordered or removed
 * entry would make an older member decode one message type as another. The golden file lists every id
 * with its class; changing a line here is a breaking change, adding lines at the end is not.
 */
class KryoRegistrationsGoldenTest {

    private static final String GOLDEN = "/kryo-registrations.golden";

    @Test
    void everyIdStillNamesTheClassItNamedWhenItWasAdded() throws IOException {
        List<String> golden = golden();
        List<String> now = current();
        assertThat(now.subList(0, Math.min(now.size(), golden.size())))
                .as("ids already handed out must keep their classes (append new registrations instead)")
                .isEqualTo(golden);
        assertThat(now)
                .as("a registration was added: append its line to src/test/resources%s", GOLDEN)
                .hasSameSizeAs(golden);
    }

    @Test
    void idsAreUniqueAndTheActorRefIdIsOutsideTheClassIds() {
        Set<Integer> ids = new HashSet<>();
        for (KryoRegistrations.Registration registration : KryoRegistrations.registrations()) {
            assertThat(ids.add(registration.id()))
                    .as("id %d used twice", registration.id())
                    .isTrue();
        }
        assertThat(ids).doesNotContain(KryoRegistrations.ACTOR_REF_ID);
    }

    private static List<String> current() {
        List<String> lines = new ArrayList<>();
        lines.add(KryoRegistrations.ACTOR_REF_ID + " " + KryoRegistrations.TYPED_ACTOR_REF_CLASS);
        for (KryoRegistrations.Registration registration : KryoRegistrations.registrations()) {
            lines.add(registration.id() + " " + registration.type().getName());
        }
        return lines;
    }

    private static List<String> golden() throws IOException {
        try (InputStream in = KryoRegistrationsGoldenTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("golden file %s", GOLDEN).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        }
    }
}
