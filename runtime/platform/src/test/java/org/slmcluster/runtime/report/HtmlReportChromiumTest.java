package org.slmcluster.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.testing.HeadlessChromium;
import org.slmcluster.testing.IntegrationTest;

/**
 * The HTML report in a real browser: headless Chromium loads it from disk, renders it and dumps the DOM.
 * Chromium is required (Debian: {@code apt-get install -y chromium}); without it this test fails.
 */
@IntegrationTest
class HtmlReportChromiumTest {

    @TempDir
    Path dir;

    @Test
    void chromiumRendersOneBarChartPerTaskWithoutErrors() throws Exception {
        JobReport report = ReportFixtures.report();
        Path html = ReportFiles.write(report, dir.resolve("report")).html();

        Rendered rendered = render(html);

        assertThat(rendered.stderr())
                .as("browser log")
                .doesNotContain("Uncaught")
                .doesNotContain("CONSOLE");
        assertThat(rendered.dom()).contains("<title>slm-cluster report: job-1</title>");
        List<String> sections = sections(rendered.dom());
        assertThat(sections).hasSize(report.tasks().size());
        for (int i = 0; i < sections.size(); i++) {
            String section = sections.get(i);
            assertThat(section).contains("data-task=\"" + report.tasks().get(i) + "\"");
            assertThat(count(section, "<svg[^>]*class=\"chart-bar\""))
                    .as("bar charts in task " + report.tasks().get(i))
                    .isEqualTo(1);
            assertThat(count(section, "<svg[^>]*class=\"chart-adherence\"")).isEqualTo(1);
            assertThat(count(section, "<rect class=\"bar\""))
                    .as("one bar per model")
                    .isEqualTo(report.models().size());
        }
        // the escaped model name is text in the rendered DOM, not markup
        assertThat(rendered.dom()).doesNotContain("<b>m&").contains("&lt;b&gt;m&amp;\"2\"&lt;/b&gt;,x");
    }

    record Rendered(String dom, String stderr) {}

    private Rendered render(Path html) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        Rendered last = null;
        // a browser starved of CPU on a busy machine occasionally dies before dumping: one retry
        for (int attempt = 0; attempt < 2; attempt++) {
            HeadlessChromium.Output output = chromium.run(
                    dir.resolve("profile-" + attempt),
                    Duration.ofSeconds(90),
                    "--dump-dom",
                    html.toUri().toString());
            last = new Rendered(output.stdout(), output.stderr());
            if (last.dom().contains("</html>")) {
                return last;
            }
        }
        return fail("Chromium produced no DOM for " + html + "; its log:\n" + last.stderr());
    }

    private static List<String> sections(String dom) {
        List<String> sections = new ArrayList<>();
        Matcher matcher = Pattern.compile("<section class=\"task\".*?</section>", Pattern.DOTALL)
                .matcher(dom);
        while (matcher.find()) {
            sections.add(matcher.group());
        }
        return sections;
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
