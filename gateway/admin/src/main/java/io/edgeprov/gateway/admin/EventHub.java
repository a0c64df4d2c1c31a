package io.edgeprov.gateway.admin;

import io.edgeprov.contracts.admin.AdminCodec;
import io.edgeprov.contracts.admin.AdminData;
import io.edgeprov.contracts.admin.AdminEvent;
import io.edgeprov.contracts.admin.AdminTopics;
import io.edgeprov.gateway.core.operator.OperatorPlane;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces what the console is told (docs/decisions/0033): changed device ids collect between flushes and go
 * out as one {@code devices-changed} batch per operator per flush (the plane flushes every 250 ms), at most
 * 10,000 ids (beyond, {@code overflow} tells the console to re-read its view); alerts and stats go out as they
 * come. Operators who connected since start receive events; publishing to a topic nobody reads costs nothing.
 */
final class EventHub {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final AdminCodec codec;
    private final Set<String> operators = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Optional<OperatorPlane.Outbox>> outbox = new AtomicReference<>(Optional.empty());
    private final Object lock = new Object();
    private Set<String> changed = new LinkedHashSet<>();
    private boolean overflow;
    private long batches;

    EventHub(AdminCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    void attach(OperatorPlane.Outbox value) {
        outbox.set(Optional.of(value));
    }

    void detach() {
        outbox.set(Optional.empty());
    }

    void connected(String operatorId) {
        operators.add(operatorId);
    }

    boolean anyoneListening() {
        return !operators.isEmpty();
    }

    /** Notes devices whose rows changed; cheap, called from any thread. */
    void devicesChanged(List<String> deviceIds) {
        synchronized (lock) {
            for (String id : deviceIds) {
                if (changed.size() >= AdminData.MAX_DEVICE_IDS) {
                    overflow = true;
                    return;
                }
                changed.add(id);
            }
        }
    }

    /** Sends the collected changes as one batch to every operator; nothing when nothing changed. */
    void flush() {
        List<String> ids;
        boolean over;
        synchronized (lock) {
            if (changed.isEmpty() && !overflow) {
                return;
            }
            ids = new ArrayList<>(changed);
            over = overflow;
            changed = new LinkedHashSet<>();
            overflow = false;
            batches++;
        }
        List<String> valid = ids.stream().filter(id -> io.edgeprov.contracts.device.DeviceId.check(id).isEmpty()).toList();
        broadcast(new AdminEvent.DevicesChanged(valid, over));
    }

    long batchesSent() {
        synchronized (lock) {
            return batches;
        }
    }

    void broadcast(AdminEvent event) {
        Optional<OperatorPlane.Outbox> out = outbox.get();
        if (out.isEmpty()) {
            return;
        }
        byte[] payload = codec.encode((Record) event);
        for (String operator : operators) {
            out.get().publish(AdminTopics.events(operator), payload).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.debug("event to {} not published: {}", operator, failure.toString());
                }
            });
        }
    }
}
