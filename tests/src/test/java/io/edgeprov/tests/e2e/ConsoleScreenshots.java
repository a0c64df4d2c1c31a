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
            // Devices of the group enrollment (genuine TPMs whose serial matches line-a-[0-9]+).
            for (int i = 1; i <= 5; i++) {
                fleet.attempt(String.format("line-a-%04d", i), fleet.genuineTpm()).enrolled.get(60, java.util.concurrent.TimeUnit.SECONDS);
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

                // Sorted by state on the gateway, descending: the revoked devices first, then the active fleet.
                window.onFx(() -> {
                    main.show("tab-fleet");
                    @SuppressWarnings("unchecked")
                    javafx.scene.control.TableView<Object> table = (javafx.scene.control.TableView<Object>) main.lookup("#fleet-table");
                    javafx.scene.control.TableColumn<Object, ?> state = table.getColumns().get(1);
                    state.setSortType(javafx.scene.control.TableColumn.SortType.DESCENDING);
                    table.getSortOrder().setAll(java.util.List.of(state));
                });
                window.await("the fleet sorted by state", Duration.ofSeconds(30), () -> !sessionOf(main).fleet().rows().isEmpty()
                        && sessionOf(main).fleet().rows().get(0).state() != io.edgeprov.contracts.admin.AdminData.DeviceStatus.ACTIVE);
                window.snapshot(out.resolve("fleet.png"));

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

                // Onboarding and approvals are a technician's; the audit trail is an auditor's.
                window.disconnect();
                window.connect(fleet.address(), fleet.technician, ConsoleFleet.PASSWORD);
                MainView technician = window.onFx(() -> window.console().main());
                window.onFx(() -> {
                    technician.show("tab-onboarding");
                    var onboarding = sessionOf(technician).onboarding();
                    onboarding.serialProperty().set("SN-2026-0107");
                    onboarding.csvProperty().set("serial,ek_sha256\n"
                            + "SN-2026-0201," + "3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f00112233445566778899aabbccddee01\n"
                            + "SN-2026-0202," + "3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f00112233445566778899aabbccddee02\n"
                            + "SN 2026 0203," + "3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f00112233445566778899aabbccddee03\n"
                            + "SN-2026-0204," + "3f5a0c1e9b7d2a4c\n"
                            + ids.get(0) + "," + "3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f00112233445566778899aabbccddee05\n");
                    onboarding.validate();
                    sessionOf(technician).groups().load();
                });
                window.await("the batch report", Duration.ofSeconds(30), () -> !sessionOf(technician).onboarding().report().isEmpty());
                window.await("the group enrollments", Duration.ofSeconds(30), () -> !sessionOf(technician).groups().groups().isEmpty());
                window.onFx(() -> ((javafx.scene.control.TableView<?>) technician.lookup("#groups-table")).getSelectionModel().select(0));
                window.snapshot(out.resolve("onboarding.png"));

                window.onFx(() -> {
                    technician.show("tab-pending");
                    sessionOf(technician).pending().load();
                });
                window.await("pending devices", Duration.ofSeconds(30), () -> !sessionOf(technician).pending().rows().isEmpty());
                window.snapshot(out.resolve("pending.png"));

                window.disconnect();
                window.connect(fleet.address(), fleet.auditor, ConsoleFleet.PASSWORD);
                MainView auditor = window.onFx(() -> window.console().main());
                window.onFx(() -> {
                    auditor.show("tab-audit");
                    sessionOf(auditor).audit().applyFilter();
                    sessionOf(auditor).audit().verify();
                });
                window.await("the audit chain status", Duration.ofSeconds(30), () -> sessionOf(auditor).audit().intactProperty().get() != null);
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
