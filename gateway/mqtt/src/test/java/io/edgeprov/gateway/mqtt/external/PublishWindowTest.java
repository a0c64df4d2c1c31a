package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.mqtt.external.PublishWindow.Admission;
import org.junit.jupiter.api.Test;

class PublishWindowTest {

    @Test
    void publishes_up_to_the_limit_are_sent_at_once() {
        PublishWindow<String> window = new PublishWindow<>(2, 10);

        assertThat(window.offer("a")).isEqualTo(Admission.SEND_NOW);
        assertThat(window.offer("b")).isEqualTo(Admission.SEND_NOW);
    }

    @Test
    void publish_beyond_the_limit_waits() {
        PublishWindow<String> window = givenFullWindowOfOne();

        assertThat(window.offer("b")).isEqualTo(Admission.QUEUED);
        assertThat(window.queued()).isEqualTo(1);
    }

    @Test
    void release_hands_the_slot_to_the_oldest_waiting_publish() {
        PublishWindow<String> window = givenFullWindowOfOne();
        window.offer("b");
        window.offer("c");

        assertThat(window.release()).contains("b");
        assertThat(window.inFlight()).isEqualTo(1);
    }

    @Test
    void release_with_nothing_waiting_frees_the_slot() {
        PublishWindow<String> window = givenFullWindowOfOne();

        assertThat(window.release()).isEmpty();
        assertThat(window.offer("b")).isEqualTo(Admission.SEND_NOW);
    }

    @Test
    void publish_beyond_the_queue_limit_is_refused() {
        PublishWindow<String> window = new PublishWindow<>(1, 1);
        window.offer("a");
        window.offer("b");

        assertThat(window.offer("c")).isEqualTo(Admission.REFUSED);
    }

    @Test
    void lowered_limit_holds_back_queued_publishes_until_in_flight_drains_below_it() {
        PublishWindow<String> window = new PublishWindow<>(2, 10);
        window.offer("a");
        window.offer("b");
        window.offer("c");

        window.limitTo(1);

        assertThat(window.release()).isEmpty();
        assertThat(window.release()).contains("c");
    }

    @Test
    void limit_is_never_raised() {
        PublishWindow<String> window = new PublishWindow<>(2, 10);

        window.limitTo(5);

        assertThat(window.limit()).isEqualTo(2);
    }

    private static PublishWindow<String> givenFullWindowOfOne() {
        PublishWindow<String> window = new PublishWindow<>(1, 10);
        assertThat(window.offer("a")).isEqualTo(Admission.SEND_NOW);
        return window;
    }
}
