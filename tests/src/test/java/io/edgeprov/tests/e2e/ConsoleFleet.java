package io.edgeprov.tests.e2e;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.sim.device.Backoff;
import io.edgeprov.sim.device.DeviceEvent;
import io.edgeprov.sim.device.DeviceEventType;
import io.edgeprov.sim.device.DeviceListener;
import io.edgeprov.sim.device.DeviceSettings;
import io.edgeprov.sim.device.PahoDeviceTransport;
import io.edgeprov.sim.device.SimulatedDevice;
import io.edgeprov.sim.fleet.EkMix;
import io.edgeprov.sim.fleet.Fleet;
import io.edgeprov.sim.fleet.FleetProgress;
import io.edgeprov.sim.fleet.FleetReport;
import io.edgeprov.sim.fleet.Onboarding;
import io.edgeprov.sim.fleet.OnboardingEntry;
import io.edgeprov.sim.tpm.SimulatedManufacturerCa;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real gateway (made with `init`, started in-process with its embedded broker and admin plane), a
 * simulated fleet enrolling and renewing over MQTT with software TPMs, a manufacturer root configured for
 * a group enrollment (so a genuine TPM it does not cover waits in the pending queue), and operator
 * certificate files for each role, issued with `operator add`.
 */
final class ConsoleFleet implements AutoCloseable {
    static final String PASSWORD = "console-e2e-pass";
    static final String LOT = "L-2026-11";
    private static final DeviceSettings SETTINGS = DeviceSettings.defaults()
            .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofMillis(800))).withRenewAfter(Duration.ofMinutes(10));

    final GivenGateway gateway;
    final SimulatedManufacturerCa manufacturer;
    final Path operator;
    final Path technician;
    final Path auditor;
    private final Fleet fleet;
    private final CompletableFuture<FleetReport> run;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<AutoCloseable> opened = new ArrayList<>();

    private ConsoleFleet(GivenGateway gateway, SimulatedManufacturerCa manufacturer, Path operator, Path technician, Path auditor,
            Fleet fleet, CompletableFuture<FleetReport> run) {
        this.gateway = gateway;
        this.manufacturer = manufacturer;
        this.operator = operator;
        this.technician = technician;
        this.auditor = auditor;
        this.fleet = fleet;
        this.run = run;
    }

    /** Starts it all and waits until {@code devices} devices have enrolled. */
    static ConsoleFleet start(Path folder, int devices, Duration runFor) throws Exception {
        GivenGateway gateway = GivenGateway.initializedAndStarted(folder, "gw-console");
        try {
            SimulatedManufacturerCa manufacturer = SimulatedManufacturerCa.create("Console Test TPM Root CA", Clock.systemUTC(),
                    new SecureRandom());
            Path roots = Files.writeString(folder.resolve("tpm-roots.pem"), Onboarding.pem(manufacturer.certificate()));
            GivenGateway.cli("allow", "--config", gateway.config.toString(), "--group", "line-a", "--roots", roots.toString(),
                    "--serial-pattern", "line-a-[0-9]+");
            Path operator = operatorFile(gateway, folder, "olivia", "operator");
            Path technician = operatorFile(gateway, folder, "tom", "technician");
            Path auditor = operatorFile(gateway, folder, "aude", "auditor");

            Fleet fleet = Fleet.builder().devices(devices).concurrency(8).idPrefix("sensor-").ekMix(EkMix.MIXED)
                    .broker("127.0.0.1", gateway.mqttPort()).trust(gateway.trustChain()).renewAfter(Duration.ofSeconds(20))
                    .duration(runFor).progressInterval(Duration.ofSeconds(1)).build();
            gateway.allow(fleet.onboarding());
            List<String> ids = fleet.onboarding().stream().map(e -> e.deviceId().value()).collect(Collectors.toList());
            Path lot = Files.write(folder.resolve("lot.txt"), ids.subList(0, Math.min(ids.size(), Math.max(1, devices / 4))));
            GivenGateway.cli("lot", "--config", gateway.config.toString(), "--lot", LOT, "--devices-file", lot.toString());
            CompletableFuture<FleetProgress> enrolled = new CompletableFuture<>();
            CompletableFuture<FleetReport> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return fleet.run(progress -> {
                        if (progress.enrolled() >= devices) {
                            enrolled.complete(progress);
                        }
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            enrolled.get(Math.max(60, devices / 2), TimeUnit.SECONDS);
            return new ConsoleFleet(gateway, manufacturer, operator, technician, auditor, fleet, run);
        } catch (Exception | AssertionError e) {
            gateway.close();
            throw e;
        }
    }

    /** An operator's PKCS#12 file as `operator add` issues it. */
    static Path operatorFile(GivenGateway gateway, Path folder, String name, String role) throws Exception {
        Path file = folder.resolve(name + ".p12");
        Path password = GivenGateway.secretFile(folder.resolve(name + ".pass"));
        Files.writeString(password, PASSWORD + "\n");
        GivenGateway.cli("operator", "add", "--config", gateway.config.toString(), "--name", name, "--role", role,
                "--issue", file.toString(), "--password-file", password.toString());
        return file;
    }

    String address() {
        return "localhost:" + gateway.mqttPort();
    }

    List<String> deviceIds() {
        return fleet.deviceIds().stream().map(DeviceId::value).toList();
    }

    /** A genuine TPM (EK certificate from the configured manufacturer root) that no enrollment covers. */
    SoftwareTpm genuineTpm() {
        SoftwareTpm tpm = SoftwareTpm.builder().manufacturerCa(manufacturer).build();
        opened.add(tpm);
        return tpm;
    }

    /** A device allowed or not, started once: it attests and either enrolls or is refused. */
    DeviceProbe attempt(String id, SoftwareTpm tpm) throws Exception {
        DeviceProbe probe = new DeviceProbe();
        SimulatedDevice device = SimulatedDevice.builder().id(new DeviceId(id)).tpm(tpm)
                .transport(new PahoDeviceTransport(new DeviceId(id), "127.0.0.1", gateway.mqttPort(), gateway.trustChain(), tpm))
                .settings(SETTINGS).scheduler(scheduler).listener(probe).build();
        opened.add(device);
        probe.device = device;
        device.start();
        return probe;
    }

    static String ekSha256(SoftwareTpm tpm) {
        return Onboarding.ekSha256(tpm.endorsementKeyPublic());
    }

    @Override
    public void close() throws Exception {
        try {
            fleet.stop();
            run.handle((r, e) -> r).get(30, TimeUnit.SECONDS);
            for (int i = opened.size() - 1; i >= 0; i--) {
                opened.get(i).close();
            }
            scheduler.shutdownNow();
        } finally {
            gateway.close();
        }
    }

    /** Completes when its device enrolls, is refused, or learns it is revoked: tests wait on these. */
    static final class DeviceProbe implements DeviceListener {
        final CompletableFuture<DeviceEvent> enrolled = new CompletableFuture<>();
        final CompletableFuture<DeviceEvent> refused = new CompletableFuture<>();
        final CompletableFuture<DeviceEvent> revoked = new CompletableFuture<>();
        SimulatedDevice device;

        @Override
        public void eventRecorded(SimulatedDevice device, DeviceEvent event) {
            if (event.type() == DeviceEventType.ENROLLED) {
                enrolled.complete(event);
            } else if (event.type() == DeviceEventType.REVOKED) {
                revoked.complete(event);
            } else if (event.type() == DeviceEventType.REFUSED || event.type() == DeviceEventType.FAILED) {
                refused.complete(event);
            }
        }
    }
}
