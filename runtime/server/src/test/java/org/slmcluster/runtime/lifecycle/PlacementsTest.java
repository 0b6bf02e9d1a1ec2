package org.slmcluster.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.lifecycle.ModelPlacement;
import org.slmcluster.topology.Topology;

class PlacementsTest {

    @TempDir
    Path dir;

    private final Topology topology = Topology.of(2, 2);

    private Path gguf(String name, String content) throws Exception {
        return Files.write(dir.resolve(name), ("GGUF" + content).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theStoreIsContentAddressedAndRefusesWhatItCannotUse() throws Exception {
        ModelStore store = new ModelStore(dir.resolve("data"));
        StoredModel a = store.add(gguf("a.gguf", "weights"), "m", "a", "MIT", 512, "chatml");
        assertThat(a.digest()).isEqualTo(Sha256.of(dir.resolve("a.gguf")));
        assertThat(store.blobs().resolve(a.digest())).exists();
        assertThat(a.size()).isEqualTo(11);
        StoredModel unnamed = store.add(gguf("b.gguf", "other"), "m", null, null, 2048, null);
        assertThat(unnamed.version()).isEqualTo(unnamed.digest().substring(0, 12));
        assertThat(store.find("m", null)).contains(unnamed);
        assertThat(store.list()).containsExactly(a, unnamed);

        assertThatThrownBy(() -> store.add(dir.resolve("a.gguf"), "m", "a", null, 512, null))
                .hasMessageContaining("already holds m@a");
        Path text = Files.writeString(dir.resolve("x.txt"), "hello");
        assertThatThrownBy(() -> store.add(text, "x", null, null, 512, null))
                .hasMessageContaining("is not a GGUF model file");
        assertThatThrownBy(() -> store.add(text, "../x", null, null, 512, null))
                .hasMessageContaining("model name '../x' is not usable");
        assertThatThrownBy(() -> store.require("m", "zz")).hasMessageContaining("the store holds no m@zz");

        Files.writeString(store.blobs().resolve(a.digest()), "GGUFtampered");
        assertThatThrownBy(() -> store.verify(a))
                .isInstanceOfSatisfying(
                        LifecycleException.class, e -> assertThat(e.kind()).isEqualTo(LifecycleException.Kind.CONFLICT))
                .hasMessageContaining("fails its digest")
                .hasMessageContaining(a.digest());
    }

    @Test
    void desiredPlacementSurvivesARestartAndPlacedVersionsCannotBeRemoved() throws Exception {
        Path data = dir.resolve("data");
        Placements placements = new Placements(new ModelStore(data), data, topology);
        StoredModel a = placements.store().add(gguf("a.gguf", "weights"), "m", "a", null, 512, null);
        assertThat(placements.deploy("m", "a", List.of("00", "01"), 0)).containsExactly("00", "01");
        assertThatThrownBy(() -> placements.deploy("m", "a", List.of("000"), 0))
                .hasMessageContaining("label '000' is not in the topology");
        assertThatThrownBy(() -> placements.removeFromStore("m", "a")).hasMessageContaining("is placed on 00, 01");
        placements.undeploy("m", List.of("01"));

        Placements reopened = new Placements(new ModelStore(data), data, topology);
        assertThat(reopened.desired()).isEqualTo(Map.of("00", Map.of("m", "a")));

        // a member's report is answered with its models and its parent's blob address
        reopened.report(new ModelPlacement.Report("0", "http://p/store/blobs", List.of(), List.of(), null));
        ModelPlacement.Assignment assignment = reopened.report(new ModelPlacement.Report(
                "00",
                "http://c/store/blobs",
                List.of(new ModelPlacement.ModelState("m", a.digest(), ModelPlacement.TRANSFERRING, 40, null, "a")),
                List.of("fetched it"),
                null));
        assertThat(assignment.parentBlobUrl()).isEqualTo("http://p/store/blobs");
        assertThat(assignment.models())
                .containsExactly(new ModelPlacement.AssignedModel("m", a.digest(), a.size(), 512, null, "a"));
        assertThat(reopened.status()).anySatisfy(row -> {
            assertThat(row.label()).isEqualTo("00");
            assertThat(row.phase()).isEqualTo(ModelPlacement.TRANSFERRING);
            assertThat(row.percent()).isEqualTo(40);
        });
        assertThat(reopened.transfers()).singleElement().asString().endsWith("00: fetched it");

        reopened.undeploy("m", List.of());
        assertThat(reopened.desired()).isEmpty();
        assertThat(reopened.removeFromStore("m", "a")).isEqualTo(a);
        assertThat(reopened.store().blobs().resolve(a.digest())).doesNotExist();
    }

    @Test
    void replicasPickTheDeepestReportingMembers() throws Exception {
        Path data = dir.resolve("data");
        Placements placements = new Placements(new ModelStore(data), data, topology);
        placements.store().add(gguf("a.gguf", "weights"), "m", "a", null, 512, null);
        for (String label : List.of("root", "0", "1", "10", "01")) {
            placements.report(new ModelPlacement.Report(label, "http://x", List.of(), List.of(), null));
        }
        assertThat(placements.deploy("m", null, List.of(), 2)).containsExactly("01", "10");
        assertThatThrownBy(() -> placements.deploy("m", null, List.of(), 3))
                .hasMessageContaining("only 2 reporting member(s) can take m@a, 3 asked for");
    }

    @Test
    void aMemberRunningTwoVersionsHasARowForEachAndReadinessIsPerVersion() throws Exception {
        Path data = dir.resolve("data");
        Placements placements = new Placements(new ModelStore(data), data, topology);
        StoredModel a = placements.store().add(gguf("a.gguf", "weights"), "m", "a", null, 512, null);
        // c is the same file under another version: one blob, two versions
        StoredModel c = placements.store().add(gguf("c.gguf", "weights"), "m", "c", null, 512, null);
        assertThat(c.digest()).isEqualTo(a.digest());
        placements.deploy("m", "c", List.of("0"), 0);
        ModelPlacement.Assignment assignment = placements.report(new ModelPlacement.Report(
                "0",
                "http://x",
                List.of(
                        new ModelPlacement.ModelState("m", a.digest(), ModelPlacement.READY, 100, null, "a"),
                        new ModelPlacement.ModelState("m", c.digest(), ModelPlacement.LOADING, 100, null, "c")),
                List.of(),
                null));
        assertThat(assignment.models())
                .extracting(ModelPlacement.AssignedModel::version)
                .containsExactly("c");
        assertThat(placements.status())
                .extracting(r -> r.label() + " " + r.version() + " " + r.phase() + " desired " + r.desiredVersion())
                .containsExactly("0 a ready desired c", "0 c loading desired c");
        assertThat(placements.ready("0", "m", "a")).isTrue();
        assertThat(placements.ready("0", "m", "c")).isFalse();
        assertThat(placements.onlyVersion("0", "m", "c")).isFalse();

        placements.report(new ModelPlacement.Report(
                "0",
                "http://x",
                List.of(new ModelPlacement.ModelState("m", c.digest(), ModelPlacement.READY, 100, null, "c")),
                List.of(),
                null));
        assertThat(placements.ready("0", "m", "c")).isTrue();
        assertThat(placements.onlyVersion("0", "m", "c")).isTrue();
        assertThat(placements.events("m")).extracting(PlacementEvent::version).containsExactly("c");
    }

    @Test
    void storeVersionsAreModelsJobsMayNameWithTheirDigest() throws Exception {
        ModelStore store = new ModelStore(dir.resolve("data"));
        StoreCatalogue catalogue = new StoreCatalogue(Map.of(), store);
        assertThat(catalogue.containsKey("m@a")).isFalse();
        StoredModel a = store.add(gguf("a.gguf", "weights"), "m", "a", null, 512, null);
        assertThat(catalogue.containsKey("m@a")).isTrue();
        assertThat(catalogue.get("m@a").sha256()).isEqualTo(a.digest());
        assertThat(catalogue.get("m@a").name()).isEqualTo("m@a");
        assertThat(catalogue.containsKey("m")).isFalse();
        assertThat(catalogue.containsKey("m@b")).isFalse();
        assertThat(catalogue.keySet()).containsExactly("m@a");
    }
}
