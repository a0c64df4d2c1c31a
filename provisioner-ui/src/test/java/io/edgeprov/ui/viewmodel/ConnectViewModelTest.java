package io.edgeprov.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminConnector;
import io.edgeprov.ui.client.ConnectFailure;
import io.edgeprov.ui.client.GatewayAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConnectViewModelTest {
    private final AdminConnector connector = mock(AdminConnector.class);
    private final Queue<Runnable> background = new ArrayDeque<>();
    private final ConnectViewModel model = new ConnectViewModel(connector, background::add, UiThread.direct());

    @Test
    void connecting_runs_off_the_ui_thread_and_wipes_the_password_afterwards() throws Exception {
        AtomicReference<char[]> seen = new AtomicReference<>();
        AtomicReference<String> whileConnecting = new AtomicReference<>();
        AdminClient client = mock(AdminClient.class);
        doAnswer(call -> {
            char[] password = call.getArgument(2);
            seen.set(password);
            whileConnecting.set(new String(password));
            return client;
        }).when(connector).connect(any(), any(), any());
        model.addressProperty().set("gw.factory.example:8884");
        model.certificateFileProperty().set("/tmp/alice.p12");

        model.connect("s3cret");
        assertThat(model.busyProperty().get()).isTrue();
        verify(connector, never()).connect(any(), any(), any());
        background.poll().run();

        verify(connector).connect(new GatewayAddress("gw.factory.example", 8884), Path.of("/tmp/alice.p12"), seen.get());
        assertThat(whileConnecting.get()).isEqualTo("s3cret");
        assertThat(seen.get()).containsOnly('\0');
        assertThat(model.sessionProperty().get()).isSameAs(client);
        assertThat(model.busyProperty().get()).isFalse();
    }

    @Test
    void each_failure_is_shown_with_its_own_title_and_advice_and_never_the_password() throws Exception {
        for (ConnectFailure.Cause cause : ConnectFailure.Cause.values()) {
            doAnswer(call -> {
                throw new ConnectFailure(cause, null);
            }).when(connector).connect(any(), any(), any());
            model.certificateFileProperty().set("/tmp/alice.p12");

            model.connect("hunter2-password");
            background.poll().run();

            assertThat(model.failureProperty().get()).isEqualTo(cause);
            assertThat(model.errorTitleProperty().get()).isEqualTo(cause.title());
            assertThat(model.errorTextProperty().get()).isEqualTo(cause.advice()).doesNotContain("hunter2");
            assertThat(model.sessionProperty().get()).isNull();
        }
    }

    @Test
    void a_bad_address_is_refused_before_anything_is_sent() throws Exception {
        model.addressProperty().set("gw:notaport");
        model.certificateFileProperty().set("/tmp/alice.p12");

        model.connect("pw");

        assertThat(model.failureProperty().get()).isEqualTo(ConnectFailure.Cause.BAD_ADDRESS);
        assertThat(background).isEmpty();
        assertThat(model.canConnectBinding().get()).isFalse();
    }
}
