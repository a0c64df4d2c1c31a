package io.edgeprov.gateway.app.observability;

import io.edgeprov.gateway.core.observability.Redactor;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback converter ({@code %redactedMessage}) that passes every formatted message through {@link Redactor}. */
public final class RedactingMessageConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Redactor.redact(event.getFormattedMessage());
    }
}
