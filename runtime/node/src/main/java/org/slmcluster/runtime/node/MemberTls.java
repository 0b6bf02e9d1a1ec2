package org.slmcluster.runtime.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A member's certificate material, as {@code slm certs init} writes it: {@code DIR/NAME.p12} (the member's key
 * and certificate, signed by the cluster's CA) and {@code DIR/truststore.p12} (the CA's certificate), each with
 * its password in a {@code .password} file beside it. With it, Artery runs over TLS with mutual authentication
 * (a process without a certificate of this CA cannot connect) and the HTTP servers answer HTTPS.
 *
 * <p>{@code slm.tls.mode}: {@code auto} (default) uses TLS when the member's key store exists, {@code on}
 * requires it, {@code off} never. {@code slm.tls.dir} (default {@code certs}, or {@code SLM_CERTS_DIR}) is
 * where the files are; {@code slm.tls.https = off} keeps the HTTP servers on plain HTTP.
 *
 * @param keyStore         the member's PKCS12 key store
 * @param keyStorePassword its password (also the key's)
 * @param trustStore       the PKCS12 trust store holding the cluster CA
 * @param trustStorePassword its password
 * @param https            whether the API and Management serve HTTPS with this material
 */
public record MemberTls(
        Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword, boolean https) {

    public static final String TRUST_STORE = "truststore.p12";
    public static final String KEY_STORE_SUFFIX = ".p12";
    public static final String PASSWORD_SUFFIX = ".password";

    /** The member's TLS material per {@code slm.tls.*}, or empty when TLS is off (or auto without a key store). */
    static Optional<MemberTls> fromConfig(Config merged, String memberName) {
        String mode = merged.hasPath("slm.tls.mode") ? merged.getString("slm.tls.mode") : "auto";
        if (!mode.equals("auto") && !mode.equals("on") && !mode.equals("off")) {
            throw new NodeConfigException("slm.tls.mode: '" + mode + "' is not one of auto, on, off");
        }
        if (mode.equals("off")) {
            return Optional.empty();
        }
        Path dir = Path.of(merged.hasPath("slm.tls.dir") ? merged.getString("slm.tls.dir") : "certs");
        Path keyStore = dir.resolve(memberName + KEY_STORE_SUFFIX);
        if (!Files.isRegularFile(keyStore)) {
            if (mode.equals("on")) {
                throw new NodeConfigException("slm.tls.mode = on but " + keyStore.toAbsolutePath()
                        + " does not exist (create it with 'slm certs init --dir " + dir + " --members "
                        + memberName + "')");
            }
            return Optional.empty();
        }
        Path trustStore = dir.resolve(TRUST_STORE);
        if (!Files.isRegularFile(trustStore)) {
            throw new NodeConfigException(
                    keyStore + " exists but the cluster's trust store " + trustStore + " does not");
        }
        boolean https = !merged.hasPath("slm.tls.https") || merged.getBoolean("slm.tls.https");
        MemberTls tls = new MemberTls(
                keyStore.toAbsolutePath(),
                passwordOf(keyStore),
                trustStore.toAbsolutePath(),
                passwordOf(trustStore),
                https);
        tls.sslContext(); // refuse unreadable material now, with a message naming the file
        return Optional.of(tls);
    }

    /** The password of {@code store}: the first line of {@code store} with {@code .p12} replaced by {@code .password}. */
    public static String passwordOf(Path store) {
        String name = store.getFileName().toString();
        Path file =
                store.resolveSibling(name.substring(0, name.length() - KEY_STORE_SUFFIX.length()) + PASSWORD_SUFFIX);
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new NodeConfigException(file + " is empty (the password of " + store + ")");
            }
            return password;
        } catch (IOException e) {
            throw new NodeConfigException(
                    "cannot read " + file + " (the password of " + store + "): " + e.getMessage());
        }
    }

    /** Artery over TLS with mutual authentication, Pekko's own SSL engine provider reading these stores. */
    Map<String, Object> pekkoSettings() {
        String prefix = "pekko.remote.artery.ssl.config-ssl-engine.";
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("pekko.remote.artery.transport", "tls-tcp");
        settings.put(
                "pekko.remote.artery.ssl.ssl-engine-provider",
                "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider");
        settings.put(prefix + "key-store", keyStore.toString());
        settings.put(prefix + "key-store-password", keyStorePassword);
        settings.put(prefix + "key-password", keyStorePassword);
        settings.put(prefix + "trust-store", trustStore.toString());
        settings.put(prefix + "trust-store-password", trustStorePassword);
        settings.put(prefix + "protocol", "TLSv1.3");
        settings.put(prefix + "require-mutual-authentication", "on");
        return settings;
    }

    /** A TLS context presenting the member's certificate and trusting only the cluster's CA. */
    public SSLContext sslContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, keyStorePassword), keyStorePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, trustStorePassword));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new NodeConfigException(
                    "cannot use the TLS material in " + keyStore.getParent() + ": " + e.getMessage());
        }
    }

    /** Reads a PKCS12 store. */
    public static KeyStore load(Path store, String password) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password.toCharArray());
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            throw new NodeConfigException("cannot read " + store + ": " + e.getMessage());
        }
    }

    /** Never shows the passwords (settings end up in logs). */
    @Override
    public String toString() {
        return "MemberTls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", https=" + https + "]";
    }
}
