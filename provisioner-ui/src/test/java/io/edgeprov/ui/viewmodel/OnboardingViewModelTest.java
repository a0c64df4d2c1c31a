package io.edgeprov.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.edgeprov.contracts.admin.AdminData.ImportLine;
import io.edgeprov.contracts.admin.AdminData.ImportOutcome;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminRejection;
import io.edgeprov.contracts.admin.AdminReply.AllowDeviceReply;
import io.edgeprov.contracts.admin.AdminReply.BatchImportReply;
import io.edgeprov.ui.client.AdminClient;
import io.edgeprov.ui.client.AdminRefused;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OnboardingViewModelTest {
    private static final String EK = "3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f00112233445566778899aabbccddeeff";
    private final AdminClient client = mock(AdminClient.class);
    private final OnboardingViewModel model = new OnboardingViewModel(client, UiThread.direct());

    @Test
    void a_scanned_label_fills_both_fields_and_allows_the_device() {
        when(client.allowDevice(anyString(), anyString()))
                .thenReturn(CompletableFuture.completedFuture(new AllowDeviceReply("r1", "device-SN-0042")));

        boolean complete = model.scanned("SN-0042," + EK.toUpperCase());

        assertThat(complete).isTrue();
        verify(client).allowDevice("SN-0042", EK);
        assertThat(model.addMessageProperty().get()).startsWith("Allowed SN-0042 (enrollment device-SN-0042)");
        assertThat(model.added()).containsExactly("SN-0042");
        assertThat(model.serialProperty().get()).isEmpty();
    }

    @Test
    void a_bare_serial_waits_for_the_ek() {
        boolean complete = model.scanned("SN-0042");

        assertThat(complete).isFalse();
        assertThat(model.serialProperty().get()).isEqualTo("SN-0042");
        verify(client, never()).allowDevice(anyString(), anyString());
    }

    @Test
    void a_short_ek_digest_is_explained_before_the_gateway_is_asked() {
        model.serialProperty().set("SN-1");
        model.ekSha256Property().set("ab:cd");

        model.add();

        assertThat(model.addFailedProperty().get()).isTrue();
        assertThat(model.addMessageProperty().get()).contains("64 hexadecimal digits").contains("it has 4");
        verify(client, never()).allowDevice(anyString(), anyString());
    }

    @Test
    void a_duplicate_is_refused_in_words() {
        when(client.allowDevice(anyString(), anyString())).thenReturn(CompletableFuture.failedFuture(
                new AdminRefused(new AdminRejection("r1", AdminErrorCode.DUPLICATE, "SN-1 is already allowed"))));
        model.serialProperty().set("SN-1");
        model.ekSha256Property().set(EK);

        model.add();

        assertThat(model.addMessageProperty().get())
                .isEqualTo("Refused by the gateway: the device, its EK or the group is already allowed (SN-1 is already allowed)");
    }

    @Test
    void a_batch_with_an_invalid_line_shows_the_report_and_cannot_be_committed() {
        when(client.batchImport(anyString(), eq(false))).thenReturn(CompletableFuture.completedFuture(new BatchImportReply("r1", false,
                1, 1, 0, List.of(new ImportLine(1, "SN-1", ImportOutcome.VALID, "ok"),
                        new ImportLine(2, "SN 2", ImportOutcome.INVALID, "serial BAD_FORMAT at index 2")))));
        model.csvProperty().set("SN-1," + EK + "\nSN 2," + EK + "\n");

        model.validate();

        assertThat(model.report()).extracting(ImportLine::outcome).containsExactly(ImportOutcome.VALID, ImportOutcome.INVALID);
        assertThat(model.batchMessageProperty().get()).startsWith("1 valid, 1 invalid, 0 duplicate. Fix the invalid lines");
        assertThat(model.canCommitBinding().get()).isFalse();
        model.commit();
        verify(client, never()).batchImport(anyString(), eq(true));
    }

    @Test
    void a_clean_batch_commits_exactly_what_was_validated_and_an_edit_requires_validating_again() {
        String csv = "SN-1," + EK + "\n";
        when(client.batchImport(eq(csv), anyBoolean())).thenAnswer(call -> CompletableFuture.completedFuture(
                new BatchImportReply("r1", call.getArgument(1), 1, 0, 0, List.of(new ImportLine(1, "SN-1", ImportOutcome.VALID, "ok")))));
        model.csvProperty().set(csv);
        model.validate();
        assertThat(model.canCommitBinding().get()).isTrue();

        model.csvProperty().set(csv + "SN-2," + EK + "\n");
        assertThat(model.canCommitBinding().get()).isFalse();
        model.csvProperty().set(csv);

        model.commit();

        verify(client).batchImport(csv, true);
        assertThat(model.batchMessageProperty().get()).startsWith("Committed: 1 devices allowed");
        assertThat(model.canCommitBinding().get()).isFalse();
    }
}
