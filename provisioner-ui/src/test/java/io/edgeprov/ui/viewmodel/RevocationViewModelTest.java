package io.edgeprov.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.edgeprov.contracts.admin.AdminData.DeviceStatus;
import io.edgeprov.contracts.admin.AdminData.FleetFilter;
import io.edgeprov.contracts.admin.AdminData.RevocationTarget;
import io.edgeprov.contracts.admin.AdminData.TargetKind;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminRejection;
import io.edgeprov.contracts.admin.AdminReply.RevocationPreviewReply;
import io.edgeprov.contracts.admin.AdminReply.RevokeReply;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminRefused;
import io.edgeprov.ui.viewmodel.RevocationViewModel.Step;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class RevocationViewModelTest {
    private final AdminClient client = mock(AdminClient.class);
    private final RevocationViewModel model = new RevocationViewModel(client, UiThread.direct());

    @Test
    void the_confirmation_names_the_count_from_the_gateways_preview_and_the_revoke_carries_it() {
        when(client.previewRevocation(any())).thenReturn(CompletableFuture.completedFuture(
                new RevocationPreviewReply("r1", "lot:L-7", 37, 41, 2, List.of("dev-1"))));
        when(client.revoke(any(), any(), any(), anyInt())).thenReturn(CompletableFuture.completedFuture(new RevokeReply("r2", 37, 41, 2)));
        model.targetLot("L-7");
        model.reasonProperty().set(RevocationReason.KEY_COMPROMISE);
        model.noteProperty().set("stolen pallet");

        model.preview();
        assertThat(model.stepProperty().get()).isEqualTo(Step.CONFIRMING);
        assertThat(model.confirmationProperty().get())
                .isEqualTo("Revoke lot:L-7: this cuts off 37 devices (41 valid certificates); 2 already revoked. This cannot be undone.");
        verify(client, never()).revoke(any(), any(), any(), anyInt());

        model.confirm();

        verify(client).revoke(eq(RevocationTarget.lot("L-7")), eq(RevocationReason.KEY_COMPROMISE), eq("stolen pallet"), eq(37));
        assertThat(model.stepProperty().get()).isEqualTo(Step.DONE);
        assertThat(model.messageProperty().get()).isEqualTo(
                "Revoked 37 devices (41 certificates); 2 already revoked. They are cut off from the gateway.");
    }

    @Test
    void a_technicians_attempt_is_refused_by_the_gateway_and_shown_as_such() {
        when(client.previewRevocation(any())).thenReturn(CompletableFuture.failedFuture(new AdminRefused(
                new AdminRejection("r1", AdminErrorCode.NOT_PERMITTED, "revocation-preview needs REVOKE; technician has VIEW, ONBOARD, APPROVE"))));
        model.targetSelection(List.of("dev-1"));

        model.preview();

        assertThat(model.stepProperty().get()).isEqualTo(Step.FAILED);
        assertThat(model.refusalProperty().get()).isEqualTo(AdminErrorCode.NOT_PERMITTED);
        assertThat(model.messageProperty().get()).startsWith("Refused by the gateway: your role does not allow this");
    }

    @Test
    void a_target_that_changed_since_the_preview_is_refused_and_nothing_claims_success() {
        when(client.previewRevocation(any())).thenReturn(CompletableFuture.completedFuture(
                new RevocationPreviewReply("r1", "search", 3, 3, 0, List.of("a", "b", "c"))));
        when(client.revoke(any(), any(), any(), anyInt())).thenReturn(CompletableFuture.failedFuture(new AdminRefused(
                new AdminRejection("r2", AdminErrorCode.COUNT_CHANGED, "4 devices now, 3 confirmed"))));
        model.targetSearch(new FleetFilter("L-7", List.of(DeviceStatus.ACTIVE)));

        model.preview();
        model.confirm();

        assertThat(model.stepProperty().get()).isEqualTo(Step.FAILED);
        assertThat(model.refusalProperty().get()).isEqualTo(AdminErrorCode.COUNT_CHANGED);
        assertThat(model.resultProperty().get()).isNull();
    }

    @Test
    void a_selection_of_several_devices_is_one_list_target() {
        when(client.previewRevocation(any())).thenReturn(new CompletableFuture<>());
        model.targetSelection(List.of("dev-1", "dev-2", "dev-2"));

        model.preview();

        ArgumentCaptor<RevocationTarget> target = ArgumentCaptor.forClass(RevocationTarget.class);
        verify(client).previewRevocation(target.capture());
        assertThat(target.getValue().kind()).isEqualTo(TargetKind.LIST);
        assertThat(target.getValue().deviceIds()).containsExactly("dev-1", "dev-2");
        assertThat(model.stepProperty().get()).isEqualTo(Step.PREVIEWING);
    }

    @Test
    void an_empty_target_is_explained_without_asking_the_gateway() {
        model.kindProperty().set(TargetKind.LOT);

        model.preview();

        assertThat(model.messageProperty().get()).isEqualTo("Name the lot.");
        verify(client, never()).previewRevocation(any());
    }
}
