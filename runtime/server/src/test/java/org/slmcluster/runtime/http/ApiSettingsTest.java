package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    @Test
    void defaultsAreLoopback8080WithoutAToken() {
        ApiSettings settings = ApiSettings.fromConfig(ConfigFactory.empty(), Map.of());
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.tokenRequired()).isFalse();
        assertThat(settings.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsTheSlmHttpKeys() {
        ApiSettings settings = ApiSettings.fromConfig(
                ConfigFactory.parseString("slm.http { host = \"0.0.0.0\", port = 9090, "
                        + "token = abc, max-body-bytes = 64KiB, request-timeout = 30s, remembered-tasks = 5 }"),
                Map.of("SLM_TOKEN", "env"));
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.token()).isEqualTo("abc");
        assertThat(settings.maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.rememberedTasks()).isEqualTo(5);
        assertThat(settings.toString()).doesNotContain("abc");
    }

    @Test
    void theTokenFallsBackToSlmTokenFromTheEnvironment() {
        assertThat(ApiSettings.fromConfig(ConfigFactory.empty(), Map.of("SLM_TOKEN", "from-env"))
                        .token())
                .isEqualTo("from-env");
        assertThat(ApiSettings.fromConfig(
                                ConfigFactory.parseString("slm.http.token = \"\""), Map.of("SLM_TOKEN", "from-env"))
                        .token())
                .isEqualTo("from-env");
        assertThat(ApiSettings.fromConfig(ConfigFactory.empty(), Map.of("SLM_TOKEN", " "))
                        .tokenRequired())
                .isFalse();
    }

    @Test
    void withoutATokenOnlyLoopbackMayBeBound() {
        ApiSettings.defaults().requireTokenUnlessLoopback("the API");
        new ApiSettings("localhost", 0, null, 1, Duration.ofSeconds(1), 1, AccessPolicy.OPEN)
                .requireTokenUnlessLoopback("the API");
        ApiSettings everywhere = new ApiSettings("0.0.0.0", 0, null, 1, Duration.ofSeconds(1), 1, AccessPolicy.OPEN);
        assertThatThrownBy(() -> everywhere.requireTokenUnlessLoopback("the API"))
                .hasMessageContaining("0.0.0.0")
                .hasMessageContaining("slm.http.token");
        everywhere.withToken("t").requireTokenUnlessLoopback("the API");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> ApiSettings.fromConfig(ConfigFactory.parseString("slm.http.port = 70000"), Map.of()))
                .hasMessageContaining("slm.http.port");
        assertThatThrownBy(() ->
                        ApiSettings.fromConfig(ConfigFactory.parseString("slm.http.max-body-bytes = 0"), Map.of()))
                .hasMessageContaining("slm.http.max-body-bytes");
        assertThatThrownBy(() ->
                        ApiSettings.fromConfig(ConfigFactory.parseString("slm.http.request-timeout = soon"), Map.of()))
                .hasMessageContaining("request-timeout");
    }
}
