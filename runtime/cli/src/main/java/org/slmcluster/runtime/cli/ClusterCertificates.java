package org.slmcluster.runtime.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slmcluster.runtime.node.MemberTls;

/**
 * A cluster's certificate authority and its members' key pairs, made with the JDK's own {@code keytool} (no
 * extra cryptography library): {@code ca.p12} (the CA's private key: keep it off the members), {@code ca.pem}
 * (its certificate, for curl and browsers), {@code truststore.p12} (the CA certificate every member trusts) and
 * per member {@code NAME.p12} (an EC P-256 key and a certificate signed by the CA, for server and client
 * authentication, naming the member's hosts). Every store has a random password in a {@code .password} file
 * beside it, readable by the owner only. Running it again keeps the CA and the members that exist and adds
 * the missing ones.
 */
final class ClusterCertificates {

    static final Pattern MEMBER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");
    private static final String CA = "ca";
    private static final String CA_DAYS = "3650";
    private static final String MEMBER_DAYS = "825";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One member: its node name (the key store's file name) and the host names or addresses it is reached at. */
    record Member(String name, List<String> hosts) {
        Member {
            if (!MEMBER_NAME.matcher(name).matches()) {
                throw CliFailure.badInput("member name '" + name + "' is not valid (letters, digits, '.', '-', '_')");
            }
            for (String host : hosts) {
                if (!IP_LITERAL.matcher(host).matches()
                        && !HOST_NAME.matcher(host).matches()) {
                    throw CliFailure.badInput(
                            "host '" + host + "' of member " + name + " is not a host name or address");
                }
            }
            hosts = List.copyOf(hosts);
        }

        /** The certificate's subject alternative names: the member's hosts, its name and the loopback. */
        String subjectAlternativeNames() {
            Set<String> names = new LinkedHashSet<>();
            for (String host : hosts) {
                names.add((IP_LITERAL.matcher(host).matches() ? "ip:" : "dns:") + host);
            }
            names.add("dns:" + name);
            names.add("dns:localhost");
            names.add("ip:127.0.0.1");
            return String.join(",", names);
        }
    }

    private final Path dir;
    private final Path keytool;

    ClusterCertificates(Path dir) {
        this.dir = dir;
        this.keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    }

    /** What {@link #init} did. */
    record Outcome(boolean createdCa, List<String> created, List<String> kept) {}

    /** Creates the CA unless it exists, then every member whose key store does not exist yet. */
    Outcome init(List<Member> members) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CliFailure.badInput("cannot create " + dir + ": " + e.getMessage());
        }
        boolean createdCa = false;
        if (!Files.exists(dir.resolve(CA + MemberTls.KEY_STORE_SUFFIX))) {
            createCa();
            createdCa = true;
        } else if (!Files.exists(dir.resolve(MemberTls.TRUST_STORE)) || !Files.exists(dir.resolve("ca.pem"))) {
            throw CliFailure.badInput(dir + " has a ca.p12 but no truststore.p12 / ca.pem: not a directory written by "
                    + "'slm certs init'; use an empty directory");
        }
        List<String> created = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<Member> missing = new ArrayList<>();
        for (Member member : members) {
            if (member.name().equals(CA) || member.name().equals("truststore")) {
                throw CliFailure.badInput(
                        "'" + member.name() + "' is reserved for the cluster's own files; rename the member");
            }
            if (Files.exists(dir.resolve(member.name() + MemberTls.KEY_STORE_SUFFIX))) {
                kept.add(member.name());
            } else {
                missing.add(member);
                created.add(member.name());
            }
        }
        // Each keytool run is a JVM start: a few members at a time keeps a 7-member cluster to seconds.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, missing.size())));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Member member : missing) {
                done.add(pool.submit(() -> createMember(member)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CliFailure failure
                    ? failure
                    : CliFailure.failed("creating a member certificate failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(createdCa, created, kept);
    }

    private void createCa() {
        String password = newPassword(CA);
        String store = dir.resolve(CA + MemberTls.KEY_STORE_SUFFIX).toString();
        keytool(
                "-genkeypair",
                "-keystore",
                store,
                "-storetype",
                "PKCS12",
                "-storepass",
                password,
                "-alias",
                CA,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                CA_DAYS,
                "-dname",
                "CN=slm-cluster CA " + Long.toHexString(RANDOM.nextLong() >>> 1),
                "-ext",
                "bc:c=ca:true,pathlen:0",
                "-ext",
                "ku:c=keyCertSign,cRLSign");
        keytool(
                "-exportcert",
                "-rfc",
                "-keystore",
                store,
                "-storepass",
                password,
                "-alias",
                CA,
                "-file",
                dir.resolve("ca.pem").toString());
        String trustPassword = newPassword("truststore");
        keytool(
                "-importcert",
                "-noprompt",
                "-keystore",
                dir.resolve(MemberTls.TRUST_STORE).toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                trustPassword,
                "-alias",
                "slm-cluster-ca",
                "-file",
                dir.resolve("ca.pem").toString());
        ownerOnly(dir.resolve(CA + MemberTls.KEY_STORE_SUFFIX));
    }

    private void createMember(Member member) {
        String name = member.name();
        String caPassword = MemberTls.passwordOf(dir.resolve(CA + MemberTls.KEY_STORE_SUFFIX));
        String password = newPassword(name);
        Path store = dir.resolve(name + MemberTls.KEY_STORE_SUFFIX);
        Path request = dir.resolve(name + ".csr");
        Path certificate = dir.resolve(name + ".pem");
        try {
            keytool(
                    "-genkeypair",
                    "-keystore",
                    store.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    password,
                    "-alias",
                    name,
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-validity",
                    MEMBER_DAYS,
                    "-dname",
                    "CN=" + name);
            keytool(
                    "-certreq",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    password,
                    "-alias",
                    name,
                    "-file",
                    request.toString());
            keytool(
                    "-gencert",
                    "-rfc",
                    "-keystore",
                    dir.resolve(CA + MemberTls.KEY_STORE_SUFFIX).toString(),
                    "-storepass",
                    caPassword,
                    "-alias",
                    CA,
                    "-infile",
                    request.toString(),
                    "-outfile",
                    certificate.toString(),
                    "-validity",
                    MEMBER_DAYS,
                    "-ext",
                    "san=" + member.subjectAlternativeNames(),
                    "-ext",
                    "ku:c=digitalSignature,keyAgreement",
                    "-ext",
                    "eku=serverAuth,clientAuth");
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    password,
                    "-alias",
                    "slm-cluster-ca",
                    "-file",
                    dir.resolve("ca.pem").toString());
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    password,
                    "-alias",
                    name,
                    "-file",
                    certificate.toString());
            ownerOnly(store);
        } catch (RuntimeException e) {
            deleteQuietly(store);
            deleteQuietly(store.resolveSibling(name + MemberTls.PASSWORD_SUFFIX));
            throw e;
        } finally {
            deleteQuietly(request);
            deleteQuietly(certificate);
        }
    }

    /** Writes {@code NAME.password} (owner-only) with a fresh random password and returns it. */
    private String newPassword(String storeName) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path file = dir.resolve(storeName + MemberTls.PASSWORD_SUFFIX);
        try {
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.failed("cannot write " + file + ": " + e.getMessage());
        }
        ownerOnly(file);
        return password;
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // a file system without POSIX permissions: nothing more to do
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind: harmless (a request or a certificate that is also in the key store)
        }
    }

    /** Runs keytool; its output is shown only when it fails (without the arguments: they hold passwords). */
    private void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw CliFailure.failed("keytool " + arguments[0] + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw CliFailure.failed(
                        "keytool " + arguments[0] + " failed: " + output.strip().replace('\n', ' '));
            }
        } catch (IOException e) {
            throw CliFailure.failed("cannot run " + keytool + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted while running keytool");
        }
    }
}
