package org.slmcluster.benchmarks.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slmcluster.benchmarks.BenchmarkUsage;
import org.slmcluster.evaluators.mt.Bleu;
import org.slmcluster.evaluators.mt.BleuReferences;
import org.slmcluster.evaluators.mt.BleuScore;
import org.slmcluster.evaluators.mt.Chrf;
import org.slmcluster.evaluators.mt.ChrfOptions;
import org.slmcluster.evaluators.mt.ChrfReferences;
import org.slmcluster.evaluators.mt.Ter;
import org.slmcluster.evaluators.mt.TerReferences;

/**
 * Scores all 16 WMT17 en-de systems with corpus BLEU, chrF++ and TER (sacreBLEU defaults, references
 * prepared once as sacreBLEU's reference cache does), single-threaded, and prints a table with the scores
 * and segments per second per metric (wall clock, and per CPU-second of the scoring thread, which stays
 * meaningful on a shared, busy machine); writes the same as JSON.
 *
 * <p>Usage: {@code Wmt17MetricsBenchmark [--quick] [--out output.json] [--data newstest2017_en_de.json]} (or the
 * two paths as positional arguments); {@code --quick} scores 3 of the 16 systems. The output defaults to
 * {@code benchmarks/results/wmt17-metrics.json} under {@code slm.home} (the repository), the data to the
 * shared folder.
 */
public final class Wmt17MetricsBenchmark {

    static final String USAGE = """
            usage: slm bench wmt17-metrics [--quick] [--out FILE] [--data FILE]   (or: [OUT [DATA]])
            BLEU, chrF++ and TER of the 16 WMT17 en-de systems, in-process: corpus scores and seconds per metric.
              --quick            score 3 of the 16 systems
              --out FILE         JSON result file (default benchmarks/results/wmt17-metrics.json)
              --data FILE        the corpus (default: the shared folder's wmt17_en_de, $SLM_SHARED_DIR)
              -h, --help         print this usage and exit
            """;

    private Wmt17MetricsBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkUsage.exitWithUsageIfAsked(USAGE, args);
        boolean quick = false;
        Path output = null;
        Path data = null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> output = Path.of(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        if (output == null) {
            output = positional.size() > 0
                    ? Path.of(positional.get(0))
                    : Path.of(System.getProperty("slm.home", "."), "benchmarks", "results", "wmt17-metrics.json");
        }
        if (data == null) {
            data = positional.size() > 1 ? Path.of(positional.get(1)) : Wmt17Corpus.defaultFile();
        }
        int systemLimit = quick ? 3 : Integer.MAX_VALUE;
        Wmt17Corpus corpus = Wmt17Corpus.load(data);
        List<List<String>> refs = List.of(corpus.reference());

        long start = System.nanoTime();
        BleuReferences bleu = new Bleu().prepare(refs);
        double bleuPrepare = seconds(start);
        start = System.nanoTime();
        ChrfReferences chrf = new Chrf(ChrfOptions.chrfPlusPlus()).prepare(refs);
        double chrfPrepare = seconds(start);
        start = System.nanoTime();
        TerReferences ter = new Ter().prepare(refs);
        double terPrepare = seconds(start);

        // Warm-up: let the JIT compile the hot paths before timing (two systems, untimed).
        List<String> warm = corpus.systems().values().iterator().next();
        for (int i = 0; i < 2; i++) {
            bleu.corpusScore(warm);
            chrf.corpusScore(warm);
            ter.corpusScore(warm);
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Map<String, Object>> rows = new ArrayList<>();
        double bleuCpu = 0;
        double chrfCpu = 0;
        double terCpu = 0;
        double bleuTotal = 0;
        double chrfTotal = 0;
        double terTotal = 0;
        long segmentsTotal = 0;
        System.out.printf(
                "%-42s %8s %8s %8s %12s %12s %12s%n",
                "system", "BLEU", "chrF2++", "TER", "BLEU seg/s", "chrF++ seg/s", "TER seg/s");
        for (Map.Entry<String, List<String>> system :
                corpus.systems().entrySet().stream().limit(systemLimit).toList()) {
            List<String> hyps = system.getValue();
            long cpu = threads.getCurrentThreadCpuTime();
            start = System.nanoTime();
            BleuScore b = bleu.corpusScore(hyps);
            double tb = seconds(start);
            bleuCpu += (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            cpu = threads.getCurrentThreadCpuTime();
            start = System.nanoTime();
            double c = chrf.corpusScore(hyps).score();
            double tc = seconds(start);
            chrfCpu += (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            cpu = threads.getCurrentThreadCpuTime();
            start = System.nanoTime();
            double t = ter.corpusScore(hyps).score();
            double tt = seconds(start);
            terCpu += (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            int n = hyps.size();
            System.out.printf(
                    "%-42s %8.2f %8.2f %8.2f %12.0f %12.0f %12.0f%n",
                    system.getKey(), b.score(), c, t, n / tb, n / tc, n / tt);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("system", system.getKey());
            row.put("segments", n);
            row.put("bleu", b.score());
            row.put("chrf++", c);
            row.put("ter", t);
            row.put("bleu_seconds", tb);
            row.put("chrf++_seconds", tc);
            row.put("ter_seconds", tt);
            row.put("bleu_segments_per_second", n / tb);
            row.put("chrf++_segments_per_second", n / tc);
            row.put("ter_segments_per_second", n / tt);
            rows.add(row);
            bleuTotal += tb;
            chrfTotal += tc;
            terTotal += tt;
            segmentsTotal += n;
        }
        System.out.printf(
                "%-42s %8s %8s %8s %12.0f %12.0f %12.0f%n",
                "all systems",
                "",
                "",
                "",
                segmentsTotal / bleuTotal,
                segmentsTotal / chrfTotal,
                segmentsTotal / terTotal);
        System.out.printf(
                "%-42s %8s %8s %8s %12.0f %12.0f %12.0f%n",
                "all systems, per CPU-second",
                "",
                "",
                "",
                segmentsTotal / bleuCpu,
                segmentsTotal / chrfCpu,
                segmentsTotal / terCpu);
        System.out.printf(
                "seconds for all %d systems: BLEU %.3f, chrF++ %.3f, TER %.3f; reference preparation: "
                        + "BLEU %.3f, chrF++ %.3f, TER %.3f%n",
                rows.size(), bleuTotal, chrfTotal, terTotal, bleuPrepare, chrfPrepare, terPrepare);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "WMT17 en-de, 16 systems, corpus BLEU / chrF++ / TER, sacreBLEU defaults, one thread");
        result.put("timestamp", Instant.now().toString());
        result.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        result.put("available_processors", Runtime.getRuntime().availableProcessors());
        result.put(
                "system_load_average_at_end",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        result.put("systems", rows);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("segments", segmentsTotal);
        totals.put("bleu_seconds", bleuTotal);
        totals.put("chrf++_seconds", chrfTotal);
        totals.put("ter_seconds", terTotal);
        totals.put("bleu_segments_per_second", segmentsTotal / bleuTotal);
        totals.put("chrf++_segments_per_second", segmentsTotal / chrfTotal);
        totals.put("ter_segments_per_second", segmentsTotal / terTotal);
        totals.put("bleu_cpu_seconds", bleuCpu);
        totals.put("chrf++_cpu_seconds", chrfCpu);
        totals.put("ter_cpu_seconds", terCpu);
        totals.put("bleu_segments_per_cpu_second", segmentsTotal / bleuCpu);
        totals.put("chrf++_segments_per_cpu_second", segmentsTotal / chrfCpu);
        totals.put("ter_segments_per_cpu_second", segmentsTotal / terCpu);
        totals.put(
                "reference_preparation_seconds", Map.of("bleu", bleuPrepare, "chrf++", chrfPrepare, "ter", terPrepare));
        result.put("totals", totals);
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), result);
        System.out.println("wrote " + output);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
