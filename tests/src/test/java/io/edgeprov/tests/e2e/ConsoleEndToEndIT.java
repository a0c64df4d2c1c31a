package io.edgeprov.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.admin.AdminData.AuditRow;
import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.PendingRow;
import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.ui.client.mqtt.MqttAdminConnector;
import io.edgeprov.ui.view.Console;
import io.edgeprov.ui.viewmodel.FxUiThread;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real console, driven by a robot (TestFX, headless on Monocle), against a real gateway started by the
 * test with a simulated fleet: connect, filter the fleet, onboard a device that then enrolls, approve a
 * pending device that then enrolls, revoke a device and see it cut off, open the audit view; a technician's
 * revocation is refused by the gateway and shown as such.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleEndToEndIT {
    static {
        // Headless JavaFX for this class only (the other suites here start no toolkit).
        System.setProperty("testfx.robot", "glass");
        System.setProperty("testfx.headless", "true");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("java.awt.headless", "true");
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int DEVICES = 24;
    @TempDir
    static Path folder;
    static ConsoleFleet fleet;
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Console console;

    @BeforeAll
    static void given_a_gateway_with_a_fleet() throws Exception {
        fleet = ConsoleFleet.start(folder, DEVICES, Duration.ofMinutes(10));
    }

    @AfterAll
    static void stop_everything() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Start
    void start(Stage stage) {
        console = new Console(new MqttAdminConnector(), background, timer, new FxUiThread(), Clock.systemUTC());
        Scene scene = new Scene(console.root(), 1280, 800);
        Console.style(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void close_the_console() throws Exception {
        WaitForAsyncUtils.asyncFx(console::close).get(10, TimeUnit.SECONDS);
        background.shutdownNow();
        timer.shutdownNow();
    }

    private void connectAs(FxRobot robot, Path certificate, String password) throws Exception {
        robot.interact(() -> {
            console.connect().addressProperty().set(fleet.address());
            console.connect().certificateFileProperty().set(certificate.toString());
        });
        robot.clickOn("#password").write(password);
        robot.clickOn("#connect");
    }

    private void connectedAs(FxRobot robot, Path certificate) throws Exception {
        connectAs(robot, certificate, ConsoleFleet.PASSWORD);
        await(() -> console.main() != null && robot.lookup("#fleet-table").tryQuery().isPresent());
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    /** The table with this id, once the tab's skin has put it in the scene (the first pulse after showing it). */
    private static <T> TableView<T> table(FxRobot robot, String id) throws Exception {
        await(() -> robot.lookup(id).tryQuery().isPresent());
        return robot.lookup(id).queryTableView();
    }

    private void showTab(FxRobot robot, String id) {
        robot.interact(() -> console.main().show(id));
    }

    @Test
    void a_wrong_password_is_named_and_nothing_connects(FxRobot robot) throws Exception {
        connectAs(robot, fleet.operator, "not-the-password");

        await(() -> "Wrong password".equals(robot.lookup("#error-title").queryAs(Label.class).getText()));
        assertThat(fx(() -> console.main())).isNull();
    }

    @Test
    void an_operator_filters_the_fleet_by_lot_on_the_gateway(FxRobot robot) throws Exception {
        connectedAs(robot, fleet.operator);
        TableView<DeviceRow> table = table(robot, "#fleet-table");
        await(() -> table.getItems().size() >= DEVICES);

        robot.clickOn("#fleet-search").write(ConsoleFleet.LOT).type(KeyCode.ENTER);

        await(() -> table.getItems().size() == DEVICES / 4);
        assertThat(fx(() -> table.getItems().stream().allMatch(r -> ConsoleFleet.LOT.equals(r.lot())))).isTrue();
        assertThat(fx(() -> robot.lookup("#fleet-status").queryAs(Label.class).getText())).isEqualTo(DEVICES / 4 + " devices");
    }

    @Test
    void an_auditor_opens_the_audit_view_filters_it_and_the_chain_verifies(FxRobot robot) throws Exception {
        connectedAs(robot, fleet.auditor);
        showTab(robot, "tab-audit");
        TableView<AuditRow> audit = table(robot, "#audit-table");
        await(() -> !audit.getItems().isEmpty());
        robot.clickOn("#audit-verify");
        await(() -> robot.lookup("#audit-chain").queryAs(Label.class).getText().startsWith("Hash chain intact"));

        // The CLI's `allow` and `lot` ran as the host's administrator: exactly that actor, filtered on the gateway.
        String administrator = "local:" + System.getProperty("user.name");
        robot.clickOn("#audit-actor").write(administrator).type(KeyCode.ENTER);
        await(() -> !audit.getItems().isEmpty() && audit.getItems().stream().allMatch(r -> r.actor().equals(administrator)));
    }

    @Test
    void a_technician_onboards_a_scanned_device_that_then_enrolls(FxRobot robot) throws Exception {
        SoftwareTpm tpm = fleet.genuineTpm();
        String id = "scanned-0001";
        connectedAs(robot, fleet.technician);
        showTab(robot, "tab-onboarding");

        // A keyboard-emulating scanner types the label (serial,ek) and Enter into the serial field.
        await(() -> robot.lookup("#onboard-serial").tryQuery().map(n -> n.isVisible()).orElse(false));
        robot.clickOn("#onboard-serial").write(id + "," + ConsoleFleet.ekSha256(tpm)).type(KeyCode.ENTER);

        await(() -> robot.lookup("#onboard-message").queryAs(Label.class).getText().startsWith("Allowed " + id));
        ConsoleFleet.DeviceProbe device = fleet.attempt(id, tpm);
        assertThat(device.enrolled.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void a_technician_approves_a_pending_genuine_tpm_which_then_enrolls(FxRobot robot) throws Exception {
        SoftwareTpm tpm = fleet.genuineTpm();
        String id = "line-b-0001";
        ConsoleFleet.DeviceProbe first = fleet.attempt(id, tpm);
        assertThat(first.refused.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        first.device.close();
        connectedAs(robot, fleet.technician);
        showTab(robot, "tab-pending");
        TableView<PendingRow> pending = table(robot, "#pending-table");
        await(() -> pending.getItems().stream().anyMatch(p -> p.deviceId().equals(id)));

        robot.interact(() -> pending.getSelectionModel().select(
                pending.getItems().stream().filter(p -> p.deviceId().equals(id)).findFirst().orElseThrow()));
        robot.clickOn("#pending-approve");

        await(() -> robot.lookup("#pending-message").queryAs(Label.class).getText().startsWith("Approved " + id));
        ConsoleFleet.DeviceProbe again = fleet.attempt(id, tpm);
        assertThat(again.enrolled.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void an_operator_revokes_a_device_and_the_device_is_cut_off(FxRobot robot) throws Exception {
        SoftwareTpm tpm = fleet.genuineTpm();
        String id = "line-a-0042";
        ConsoleFleet.DeviceProbe device = fleet.attempt(id, tpm);
        assertThat(device.enrolled.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        connectedAs(robot, fleet.operator);
        showTab(robot, "tab-revocation");

        await(() -> robot.lookup("#revoke-devices").tryQuery().map(n -> n.isVisible()).orElse(false));
        robot.clickOn("#revoke-devices").write(id);
        robot.clickOn("#revoke-preview");
        await(() -> robot.lookup("#revoke-confirmation").queryAs(Label.class).getText().contains("cuts off 1 device"));
        robot.clickOn("#revoke-confirm");

        await(() -> robot.lookup("#revoke-message").queryAs(Label.class).getText().startsWith("Revoked 1 device"));
        assertThat(device.revoked.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void a_technicians_revocation_is_refused_by_the_gateway_and_shown_as_such(FxRobot robot) throws Exception {
        connectedAs(robot, fleet.technician);
        showTab(robot, "tab-revocation");

        await(() -> robot.lookup("#revoke-devices").tryQuery().map(n -> n.isVisible()).orElse(false));
        robot.clickOn("#revoke-devices").write(fleet.deviceIds().get(0));
        robot.clickOn("#revoke-preview");

        await(() -> robot.lookup("#revoke-message").queryAs(Label.class).getText().startsWith("Refused by the gateway"));
        assertThat(fx(() -> robot.lookup("#revoke-message").queryAs(Label.class).getText()))
                .startsWith("Refused by the gateway: your role does not allow this");
    }
}
