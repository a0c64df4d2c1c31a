package io.edgeprov.tests.e2e;

import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.ui.view.MainView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Takes a screenshot of each main screen of the real console (GTK glass, so it needs a display: run it under
 * Xvfb through provisioner-ui/screenshots.sh) against a real gateway with a simulated fleet of a few hundred
 * devices, a few refused strangers, pending genuine TPMs and revoked devices.
 *
 * <pre>java ... io.edgeprov.tests.e2e.ConsoleScreenshots OUT_DIR [DEVICES]</pre>
 */
public final class ConsoleScreenshots {
    private ConsoleScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots").toAbsolutePath();
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path folder = Files.createTempDirectory("console-screenshots");
        System.out.println("starting a gateway and " + devices + " simulated devices in " + folder);
        try (ConsoleFleet fleet = ConsoleFleet.start(folder, devices, Duration.ofMinutes(20))) {
            // Genuine TPMs nobody allowed wait in the pending queue; strangers without an EK certificate are refused.
            for (int i = 1; i <= 3; i++) {
                ConsoleFleet.DeviceProbe probe = fleet.attempt(String.format("line-b-%04d", i), fleet.genuineTpm());
                probe.refused.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            for (int i = 1; i <= 4; i++) {
                fleet.attempt(String.format("stranger-%04d", i), SoftwareTpm.builder().build());
            }
            List<String> ids = fleet.deviceIds();
            GivenGateway.cli("revoke", "--config", fleet.gateway.config.toString(), "--device", ids.get(ids.size() - 1),
                    "--reason", "keyCompromise");
            GivenGateway.cli("revoke", "--config", fleet.gateway.config.toString(), "--device", ids.get(ids.size() - 2),
                    "--reason", "cessationOfOperation");

            try (ConsoleWindow window = ConsoleWindow.open(1280, 800)) {
                window.onFx(() -> {
                    window.console().connect().addressProperty().set(fleet.address());
                    window.console().connect().certificateFileProperty().set(fleet.operator.toString());
                });
                window.snapshot(out.resolve("connect.png"));
                window.connect(fleet.address(), fleet.operator, ConsoleFleet.PASSWORD);
                MainView main = window.onFx(() -> window.console().main());

                window.onFx(() -> main.show("tab-dashboard"));
                window.await("dashboard figures", Duration.ofSeconds(30), () -> main.lookup("#dash-devices") != null
                        && !"—".equals(((javafx.scene.control.Label) main.lookup("#dash-devices")).getText()));
                window.snapshot(out.resolve("dashboard.png"));

                window.onFx(() -> main.show("tab-fleet"));
                window.snapshot(out.resolve("fleet.png"));

                window.onFx(() -> {
                    main.show("tab-onboarding");
                    var onboarding = sessionOf(main).onboarding();
                    onboarding.serialProperty().set("SN-2026-0107");
                    onboarding.csvProperty().set("serial,ek_sha256\n"
                            + "SN-2026-0201," + "3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f00112233445566778899aabbccddee01\n"
                            + "SN-2026-0202," + "3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f00112233445566778899aabbccddee02\n"
                            + "SN 2026 0203," + "3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f00112233445566778899aabbccddee03\n"
                            + "SN-2026-0204," + "3f5a0c1e9b7d2a4c\n"
                            + ids.get(0) + "," + "3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f00112233445566778899aabbccddee05\n");
                    onboarding.validate();
                    sessionOf(main).groups().load();
                });
                window.await("the batch report", Duration.ofSeconds(30), () -> !sessionOf(main).onboarding().report().isEmpty());
                window.onFx(() -> {
                    var groups = sessionOf(main).groups();
                    if (!groups.groups().isEmpty()) {
                        groups.selectedProperty().set(groups.groups().get(0));
                    }
                });
                window.snapshot(out.resolve("onboarding.png"));

                window.onFx(() -> {
                    main.show("tab-pending");
                    sessionOf(main).pending().load();
                });
                window.await("pending devices", Duration.ofSeconds(30), () -> !sessionOf(main).pending().rows().isEmpty());
                window.snapshot(out.resolve("pending.png"));

                window.onFx(() -> {
                    main.show("tab-revocation");
                    sessionOf(main).revocation().targetLot(ConsoleFleet.LOT);
                    sessionOf(main).revocation().noteProperty().set("Lot L-2026-11 shipped with a debug firmware image");
                    sessionOf(main).revocation().preview();
                });
                window.await("the revocation preview", Duration.ofSeconds(30),
                        () -> !sessionOf(main).revocation().confirmationProperty().get().isEmpty());
                window.snapshot(out.resolve("revocation.png"));

                window.onFx(() -> {
                    sessionOf(main).detail().open(ids.get(ids.size() - 1));
                    main.show("tab-device");
                });
                window.await("the device detail", Duration.ofSeconds(30), () -> sessionOf(main).detail().deviceProperty().get() != null);
                window.snapshot(out.resolve("device.png"));

                window.onFx(() -> {
                    main.show("tab-audit");
                    sessionOf(main).audit().applyFilter();
                    sessionOf(main).audit().verify();
                });
                window.await("the audit chain status", Duration.ofSeconds(30), () -> sessionOf(main).audit().intactProperty().get() != null);
                window.snapshot(out.resolve("audit.png"));
            }
        }
        System.out.println("screenshots written to " + out);
        System.exit(0);
    }

    private static io.edgeprov.ui.viewmodel.SessionViewModels sessionOf(MainView main) {
        return main.session();
    }
}
