package io.edgeprov.ui.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.edgeprov.contracts.admin.AdminData.BreakGlassState;
import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.DeviceStatus;
import io.edgeprov.contracts.admin.AdminData.RevocationTarget;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminPermission;
import io.edgeprov.contracts.admin.AdminRejection;
import io.edgeprov.contracts.admin.AdminReply.BreakGlassReply;
import io.edgeprov.contracts.admin.AdminReply.FleetPageReply;
import io.edgeprov.contracts.admin.AdminReply.RevocationPreviewReply;
import io.edgeprov.contracts.admin.AdminReply.RevokeReply;
import io.edgeprov.contracts.admin.AdminReply.WhoAmIReply;
import io.edgeprov.contracts.admin.AdminRole;
import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminConnector;
import io.edgeprov.ui.client.AdminRefused;
import io.edgeprov.ui.client.ConnectFailure;
import io.edgeprov.ui.viewmodel.FxUiThread;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The console's screens driven by a robot, headless (Monocle), over a mocked admin client. */
@ExtendWith(ApplicationExtension.class)
class ConsoleUiTest {
    private final AdminConnector connector = mock(AdminConnector.class);
    /** Calls a test does not stub stay unanswered, as a slow gateway's would. */
    private final AdminClient client = mock(AdminClient.class, withSettings().defaultAnswer(call ->
            call.getMethod().getReturnType() == CompletableFuture.class ? new CompletableFuture<>()
                    : org.mockito.Answers.RETURNS_DEFAULTS.answer(call)));
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Console console;

    @Start
    void start(Stage stage) {
        console = new Console(connector, background, timer, new FxUiThread(), Clock.systemUTC());
        Scene scene = new Scene(console.root(), 1280, 800);
        Console.style(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
        timer.shutdownNow();
    }

    private void given_an_operator(AdminRole role) throws Exception {
        when(client.identity()).thenReturn(new WhoAmIReply("r0", "alice", role, List.of(AdminPermission.VIEW), null));
        when(client.gatewayDescription()).thenReturn("localhost:8883");
        when(client.subscribe(any())).thenReturn(() -> { });
        when(client.fleetPage(any(), any(), anyBoolean(), isNull(), anyInt())).thenReturn(CompletableFuture.completedFuture(
                new FleetPageReply("r1", List.of(row("dev-00001", DeviceStatus.ACTIVE), row("dev-00002", DeviceStatus.REVOKED),
                        row("dev-00003", DeviceStatus.PENDING)), 3, null)));
        when(connector.connect(any(), any(), any())).thenReturn(client);
    }

    private static DeviceRow row(String id, DeviceStatus state) {
        return new DeviceRow(id, state, "L-7", "group-acme", Instant.now().minusSeconds(30),
                state == DeviceStatus.ACTIVE ? Instant.now().plusSeconds(1800) : null, 2, state == DeviceStatus.PENDING ? 3 : 0,
                state == DeviceStatus.PENDING ? "NOT_ENROLLED" : null);
    }

    private void connect(FxRobot robot) {
        robot.interact(() -> console.connect().certificateFileProperty().set("/tmp/alice.p12"));
        robot.clickOn("#password").write("pw");
        robot.clickOn("#connect");
    }

    private static void await(FxRobot robot, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    @Test
    void a_wrong_password_is_named_on_the_connect_screen(FxRobot robot) throws Exception {
        doAnswer(call -> {
            throw new ConnectFailure(ConnectFailure.Cause.WRONG_PASSWORD, null);
        }).when(connector).connect(any(), any(), any());

        connect(robot);

        await(robot, () -> robot.lookup("#error-title").queryAs(Label.class).isVisible());
        assertThat(robot.lookup("#error-title").queryAs(Label.class).getText()).isEqualTo("Wrong password");
        assertThat(robot.lookup("#password").queryTextInputControl().getText()).isEmpty();
    }

    @Test
    void the_fleet_shows_state_colours_and_searches_on_the_gateway(FxRobot robot) throws Exception {
        given_an_operator(AdminRole.OPERATOR);
        connect(robot);

        await(robot, () -> robot.lookup("#fleet-table").tryQuery().isPresent()
                && robot.lookup("#fleet-table").<TableView<DeviceRow>>queryTableView().getItems().size() == 3);
        assertThat(robot.lookup("#identity").queryAs(Label.class).getText()).isEqualTo("alice · operator · localhost:8883");
        assertThat(robot.lookup(".state-revoked").queryAll()).isNotEmpty();
        assertThat(robot.lookup(".state-active").queryAll()).isNotEmpty();
        assertThat(robot.lookup(".expiry-urgent").queryAll()).isNotEmpty();

        robot.clickOn("#fleet-search").write("L-7").type(javafx.scene.input.KeyCode.ENTER);

        verify(client, timeout(5_000)).fleetPage(argThat(f -> "L-7".equals(f.text())), any(), anyBoolean(), isNull(), anyInt());
    }

    @Test
    void revoking_a_selected_device_names_the_count_then_shows_the_result(FxRobot robot) throws Exception {
        given_an_operator(AdminRole.OPERATOR);
        when(client.previewRevocation(RevocationTarget.device("dev-00001"))).thenReturn(CompletableFuture.completedFuture(
                new RevocationPreviewReply("r2", "device:dev-00001", 1, 1, 0, List.of("dev-00001"))));
        when(client.revoke(eq(RevocationTarget.device("dev-00001")), any(), any(), eq(1)))
                .thenReturn(CompletableFuture.completedFuture(new RevokeReply("r3", 1, 1, 0)));
        connect(robot);
        await(robot, () -> robot.lookup("dev-00001").tryQuery().isPresent());

        robot.clickOn("dev-00001");
        robot.clickOn("#fleet-revoke-selected");
        robot.clickOn("#revoke-preview");
        await(robot, () -> robot.lookup("#revoke-confirm").tryQuery().map(n -> n.isVisible()).orElse(false));
        assertThat(robot.lookup("#revoke-confirmation").queryAs(Label.class).getText())
                .isEqualTo("Revoke device:dev-00001: this cuts off 1 device (1 valid certificate). This cannot be undone.");
        robot.clickOn("#revoke-confirm");

        await(robot, () -> robot.lookup("#revoke-message").queryAs(Label.class).getText().startsWith("Revoked 1 device"));
        verify(client).revoke(eq(RevocationTarget.device("dev-00001")), any(), any(), eq(1));
    }

    @Test
    void a_storm_of_live_events_neither_freezes_the_ui_nor_floods_the_gateway(FxRobot robot) throws Exception {
        given_an_operator(AdminRole.OPERATOR);
        List<DeviceRow> page = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            page.add(row(String.format("dev-%05d", i), DeviceStatus.ACTIVE));
        }
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        when(client.fleetPage(any(), any(), anyBoolean(), isNull(), anyInt())).thenAnswer(call -> {
            reads.incrementAndGet();
            return CompletableFuture.completedFuture(new FleetPageReply("r", page, 100_000, "next"));
        });
        java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<io.edgeprov.contracts.admin.AdminEvent>> feed =
                new java.util.concurrent.atomic.AtomicReference<>();
        when(client.subscribe(any())).thenAnswer(call -> {
            feed.set(call.getArgument(0));
            return (AdminClient.Subscription) () -> { };
        });
        connect(robot);
        await(robot, () -> robot.lookup("#fleet-table").tryQuery().isPresent()
                && robot.lookup("#fleet-table").<TableView<DeviceRow>>queryTableView().getItems().size() == 200);
        int before = reads.get();

        List<Long> quiet = turnArounds(TimeUnit.SECONDS.toNanos(2));
        // 25 times the gateway's own rate (one batch per 250 ms), each batch as large as the contract allows.
        List<String> ids = new java.util.ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            ids.add(String.format("dev-%05d", k));
        }
        io.edgeprov.contracts.admin.AdminEvent.DevicesChanged batch = new io.edgeprov.contracts.admin.AdminEvent.DevicesChanged(ids, false);
        java.util.concurrent.ScheduledFuture<?> storm = timer.scheduleAtFixedRate(() -> feed.get().accept(batch), 0, 10,
                TimeUnit.MILLISECONDS);
        List<Long> stormy = turnArounds(TimeUnit.SECONDS.toNanos(3));
        storm.cancel(false);

        int rereads = reads.get() - before;
        long quietWorst = quiet.get(quiet.size() - 1);
        long stormMedian = stormy.get(stormy.size() / 2);
        long stormWorst = stormy.get(stormy.size() - 1);
        System.out.printf("storm: FX turn-around quiet worst %d ms; storm median %d ms, worst %d ms; %d fleet re-reads%n",
                quietWorst, stormMedian, stormWorst, rereads);
        assertThat(stormMedian).as("the FX thread stays responsive during the storm").isLessThan(100);
        assertThat(stormWorst).as("no freeze: the worst turn-around stays within a second").isLessThan(1_000);
        assertThat(rereads).as("about one re-read per 300 ms window, not one per event").isBetween(1, 15);
    }

    /** How long the FX thread takes to run an empty task, sampled back to back for {@code nanos}, sorted. */
    private static List<Long> turnArounds(long nanos) throws Exception {
        List<Long> samples = new java.util.ArrayList<>();
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            long asked = System.nanoTime();
            WaitForAsyncUtils.asyncFx(() -> { }).get(5, TimeUnit.SECONDS);
            samples.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));
        }
        java.util.Collections.sort(samples);
        return samples;
    }

    @Test
    void a_technicians_revocation_is_refused_by_the_gateway_and_shown_as_such(FxRobot robot) throws Exception {
        given_an_operator(AdminRole.TECHNICIAN);
        when(client.previewRevocation(any())).thenReturn(CompletableFuture.failedFuture(new AdminRefused(
                new AdminRejection("r2", AdminErrorCode.NOT_PERMITTED, "revocation-preview needs REVOKE"))));
        connect(robot);
        await(robot, () -> robot.lookup("dev-00001").tryQuery().isPresent());

        robot.clickOn("dev-00001");
        robot.clickOn("#fleet-revoke-selected");
        robot.clickOn("#revoke-preview");

        await(robot, () -> robot.lookup("#revoke-message").queryAs(Label.class).getText().startsWith("Refused by the gateway"));
        Label message = robot.lookup("#revoke-message").queryAs(Label.class);
        assertThat(message.getText()).isEqualTo("Refused by the gateway: your role does not allow this (revocation-preview needs REVOKE)");
        assertThat(message.getStyleClass()).contains("refused");
    }

    @Test
    void an_operator_takes_break_glass_through_the_dialog_and_the_header_shows_until_when(FxRobot robot) throws Exception {
        given_an_operator(AdminRole.OPERATOR);
        String reason = "night shift: replacement for dev-0042";
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant until = now.plusSeconds(3600);
        when(client.takeBreakGlass(reason, 3600)).thenReturn(CompletableFuture.completedFuture(new BreakGlassReply("r2",
                new BreakGlassState(reason, now, until, List.of(AdminPermission.ONBOARD, AdminPermission.APPROVE)))));
        connect(robot);
        await(robot, () -> robot.lookup("#break-glass-open").tryQuery().map(n -> n.isVisible()).orElse(false));

        robot.clickOn("#break-glass-open");
        await(robot, () -> robot.lookup("#break-glass-take").tryQuery().isPresent());
        robot.clickOn("#break-glass-take");
        await(robot, () -> robot.lookup("#break-glass-message").queryAs(Label.class).getText().startsWith("Write a reason"));
        robot.clickOn("#break-glass-reason").write(reason);
        robot.clickOn("#break-glass-take");

        await(robot, () -> robot.lookup("#break-glass-badge").queryAs(Label.class).isVisible());
        String hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(java.time.ZoneOffset.UTC).format(until);
        assertThat(robot.lookup("#break-glass-badge").queryAs(Label.class).getText()).isEqualTo("Break-glass until " + hhmm);
        assertThat(robot.lookup("#break-glass-release").queryButton().isVisible()).isTrue();
        assertThat(robot.lookup("#break-glass-open").queryButton().isVisible()).isFalse();
        await(robot, () -> robot.lookup("#break-glass-take").tryQuery().isEmpty());
        verify(client).takeBreakGlass(reason, 3600);
    }
}
